"""报表导出: the reports an office downloads, each declared by the app that owns its data.

An app defines a ``Report`` (its slug, Chinese label, period kind, who may run it, how many
rows it will write and the sheets it yields) and registers it in its ``AppConfig.ready()``;
office imports no app, so the 报表导出 page lists what the registry holds.

``export_build`` is the one function that writes a report: the page calls it for a small
export and returns the file at once; a larger one (more than ``INLINE_MAX_ROWS`` rows) is an
``ExportFile`` written by a job (``export_start``), whose progress page counts the rows and
ends with a download link. The file is kept ``export_retention_days`` days; only the one who
asked, or the 政工科 of their unit, may download it (anyone else: 404).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from celery import shared_task
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from office import config
from office.archive import archived_export, month_is_closed
from office.audit import records_actor
from office.dates import cn_date
from office.errors import ExportError
from office.exports import Sheet, write_xlsx
from office.jobs import STALE_AFTER, job_progress, job_run, job_start
from office.models import ExportFile, Job, Section
from office.org import Viewer, viewer_for

# Up to this many rows an export is written during the request and downloaded at once.
INLINE_MAX_ROWS = 300
NOT_YOURS = "只能导出您所管理科室的报表。"
NOT_ALLOWED = "您没有导出该报表的权限。"
MAX_RANGE_DAYS = 366


@dataclass(frozen=True)
class Params:
    """What the export covers: a period (a month is its first to last day), one section
    (None: every section the viewer may export), one unit (None: every unit; a city role's
    pick, as the 绩效 list has) and, for a report about one object (a self-inspection's
    completion), that object's id."""

    start: dt.date
    end: dt.date
    section_id: int | None = None
    subject_id: int | None = None
    unit_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "start": f"{self.start}",
            "end": f"{self.end}",
            "section": self.section_id,
            "subject": self.subject_id,
            "unit": self.unit_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Params:
        return cls(
            dt.date.fromisoformat(data["start"]),
            dt.date.fromisoformat(data["end"]),
            data.get("section"),
            data.get("subject"),
            data.get("unit"),
        )

    @property
    def whole_month(self) -> tuple[int, int] | None:
        """(year, month) when the period is exactly one calendar month."""
        month_end = (self.start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        if self.start.day == 1 and self.end == month_end - dt.timedelta(days=1):
            return self.start.year, self.start.month
        return None

    @property
    def period_text(self) -> str:
        """2026年11月 for a whole month, else 2026年11月1日至2026年11月15日."""
        if month := self.whole_month:
            return f"{month[0]}年{month[1]}月"
        return f"{cn_date(self.start)}至{cn_date(self.end)}"


@dataclass(frozen=True)
class Scope:
    """A report's run: who asks, the period, and the sections it covers (in page order)."""

    viewer: Viewer
    params: Params
    sections: list[Section]
    subject: Any = None  # the object a report about one object is about (Report.subject)

    @property
    def name(self) -> str:
        """The heading's subject: the one section's name, the unit's, or 全市 for many units."""
        if len(self.sections) == 1:
            return self.sections[0].name
        units = {s.unit_id for s in self.sections}
        return self.sections[0].unit.name if len(units) == 1 else "全市"

    @property
    def section_ids(self) -> list[int]:
        return [s.pk for s in self.sections]


class Report(ABC):
    """One export. Subclasses set the class attributes and write ``count`` and ``sheets``."""

    slug: str = ""
    label: str = ""
    period: str = "month"  # "month": a month is chosen; "range": a first and a last day
    # Offered on the 报表导出 page; a report about one object is started from that object's page.
    listed: bool = True
    # Place on the page's list, then registration order (office's own report registers first,
    # before the apps': a larger number keeps it from becoming the form's default).
    order: int = 100
    # What 考勤封帐 freezes (attendance, leave, overtime, 绩效): a closed month's file is stored
    # once and never changes. Other reports (findings, trips, study) keep moving after a close.
    frozen_by_close: bool = False

    def may_run(self, viewer: Viewer) -> bool:
        """政工科, 主任 and leaders (their whole unit), chiefs and deputies (their sections)."""
        return viewer.sees_whole_unit or bool(viewer.managed_section_ids)

    def subject(self, _viewer: Viewer, _params: Params) -> Any:
        """The one object the report is about, fetched once for its run (404 for one the
        viewer may not see); None for a report of a period."""
        return None

    def sections(self, viewer: Viewer) -> QuerySet[Section]:
        if viewer.sees_whole_unit:
            return Section.objects.filter(viewer.unit_filter())
        return Section.objects.filter(pk__in=viewer.managed_section_ids)

    @abstractmethod
    def count(self, scope: Scope) -> int:
        """The rows ``sheets`` will write (one query): the progress bar's total."""

    @abstractmethod
    def sheets(self, scope: Scope) -> Iterable[Sheet]:
        """The workbook's sheets, their rows streamed."""

    def title(self, scope: Scope) -> str:
        return f"{scope.name}{scope.params.period_text}{self.label}"

    def filename(self, scope: Scope) -> str:
        return f"{self.title(scope)}.xlsx"


REPORTS: dict[str, Report] = {}


def register_report(report: Report) -> None:
    REPORTS[report.slug] = report


def reports_for(viewer: Viewer) -> list[Report]:
    """The reports the 报表导出 page offers the viewer."""
    listed = [r for r in REPORTS.values() if r.listed and r.may_run(viewer)]
    return sorted(listed, key=lambda r: r.order)


def report_or_404(slug: str) -> Report:
    if slug not in REPORTS:
        raise Http404("没有这个报表。")
    return REPORTS[slug]


def export_scope(viewer: Viewer, report: Report, params: Params) -> Scope:
    """The sections the export covers, or the refusal: a report the viewer may not run, a
    section they do not oversee, a period backwards or longer than a year."""
    if not report.may_run(viewer):
        raise ExportError(NOT_ALLOWED)
    if params.end < params.start:
        raise ExportError("结束日期不能早于开始日期。")
    if (params.end - params.start).days >= MAX_RANGE_DAYS:
        raise ExportError("一次最多导出一年的数据。")
    sections = report.sections(viewer).select_related("unit").order_by("unit_id", "order", "pk")
    if params.section_id is not None:
        sections = sections.filter(pk=params.section_id)
    if params.unit_id is not None:
        sections = sections.filter(unit_id=params.unit_id)
    found = list(sections)
    if (params.section_id is not None or params.unit_id is not None) and not found:
        raise ExportError(NOT_YOURS)
    return Scope(viewer, params, found, report.subject(viewer, params))


def export_count(slug: str, *, viewer: Viewer, params: Params) -> int:
    report = report_or_404(slug)
    return report.count(export_scope(viewer, report, params))


def export_build(
    slug: str,
    *,
    viewer: Viewer,
    params: Params,
    out: BinaryIO | None = None,
    progress: Any = None,
) -> tuple[str, bytes]:
    """The report as a workbook: (file name, bytes), or (file name, b"") written into ``out``.
    The one function that makes an export, whether for the page or a job.

    A whole month of one unit that is closed (考勤封帐), of a report the close freezes, is
    written once and stored (``office.archive``): every later export of the same report and
    sections is that file, byte for byte, checked against its SHA-256."""
    report = report_or_404(slug)
    scope = export_scope(viewer, report, params)
    units = {s.unit_id for s in scope.sections}
    month = params.whole_month
    if (
        not report.frozen_by_close
        or month is None
        or len(units) != 1
        or not month_is_closed(units.pop(), *month)
    ):
        return report.filename(scope), write_xlsx(report.sheets(scope), out, progress)
    filename, data = archived_export(
        scope.sections[0].unit_id,
        *month,
        slug,
        _archive_key(scope.section_ids),
        lambda: (report.filename(scope), write_xlsx(report.sheets(scope))),
    )
    if out is None:
        return filename, data
    out.write(data)
    return filename, b""


def _archive_key(section_ids: list[int]) -> str:
    """The sections an archived export covers, short enough for its key column."""
    text = ",".join(map(str, section_ids))
    return text if len(text) <= 100 else "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:40]


@records_actor
def export_start(
    *, viewer: Viewer, slug: str, params: Params, acting_user: AbstractBaseUser
) -> ExportFile:
    """Record the export and queue the job that writes it (after commit); the caller follows
    ``export.job`` on its progress page."""
    report = report_or_404(slug)
    scope = export_scope(viewer, report, params)
    with transaction.atomic():
        # The same export asked again while it is still being written (a second click, a
        # repeated POST) follows that one: one job, one file.
        waiting = ExportFile.objects.filter(
            requested_by=acting_user,
            report=slug,
            params=params.as_json(),
            job__status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
            job__updated_at__gte=timezone.now() - STALE_AFTER,
        ).first()
        if waiting is not None:
            return waiting
        export = ExportFile.objects.create(
            report=slug,
            label=report.title(scope)[:100],
            params=params.as_json(),
            requested_by=acting_user,
            unit_id=viewer.unit_id,
            filename=report.filename(scope)[:150],
        )
        export.job = job_start(
            kind="export",
            key=f"export:{export.pk}",
            label=f"导出{export.label}"[:100],
            requested_by=acting_user,
            task=export_run,
            url=reverse("office:export_download", args=[export.pk]),
            export_id=export.pk,
        )
        export.save(update_fields=["job"])
    return export


@shared_task
def export_run(job_id: int, export_id: int) -> None:
    job_run(job_id, lambda job: export_write(job, export_id))


def export_write(job: Job, export_id: int) -> str:
    """The job's work: write the file with the rows counted on its progress, then store it.
    The export is written as its requester may see it now (their scope is read again)."""
    export = ExportFile.objects.select_related("requested_by").get(pk=export_id)
    viewer = viewer_for(export.requested_by)
    params = Params.from_json(export.params)
    total = export_count(export.report, viewer=viewer, params=params)
    job_progress(job, 0, total)
    with tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR) as out:
        filename, _ = export_build(
            export.report,
            viewer=viewer,
            params=params,
            out=out,
            progress=lambda done: job_progress(job, min(done, total), total),
        )
        out.seek(0)
        export.file.save("export.xlsx", File(out), save=False)
    days = config.get("export_retention_days", viewer.unit_id)
    export.filename, export.rows = filename[:150], total
    export.expires_at = timezone.now() + dt.timedelta(days=days)
    export.save(update_fields=["file", "filename", "rows", "expires_at"])
    return f"已生成“{filename}”，共 {total} 行，保留 {days} 天。"


def export_for(viewer: Viewer, export_id: int) -> ExportFile:
    """A stored export for the one who asked and the 政工科 of their unit; 404 for others and
    for a file not written yet or past its retention."""
    export = ExportFile.objects.filter(pk=export_id).first()
    if export is None or not (
        export.requested_by_id == viewer.user_id
        or (viewer.is_personnel and viewer.unit_id is not None and export.unit_id == viewer.unit_id)
    ):
        raise Http404("没有这个导出文件。")
    if not export.file or (export.expires_at and export.expires_at <= timezone.now()):
        raise Http404("导出文件尚未生成或已过保留期，请重新导出。")
    return export


def recent_exports(viewer: Viewer, limit: int = 10) -> QuerySet[ExportFile]:
    return ExportFile.objects.filter(requested_by_id=viewer.user_id).select_related("job")[:limit]


@records_actor
def exports_expired_delete(*, acting_user: AbstractBaseUser | None, now: dt.datetime) -> int:
    """Delete the files past their retention, and their rows; returns how many."""
    expired = list(ExportFile.objects.filter(expires_at__lte=now))
    for export in expired:
        if export.file:
            export.file.delete(save=False)
    with transaction.atomic():
        ExportFile.objects.filter(pk__in=[e.pk for e in expired]).delete()
    return len(expired)


@shared_task
def exports_cleanup() -> int:
    return exports_expired_delete(acting_user=None, now=timezone.now())
