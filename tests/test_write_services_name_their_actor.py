"""Every write service names who acts (issue 11 item 4): a keyword-only ``acting_user`` (the
auth User, or None for the system) that ``@records_actor`` puts in the history rows."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

EXTRA_MODULES = [
    "office.assignment_services",
    "office.assignment_sweep",
    "office.config",
    "office.notifications",
    "office.calendar",
    "office.roster",
    "office.roster_preview",
    "office.performance_services",
]


def service_modules() -> list[str]:
    names = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for pattern in ("*/services.py", "*/services/*.py", "*/*/services.py")
        for path in ROOT.glob(pattern)
        if path.name != "__init__.py" and ".venv" not in path.parts and "tests" not in path.parts
    ]
    return sorted(set(names + EXTRA_MODULES))


# Public functions of those modules that write nothing, each with why. A ``…_refusal`` (or
# ``…_refusals``) only answers whether an action is allowed, so it is never listed here.
_PURE = "pure computation or parsing, no database write"
_READ = "reads only"
_HOOK = "approval hook, runs inside approval_decide/approval_cancel, which name the actor"
NOT_WRITES: dict[str, str] = {
    "attendance.services.calendar.calendar_url": _PURE,
    "attendance.services.calendar.parse_arrangement": _PURE,
    "attendance.services.closing.correction_chain": _READ,
    "attendance.services.clock.clock_opens_at": _PURE,
    "attendance.services.clock.network_allowed": _PURE,
    "attendance.services.door.device_change_on_approved": _HOOK,
    "attendance.services.requests.makeup_on_approved": _HOOK,
    "attendance.services.requests.outing_on_approved": _HOOK,
    "attendance.services.requests.outing_on_cancelled": _HOOK,
    "attendance.services.requests.makeup_open_from": _PURE,
    "attendance.services.requests.makeup_used": _READ,
    "attendance.services.requests.outing_covers": _READ + " (cover provider)",
    "attendance.services.requests.request_chain": _READ,
    "attendance.services.status.compute": _PURE,
    "attendance.services.status.day_live": _READ + " (pending taps overlaid on read)",
    "attendance.services.status.days_with_taps_counted": _READ + " (pending taps overlaid)",
    "inspections.services.findings.photo_content_type": _PURE,
    "inspections.services.findings.require_inspector": "raises for a non-inspector, reads",
    "inspections.services.instructions.assignable_section_ids": _PURE,
    "inspections.services.instructions.instruction_url": _PURE,
    "inspections.services.notices.default_prose": _PURE,
    "inspections.services.people.inspector_user_ids": _READ,
    "inspections.services.people.section_chief_user_id": _READ,
    "inspections.services.people.staff_user_id": _PURE,
    "leave.services.balances.balance_get": _READ,
    "leave.services.balances.base_entitlement": _PURE,
    "leave.services.balances.pending_days": _READ,
    "leave.services.leave.chain_for_leave": _READ,
    "leave.services.leave.effective_end": _PURE,
    "leave.services.leave.leave_days": _PURE,
    "leave.services.leave.leave_on_approved": _HOOK,
    "leave.services.leave.leave_on_cancelled": _HOOK,
    "leave.services.leave.leave_preview": _READ,
    "leave.services.overtime.chain_for_overtime": _READ,
    "leave.services.overtime.planned_hours": _PURE,
    "leave.services.recount.calendar_gap_warning": _READ,
    "leave.services.uploads.attachment_check": "validates an upload, stores nothing",
    "office.calendar.add_working_days": _READ,
    "office.calendar.arrangement_from_package": _PURE,
    "office.calendar.calendar_cache_name": _PURE,
    "office.calendar.date_window": _PURE,
    "office.calendar.days": _PURE,
    "office.calendar.is_working": _PURE,
    "office.calendar.is_working_day": _READ,
    "office.calendar.known_years": _READ,
    "office.calendar.month_bounds": _PURE,
    "office.calendar.month_param": _PURE,
    "office.calendar.on_calendar_change": "registers a callback at start-up",
    "office.calendar.overrides_between": _READ,
    "office.calendar.overrides_from": _PURE,
    "office.calendar.package_years": _PURE,
    "office.calendar.working_day_after": _PURE,
    "office.calendar.working_days": _READ,
    "office.calendar.working_days_in": _PURE,
    "office.calendar.year_loaders": _PURE,
    "office.calendar.year_param": _PURE,
    "office.calendar.year_supported": _PURE,
    "office.calendar.years_without_arrangement": _READ,
    "office.config.coerce": _PURE,
    "office.config.display": _PURE,
    "office.config.from_rows": _PURE,
    "office.config.get": _READ,
    "office.config.load_rows": _READ,
    "office.config.on_change": "registers a callback at start-up",
    "office.config.parse_clock_time": _PURE,
    "office.config.parse_networks": _PURE,
    "office.config.parse_roles": _PURE,
    "office.config.parse_tiers": _PURE,
    "office.config.snapshot": _READ,
    "office.config.tiers_text": _PURE,
    "office.config.values": _READ,
    "office.notifications.unread_count": _READ,
    "office.roster.foreign_people": _PURE,
    "office.roster.login_conflicts": _READ,
    "office.roster.parse_rows": _PURE,
    "office.roster.parsed_file": _READ,
    "office.roster.read_rows": _PURE,
    "office.roster.roster_scope": _READ,
    "office.roster.upload_bytes": _PURE,
    "office.roster.wanted_fields": _PURE,
    "office.roster_preview.roster_preview": _READ,
    "office.roster_preview.pending_store": "keeps an upload in the session and a temp file",
    "office.roster_preview.pending_take": "reads back the upload kept by pending_store",
    "office.roster_preview.pending_discard": "drops the upload kept by pending_store",
    "office.services.initial_password": _PURE,
    "reading.services.circulars.circular_ended_pages_drop": (
        "deletes cached page images (files, no row), a nightly job's"
    ),
    "reading.services.study.document_check": "validates an upload, stores nothing",
    "vehicles.services.vehicle_request_chain": _READ,
    "vehicles.services.vehicle_request_on_approved": _HOOK,
    "vehicles.services.vehicle_request_on_cancelled": _HOOK,
}


def public_functions() -> list[tuple[str, object]]:
    found = []
    for module_name in service_modules():
        module = importlib.import_module(module_name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ == module_name:
                found.append((f"{module_name}.{name}", function))
    return found


def test_the_modules_are_found():
    names = service_modules()
    assert "office.approvals.services" in names
    assert "attendance.services.calendar" in names
    assert "office.services" in names
    assert len(public_functions()) > 50


@pytest.mark.parametrize(("name", "function"), public_functions(), ids=lambda v: str(v))
def test_a_write_service_names_its_actor(name, function):
    if name in NOT_WRITES or name.endswith(("_refusal", "_refusals")):
        assert not getattr(function, "records_actor", False), f"{name} 记录操作人，不应列为只读"
        return
    parameter = inspect.signature(function).parameters.get("acting_user")
    assert parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY, (
        f"{name} 写数据却没有仅限关键字的 acting_user 参数（只读的请列入 NOT_WRITES 并说明原因）"
    )
    assert getattr(function, "records_actor", False), f"{name} 未用 @records_actor 记录操作人"


def test_every_allowed_reader_exists():
    names = {name for name, _ in public_functions()}
    assert set(NOT_WRITES) <= names


@pytest.fixture
def request_of(rf):
    """A request of ``user`` in simple_history's context, as the middleware would leave it."""
    from simple_history.models import HistoricalRecords

    def put(user):
        request = rf.get("/")
        request.user = user
        HistoricalRecords.context.request = request

    yield put
    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


def test_the_named_actor_is_recorded_without_a_request(org):
    from office.models import Staff
    from office.services import staff_set_status

    staff_set_status(staff=org.staff, status=Staff.Status.SECONDED, acting_user=org.admin)
    assert org.staff.history.latest().history_user == org.admin


def test_the_named_actor_wins_over_the_request_user(org, request_of):
    from office.models import Staff
    from office.services import staff_set_status

    request_of(org.chief.user)
    staff_set_status(staff=org.staff, status=Staff.Status.SECONDED, acting_user=org.admin)
    assert org.staff.history.latest().history_user == org.admin


def test_a_job_records_no_one_even_inside_a_request(org, request_of):
    from office.jobs import as_system
    from office.models import Staff
    from office.services import staff_set_status

    request_of(org.chief.user)
    with as_system():
        org.staff.status = Staff.Status.SECONDED
        org.staff.save()
    staff_set_status(staff=org.staff, status=Staff.Status.LEFT, acting_user=None)
    first, second = org.staff.history.order_by("history_id")[1:]
    assert first.history_user is None
    assert second.history_user is None


def test_settings_save_records_who_saved_and_only_what_changed(org):
    from office import config
    from office.models import Setting

    values = {**config.snapshot(), "late_absent_minutes": 45}
    assert config.settings_save(values=values, acting_user=org.personnel.user) == 1
    assert list(Setting.objects.values_list("key", flat=True)) == ["late_absent_minutes"]
    assert Setting.history.get().history_user == org.personnel.user
