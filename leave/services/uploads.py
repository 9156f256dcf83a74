"""Certificate uploads: checked by their first bytes, not by the name the browser sends."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from leave.errors import LeaveError
from office.uploads import EXTENSIONS, IMAGE_TYPES, image_refusal, sniff

MAX_BYTES = 5 * 1024 * 1024
CONTENT_TYPES = {extension: content_type for content_type, extension in EXTENSIONS.items()}


def attachment_check(upload: UploadedFile) -> UploadedFile:
    """Refuse files over 5 MB, not PDF/JPG/PNG/WEBP, or images Pillow cannot open or that are
    over the pixel limit; name the file by its content."""
    if upload.size > MAX_BYTES:
        raise LeaveError("附件不能超过5MB，请压缩后重新上传。")
    content_type = sniff(upload)
    if content_type is None:
        raise LeaveError("附件只能是PDF或图片（JPG、PNG、WEBP）。")
    refusal = image_refusal(upload, content_type) if content_type in IMAGE_TYPES else None
    if refusal:
        raise LeaveError(f"附件{refusal}")
    upload.name = f"certificate{EXTENSIONS[content_type]}"
    return upload
