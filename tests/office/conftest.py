import io
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from office.roster import HEADERS
from tests.office.assignment_kinds import kinds  # noqa: F401 (a fixture for the assignment tests)


@pytest.fixture(autouse=True)
def fast_hasher(settings) -> None:
    """Hashing a real password takes ~0.2 s (ten for the org fixture, a thousand for a big
    import): tests use a fast hasher; production keeps Django's default PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def xlsx_bytes(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def roster_file() -> Callable[..., SimpleUploadedFile]:
    """roster_file(rows, headers=HEADERS, name="名册.xlsx") -> an uploaded .xlsx."""

    def make(
        rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS, name: str = "名册.xlsx"
    ) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, xlsx_bytes(rows, headers))

    return make
