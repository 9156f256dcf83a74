"""The notice's tables as Excel (one sheet each), through the office's shared writer."""

from __future__ import annotations

from inspections.documents.tables import notice_tables
from inspections.models import WeeklyNotice
from office.exports import Sheet, write_xlsx


def notice_xlsx(notice: WeeklyNotice) -> bytes:
    summary = [
        ["期号", notice.number_text],
        ["标题", notice.title],
        [
            "周次",
            f"{notice.year}年第{notice.week}周（{notice.data.get('first', '')}至{notice.data.get('last', '')}）",
        ],
        ["印发机关", notice.issuer],
    ]
    sheets = [
        Sheet("通报", ["项目", "内容"], summary, widths=(12, 40), heading=notice.title, wrap=True)
    ]
    sheets += [
        Sheet(t.sheet, t.headers, t.rows, widths=[10] * len(t.headers), heading=t.sheet, wrap=True)
        for t in notice_tables(notice.data)
    ]
    return write_xlsx(sheets)
