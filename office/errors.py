"""The office package's refusals, in one place. Each message is a Chinese sentence the view
shows as it is."""

from __future__ import annotations

from dataclasses import dataclass


class AccountError(Exception):
    """A refused change to a login account; the message is for the user."""


class UploadError(Exception):
    """An upload refused; the message is Chinese and says what to do."""


class XlsxUnreadable(UploadError):
    """Not a workbook at all (each import words this in its own terms)."""


@dataclass(frozen=True)
class RowError:
    """One problem of a roster file, with its Excel row number when it has one."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}" if self.row else self.message


class RosterError(Exception):
    """The file was refused; ``errors`` lists every problem, each with its Excel row number."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class UnitError(Exception):
    """A refused change to a unit (单位); the message is for the user."""


class ExportError(Exception):
    """A report that may not be exported as asked; the message is for the user."""


class PerformanceError(Exception):
    """A refused change to the 绩效 rules or a month's 绩效; the message is for the user."""


class AssignmentError(Exception):
    """An illegal step of an assignment or receipt; the message is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
