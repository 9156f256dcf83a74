"""督办 pages by role and by object: list, register, the instruction's page and its actions,
我的督办, attachments, the 督办台账 and its export; query counts that do not grow with rows."""

import datetime as dt

import pytest
import time_machine
from openpyxl import load_workbook

from inspections.models import Instruction
from inspections.services.instructions import feedback_post
from office.assignment_services import receipt_accept, receipt_complete, receipt_confirm
from office.models import ReceiptState
from office.org import viewer_for
from office.reports import Params, export_build
from tests.conftest import login
from tests.factories import StaffFactory, unit_with_roles
from tests.inspections.conftest import PNG, upload
from tests.inspections.instruction_helpers import DUE, REGISTERED, receipt_of, register

pytestmark = pytest.mark.django_db

LATER = dt.datetime(2026, 11, 25, 10, tzinfo=REGISTERED.tzinfo)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(LATER, tick=False):
        yield


@pytest.fixture
def instruction(org):
    with time_machine.travel(REGISTERED, tick=False):
        return register(org)


def url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"inspections:{name}", args=args)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff", 403),
        ("chief", 200),
        ("deputy", 200),
        ("director", 200),
        ("inspector", 200),
        ("other_staff", 403),
        ("admin", 200),
    ],
)
def test_the_list_is_for_leaders_and_the_inspection_group(org, instruction, who, status):
    response = login(getattr(org, who)).get(url("instruction_list"))
    assert response.status_code == status
    if status == 200 and who in ("deputy", "director", "inspector", "chief"):
        assert instruction.assignment.title in response.content.decode()


def test_a_chief_of_another_section_lists_nothing_of_ours(org, instruction):
    page = login(org.other_chief).get(url("instruction_list")).content.decode()
    assert instruction.assignment.title not in page


def test_the_list_shows_overdue_first_and_filters_by_state(org, instruction):
    with time_machine.travel(REGISTERED, tick=False):
        later = register(org, title="筹备全市作风建设推进会", due_at=DUE + dt.timedelta(days=20))
    with time_machine.travel(DUE + dt.timedelta(hours=1), tick=False):
        page = login(org.deputy).get(url("instruction_list")).content.decode()
        assert page.index(instruction.assignment.title) < page.index(later.assignment.title)
        overdue = login(org.deputy).get(url("instruction_list"), {"state": "overdue"})
    assert later.assignment.title not in overdue.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff", 200),
        ("chief", 200),
        ("deputy", 200),
        ("director", 200),
        ("inspector", 200),
        ("other_chief", 404),
        ("other_staff", 404),
        ("personnel", 404),
        ("other_deputy", 404),
    ],
)
def test_the_instruction_page_by_role(org, instruction, who, status):
    assert (
        login(getattr(org, who)).get(url("instruction_detail", instruction.pk)).status_code
        == status
    )


def test_an_unknown_instruction_is_404(org):
    assert login(org.director).get(url("instruction_detail", 999999)).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("deputy", 200),
        ("director", 200),
        ("inspector", 200),
        ("staff", 403),
        ("chief", 403),
        ("personnel", 403),
        ("admin", 403),
    ],
)
def test_who_may_open_the_registration_form(org, who, status):
    assert login(getattr(org, who)).get(url("instruction_create")).status_code == status


def test_registering_through_the_form_names_the_sections_chief_and_the_typed_people(org):
    response = login(org.director).post(
        url("instruction_create"),
        {
            "title": "落实市政府常务会议纪要第5项",
            "source": "meeting",
            "reference": "",
            "body": "按会议纪要要求，抓紧推进。",
            "sections": [org.other_section.pk],
            "others": f"{org.staff.staff_no}，刘职员",
            "due_at": "2026-12-04T17:30",
            "interval": "days",
            "weekday": "",
            "every_days": "3",
        },
    )
    instruction = Instruction.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "instruction_detail", instruction.pk
    )
    people = set(instruction.assignment.receipts.values_list("staff__name", flat=True))
    assert people == {org.other_chief.name, org.staff.name}
    assert instruction.every_days == 3 and instruction.weekday is None


def test_an_unknown_or_another_units_person_is_refused_on_the_form_by_name(org):
    other = unit_with_roles()
    response = login(org.director).post(
        url("instruction_create"),
        {
            "title": "x",
            "source": "leader",
            "body": "y",
            "others": f"NOPE1 {other.staff.staff_no}",
            "due_at": "2026-12-04T17:30",
            "interval": "none",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    # Another unit's person reads as nobody, like a 工号 that does not exist.
    assert f"没有找到这些工号或姓名的在职人员：NOPE1、{other.staff.staff_no}。" in page
    assert not Instruction.objects.exists()


def test_the_form_offers_the_people_picker(org):
    page = login(org.director).get(url("instruction_create")).content.decode()
    assert 'name="others"' in page and "data-staff-list" in page


def test_the_whole_journey_through_the_views(org, instruction, media):
    receipt = receipt_of(instruction, org.staff)
    staff = login(org.staff)
    assert staff.post(url("instruction_accept", receipt.pk)).status_code == 302
    response = staff.post(
        url("instruction_feedback", receipt.pk),
        {"text": "已完成调研", "attachments": [upload("照片.png", PNG)]},
    )
    assert response.status_code == 302
    attachment = receipt.feedback.get().attachments.get()
    staff.post(url("instruction_complete", receipt.pk), {"note": "方案已报送"})
    login(org.deputy).post(url("instruction_confirm", receipt.pk))
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.CONFIRMED
    page = staff.get(url("instruction_detail", instruction.pk)).content.decode()
    assert "已完成调研" in page and "照片.png" in page
    download = staff.get(url("instruction_attachment", attachment.pk))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert (
        login(org.other_chief).get(url("instruction_attachment", attachment.pk)).status_code == 404
    )


def test_a_refused_action_changes_nothing_and_says_why(org, instruction):
    receipt = receipt_of(instruction, org.staff)
    client = login(org.chief)  # sees the instruction, is not this receipt's 责任人
    response = client.post(url("instruction_accept", receipt.pk), follow=True)
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.PENDING
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    response = login(org.staff).post(
        url("instruction_feedback", receipt.pk), {"text": "进展"}, follow=True
    )
    assert "请先签收" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "instruction_accept",
        "instruction_feedback",
        "instruction_complete",
        "instruction_confirm",
        "instruction_return",
    ],
)
def test_actions_take_post_only_and_outsiders_get_404(org, instruction, name):
    receipt = receipt_of(instruction, org.staff)
    assert login(org.staff).get(url(name, receipt.pk)).status_code == 405
    assert login(org.other_chief).post(url(name, receipt.pk)).status_code == 404
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.PENDING


def test_my_instructions_lists_my_receipts_only(org, instruction):
    with time_machine.travel(REGISTERED, tick=False):
        register(org, title="别人的督办", people=[org.chief])
    page = login(org.staff).get(url("my_instructions")).content.decode()
    assert instruction.assignment.title in page and "别人的督办" not in page
    assert login(org.admin).get(url("my_instructions")).status_code == 403
    assert login(org.staff).post(url("my_instructions")).status_code == 405


def _finish(org, instruction, person, when):
    receipt = receipt_of(instruction, person)
    with time_machine.travel(when, tick=False):
        receipt_accept(receipt=receipt, acting_user=person.user)
        receipt_complete(receipt=receipt, acting_user=person.user, note="已办结")
        receipt_confirm(receipt=receipt, acting_user=org.deputy.user)


def test_the_ledger_counts_on_time_and_late_by_section(org, instruction):
    _finish(org, instruction, org.staff, DUE - dt.timedelta(days=1))  # on time
    _finish(org, instruction, org.chief, DUE + dt.timedelta(days=1))  # late
    with time_machine.travel(DUE + dt.timedelta(days=2), tick=False):
        response = login(org.director).get(
            url("instruction_ledger"), {"start": "2026-11-01", "end": "2026-11-30"}
        )
    row = response.context["rows"][0]
    assert (row.section, row.total, row.on_time, row.late_done, row.late_open) == (
        "综合科",
        2,
        1,
        1,
        0,
    )
    assert row.on_time_percent == "50.0%"


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 403), ("chief", 200), ("director", 200), ("inspector", 200), ("other_staff", 403)],
)
def test_the_ledger_by_role(org, who, status):
    assert login(getattr(org, who)).get(url("instruction_ledger")).status_code == status


def test_the_ledger_export_writes_the_sections_and_each_receipt(org, instruction):
    _finish(org, instruction, org.staff, DUE - dt.timedelta(days=1))
    params = Params(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    _, content = export_build(
        "instruction_ledger", viewer=viewer_for(org.director.user), params=params
    )
    book = load_workbook(__import__("io").BytesIO(content), read_only=True)
    summary = [row for row in book["按科室"].iter_rows(values_only=True) if row[0] == "综合科"]
    assert summary[0][1:5] == (2, 1, 0, 0)
    detail = list(book["明细"].iter_rows(values_only=True))
    assert sum(1 for row in detail if row[1] == instruction.assignment.title) == 2


def _many(org, count: int) -> None:
    people = StaffFactory.create_batch(count, section=org.section)
    with time_machine.travel(REGISTERED, tick=False):
        for index in range(count):
            made = register(org, title=f"督办事项{index}", people=[people[index]])
            receipt = receipt_of(made, people[index])
            receipt_accept(receipt=receipt, acting_user=people[index].user)
            feedback_post(receipt=receipt, text="推进中", acting_user=people[index].user)


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_query_count_does_not_grow(org, count, django_assert_num_queries):
    _many(org, count)
    client = login(org.deputy)
    client.get(url("instruction_list"))
    # session; user; viewer (staff, groups, sections); the count of the instructions; the page of
    # them with their receipts counted by state in one GROUP BY; unread notifications; the leave nav's 待我审批 badge.
    with django_assert_num_queries(9):
        assert client.get(url("instruction_list")).status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_my_instructions_query_count_does_not_grow(org, count, django_assert_num_queries):
    _many(org, count)
    client = login(org.chief)
    with time_machine.travel(REGISTERED, tick=False):
        for index in range(count):
            register(org, title=f"科长的督办{index}", people=[org.chief])
    client.get(url("my_instructions"))
    # session; user; viewer (staff, groups, sections); the count of my receipts; the page of them with
    # the instruction and its assigner joined and the feedback counted; unread notifications; the leave nav's 待我审批 badge.
    with django_assert_num_queries(9):
        assert client.get(url("my_instructions")).status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_the_instruction_page_query_count_does_not_grow_with_receipts(
    org, count, django_assert_num_queries, media
):
    people = StaffFactory.create_batch(count, section=org.section)
    with time_machine.travel(REGISTERED, tick=False):
        made = register(org, people=people)
        for person in people:
            receipt = receipt_of(made, person)
            receipt_accept(receipt=receipt, acting_user=person.user)
            feedback_post(
                receipt=receipt,
                text="推进中",
                uploads=[upload("a.png", PNG)],
                acting_user=person.user,
            )
    client = login(org.deputy)
    client.get(url("instruction_detail", made.pk))
    # session; user; viewer (staff, groups, sections); the instruction with its assignment, assigner and unit;
    # the receipts with person and section; their feedback; its attachments; unread notifications; the leave nav's 待我审批 badge.
    with django_assert_num_queries(11):
        assert client.get(url("instruction_detail", made.pk)).status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_the_ledger_query_count_does_not_grow(org, count, django_assert_num_queries):
    _many(org, count)
    client = login(org.director)
    client.get(url("instruction_ledger"))
    # session; user; viewer (staff, groups, sections); the sections the viewer follows; the receipts
    # counted by section (one GROUP BY); the missed feedback days by section; unread notifications; the leave nav's 待我审批 badge.
    with django_assert_num_queries(10):
        assert (
            client.get(
                url("instruction_ledger"), {"start": "2026-11-01", "end": "2026-11-30"}
            ).status_code
            == 200
        )


@pytest.mark.parametrize("count", [2, 12])
def test_the_export_query_count_does_not_grow(org, count, django_assert_num_queries):
    _many(org, count)
    viewer = viewer_for(org.director.user)
    params = Params(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    # The sections; the summary's two GROUP BYs; the rows of the detail sheet, streamed (a 督办
    # ledger is not frozen by 考勤封帐: no closed-month check).
    with django_assert_num_queries(4):
        export_build("instruction_ledger", viewer=viewer, params=params)
