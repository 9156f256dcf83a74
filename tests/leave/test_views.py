"""Leave pages through the client: allowed role, wrong role, outsider, wrong method."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leave.models import LeaveRequest
from leave.services import balance_get
from office.approvals.models import ApprovalStatus
from office.approvals.services import approval_decide, approval_withdraw, delegation_create
from tests.conftest import login

D = dt.date
PDF = b"%PDF-1.7\n" + b"0" * 64

pytestmark = pytest.mark.usefixtures("frozen")
# session, user, viewer (staff, led/supervised sections, groups), delegations, current steps,
# one per kind present (leave requests with applicant, section and type), unread count, badge.
INBOX_QUERIES = 10
# session, user, viewer (staff, sections, groups), count, leave page, overtime, unread, badge.
MINE_QUERIES = 10


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def text(response) -> str:
    return response.content.decode()


def form(start="2026-11-03", end="2026-11-03", **extra):
    return {
        "leave_type": extra.pop("leave_type"),
        "start_date": start,
        "start_half": "am",
        "end_date": end,
        "end_half": "pm",
        "reason": "家中有事",
        **extra,
    }


# --- my requests, new request, live count ---------------------------------------------------


def test_mine_lists_my_requests_only(org, request_leave):
    request_leave(org.staff, D(2026, 11, 3))
    request_leave(org.other_staff, D(2026, 11, 4))
    page = text(login(org.staff).get(reverse("leave:mine")))
    assert "11月3日" in page and "11月4日" not in page


def test_mine_refuses_an_account_without_staff(org):
    assert login(org.admin).get(reverse("leave:mine")).status_code == 403


def test_mine_refuses_post(org):
    assert login(org.staff).post(reverse("leave:mine")).status_code == 405


def test_new_request_goes_to_the_chief(org, types):
    response = login(org.staff).post(reverse("leave:new"), form(leave_type=types["personal"].pk))
    leave = LeaveRequest.objects.get()
    assert response.status_code == 302 and response.url == leave.get_absolute_url()
    assert leave.approval_steps.get().approver == org.chief


def test_new_request_over_a_holiday_only_shows_the_reason(org, types):
    response = login(org.staff).post(
        reverse("leave:new"), form("2026-10-01", "2026-10-07", leave_type=types["personal"].pk)
    )
    assert response.status_code == 200
    assert "所选时间内没有工作日" in text(response)
    assert not LeaveRequest.objects.exists()


def test_new_request_with_a_certificate(org, types):
    upload = SimpleUploadedFile("诊断.pdf", PDF, content_type="application/pdf")
    login(org.staff).post(
        reverse("leave:new"),
        form("2026-11-03", "2026-11-05", leave_type=types["sick"].pk, attachment=upload),
    )
    assert LeaveRequest.objects.get().attachment.name.endswith(".pdf")


def test_new_request_refuses_delete(org):
    assert login(org.staff).delete(reverse("leave:new")).status_code == 405


def test_live_count_shows_days_and_balance(org, types):
    response = login(org.staff).get(
        reverse("leave:preview"),
        {
            "leave_type": types["annual"].pk,
            "start_date": "2026-09-30",
            "start_half": "am",
            "end_date": "2026-10-08",
            "end_half": "pm",
        },
    )
    assert '共计 <strong class="fs-5">2</strong> 个工作日' in text(response)
    assert '年休假<strong data-testid="balance">可用 10 天</strong>' in text(response)


def test_live_count_writes_nothing_for_a_year_with_no_balance_row_yet(org, types):
    from leave.models import LeaveBalance

    assert not LeaveBalance.objects.filter(staff=org.staff).exists()
    response = login(org.staff).get(
        reverse("leave:preview"),
        {
            "leave_type": types["annual"].pk,
            "start_date": "2027-03-01",
            "start_half": "am",
            "end_date": "2027-03-01",
            "end_half": "pm",
        },
    )
    assert "可用" in text(response)
    assert not LeaveBalance.objects.filter(staff=org.staff).exists()


def test_balance_says_the_same_on_home_form_and_balances_page(org, types, request_leave):
    """Issue 15: home said 剩余 10 while the form said 7 during a pending 3-day request."""
    request_leave(org.staff, D(2026, 11, 9), D(2026, 11, 11), code="annual")
    words = "可用 7 天（另有 3 天审批中）"
    preview = text(
        login(org.staff).get(
            reverse("leave:preview"),
            {
                "leave_type": types["annual"].pk,
                "start_date": "2026-11-16",
                "start_half": "am",
                "end_date": "2026-11-16",
                "end_half": "pm",
            },
        )
    )
    assert words in preview
    home = text(login(org.staff).get("/"))
    assert "可用</span> 7<span" in home and "另有 3 天审批中" in home
    row = text(login(org.personnel).get(reverse("leave:balances"), {"q": org.staff.staff_no}))
    assert "<strong>7</strong><div" in row and "另有 3 天审批中" in row


def test_balance_after_approval_counts_the_days_as_used(org, types, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 9), D(2026, 11, 9), code="annual")
    approval_decide(request_obj=leave, acting_user=org.chief.user, approve=True)
    home = text(login(org.staff).get("/"))
    assert "可用</span> 9<span" in home and "审批中</div>" not in home


def test_live_count_over_a_holiday_says_no_working_day(org, types):
    response = login(org.staff).get(
        reverse("leave:preview"),
        {
            "leave_type": types["personal"].pk,
            "start_date": "2026-10-01",
            "start_half": "am",
            "end_date": "2026-10-07",
            "end_half": "pm",
        },
    )
    assert "没有工作日" in text(response)


# --- detail and object-level access ---------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff", 200),
        ("chief", 200),
        ("deputy", 200),
        ("director", 200),
        ("personnel", 200),
        ("other_chief", 404),
        ("other_staff", 404),
        ("inspector", 404),
    ],
)
def test_detail_is_visible_to_applicant_chain_and_managers_only(org, request_leave, who, status):
    leave = request_leave(org.staff, D(2026, 11, 3))
    assert login(getattr(org, who)).get(leave.get_absolute_url()).status_code == status


def test_detail_is_visible_to_an_approvers_delegate(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=D(2026, 11, 2),
        end=D(2026, 11, 6),
        acting_user=None,
    )
    page = text(login(org.other_chief).get(leave.get_absolute_url()))
    assert "您代批" in page


def test_detail_shows_trail_with_delegate_mark(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    delegation_create(
        delegator=org.chief,
        delegate=org.other_chief,
        start=D(2026, 11, 2),
        end=D(2026, 11, 6),
        acting_user=None,
    )
    approval_decide(
        request_obj=leave, acting_user=org.other_chief.user, approve=True, comment="同意，注意安全"
    )
    page = text(login(org.staff).get(leave.get_absolute_url()))
    assert "陈科长代" in page and "同意，注意安全" in page and "已批准" in page


def test_detail_refuses_post(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    assert login(org.staff).post(leave.get_absolute_url()).status_code == 405


def test_attachment_is_served_to_the_chief_not_to_outsiders(org, request_leave):
    upload = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    leave = request_leave(org.staff, D(2026, 11, 3), D(2026, 11, 5), code="sick", attachment=upload)
    url = reverse("leave:attachment", args=[leave.pk])
    response = login(org.chief).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert login(org.other_staff).get(url).status_code == 404


# --- withdraw, cancel, 销假 -----------------------------------------------------------------


def test_applicant_withdraws(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    url = reverse("approvals:withdraw", args=["leave", leave.pk])
    assert login(org.staff).get(url).status_code == 405
    assert login(org.other_staff).post(url).status_code == 404
    login(org.chief).post(url)
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.PENDING
    login(org.staff).post(url)
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.WITHDRAWN


def test_unknown_kind_is_404(org):
    assert login(org.staff).post("/leave/holiday/1/withdraw/").status_code == 404


def test_approver_cancels_with_reason(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3), code="annual")
    approval_decide(request_obj=leave, acting_user=org.chief.user, approve=True)
    url = reverse("approvals:cancel", args=["leave", leave.pk])
    response = login(org.chief).post(url, {"comment": ""}, follow=True)
    assert "请填写理由" in text(response)
    login(org.chief).post(url, {"comment": "任务调整"})
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.CANCELLED
    assert balance_get(staff=org.staff, leave_type=leave.leave_type, year=2026).used == 0


def test_report_back_in_one_tap(org, request_leave):
    leave = request_leave(org.staff, D(2026, 10, 29), D(2026, 10, 30))
    for person in (org.chief, org.deputy):
        approval_decide(request_obj=leave, acting_user=person.user, approve=True)
    assert "我已返岗，销假" in text(login(org.staff).get(leave.get_absolute_url()))
    response = login(org.staff).post(
        reverse("leave:report_back", args=[leave.pk]),
        {"returned_on": "2026-10-30", "returned_half": "am"},
        follow=True,
    )
    assert "已销假，实际休假1天，提前返岗退回1天" in text(response)


def test_report_back_by_someone_else_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 2))
    approval_decide(request_obj=leave, acting_user=org.chief.user, approve=True)
    response = login(org.chief).post(
        reverse("leave:report_back", args=[leave.pk]),
        {"returned_on": "2026-11-02", "returned_half": "pm"},
        follow=True,
    )
    assert "只有请假人本人可以销假" in text(response)


# --- inbox ----------------------------------------------------------------------------------


def test_inbox_decides_with_one_click(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    client = login(org.chief)
    assert "刘职员 · 请假申请" in text(client.get(reverse("approvals:inbox")))
    step = leave.approval_steps.get()
    client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve", "comment": ""})
    leave.refresh_from_db()
    assert leave.status == ApprovalStatus.APPROVED


def test_inbox_rejection_without_reason_is_refused(org, request_leave):
    leave = request_leave(org.staff, D(2026, 11, 3))
    step = leave.approval_steps.get()
    response = login(org.chief).post(
        reverse("approvals:decide", args=[step.pk]), {"decision": "reject"}, follow=True
    )
    assert "驳回时请填写理由" in text(response)


def test_deciding_someone_elses_step_is_404(org, request_leave):
    step = request_leave(org.staff, D(2026, 11, 3)).approval_steps.get()
    assert (
        login(org.other_chief)
        .post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"})
        .status_code
        == 404
    )
    assert login(org.chief).get(reverse("approvals:decide", args=[step.pk])).status_code == 405


def test_bulk_approve_reports_failures_and_approves_the_rest(org, request_leave):
    leaves = [request_leave(org.staff, D(2026, 11, day)) for day in (3, 4, 5)]
    approval_withdraw(request_obj=leaves[1], acting_user=org.staff.user)
    steps = [str(leave.approval_steps.get().pk) for leave in leaves]
    response = login(org.chief).post(
        reverse("approvals:bulk_approve"), {"step": steps}, follow=True
    )
    page = text(response)
    assert "已同意2项申请" in page and "已撤回" in page
    statuses = [LeaveRequest.objects.get(pk=leave.pk).status for leave in leaves]
    assert statuses == ["approved", "withdrawn", "approved"]


def test_inbox_refuses_post(org):
    assert login(org.chief).post(reverse("approvals:inbox")).status_code == 405


@pytest.mark.parametrize("count", [1, 5])
def test_inbox_query_count_does_not_grow(org, request_leave, django_assert_num_queries, count):
    for day in range(count):
        request_leave(org.staff, D(2026, 11, 3) + dt.timedelta(days=day * 7))
    client = login(org.chief)
    client.get(reverse("approvals:inbox"))
    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(reverse("approvals:inbox"))
    assert text(response).count('data-testid="inbox-item"') == count


@pytest.mark.parametrize("count", [1, 5])
def test_mine_query_count_does_not_grow(org, request_leave, django_assert_num_queries, count):
    for day in range(count):
        request_leave(org.staff, D(2026, 11, 3) + dt.timedelta(days=day * 7))
    client = login(org.staff)
    client.get(reverse("leave:mine"))
    with django_assert_num_queries(MINE_QUERIES):
        client.get(reverse("leave:mine"))


def test_report_back_form_proposes_the_next_working_day(org, request_leave):
    leave = request_leave(org.staff, D(2026, 10, 29), D(2026, 10, 30))
    for person in (org.chief, org.deputy):
        approval_decide(request_obj=leave, acting_user=person.user, approve=True)
    # Ends Friday 30 October: back on Monday 2 November, not on the Saturday.
    assert 'value="2026-11-02"' in text(login(org.staff).get(leave.get_absolute_url()))


def test_new_form_labels_both_half_day_selects(org):
    """Screen readers name each 上午/下午 select (axe's select-name rule)."""
    page = text(login(org.staff).get(reverse("leave:new")))
    assert '<label class="form-label" for="id_start_half">开始时段</label>' in page
    assert '<label class="form-label" for="id_end_half">结束时段</label>' in page
