"""The notice's tables, defined once for the web page, the .docx and the .xlsx."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Table:
    heading: str  # the "一、…" heading the table sits under in the notice
    sheet: str  # the Excel sheet name (≤ 31 characters)
    headers: list[str]
    rows: list[list[Any]]
    empty: str  # the sentence printed instead of an empty table
    keep: tuple[str, ...] = ()  # columns whose cells never wrap: names, 科室, short words
    note: str = ""  # a sentence printed under the table

    def labelled_rows(self) -> list[list[tuple[str, Any, bool]]]:
        """Each cell with its column's header and whether it must not wrap: the web page's
        cards show the header beside the value on a phone."""
        keep = [header in self.keep for header in self.headers]
        return [list(zip(self.headers, row, keep, strict=True)) for row in self.rows]


def _pending_note(pending: int) -> str:
    """Unconfirmed anomalies are counted, never named."""
    return f"另有{pending}人次考勤异常待认定，认定前不予点名。" if pending else ""


def _short(when: str, year: int | None) -> str:
    """A time in ``year`` without its year: the printed notice's title names it already."""
    return when.removeprefix(f"{year}年") if year else when


def notice_tables(data: dict[str, Any], *, year: int | None = None) -> list[Table]:
    """The tables of a compiled notice; with ``year``, 时间 within that year leaves it out."""
    return [
        Table(
            "各科室问题数量",
            "按科室",
            ["科室", "问题数", "涉及人数"],
            [[r["section"], r["count"], r["people"]] for r in data.get("by_section", [])],
            "本周未发现经确认的问题。",
            keep=("科室", "问题数", "涉及人数"),
        ),
        Table(
            "问题类别分布",
            "按类别",
            ["类别", "问题数"],
            [[r["category"], r["count"]] for r in data.get("by_category", [])],
            "本周未发现经确认的问题。",
            keep=("类别", "问题数"),
        ),
        Table(
            "点名通报",
            "点名通报",
            ["科室", "姓名", "问题", "时间", "地点", "情况", "来源"],
            [
                [
                    f["section"],
                    f["person"] or "（科室）",
                    f"{f['item_code']} {f['item']}",
                    _short(f["when"], year),
                    f["place"],
                    f["description"],
                    f["source"],
                ]
                for f in data.get("findings", [])
            ],
            "本周无点名通报的问题。",
            keep=("科室", "姓名", "时间", "来源"),
        ),
        Table(
            "反面典型",
            "反面典型",
            ["姓名", "科室", "出现问题的周数", "问题数"],
            [
                [r["person"], r["section"], r["weeks"], r["count"]]
                for r in data.get("repeat_offenders", [])
            ],
            "近期无屡查屡犯人员。",
            keep=("姓名", "科室", "出现问题的周数", "问题数"),
        ),
        Table(
            "考勤异常",
            "考勤异常",
            ["科室", "姓名", "类型", "日期", "情况", "认定"],
            [
                [r["section"], r["person"], r["kind"], r["day"], r["description"], r["status"]]
                for r in data.get("attendance", [])
            ],
            "本周无经认定的考勤异常。",
            keep=("科室", "姓名", "类型", "日期", "认定"),
            note=_pending_note(data.get("attendance_pending", 0)),
        ),
        Table(
            "督办事项落实情况",
            "督办落实",
            ["科室", "逾期未办结", "逾期未反馈进展"],
            [
                [r["section"], r["done_late"], r["report_late"]]
                for r in data.get("instructions", [])
            ],
            "本周无逾期未办结或逾期未反馈进展的督办事项。",
            keep=("科室", "逾期未办结", "逾期未反馈进展"),
            note=(
                "以上为次数；经督导小组认定的，列入点名通报。" if data.get("instructions") else ""
            ),
        ),
        Table(
            "整改未完成事项",
            "整改跟踪",
            ["科室", "姓名", "问题", "整改期限", "是否逾期"],
            [
                [
                    r["section"],
                    r["person"] or "（科室）",
                    r["item"],
                    r["deadline"],
                    "已逾期" if r["overdue"] else "未到期",
                ]
                for r in data.get("open_rectifications", [])
            ],
            "无未完成的整改事项。",
            keep=("科室", "姓名", "整改期限", "是否逾期"),
        ),
    ]
