"""Certificate uploads: checked by their first bytes, not by the name the browser sends."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from leave.errors import LeaveError

MAX_BYTES = 5 * 1024 * 1024

SIGNATURES: list[tuple[str, bytes, int]] = [
    (".pdf", b"%PDF-", 0),
    (".jpg", b"\xff\xd8\xff", 0),
    (".png", b"\x89PNG\r\n\x1a\n", 0),
    (".webp", b"WEBP", 8),
]


def sniff_extension(head: bytes) -> str | None:
    """The extension matching the file's content, or None for anything else."""
    for extension, magic, offset in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if extension == ".webp" and not head.startswith(b"RIFF"):
                continue
            return extension
    return None


def attachment_check(upload: UploadedFile) -> UploadedFile:
    """Refuse files over 5 MB or that are not PDF/JPG/PNG/WEBP; name the file by its content."""
    if upload.size > MAX_BYTES:
        raise LeaveError("附件不能超过5MB，请压缩后重新上传。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    extension = sniff_extension(head)
    if extension is None:
        raise LeaveError("附件只能是PDF或图片（JPG、PNG、WEBP）。")
    upload.name = f"certificate{extension}"
    return upload


CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
