"""A leave reaching a year whose holiday arrangement is not entered: warned, then counted again
(and its owner told) when the calendar changes. The test database holds the arrangements
chinese-calendar knows (to 2026); 2027's is not entered. Today is Monday 2 November 2026."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from attendance.services.calendar import calendar_day_set, calendar_import
from leave.models import LeaveRequest
from leave.services import balance_get
from leave.services.recount import calendar_gap_warning
from office.approvals.models import ApprovalStatus
from office.approvals.services import approval_decide
from office.models import Notification
from tests.conftest import login

D = dt.date
# Wednesday 30 December 2026 to Wednesday 6 January 2027: by weekdays alone 6 days; with
# 元旦 (Friday 1 January 2027) entered as a holiday, 5.
START, END = D(2026, 12, 30), D(2027, 1, 6)
NEW_YEAR_2027 = ((D(2027, 1, 1), "节假日", "元旦"),)

pytestmark = pytest.mark.usefixtures("frozen")


def import_2027(personnel, rows=NEW_YEAR_2027):
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    for row in rows:
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    content = data.getvalue()
    return calendar_import(
        file=io.BytesIO(content),
        filename="2027.xlsx",
        size=len(content),
        acting_user=personnel.user,
    )


def approve(leave, *people):
    for person in people:
        leave = approval_decide(request_obj=leave, acting_user=person.user, approve=True)
    return leave


def notes_of(person):
    return list(Notification.objects.filter(recipient=person.user).values_list("title", "body"))


def test_warning_names_the_year_whose_arrangement_is_missing(org):
    assert "2027年的法定节假日安排尚未录入" in calendar_gap_warning(START, END)
    assert calendar_gap_warning(D(2026, 12, 1), D(2026, 12, 31)) == ""


def test_live_count_warns_when_the_leave_reaches_such_a_year(org, types):
    response = login_get(org, types, END)
    assert "2027年的法定节假日安排尚未录入" in response
    assert "尚未录入" not in login_get(org, types, D(2026, 12, 31))


def login_get(org, types, end):
    return (
        login(org.staff)
        .get(
            reverse("leave:preview"),
            {
                "leave_type": types["personal"].pk,
                "start_date": START.isoformat(),
                "start_half": "am",
                "end_date": end.isoformat(),
                "end_half": "pm",
            },
        )
        .content.decode()
    )


def test_submitting_such_a_leave_warns_too(org, types):
    response = login(org.staff).post(
        reverse("leave:new"),
        {
            "leave_type": types["personal"].pk,
            "start_date": START.isoformat(),
            "start_half": "am",
            "end_date": END.isoformat(),
            "end_half": "pm",
            "reason": "回老家",
        },
        follow=True,
    )
    assert "请假申请已提交" in response.content.decode()
    assert "2027年的法定节假日安排尚未录入" in response.content.decode()


def test_importing_the_arrangement_recounts_open_requests_and_tells_their_owners(
    org, request_leave, django_capture_on_commit_callbacks
):
    pending = request_leave(org.staff, START, END)
    assert pending.days == Decimal(6)
    with django_capture_on_commit_callbacks(execute=True):
        import_2027(org.personnel)
    pending.refresh_from_db()
    assert pending.days == Decimal(5)
    [(title, body)] = notes_of(org.staff)
    assert title == "请假天数已重新计算：6天→5天"
    assert "由6天重新计算为5天" in body
    assert calendar_gap_warning(START, END) == ""


def test_an_approved_leave_is_recounted_and_its_balance_given_back(
    org, request_leave, django_capture_on_commit_callbacks
):
    leave = approve(
        request_leave(org.staff, START, END, code="annual"), org.chief, org.deputy, org.director
    )
    assert leave.status == ApprovalStatus.APPROVED
    annual = leave.leave_type
    assert balance_get(staff=org.staff, leave_type=annual, year=2026).used == Decimal(6)
    with django_capture_on_commit_callbacks(execute=True):
        import_2027(org.personnel)
    leave.refresh_from_db()
    assert leave.days == Decimal(5)
    assert balance_get(staff=org.staff, leave_type=annual, year=2026).used == Decimal(5)


def test_one_day_made_a_working_day_recounts_upward(
    org, request_leave, django_capture_on_commit_callbacks
):
    import_2027(org.personnel)
    leave = request_leave(org.staff, START, END)
    assert leave.days == Decimal(5)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(
            day=D(2027, 1, 2), kind="workday", name="调休上班", acting_user=org.personnel.user
        )
    leave.refresh_from_db()
    assert leave.days == Decimal(6)
    assert notes_of(org.staff)[-1][0] == "请假天数已重新计算：5天→6天"


def test_ended_closed_and_unchanged_requests_are_left_alone(
    org, request_leave, django_capture_on_commit_callbacks, frozen
):
    ended = request_leave(org.other_staff, D(2026, 10, 28), D(2026, 10, 30))
    rejected = request_leave(org.chief, START, END)
    approval_decide(
        request_obj=rejected, acting_user=org.deputy.user, approve=False, comment="不批"
    )
    before_the_year = request_leave(org.staff, D(2026, 12, 28), D(2026, 12, 29))
    with django_capture_on_commit_callbacks(execute=True):
        # A change that reaches back over the ended request too.
        calendar_day_set(
            day=D(2026, 10, 29), kind="holiday", name="测试", acting_user=org.personnel.user
        )
        import_2027(org.personnel)
    counts = dict(LeaveRequest.objects.values_list("pk", "days"))
    assert counts[ended.pk] == Decimal(3)
    assert counts[rejected.pk] == Decimal(6)
    assert counts[before_the_year.pk] == Decimal(2)
    assert not Notification.objects.filter(title__startswith="请假天数已重新计算").exists()


def test_a_calendar_import_that_fails_recounts_nothing(org, request_leave):
    leave = request_leave(org.staff, START, END)
    with pytest.raises(Exception, match="导入失败"):
        import_2027(org.personnel, rows=((D(2027, 1, 1), "放假", "元旦"),))
    leave.refresh_from_db()
    assert leave.days == Decimal(6)
