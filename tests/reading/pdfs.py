"""PDFs made in the tests: real ones Pillow writes, and a hand-built encrypted one."""

import io

from PIL import Image, ImageDraw

# A4 at 75 dpi: Pillow writes a 595 × 842 pt page.
A4_AT_75_DPI = (620, 877)


def pdf_bytes(pages: int = 1, size: tuple[int, int] = A4_AT_75_DPI) -> bytes:
    """A PDF of ``pages`` white pages, each with a black bar whose length gives its number,
    so a test can tell the pages apart in a rendering."""
    images = []
    for number in range(1, pages + 1):
        image = Image.new("RGB", size, "white")
        ImageDraw.Draw(image).rectangle((40, 40, 40 + 30 * number, 60), fill="black")
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=75, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    """A one-page PDF under the standard security handler with a user password: PDFium asks
    for the password (the /O and /U entries match no empty password)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"ab" * 32
        + b"> /U <"
        + b"cd" * 32
        + b"> /P -4 >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    file_id = b"<00112233445566778899aabbccddeeff>"
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [%s %s] >>\n" % (
        len(objects) + 1,
        file_id,
        file_id,
    )
    return out + b"startxref\n%d\n%%%%EOF\n" % xref
