"""What an uploaded file really is, read from its first bytes (the browser's claim is not trusted)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

# content type -> file extension, for the kinds of file the office accepts anywhere.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
}
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def content_type_of(head: bytes) -> str | None:
    """The content type the first bytes show, or None for anything not accepted."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def sniff(upload: UploadedFile) -> str | None:
    """Read the head of an upload without moving its position for the later save."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return content_type_of(head)
