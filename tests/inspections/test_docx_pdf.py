"""The notice .docx printed by LibreOffice (PDF), read back with pdftotext: 28 characters a
line, 22 lines a page, no closing punctuation at the start of a line, the 版记 at the foot of
the last page. Runs where LibreOffice is installed (.ci/run's services pass installs
libreoffice-writer-nogui); skipped elsewhere."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inspections.documents.docx import notice_docx
from tests.inspections.test_docx_layout import notice

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftotext") is None,
        reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed",
    ),
]

CLOSING = "，。、；：！？）」』》〉】〕”’…"
FILLER = "督导小组采取明察暗访方式对各科室工作纪律作风效能形象修养情况进行检查"
A4_HEIGHT, A4_WIDTH = 841.9, 595.3  # pt
TYPE_BOTTOM = A4_HEIGHT - 35 / 25.4 * 72  # the type area ends 35 mm above the page's foot
TYPE_LEFT, TYPE_RIGHT = 28 / 25.4 * 72, A4_WIDTH - 26 / 25.4 * 72


def _run(*args: str) -> str:
    """A LibreOffice or poppler command, by its full path; its standard output."""
    command = [shutil.which(args[0]), *args[1:]]
    return subprocess.run(  # noqa: S603
        command, check=True, capture_output=True, text=True, timeout=120
    ).stdout


BREAK = 26 + 28  # where the third line of the first paragraph begins


def _intro() -> str:
    """Plain Chinese (every character one cell): 26 characters on the first line after the
    two-character indent, 28 on the next; a comma stands exactly where the third line would
    begin if punctuation could start a line."""
    text = ["，" if i == BREAK else FILLER[i % len(FILLER)] for i in range(420)]
    return "".join(text) + "。"


def _pdf(tmp: Path, name: str, **prose: str) -> Path:
    source = tmp / f"{name}.docx"
    source.write_bytes(notice_docx(notice(**prose)))
    profile = f"-env:UserInstallation=file://{tmp}/lo"
    _run("soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(source))
    return tmp / f"{name}.pdf"


def _pages(pdf: Path) -> list[list[str]]:
    """Each page's lines of text, spaces taken out (pdftotext spaces Chinese from digits)."""
    return [
        [line.replace(" ", "") for line in page.splitlines() if line.strip()]
        for page in _run("pdftotext", str(pdf), "-").split("\f")
        if page.strip()
    ]


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMax, text) of each word on ``page``, in points from the top left."""
    boxes = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    pattern = r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(a), float(b), float(c), t) for a, b, c, t in re.findall(pattern, boxes)]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[Path, list[list[str]]]:
    tmp = tmp_path_factory.mktemp("notice-pdf")
    pdf = _pdf(tmp, "notice", intro=_intro() + "\n" + FILLER * 40 + "。")
    return pdf, _pages(pdf)


def _body(pages: list[list[str]]) -> list[str]:
    """The lines of the intro, from its first line to its last."""
    lines = [line for page in pages for line in page]
    first = next(i for i, line in enumerate(lines) if line.startswith(FILLER[:6]))
    ours = set(FILLER + "，。—0123456789")
    return [line for line in lines[first:] if set(line) <= ours and not line.startswith("—")]


def test_first_body_line_holds_26_to_28_characters(printed):
    _, pages = printed
    first = next(line for line in pages[0] if line.startswith(FILLER[:6]))
    assert 26 <= len(first) <= 28, first


def test_full_lines_hold_28_characters(printed):
    _, pages = printed
    lines = [line for line in _body(pages) if len(line) > 20][:-1]
    assert len(lines) > 40
    # 26 after a paragraph's indent, 28 otherwise, 27 where a character went down with the
    # comma that may not start a line.
    assert {len(line) for line in lines} == {26, 27, 28}
    assert sum(len(line) == 28 for line in lines) >= len(lines) - 3


def test_no_line_starts_with_closing_punctuation(printed):
    _, pages = printed
    assert [line for page in pages for line in page if line[0] in CLOSING] == []
    # The comma that fell at a line's start took the character before it along.
    second, third = _body(pages)[1:3]
    assert len(second) == 27 and third[1] == "，"
    assert second + third[0] == _intro()[26:BREAK]


def test_a_page_of_body_text_has_22_lines(printed):
    _, pages = printed
    # The second page holds body text only, then its page number.
    body = [line for line in pages[1] if not re.fullmatch(r"—\d+—", line)]
    assert len(body) == 22, body


def test_page_numbers_one_character_in_right_on_odd_pages_left_on_even(printed):
    pdf, pages = printed
    for number in range(1, len(pages) + 1):
        dashes = [w for w in _words(pdf, number) if w[3] == "—" and w[2] > TYPE_BOTTOM]
        assert len(dashes) == 2, number
        if number % 2:
            # 4号 is 14 pt: one character's space between the number and the type area's edge.
            assert 12 < TYPE_RIGHT - dashes[1][1] < 16, number
        else:
            assert 12 < dashes[0][0] - TYPE_LEFT < 16, number


def test_imprint_is_at_the_foot_of_the_last_page(printed):
    pdf, pages = printed
    assert any(line.endswith("印发") for line in pages[-1])
    words = _words(pdf, len(pages))
    issued = max(y for _, _, y, text in words if "印发" in text)
    body_end = max(y for _, _, y, text in words if "立查立改" in text)
    assert TYPE_BOTTOM - 30 < issued <= TYPE_BOTTOM + 2
    assert issued - body_end > 100
