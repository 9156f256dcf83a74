"""Issue 10: the date window the office can mean, text limits, and one cleaner for every form."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from leave.models import LeaveRequest, LeaveType
from office.calendar import date_refusal, date_window, known_years, package_years
from office.forms import OfficeForm
from office.models import CalendarDay
from office.text import length_refusal
from tests.conftest import login

TODAY = dt.date(2026, 11, 25)


@pytest.mark.django_db
def test_the_window_is_the_known_years_and_one_either_side():
    known = package_years()
    first, last = date_window(TODAY)
    assert (first, last) == (
        dt.date(min(known.start, 2026) - 1, 1, 1),
        dt.date(max(known.stop - 1, 2026) + 1, 12, 31),
    )
    assert date_refusal(first, "开始日期") is None
    assert "开始日期须在" in date_refusal(first - dt.timedelta(days=1), "开始日期")
    assert "须在" in date_refusal(last + dt.timedelta(days=1), "开始日期")


@pytest.mark.django_db
def test_entering_a_years_arrangement_widens_the_window():
    year = max(package_years().stop, TODAY.year + 1) + 2
    assert date_refusal(dt.date(year + 1, 6, 1), "日期") is not None
    CalendarDay.objects.create(date=dt.date(year, 1, 1), kind="holiday", name="元旦")
    assert year in known_years(TODAY)
    assert date_refusal(dt.date(year + 1, 6, 1), "日期") is None


@pytest.mark.django_db
def test_the_window_never_leaves_the_supported_years():
    first, last = date_window(TODAY)
    assert first.year >= 2000 and last.year <= 2100


def test_length_refusal_names_the_field_and_its_limit():
    assert length_refusal(LeaveRequest, reason="字" * 300) is None
    assert length_refusal(LeaveRequest, reason="字" * 301) == (
        "“事由”最多300字，现为301字，请精简后再提交。"
    )


class NoteForm(OfficeForm):
    note = forms.CharField(max_length=5)
    day = forms.DateField(required=False)


@pytest.mark.parametrize(
    "data",
    [{"note": "a\x0bb\x01c", "day": ""}, QueryDict("note=a%0Bb%01c&day=")],
    ids=["dict", "querydict"],
)
def test_every_project_form_cleans_text_before_validating(data):
    form = NoteForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "a\nbc"


def test_the_length_is_counted_after_cleaning():
    assert NoteForm({"note": "ab\x00\x01\x02\x03cde"}).is_valid()


def test_the_admin_refuses_a_leave_date_out_of_the_window(org):
    """The admin does not call the services: the models' clean() holds the same window."""
    leave = LeaveRequest(
        applicant=org.staff,
        leave_type=LeaveType.objects.get(code="personal"),
        start_date=dt.date(1, 1, 1),
        end_date=dt.date(9999, 12, 31),
        reason="x",
        days=1,
    )
    with pytest.raises(ValidationError, match="须在"):
        leave.full_clean()
    response = login(org.admin).post(
        reverse("admin:leave_leaverequest_add"),
        {
            "applicant": org.staff.pk,
            "leave_type": leave.leave_type_id,
            "start_date": "0001-01-01",
            "end_date": "9999-12-31",
            "start_half": "am",
            "end_half": "pm",
            "reason": "x",
            "days": "1",
            "status": "pending",
        },
    )
    assert response.status_code == 200 and "须在" in response.content.decode()
    assert not LeaveRequest.objects.exists()
