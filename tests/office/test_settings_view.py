"""系统设置: 政工科 edits the §3 rules; every change is recorded."""

import pytest

from office import config
from office.models import Setting
from tests.conftest import login

URL = "/settings/"


def form_data(**changes):
    data = dict(config.snapshot())
    data.update(changes)
    return data


def test_personnel_sees_the_settings_in_chinese(as_):
    page = as_("personnel").get(URL).content.decode()
    assert "允许打卡的网络" in page and "科长审批即可的最长天数" in page


def test_admin_may_edit_settings(org):
    assert login(org.admin).get(URL).status_code == 200


@pytest.mark.parametrize("who", ["staff", "chief", "deputy", "director", "inspector"])
def test_other_roles_get_403(as_, who):
    assert as_(who).get(URL).status_code == 403
    assert as_(who).post(URL, form_data(late_absent_minutes=1)).status_code == 403
    assert not Setting.objects.exists()


def test_wrong_method_is_405(as_):
    assert as_("personnel").put(URL).status_code == 405


def test_a_change_is_saved_and_recorded_with_who_made_it(as_, org):
    response = as_("personnel").post(URL, form_data(late_absent_minutes=45))
    assert response.status_code == 302
    assert config.get("late_absent_minutes") == 45
    record = Setting.history.get(key="late_absent_minutes")
    assert record.history_user == org.personnel.user
    assert record.value == 45


def test_a_bad_cidr_is_refused_in_chinese_and_nothing_is_saved(as_):
    response = as_("personnel").post(
        URL, form_data(allowed_networks="10.0.0.0/8, 999.1.1.0/24", late_absent_minutes=45)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "不是有效的 CIDR" in page
    assert not Setting.objects.exists()


def test_a_good_cidr_list_is_accepted(as_):
    as_("personnel").post(URL, form_data(allowed_networks="10.0.0.0/8,192.168.1.0/24"))
    assert config.get("allowed_networks") == "10.0.0.0/8,192.168.1.0/24"


def test_unchanged_values_write_nothing(as_):
    as_("personnel").post(URL, form_data())
    assert not Setting.objects.exists()


def test_moving_the_notice_day_re_times_the_weekly_job(as_, django_capture_on_commit_callbacks):
    from django_celery_beat.models import PeriodicTask

    with django_capture_on_commit_callbacks(execute=True):
        as_("personnel").post(URL, form_data(notice_weekday=4, notice_hour=16))
    crontab = PeriodicTask.objects.get(task="inspections.tasks.compile_weekly_notice").crontab
    # Friday in the setting (Monday = 0) is 5 in cron (Sunday = 0).
    assert (crontab.day_of_week, crontab.hour) == ("5", "16")


@pytest.mark.parametrize(
    "changes", [{"notice_hour": 24}, {"notice_weekday": -1}, {"makeup_monthly_limit": -5}]
)
def test_out_of_range_numbers_are_refused_and_nothing_is_saved(as_, changes):
    response = as_("personnel").post(URL, form_data(**changes))
    assert response.status_code == 200
    assert not Setting.objects.exists()


def test_the_service_refuses_out_of_range_values_too():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="0～23"):
        config.setting_set(key="notice_hour", value=99, acting_user=None)
