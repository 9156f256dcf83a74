"""周通报: compile a week into its draft, edit the prose, publish (numbered and frozen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from inspections.compile import named_unconfirmed, notice_data
from inspections.dates import cn_date, week_dates
from inspections.errors import InspectionError
from inspections.models import WeeklyNotice
from inspections.services.autofind import attendance_candidates_create
from inspections.services.findings import inspector_refusal, require_inspector
from office import config, roles
from office.audit import records_actor
from office.models import Staff, Unit
from office.notifications import notify
from office.org import Viewer, viewer_for
from office.text import length_refusal


def default_prose(year: int, week: int, *, city: bool = False) -> dict[str, str]:
    first, last = week_dates(year, week)
    if city:
        return {
            "title": f"关于{year}年第{week}周全市工作纪律作风督导检查情况的通报",
            "intro": (
                f"为深入推进工作纪律作风整顿，{cn_date(first)}至{cn_date(last)}，市级督查采取明察"
                "暗访方式，对各部门单位工作纪律、作风效能、形象修养和“三公”消费情况进行了检查。"
                "现将有关情况通报如下："
            ),
            "remarks": (
                "各部门单位要对照通报问题立查立改，在整改期限内报送整改反馈；"
                "对屡查屡犯的单位和个人，将点名道姓通报曝光。"
            ),
            "cc": "各部门单位主要负责同志",
        }
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


def _notice_issuer(unit: Unit | None, values: dict[str, Any]) -> str:
    """The 版头: the city issuer for the city notice; the unit's inspection group otherwise,
    which a single-unit office names in its ``notice_issuer`` setting as it always has."""
    if unit is None:
        return values["city_notice_issuer"]
    if not Unit.objects.exclude(pk=unit.pk).exists():
        return values["notice_issuer"]
    return f"{unit.short_name}督导小组"


def _series(unit_id: int | None) -> QuerySet[WeeklyNotice]:
    """The notices of one series: a unit's, or the city's."""
    if unit_id is None:
        return WeeklyNotice.objects.filter(unit__isnull=True)
    return WeeklyNotice.objects.filter(unit_id=unit_id)


def _series_inspector_user_ids(unit_id: int | None) -> list[int]:
    """Who edits the series: the unit's 督导小组, or 市级督查 for the city notice."""
    users = get_user_model().objects.filter(is_active=True)
    if unit_id is None:
        users = users.filter(groups__name=roles.CITY_INSPECTOR)
    else:
        users = users.filter(groups__name=roles.INSPECTOR, staff__section__unit_id=unit_id)
    return list(users.values_list("pk", flat=True))


def _series_reader_user_ids(unit_id: int | None) -> QuerySet[Staff, int]:
    """Who is told of a published notice: the unit's people, or everyone for the city's."""
    people = Staff.objects.filter(status=Staff.Status.ACTIVE)
    if unit_id is not None:
        people = people.filter(section__unit_id=unit_id)
    return people.values_list("user_id", flat=True)


@records_actor
def notice_compile(
    *, year: int, week: int, unit: Unit | None, acting_user: AbstractBaseUser | None
) -> WeeklyNotice:
    """Compile the week into the draft of ``unit``'s series (the city's when None): create it,
    refresh it, or leave a published one alone."""
    first, last = week_dates(year, week)
    values = config.snapshot()
    attendance_candidates_create(first=first, last=last, config=values, acting_user=acting_user)
    return _compile(year=year, week=week, unit=unit, values=values, acting_user=acting_user)


@records_actor
def notices_compile_week(
    *, year: int, week: int, acting_user: AbstractBaseUser | None
) -> list[WeeklyNotice]:
    """The weekly job: every unit's notice, and the city notice when there are several units
    (a single-unit office has no city above it)."""
    first, last = week_dates(year, week)
    values = config.snapshot()
    attendance_candidates_create(first=first, last=last, config=values, acting_user=acting_user)
    units: list[Unit | None] = list(Unit.objects.order_by("order", "pk"))
    if len(units) > 1:
        units.append(None)
    return [
        _compile(year=year, week=week, unit=unit, values=values, acting_user=acting_user)
        for unit in units
    ]


def _compile(
    *,
    year: int,
    week: int,
    unit: Unit | None,
    values: dict[str, Any],
    acting_user: AbstractBaseUser | None,
) -> WeeklyNotice:
    """Two compiles of the same week (a beat tick and a click) meet at the unique constraint
    of the series: the loser re-reads the winner's row and updates it instead of failing."""
    unit_id = unit.pk if unit is not None else None
    created = False
    with transaction.atomic():
        notice = _series(unit_id).select_for_update().filter(year=year, week=week).first()
        if notice is not None and notice.is_published:
            return notice
        data = notice_data(year=year, week=week, config=values, unit_id=unit_id)
        now = timezone.now()
        if notice is None:
            try:
                with transaction.atomic():
                    notice = WeeklyNotice.objects.create(
                        unit=unit,
                        year=year,
                        week=week,
                        data=data,
                        compiled_at=now,
                        issuer=_notice_issuer(unit, values),
                        **default_prose(year, week, city=unit is None),
                    )
                created = True
            except IntegrityError:
                notice = _series(unit_id).select_for_update().get(year=year, week=week)
                if notice.is_published:
                    return notice
        if created:
            notify(
                user_ids=_series_inspector_user_ids(unit_id),
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


def notice_series_refusal(viewer: Viewer, unit_id: int | None) -> str | None:
    """Who compiles, edits and publishes a series: the unit's 督导小组 (and 管理员) its unit's,
    市级督查 every unit's and the city notice."""
    if refusal := inspector_refusal(viewer):
        return refusal
    if unit_id is None:
        return None if viewer.is_city else "市级通报由市级督查汇总、编辑和发布。"
    return None if viewer.inspects_unit(unit_id) else "该通报不属于您所在单位。"


def notice_edit_refusal(viewer: Viewer, notice: WeeklyNotice) -> str | None:
    """Editing, re-compiling and publishing: the series' 督导小组, only while it is a draft."""
    if refusal := notice_series_refusal(viewer, notice.unit_id):
        return refusal
    return "通报已发布，内容不能再修改。" if notice.is_published else None


def notice_naming_refusal(notice: WeeklyNotice) -> str | None:
    """Only confirmed cases are named: a draft naming anyone else is not published."""
    who = named_unconfirmed(
        data=notice.data,
        prose="\n".join([notice.title, notice.intro, notice.remarks, notice.cc]),
        year=notice.year,
        week=notice.week,
        unit_id=notice.unit_id,
        config=config.snapshot(),
    )
    if who is None:
        return None
    return (
        f"通报不能点名尚未认定的问题：{who}。请先认定或不予认定后重新汇总，"
        "或从通报文字中删去其姓名，再发布。"
    )


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
    """发布: number it 督导通报〔YYYY〕第N期 (N in order within the year of its series: the
    unit's own, or the city's) and freeze it."""
    require_inspector(acting_user)
    today = today or timezone.localdate()
    series = _series(notice.unit_id)
    try:
        with transaction.atomic():
            # Numbering is serialised by locking every row of the series: about 52 a year, and
            # two publishers each wait for the other instead of taking the same number.
            list(series.select_for_update().order_by("pk").values_list("pk"))
            locked = _lock_draft(notice, acting_user)
            if refusal := notice_naming_refusal(locked):
                raise InspectionError(refusal)
            last = (
                series.filter(number_year=today.year)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            locked.number_year = today.year
            locked.number = (last or 0) + 1
            locked.status = WeeklyNotice.Status.PUBLISHED
            locked.published_at = timezone.now()
            locked.published_by = acting_user
            locked.issuer = locked.issuer or _notice_issuer(locked.unit, config.snapshot())
            locked.save()
            notify(
                user_ids=_series_reader_user_ids(locked.unit_id),
                title=f"{locked.number_text}已发布",
                body=locked.title,
                url=reverse("inspections:notice_detail", args=[locked.pk]),
                acting_user=acting_user,
            )
    except IntegrityError as exc:
        raise InspectionError("期号分配冲突，请稍后重试。") from exc
    return locked
