"""Small real images for upload tests, and a PNG that only claims to be huge."""

import io
import struct
import zlib

from PIL import Image


def tiny_image(kind: str, size: tuple[int, int] = (1, 1)) -> bytes:
    """A real image Pillow wrote (kind: "PNG", "JPEG" or "WEBP")."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A few dozen bytes whose header says width × height pixels (a decompression bomb's
    opening: decoding it would need width × height × 3 bytes)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )
