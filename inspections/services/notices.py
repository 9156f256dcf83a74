"""周通报: compile a week into its draft, edit the prose, publish (numbered and frozen)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from inspections.compile import notice_data
from inspections.dates import cn_date, week_dates
from inspections.errors import InspectionError
from inspections.models import WeeklyNotice
from inspections.services.autofind import attendance_candidates_create
from inspections.services.findings import inspector_refusal, require_inspector
from inspections.services.people import inspector_user_ids
from office import config
from office.audit import records_actor
from office.models import Staff
from office.notifications import notify
from office.org import Viewer, viewer_for
from office.text import length_refusal


def default_prose(year: int, week: int) -> dict[str, str]:
    first, last = week_dates(year, week)
    return {
        "title": f"关于{year}年第{week}周工作纪律作风督导检查情况的通报",
        "intro": (
            f"为深入推进工作纪律作风整顿，{cn_date(first)}至{cn_date(last)}，督导小组采取明察暗访"
            "方式，对办公室各科室工作纪律、作风效能、形象修养和“三公”消费情况进行了检查。"
            "现将有关情况通报如下："
        ),
        "remarks": (
            "各科室要“守好自己的门、管好自己的人”，对照通报问题立查立改，在整改期限内报送整改反馈。"
            "对被通报的同志，该提醒的提醒，该批评的批评，该处理的处理；督导小组将持续开展明察暗访，"
            "对屡查屡犯的点名道姓通报曝光。"
        ),
        "cc": "办公室各位主任",
    }


@records_actor
def notice_compile(*, year: int, week: int, acting_user: AbstractBaseUser | None) -> WeeklyNotice:
    """Compile the week into its draft: create it, refresh it, or leave a published one alone.

    Two compiles of the same week (a beat tick and a click) meet at the unique (year, week)
    constraint: the loser re-reads the winner's row and updates it instead of failing.
    """
    values = config.snapshot()
    created = False
    with transaction.atomic():
        notice = WeeklyNotice.objects.select_for_update().filter(year=year, week=week).first()
        if notice is not None and notice.is_published:
            return notice
        first, last = week_dates(year, week)
        attendance_candidates_create(first=first, last=last, config=values, acting_user=acting_user)
        data = notice_data(year=year, week=week, config=values)
        now = timezone.now()
        if notice is None:
            try:
                with transaction.atomic():
                    notice = WeeklyNotice.objects.create(
                        year=year,
                        week=week,
                        data=data,
                        compiled_at=now,
                        issuer=values["notice_issuer"],
                        **default_prose(year, week),
                    )
                created = True
            except IntegrityError:
                notice = WeeklyNotice.objects.select_for_update().get(year=year, week=week)
                if notice.is_published:
                    return notice
        if created:
            notify(
                user_ids=inspector_user_ids(),
                title=f"{year}年第{week}周通报草稿已生成",
                body="请审核修改后发布。",
                url=reverse("inspections:notice_detail", args=[notice.pk]),
                acting_user=acting_user,
            )
        else:
            notice.data = data
            notice.compiled_at = now
            notice.save(update_fields=["data", "compiled_at"])
    return notice


def notice_edit_refusal(viewer: Viewer, notice: WeeklyNotice) -> str | None:
    """Editing, re-compiling and publishing: 督导小组, and only while the notice is a draft."""
    if refusal := inspector_refusal(viewer):
        return refusal
    return "通报已发布，内容不能再修改。" if notice.is_published else None


def _lock_draft(notice: WeeklyNotice, acting_user: AbstractBaseUser) -> WeeklyNotice:
    locked = WeeklyNotice.objects.select_for_update().get(pk=notice.pk)
    if refusal := notice_edit_refusal(viewer_for(acting_user), locked):
        raise InspectionError(refusal)
    return locked


@records_actor
@transaction.atomic
def notice_update(
    *,
    notice: WeeklyNotice,
    title: str,
    intro: str,
    remarks: str,
    cc: str,
    acting_user: AbstractBaseUser,
) -> WeeklyNotice:
    require_inspector(acting_user)
    if not title.strip():
        raise InspectionError("请填写通报标题。")
    if refusal := length_refusal(
        WeeklyNotice, title=title.strip(), intro=intro, remarks=remarks, cc=cc
    ):
        raise InspectionError(refusal)
    locked = _lock_draft(notice, acting_user)
    locked.title, locked.intro, locked.remarks, locked.cc = title.strip(), intro, remarks, cc
    locked.save(update_fields=["title", "intro", "remarks", "cc"])
    return locked


@records_actor
def notice_publish(
    *, notice: WeeklyNotice, acting_user: AbstractBaseUser, today: dt.date | None = None
) -> WeeklyNotice:
    """发布: number it 督导通报〔YYYY〕第N期 (N in order within the year) and freeze it."""
    require_inspector(acting_user)
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            # Numbering is serialised by locking every notice row: there are about 52 a year,
            # and two publishers each wait for the other instead of taking the same number.
            list(WeeklyNotice.objects.select_for_update().order_by("pk").values_list("pk"))
            locked = _lock_draft(notice, acting_user)
            last = (
                WeeklyNotice.objects.filter(number_year=today.year)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            locked.number_year = today.year
            locked.number = (last or 0) + 1
            locked.status = WeeklyNotice.Status.PUBLISHED
            locked.published_at = timezone.now()
            locked.published_by = acting_user
            locked.issuer = locked.issuer or config.get("notice_issuer")
            locked.save()
            notify(
                user_ids=Staff.objects.filter(status=Staff.Status.ACTIVE).values_list(
                    "user_id", flat=True
                ),
                title=f"{locked.number_text}已发布",
                body=locked.title,
                url=reverse("inspections:notice_detail", args=[locked.pk]),
                acting_user=acting_user,
            )
    except IntegrityError as exc:
        raise InspectionError("期号分配冲突，请稍后重试。") from exc
    return locked
