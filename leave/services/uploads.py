"""Certificate uploads: checked by their first bytes, not by the name the browser sends."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from leave.errors import LeaveError
from office.uploads import EXTENSIONS, attachment_refusal, sniff

MAX_BYTES = 5 * 1024 * 1024
CONTENT_TYPES = {extension: content_type for content_type, extension in EXTENSIONS.items()}


def attachment_check(upload: UploadedFile) -> UploadedFile:
    """Refuse files over 5 MB, not PDF/JPG/PNG/WEBP, or images Pillow cannot open or that are
    over the pixel limit; name the file by its content."""
    if refusal := attachment_refusal(upload, max_bytes=MAX_BYTES):
        raise LeaveError(f"附件{refusal}")
    upload.name = f"certificate{EXTENSIONS[sniff(upload)]}"
    return upload
