"""No input to any form is a 500, and a refused one changes no row (issue 10, break 3).

Every URL whose view takes input (found from the URL conf and the views' source) has a case in
CASES: who may use it, its fields (read from its form class where it has one) and what the URL
needs. Hypothesis posts hostile values: huge, negative and not-a-number numbers, dates in year 1
and 9999, impossible times, long text with control characters, choices that do not exist and
files that are not what they claim. Each example runs in a savepoint rolled back afterwards.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from attendance.forms import (
    AssignmentForm,
    CalendarDayForm,
    CorrectionForm,
    CorrectionLineForm,
    DeviceUnbindForm,
    MakeUpForm,
    MonthCloseForm,
    MonthReopenForm,
    OutingForm,
    ScheduleForm,
    ScreenIssueForm,
    ScreenSignInForm,
)
from attendance.models import AttendanceDay
from attendance.services.closing import month_close
from attendance.services.door import door_screen_issue
from attendance.services.requests import makeup_create, outing_create
from inspections.forms import (
    CampaignForm,
    CompileForm,
    DismissForm,
    FeedbackForm,
    FindingFilterForm,
    FindingForm,
    ItemForm,
    NoticeForm,
    PhotoAddForm,
    PhotosField,
    RectifyForm,
    ReportForm,
    RoundForm,
)
from inspections.instruction_forms import FeedbackForm as InstructionFeedbackForm
from inspections.instruction_forms import InstructionForm, NoteForm
from inspections.models import Finding, Item, WeeklyNotice
from inspections.services.selfcheck import campaign_create
from leave.forms import (
    BalanceAdjustForm,
    DelegationForm,
    LeaveRequestForm,
    OvertimeForm,
    PreviewForm,
    ReportBackForm,
)
from leave.models import LeaveType
from leave.services import leave_request_create, overtime_record_actual, overtime_request_create
from office import config, roles
from office.approvals.forms import CommentForm, DecisionForm
from office.approvals.selectors import trail
from office.approvals.services import approval_decide, delegation_create
from office.forms import CleanTextMixin, PeopleFilterForm, RosterUploadForm, UnitForm
from office.models import Section
from office.org import Viewer, viewer_for
from office.performance_views import RuleForm
from office.pickers import StaffListPickerField, StaffPickerField
from office.services import role_grant
from office.views import SettingsForm
from reading.forms.study import CancelForm as StudyCancelForm
from reading.forms.study import StudyDoneForm, StudyTaskForm
from reading.selectors import assignable_sections
from reading.services.study import study_create
from tests.factories import PASSWORD  # noqa: F401 - the org fixture's users
from tests.inspections.conftest import PNG
from tests.inspections.factories import FindingFactory
from vehicles.forms import PersonForm, TripForm, VehicleForm, VehicleRequestForm
from vehicles.models import Trip, Vehicle
from vehicles.services import driver_add, vehicle_create, vehicle_request_create

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# Wednesday 25 November 2026, 15:00: a working day, after the morning's clock points.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=SHANGHAI)
APPS = ("office", "attendance", "leave", "vehicles", "reading", "inspections")

# ---------------------------------------------------------------- hostile values per field kind

GARBAGE = ["", " ", "x", "0", "-1", "99999999999999999999999", "\x00", "１２", "²", "NaN"]
TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda unit, count: unit * count,
        st.sampled_from(["x", "字", "\x0b", "=cmd|' /C calc'!A0", "\x01\x1f\x7f", "\u2028"]),
        st.sampled_from([1, 31, 101, 201, 301, 501, 2001, 5001, 20_000]),
    ),
    st.sampled_from(GARBAGE),
)
NUMBER = st.one_of(
    st.sampled_from(
        ["0", "-1", "0.5", "1e308", "-1e308", "NaN", "Infinity", "-inf", "1e-400", "1E+999999"]
        + ["99999999999999999999999", "12345678901234567890.1234", "0x1F", "١٢", " 7 ", ""]
    ),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
DATE_TEXT = ["0001-01-01", "0001-01-03", "9999-12-31", "2000-01-03", "2100-12-31", "2026-02-30"]
DATE_TEXT += ["2026-11-24", "2026-11-25", "2026-11-26", "2026-10-01", "2027-12-31", "2028-01-01"]
DATE = st.one_of(
    st.sampled_from(DATE_TEXT), st.dates().map(dt.date.isoformat), st.sampled_from(GARBAGE)
)
TIME = st.one_of(
    st.sampled_from(["00:00", "08:25", "12:00", "17:05", "23:59:59", "24:00", "12:60", "x", ""]),
    st.times().map(lambda t: t.isoformat(timespec="minutes")),
)
DATETIME = st.one_of(
    st.builds(lambda d, t: f"{d}T{t}", DATE, TIME), st.sampled_from(GARBAGE + ["9999-12-31 23:59"])
)
WEEK = st.one_of(st.sampled_from(["2026-W47", "0001-W01", "9999-W53", "2026-W99", "2026-47"]), TEXT)
FILE_BYTES = st.one_of(
    st.binary(max_size=300),
    st.just(PNG),
    st.just(b"PK\x03\x04" + b"\x00" * 100),
    st.just(b"%PDF-1.4\n%%EOF"),
)
FILE = st.builds(
    SimpleUploadedFile,
    st.sampled_from(["a.xlsx", "a.png", "a.jpg", "a.pdf", "a", "../../etc/passwd.png"]),
    FILE_BYTES,
)


def choice(values: list[str]) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(values or ["1"]), st.sampled_from(GARBAGE))


def for_field(form_field: forms.Field) -> st.SearchStrategy:
    """Hostile values for one form field, by its kind (most specific kind first)."""
    if isinstance(form_field, StaffPickerField | StaffListPickerField):
        people = form_field.queryset.values_list("staff_no", "name")[:5]
        return st.one_of(choice([v for pair in people for v in pair]), TEXT)
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        pks = [str(pk) for pk in form_field.queryset.values_list("pk", flat=True)[:5]]
        return st.lists(choice(pks), max_size=3)
    if isinstance(form_field, forms.ModelChoiceField):
        return choice([str(pk) for pk in form_field.queryset.values_list("pk", flat=True)[:5]])
    if isinstance(form_field, forms.MultipleChoiceField):
        return st.lists(choice([str(k) for k, _ in form_field.choices]), max_size=3)
    if isinstance(form_field, forms.ChoiceField):
        return choice([str(k) for k, _ in form_field.choices])
    if isinstance(form_field, forms.DateTimeField):
        return DATETIME
    if isinstance(form_field, forms.DateField):
        return DATE
    if isinstance(form_field, forms.TimeField):
        return TIME
    if isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return NUMBER
    if isinstance(form_field, forms.BooleanField):
        return st.sampled_from(["on", "", "false"])
    if isinstance(form_field, PhotosField):
        return st.lists(FILE, min_size=1, max_size=2)
    if isinstance(form_field, forms.FileField):
        return FILE
    if isinstance(form_field, forms.CharField):
        return WEEK if form_field.widget.attrs.get("type") == "week" else TEXT
    raise AssertionError(f"no strategy for {type(form_field).__name__}")


def from_form(form: forms.BaseForm) -> dict[str, st.SearchStrategy]:
    return {name: for_field(f) for name, f in form.fields.items()}


# ----------------------------------------------------------------------- the world and the cases


@dataclass
class World:
    org: object
    ids: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    name: str  # URL name
    role: str  # who may use it (an attribute of the org fixture)
    fields: Callable[[World], dict[str, st.SearchStrategy]] = lambda w: {}
    args: Callable[[World], st.SearchStrategy] = lambda w: st.just([])
    method: str = "post"
    label: str = ""
    # A page that answers success with 200 (the one-time password), so no row check.
    renders_on_success: bool = False

    @property
    def id(self) -> str:
        return f"{self.name}{'-' + self.label if self.label else ''}"


def url(*parts: str) -> Callable[[World], st.SearchStrategy]:
    """The URL's arguments: "@name" is the id of the world's object of that name."""
    return lambda w: st.just([w.ids[p[1:]] if p.startswith("@") else p for p in parts])


def viewer_of(w: World, role: str) -> Viewer:
    """The viewer of the world's person of ``role``, for a form that offers their unit's rows."""
    return viewer_for(getattr(w.org, role).user)


def form(make: Callable[[World], forms.BaseForm]) -> Callable[[World], dict]:
    return lambda w: from_form(make(w))


def export_form(w: World) -> forms.BaseForm:
    from office.forms import ExportForm
    from office.reports import reports_for

    reports = reports_for(viewer_of(w, "personnel"))
    return ExportForm(reports=[(r.slug, r.label) for r in reports], sections=[])


FINDING_FIELDS = form(
    lambda w: FindingForm(data={"section": w.org.section.pk}, viewer=viewer_of(w, "inspector"))
)
CASES = [
    Case("notifications_read", "staff", lambda w: {"id": st.lists(NUMBER), "next": TEXT}),
    Case("office:staff_search", "chief", lambda w: {"q": TEXT}, method="get"),
    Case("settings", "personnel", form(lambda w: SettingsForm(values=config.snapshot()))),
    Case("office:exports", "personnel", form(lambda w: export_form(w)), renders_on_success=True),
    Case("unit_create", "admin", form(lambda w: UnitForm())),
    Case("unit_edit", "admin", form(lambda w: UnitForm()), url("@unit")),
    Case("performance:rules_unit", "personnel", form(lambda w: RuleForm()), url("@unit")),
    Case("performance:rules_city", "admin", form(lambda w: RuleForm())),
    # A POST starts a large report's job; a small one answers with the file.
    Case("performance:sheet", "personnel", lambda w: {"month": TEXT, "section": TEXT}),
    Case("vehicles:sheet", "personnel", lambda w: {"month": TEXT}),
    Case(
        "people:list",
        "personnel",
        form(lambda w: PeopleFilterForm(viewer=viewer_of(w, "personnel"))),
        method="get",
    ),
    Case("people:password_reset", "personnel", args=url("@staff"), renders_on_success=True),
    Case("people:import", "personnel", form(lambda w: RosterUploadForm())),
    Case("people:import_confirm", "personnel", lambda w: {"token": TEXT}),
    Case("attendance:clock_do", "staff"),
    Case("attendance:request_new", "staff", form(lambda w: MakeUpForm()), url("makeup")),
    Case("attendance:request_new", "staff", form(lambda w: OutingForm()), url("outing"), label="o"),
    Case("attendance:outing_return", "staff", args=url("@outing_approved"), label="return"),
    Case(
        "attendance:calendar_day",
        "personnel",
        form(lambda w: CalendarDayForm()),
        lambda w: DATE.filter(lambda d: d and "/" not in d).map(lambda d: [d]),
    ),
    Case("attendance:calendar_import", "personnel", lambda w: {"file": FILE}),
    Case(
        "attendance:close_month_do",
        "personnel",
        form(lambda w: MonthCloseForm()),
        lambda w: st.just([w.ids["unit"], 2026, 10]),
    ),
    Case("attendance:reopen_month", "personnel", form(lambda w: MonthReopenForm()), url("@close")),
    Case(
        "attendance:correction_new",
        "staff",
        lambda w: (
            from_form(CorrectionForm(viewer=viewer_of(w, "staff")))
            | {f"line-0-{name}": s for name, s in from_form(CorrectionLineForm()).items()}
            | {"line-TOTAL_FORMS": st.sampled_from(["1", "", "x", "-1", "99999"])}
            | {"line-INITIAL_FORMS": st.just("0")}
        ),
    ),
    Case("attendance:calendar_package", "personnel", lambda w: {"year": NUMBER}),
    Case("attendance:calendar_recompute", "personnel", lambda w: {"year": NUMBER}),
    Case("attendance:publications", "personnel", lambda w: {"month": TEXT}),
    Case("attendance:schedule_new", "personnel", form(lambda w: ScheduleForm())),
    # Issuing shows the new key on the answer itself (200), once.
    Case(
        "attendance:screen_issue",
        "personnel",
        form(lambda w: ScreenIssueForm()),
        renders_on_success=True,
    ),
    Case("attendance:screen_revoke", "personnel", args=url("@screen")),
    Case(
        "attendance:device_unbind",
        "personnel",
        form(lambda w: DeviceUnbindForm()),
        url("@staff"),
    ),
    Case("attendance:kiosk_signin", "staff", form(lambda w: ScreenSignInForm())),
    Case(
        "attendance:assignment_new",
        "personnel",
        form(lambda w: AssignmentForm(viewer=viewer_of(w, "personnel"))),
    ),
    Case("leave:new", "staff", form(lambda w: LeaveRequestForm())),
    Case("leave:preview", "staff", form(lambda w: PreviewForm()), method="get"),
    Case("leave:report_back", "staff", form(lambda w: ReportBackForm()), url("@leave_started")),
    Case("approvals:withdraw", "staff", args=url("leave", "@leave_pending")),
    Case(
        "approvals:cancel", "chief", form(lambda w: CommentForm()), url("leave", "@leave_started")
    ),
    Case("approvals:decide", "chief", form(lambda w: DecisionForm()), url("@step")),
    Case("approvals:bulk_approve", "chief", lambda w: {"step": st.lists(NUMBER), "next": TEXT}),
    Case(
        "leave:delegations", "chief", form(lambda w: DelegationForm(viewer=viewer_of(w, "chief")))
    ),
    Case("leave:delegation_revoke", "chief", args=url("@delegation")),
    Case(
        "leave:balance_adjust",
        "personnel",
        lambda w: from_form(BalanceAdjustForm()) | {"year": NUMBER},
    ),
    Case(
        "leave:overtime_new",
        "chief",
        form(lambda w: OvertimeForm(section_id=w.org.section.pk)),
    ),
    Case(
        "leave:overtime_record",
        "staff",
        lambda w: {f"hours_{w.org.staff.pk}": NUMBER, f"hours_{w.org.chief.pk}": NUMBER},
        url("@overtime_approved"),
    ),
    Case("leave:overtime_verify", "personnel", lambda w: {"next": TEXT}, url("@overtime_recorded")),
    Case(
        "inspections:finding_list",
        "inspector",
        form(lambda w: FindingFilterForm(viewer=viewer_of(w, "inspector"))),
        method="get",
    ),
    Case("inspections:finding_create", "inspector", FINDING_FIELDS),
    Case("inspections:finding_confirm", "inspector", args=url("@finding_recorded")),
    Case("inspections:finding_rectify", "inspector", form(lambda w: RectifyForm()), url("@found")),
    Case("inspections:finding_dismiss", "inspector", form(lambda w: DismissForm()), url("@found2")),
    Case("inspections:finding_feedback", "chief", form(lambda w: FeedbackForm()), url("@fixing")),
    Case(
        "inspections:finding_photos_add",
        "inspector",
        form(lambda w: PhotoAddForm()),
        url("@finding_recorded"),
    ),
    Case(
        "inspections:round_create",
        "inspector",
        form(lambda w: RoundForm(viewer=viewer_of(w, "inspector"))),
    ),
    Case("inspections:item_create", "inspector", form(lambda w: ItemForm())),
    Case("inspections:item_edit", "inspector", form(lambda w: ItemForm()), url("@item")),
    Case("inspections:notice_compile", "inspector", form(lambda w: CompileForm())),
    Case("inspections:notice_edit", "inspector", form(lambda w: NoticeForm()), url("@notice")),
    Case("inspections:notice_publish", "inspector", args=url("@notice")),
    Case("inspections:campaign_create", "inspector", form(lambda w: CampaignForm())),
    Case(
        "inspections:campaign_detail",
        "staff",
        lambda w: from_form(ReportForm()) | {"submit": st.sampled_from(["", "1"])},
        url("@campaign"),
    ),
    # Anything posted is ignored: the sheet downloads (or, over 300 people, its job starts).
    Case("inspections:campaign_completion_xlsx", "chief", args=url("@campaign")),
    # 督办 (``world``): the deputy gave 刘职员 three, one waiting for 签收, one being done, one
    # reported done and waiting for the deputy.
    Case(
        "inspections:instruction_create",
        "deputy",
        form(
            lambda w: InstructionForm(
                sections=list(Section.objects.all()), viewer=viewer_of(w, "deputy")
            )
        ),
    ),
    Case("inspections:instruction_accept", "staff", args=url("@duban_pending")),
    Case(
        "inspections:instruction_feedback",
        "staff",
        form(lambda w: InstructionFeedbackForm()),
        url("@duban_open"),
    ),
    Case(
        "inspections:instruction_complete", "staff", form(lambda w: NoteForm()), url("@duban_open")
    ),
    Case("inspections:instruction_confirm", "deputy", args=url("@duban_done")),
    Case(
        "inspections:instruction_return", "deputy", form(lambda w: NoteForm()), url("@duban_done")
    ),
    # 杨职员 (行政科) runs the 车队 and drives in ``world``.
    Case("vehicles:new", "staff", form(lambda w: VehicleRequestForm())),
    Case(
        "vehicles:dispatch",
        "other_staff",
        lambda w: {
            "vehicle": choice([str(w.ids["vehicle"])]),
            "driver": choice([str(w.ids["driver"])]),
        },
        url("@vehicle_request"),
    ),
    Case("vehicles:vehicle_add", "other_staff", form(lambda w: VehicleForm())),
    Case(
        "vehicles:vehicle_status",
        "other_staff",
        lambda w: {"status": choice(["available", "repair", "retired"])},
        url("@vehicle"),
    ),
    Case(
        "vehicles:driver_add",
        "other_staff",
        form(lambda w: PersonForm(viewer=viewer_of(w, "other_staff"))),
    ),
    Case(
        "vehicles:driver_active",
        "other_staff",
        lambda w: {"active": choice(["0", "1"])},
        url("@driver"),
    ),
    Case(
        "vehicles:pool_member",
        "personnel",
        lambda w: (
            from_form(PersonForm(viewer=viewer_of(w, "personnel"))) | {"grant": choice(["0", "1"])}
        ),
    ),
    Case(
        "vehicles:trip_new",
        "other_staff",
        form(lambda w: TripForm(vehicles=Vehicle.objects.all(), with_request=False)),
    ),
    Case("vehicles:trip_check", "other_staff", args=url("@trip")),
    Case(
        "reading:study_new",
        "personnel",
        form(
            lambda w: StudyTaskForm(
                viewer=viewer_of(w, "personnel"),
                sections=assignable_sections(viewer_of(w, "personnel")),
            )
        ),
    ),
    Case("reading:study_done", "staff", form(lambda w: StudyDoneForm()), url("@study")),
    Case("reading:study_cancel", "personnel", form(lambda w: StudyCancelForm()), url("@study")),
    # 文件阅知: the sending form without a file (a PDF is refused before the form is valid),
    # 已阅 and 撤销 on the circular 周政工 sent to 刘职员.
    Case(
        "reading:circular_new",
        "personnel",
        lambda w: {
            "title": TEXT,
            "body": TEXT,
            "readable_until": TEXT,
            "people": TEXT,
            "sections": st.lists(NUMBER),
        },
    ),
    Case("reading:circular_confirm", "staff", args=url("@circular")),
    Case("reading:circular_cancel", "personnel", lambda w: {"reason": TEXT}, url("@circular")),
]


@pytest.fixture
def world(org, settings, tmp_path) -> World:
    """One of each object a form acts on, made through the services on a frozen clock."""
    settings.MEDIA_ROOT = tmp_path / "media"
    w = World(org)
    personal = LeaveType.objects.get(code="personal")

    def leave(start: dt.date, end: dt.date) -> object:
        return leave_request_create(
            acting_user=org.staff.user,
            leave_type=personal,
            start_date=start,
            start_half="am",
            end_date=end,
            end_half="pm",
            reason="家中有事",
        )

    with time_machine.travel(dt.datetime(2026, 11, 24, 7, 0, tzinfo=SHANGHAI), tick=False) as t:
        started = leave(dt.date(2026, 11, 24), dt.date(2026, 11, 24))
        approval_decide(request_obj=started, acting_user=org.chief.user, approve=True)
        overtime = overtime_request_create(
            acting_user=org.chief.user,
            date=dt.date(2026, 11, 24),
            start_time=dt.time(18, 0),
            end_time=dt.time(20, 0),
            reason="准备会议材料",
            people=[org.staff, org.chief],
        )
        approval_decide(request_obj=overtime, acting_user=org.deputy.user, approve=True)
        recorded = overtime_request_create(
            acting_user=org.staff.user,
            date=dt.date(2026, 11, 24),
            start_time=dt.time(8, 0),
            end_time=dt.time(9, 0),
            reason="整理档案",
            people=[org.staff],
        )
        approval_decide(request_obj=recorded, acting_user=org.chief.user, approve=True)
        t.move_to(NOW)
        overtime_record_actual(
            overtime=recorded, hours={org.staff.pk: Decimal(1)}, acting_user=org.staff.user
        )
        pending = leave(dt.date(2026, 11, 30), dt.date(2026, 11, 30))
        makeup = makeup_create(
            acting_user=org.staff.user,
            date=dt.date(2026, 11, 24),
            point="am_in",
            claimed_time=dt.time(8, 25),
            reason="忘记打卡",
        )
        outing = outing_create(
            acting_user=org.staff.user,
            destination="市档案馆",
            reason="查档",
            start=NOW - dt.timedelta(hours=1),
            expected_return=NOW + dt.timedelta(hours=1),
        )
        approval_decide(request_obj=outing, acting_user=org.chief.user, approve=True)
        delegation = delegation_create(
            delegator=org.chief,
            delegate=org.other_chief,
            start=dt.date(2026, 11, 25),
            end=dt.date(2026, 11, 27),
            acting_user=None,
        )
        campaign = campaign_create(
            title="自查自纠",
            intro="",
            deadline=dt.date(2026, 12, 10),
            acting_user=org.inspector.user,
        )
        role_grant(staff=org.other_staff, role=roles.MOTOR_POOL, acting_user=None)
        pool = org.other_staff.user
        vehicle = vehicle_create(
            plate="赣A·G0001", kind="sedan", seats=5, section=org.other_section, acting_user=pool
        )
        driver = driver_add(staff=org.other_staff, acting_user=pool)
        vehicle_request = vehicle_request_create(
            acting_user=org.staff.user,
            start=NOW + dt.timedelta(hours=1),
            end=NOW + dt.timedelta(hours=3),
            origin="市政府",
            destination="市档案馆",
            purpose="查档",
            passengers=1,
        )
        approval_decide(request_obj=vehicle_request, acting_user=org.chief.user, approve=True)
        trip = Trip.objects.create(
            vehicle=vehicle,
            driver=driver,
            started_at=NOW - dt.timedelta(hours=3),
            ended_at=NOW - dt.timedelta(hours=2),
            start_km=100,
            end_km=120,
            destination="市档案馆",
            route="往返",
        )
        AttendanceDay.objects.create(
            staff=org.staff,
            date=dt.date(2026, 10, 30),
            am_status="absent",
            pm_status="absent",
            computed_at=NOW,
        )
        close = month_close(
            unit=org.section.unit,
            year=2026,
            month=10,
            confirm_open=True,
            acting_user=org.personnel.user,
        )
        study = study_create(
            acting_user=org.personnel.user,
            title="学习会议精神",
            form="text",
            body="对照讲话查摆。",
            due_at=NOW + dt.timedelta(days=3),
            needs_reflection=True,
            reflection_min_length=10,
            section_ids=[org.section.pk],
        )
        duban = _instruction_receipts(org)
    made = {
        **duban,
        "study": study.pk,
        "screen": door_screen_issue(
            unit=org.section.unit, name="东门", acting_user=org.personnel.user
        )[0].pk,
        "close": close.pk,
        "staff": org.staff.pk,
        "unit": org.section.unit_id,
        "leave_started": started.pk,
        "leave_pending": pending.pk,
        "step": next(s.pk for s in trail(pending) if s.is_current),
        "makeup": makeup.pk,
        "outing_approved": outing.pk,
        "overtime_approved": overtime.pk,
        "overtime_recorded": recorded.pk,
        "delegation": delegation.pk,
        "campaign": campaign.pk,
        "vehicle": vehicle.pk,
        "driver": driver.pk,
        "vehicle_request": vehicle_request.pk,
        "trip": trip.pk,
        "item": Item.objects.first().pk,
        "notice": WeeklyNotice.objects.create(year=2026, week=47, title="督导通报").pk,
        "finding_recorded": FindingFactory(staff=org.staff, status=Finding.Status.RECORDED).pk,
        "found": FindingFactory(staff=org.staff).pk,
        "found2": FindingFactory(staff=org.staff, status=Finding.Status.RECORDED).pk,
        "fixing": FindingFactory(
            staff=org.staff,
            status=Finding.Status.RECTIFYING,
            rectify_deadline=dt.date(2026, 12, 1),
        ).pk,
    }
    from django.utils import timezone

    from tests.reading.circulars import send

    made["circular"] = send(
        org.personnel, [org.staff], until=timezone.now() + dt.timedelta(days=7)
    ).pk
    w.ids.update(made)
    return w


def _instruction_receipts(org: object) -> dict[str, int]:
    """Three 督办 to 刘职员 from the deputy: one to sign, one signed, one reported done."""
    from inspections.services.instructions import instruction_register
    from office.assignment_services import receipt_accept, receipt_complete

    receipts = {}
    for label in ("duban_pending", "duban_open", "duban_done"):
        instruction = instruction_register(
            title=f"督办{label}",
            body="请抓紧办理。",
            source="leader",
            due_at=NOW + dt.timedelta(days=5),
            people=[org.staff],
            acting_user=org.deputy.user,
        )
        receipt = instruction.assignment.receipts.get()
        if label != "duban_pending":
            receipt_accept(receipt=receipt, acting_user=org.staff.user)
        if label == "duban_done":
            receipt_complete(receipt=receipt, acting_user=org.staff.user, note="已办结")
        receipts[label] = receipt.pk
    return receipts


def row_counts() -> dict[str, int]:
    """Rows of every table of the apps, in one query."""
    models = [m for name in APPS for m in apps.get_app_config(name).get_models()]
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608 - table names from the models
        return dict(zip((m._meta.label for m in models), cursor.fetchone(), strict=True))


def _rewound(value: object) -> object:
    """A drawn file may have been read by an earlier post of the same example."""
    for upload in value if isinstance(value, list) else [value]:
        if isinstance(upload, SimpleUploadedFile):
            upload.seek(0)
    return value


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@settings(
    max_examples=8,
    deadline=None,
    database=None,
    # No shrinking: a failure prints its example as drawn, and the run time stays bounded.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_no_input_makes_a_500_or_half_saves(world, case, data):
    from tests.conftest import login

    person = getattr(world.org, case.role)
    client = login(person)
    args = data.draw(case.args(world), label="url")
    values = {
        name: data.draw(strategy, label=name) for name, strategy in case.fields(world).items()
    }
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        cache.clear()
        before = row_counts()
        path = reverse(case.name, args=args)
        response = getattr(client, case.method)(path, {k: _rewound(v) for k, v in values.items()})
        assert response.status_code < 500
        refused = response.status_code != 302 or any(
            m.level >= ERROR for m in get_messages(response.wsgi_request)
        )
        if case.method == "post" and refused and not case.renders_on_success:
            assert row_counts() == before, "a refused post changed rows"
        transaction.set_rollback(True)


# --------------------------------------------------------------------- the table is complete


def _input_urls(patterns: list, namespace: str | None = None) -> set[str]:
    """URL names of the project whose view reads input (a form, POST or an upload)."""
    found = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or str(pattern.pattern).startswith("accounts/"):
                continue  # Django's admin and allauth: their own forms, tested upstream
            found |= _input_urls(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            source = inspect.getsource(pattern.callback)
            markers = ("request.POST", "request.FILES", "require_POST", '"POST"', "Form(request")
            if any(marker in source for marker in markers):
                found.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return found


def test_every_url_that_takes_input_has_a_fuzz_case():
    missing = _input_urls(get_resolver().url_patterns) - {c.name for c in CASES}
    assert not missing, f"add these to CASES: {sorted(missing)}"


NOT_CLEANED = {
    "office.forms.OfficeForm",
    "office.forms.OfficeModelForm",
    # allauth's login: a password must reach the authenticator exactly as typed.
    "office.auth.StaffNumberLoginForm",
    # Choosing a new password: it too must be stored exactly as typed.
    "office.auth.NewPasswordForm",
}


def test_every_form_of_the_project_cleans_its_text():
    """One mechanism (office.forms.CleanTextMixin) for every form class the apps define."""
    import importlib
    import pkgutil

    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or ".tests" in module.name:
                continue
            loaded = importlib.import_module(module.name)
            for _, cls in inspect.getmembers(loaded, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__.startswith(APPS):
                    if f"{cls.__module__}.{cls.__name__}" in NOT_CLEANED:
                        continue
                    assert issubclass(cls, CleanTextMixin), f"{cls.__module__}.{cls.__name__}"
