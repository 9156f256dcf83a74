"""Who gets what: every URL of the app × every role, by GET, in one table (PRODUCT.md §2, §5).

The URL conf is walked at test time; a URL without a row in MATRIX fails the test and the
failure prints the row it would need (what the code does today, to be checked before pasting).

Outcomes: ``200`` the page; ``login`` a redirect to a login page; ``302`` another redirect;
``403``, ``404``, ``405`` (the URL takes POST only). A URL's parameters are the real objects
of one small office (``org`` plus a request, a finding, a notice, … of its staff member):
``OBJECTS`` says which object each pattern's ``pk`` is.

Left out, with the reason:
- allauth's pages under /accounts/ but ``account_login``, ``account_change_password`` and
  ``mfa_index``: its login, reset, e-mail and TOTP flows depend on a stage of a login in
  progress or a key sent by e-mail, and are allauth's own, tested there; the three kept are
  the ones a signed-in user reaches from the app's menu.
- Django admin's generated pages but ``admin:index`` and the leave requests' change list: every
  one of them is behind the one ``is_staff`` check (and the model permissions), which these
  two show for every role.
- /static/ (WhiteNoise in production, no view of the app).

Run with ``PERMISSION_MATRIX_PRINT=1 pytest -s tests/test_permission_matrix.py`` to print the
whole table as the code behaves now.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse

from office.demo import demo_unit
from tests.conftest import Org
from tests.office.test_login_required import LOGIN_PAGES, all_urls

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# Monday 23 November 2026, 10:00: week 47's notice is compiled, the office is at work.
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)
ROLES = ("anon", "staff", "chief", "other_chief", "deputy", "director", "personnel",
         "inspector", "admin")  # fmt: skip
KEPT_THIRD_PARTY = {
    "account_login",
    "account_change_password",
    "mfa_index",
    "admin:index",
    "admin:leave_leaverequest_changelist",
}

# fmt: off
# The columns: anonymous; 刘职员 (staff of 综合科); 张科长 (their chief); 陈科长 (chief of 行政科);
# 李副主任 (deputy over 综合科); 王主任 (director); 周政工 (政工科); 吴督导 (督导小组, a member of
# 行政科); admin (a superuser with no staff record, so the pages of one's own attendance and
# requests answer 403). A chief's pages are open to everyone who leads a section: the director
# leads 主任室 and 周政工 leads 政工科 in ``org``.
MATRIX: dict[str, str] = {
    #                                          anon  staff chief other dep   dir   pers  insp  admin
    "home":                                   "login 200   200   200   200   200   200   200   200",
    "mfa_index":                              "login 200   200   200   200   200   200   200   200",
    "account_login":                          "200   302   302   302   302   302   302   302   302",
    "account_change_password":                "login 200   200   200   200   200   200   200   200",
    "admin:index":                            "login login login login login login login login 200",
    "admin:leave_leaverequest_changelist":    "login login login login login login login login 200",
    "attendance:clock":                       "login 200   200   200   200   200   200   200   403",
    "attendance:board":                       "login 403   200   200   200   200   200   200   200",
    "attendance:publications":                "login 200   200   200   200   200   200   200   200",
    "attendance:publication":                 "login 200   200   200   200   200   200   200   200",
    "attendance:calendar":                    "login 403   403   403   403   403   200   403   200",
    "attendance:calendar_day":                "login 403   403   403   403   403   200   403   200",
    "attendance:calendar_import":             "login 405   405   405   405   405   405   405   405",
    "attendance:calendar_package":            "login 405   405   405   405   405   405   405   405",
    "attendance:calendar_recompute":          "login 405   405   405   405   405   405   405   405",
    "attendance:clock_do":                    "login 405   405   405   405   405   405   405   405",
    "attendance:my_month":                    "login 200   200   200   200   200   200   200   403",
    "attendance:request_detail":              "login 200   200   404   200   200   200   404   403",
    "attendance:close_index":                 "login 403   403   403   403   403   200   403   200",
    "attendance:close_month":                 "login 404   404   404   404   404   200   404   200",
    "attendance:close_month_do":              "login 405   405   405   405   405   405   405   405",
    "attendance:reopen_month":                "login 405   405   405   405   405   405   405   405",
    "attendance:corrections":                 "login 200   200   200   200   200   200   200   403",
    "attendance:correction_detail":           "login 200   200   404   200   200   200   404   403",
    "attendance:correction_new":              "login 200   200   200   200   200   200   200   403",
    "attendance:outing_return":               "login 405   405   405   405   405   405   405   405",
    "attendance:request_list":                "login 200   200   200   200   200   200   200   403",
    "attendance:request_new":                 "login 200   200   200   200   200   200   200   403",
    "attendance:schedules":                   "login 403   403   403   403   403   200   403   200",
    "attendance:assignment_new":              "login 405   405   405   405   405   405   405   405",
    "attendance:schedule_new":                "login 405   405   405   405   405   405   405   405",
    "attendance:all_sections":                "login 403   403   403   403   200   200   403   200",
    "attendance:section_month":               "login 403   200   403   200   200   200   403   200",
    "attendance:staff_month":                 "login 200   200   404   200   200   200   404   403",
    "attendance:screens":                     "login 403   403   403   403   403   200   403   200",
    "attendance:screen_issue":                "login 405   405   405   405   405   405   405   405",
    "attendance:screen_revoke":               "login 405   405   405   405   405   405   405   405",
    "attendance:device_unbind":               "login 405   405   405   405   405   405   405   405",
    # 打卡屏's own pages need no staff login: a screen not signed in is sent to its sign-in.
    "attendance:kiosk":                       "302   302   302   302   302   302   302   302   302",
    "attendance:kiosk_signin":                "200   200   200   200   200   200   200   200   200",
    "attendance:kiosk_codes":                 "403   403   403   403   403   403   403   403   403",
    "inspections:finding_list":               "login 200   200   200   200   200   200   200   200",
    "inspections:campaign_list":              "login 200   200   200   200   200   200   200   200",
    "inspections:campaign_detail":            "login 200   200   200   200   200   200   200   200",
    "inspections:campaign_completion_xlsx":   "login 403   200   200   200   200   200   200   200",
    "inspections:campaign_completion":        "login 403   200   200   200   200   200   200   200",
    "inspections:campaign_create":            "login 403   403   403   403   403   403   200   200",
    "inspections:checklist":                  "login 200   200   200   200   200   200   200   200",
    "inspections:item_edit":                  "login 403   403   403   403   403   403   200   200",
    "inspections:item_create":                "login 403   403   403   403   403   403   200   200",
    "inspections:finding_detail":             "login 200   200   404   200   200   404   200   200",
    "inspections:finding_confirm":            "login 405   405   405   405   405   405   405   405",
    "inspections:finding_dismiss":            "login 405   405   405   405   405   405   405   405",
    "inspections:finding_feedback":           "login 405   405   405   405   405   405   405   405",
    "inspections:finding_photos_add":         "login 405   405   405   405   405   405   405   405",
    "inspections:finding_rectify":            "login 405   405   405   405   405   405   405   405",
    "inspections:finding_create":             "login 403   403   403   403   403   403   200   200",
    "inspections:finding_people":             "login 403   403   403   403   403   403   200   200",
    "inspections:my_findings":                "login 200   200   200   200   200   200   200   403",
    "inspections:notice_list":                "login 200   200   200   200   200   200   200   200",
    "inspections:notice_detail":              "login 404   404   404   404   404   404   200   200",
    "inspections:notice_download":            "login 404   404   404   404   404   404   200   200",
    "inspections:notice_edit":                "login 404   404   404   404   404   404   200   200",
    "inspections:notice_publish":             "login 405   405   405   405   405   405   405   405",
    "inspections:notice_compile":             "login 405   405   405   405   405   405   405   405",
    "inspections:photo":                      "login 200   200   404   200   200   404   200   200",
    "inspections:rectification_list":         "login 403   200   200   403   200   200   403   403",
    "inspections:round_list":                 "login 403   403   403   403   403   403   200   200",
    "inspections:round_detail":               "login 403   403   403   403   403   403   200   200",
    "inspections:round_create":               "login 403   403   403   403   403   403   200   200",
    "leave:mine":                             "login 200   200   200   200   200   200   200   403",
    "leave:detail":                           "login 200   200   404   200   200   200   404   403",
    "leave:attachment":                       "login 200   200   404   200   200   200   404   403",
    "leave:report_back":                      "login 405   405   405   405   405   405   405   405",
    "leave:balances":                         "login 403   403   403   403   403   200   403   200",
    "leave:balance_adjust":                   "login 405   405   405   405   405   405   405   405",
    "leave:calendar":                         "login 403   200   200   200   200   200   403   200",
    "leave:delegations":                      "login 403   200   200   200   200   200   403   403",
    "leave:delegation_revoke":                "login 405   405   405   405   405   405   405   405",
    "approvals:inbox":                        "login 200   200   200   200   200   200   200   403",
    "approvals:decide":                       "login 405   405   405   405   405   405   405   405",
    "approvals:bulk_approve":                 "login 405   405   405   405   405   405   405   405",
    "leave:new":                              "login 200   200   200   200   200   200   200   403",
    "leave:preview":                          "login 200   200   200   200   200   200   200   403",
    "leave:overtime_detail":                  "login 200   200   404   200   200   200   404   403",
    "leave:overtime_record":                  "login 405   405   405   405   405   405   405   405",
    "leave:overtime_verify":                  "login 405   405   405   405   405   405   405   405",
    "leave:overtime_ledger":                  "login 403   403   403   403   403   200   403   200",
    "leave:overtime_new":                     "login 200   200   200   200   200   200   200   403",
    "approvals:cancel":                       "login 405   405   405   405   405   405   405   405",
    "approvals:withdraw":                     "login 405   405   405   405   405   405   405   405",
    "notifications":                          "login 200   200   200   200   200   200   200   200",
    "office:job":                             "login 404   404   404   404   404   200   404   200",
    "office:exports":                         "login 403   200   200   200   200   200   200   200",
    "office:export_download":                 "login 404   404   404   404   404   200   404   404",
    "office:staff_search":                    "login 403   200   200   200   200   200   200   200",
    "notifications_read":                     "login 405   405   405   405   405   405   405   405",
    "favicon":                                "301   301   301   301   301   301   301   301   301",
    "people:list":                            "login 403   403   403   403   403   200   403   200",
    "people:detail":                          "login 200   200   404   200   200   200   404   200",
    "people:password_reset":                  "login 405   405   405   405   405   405   405   405",
    "people:import":                          "login 403   403   403   403   403   200   403   200",
    "people:import_confirm":                  "login 405   405   405   405   405   405   405   405",
    "people:template":                        "login 403   403   403   403   403   200   403   200",
    "performance:mine":                       "login 200   200   200   200   200   200   200   403",
    "performance:person":                     "login 200   200   404   200   200   200   404   200",
    "performance:list":                       "login 403   200   200   200   200   200   403   200",
    "performance:sheet":                      "login 403   200   200   200   200   200   403   200",
    "performance:rules":                      "login 403   403   403   403   403   302   403   302",
    "performance:rules_city":                 "login 403   403   403   403   403   403   403   200",
    "performance:rules_unit":                 "login 403   403   403   403   403   200   403   200",
    "settings":                               "login 403   403   403   403   403   200   403   200",
    "dashboard":                              "login 403   200   200   200   200   200   200   200",
    "chart_data":                             "login 403   200   200   200   200   200   200   200",
    "units":                                  "login 403   403   403   403   403   403   403   200",
    "unit_create":                            "login 403   403   403   403   403   403   403   200",
    "unit_edit":                              "login 403   403   403   403   403   403   403   200",
    "inspections:instruction_list":           "login 403   200   200   200   200   200   200   200",
    "inspections:instruction_create":         "login 403   403   403   200   200   403   200   403",
    "inspections:my_instructions":            "login 200   200   200   200   200   200   200   403",
    "inspections:instruction_ledger":         "login 403   200   200   200   200   200   200   200",
    "inspections:instruction_detail":         "login 200   200   404   200   200   404   200   200",
    "inspections:instruction_attachment":     "login 200   200   404   200   200   404   200   200",
    "inspections:instruction_accept":         "login 405   405   405   405   405   405   405   405",
    "inspections:instruction_feedback":       "login 405   405   405   405   405   405   405   405",
    "inspections:instruction_complete":       "login 405   405   405   405   405   405   405   405",
    "inspections:instruction_confirm":        "login 405   405   405   405   405   405   405   405",
    "inspections:instruction_return":         "login 405   405   405   405   405   405   405   405",
    "inspections:city_overview":              "login 403   403   403   403   403   403   403   200",
    "vehicles:mine":                          "login 200   200   200   200   200   200   200   403",
    "vehicles:new":                           "login 200   200   200   200   200   200   200   403",
    "vehicles:detail":                        "login 200   200   404   200   200   200   404   200",
    "vehicles:dispatch":                      "login 405   405   405   405   405   405   405   405",
    "vehicles:queue":                         "login 403   403   403   403   403   403   403   200",
    "vehicles:fleet":                         "login 403   403   403   403   403   200   403   200",
    "vehicles:vehicle_add":                   "login 405   405   405   405   405   405   405   405",
    "vehicles:vehicle_status":                "login 405   405   405   405   405   405   405   405",
    "vehicles:driver_add":                    "login 405   405   405   405   405   405   405   405",
    "vehicles:driver_active":                 "login 405   405   405   405   405   405   405   405",
    "vehicles:pool_member":                   "login 405   405   405   405   405   405   405   405",
    "vehicles:trips":                         "login 403   403   403   403   403   403   403   200",
    "vehicles:trip_new":                      "login 403   403   403   403   403   403   403   403",
    "vehicles:trip_check":                    "login 405   405   405   405   405   405   405   405",
    "vehicles:sheet":                         "login 403   403   403   403   200   200   403   200",
    # 学习任务 of 周政工 for 综合科: 刘职员 and 张科长 study it; 李副主任, 王主任 and 周政工 follow
    # it (the detail page sends them to its completion); 陈科长 and 吴督导 (行政科) neither.
    # 王主任 leads 主任室 in the fixture, so the form is open to him as to any 科长.
    "reading:study_mine":                     "login 200   200   200   200   200   200   200   403",
    "reading:study_new":                      "login 403   200   200   403   200   200   403   403",
    "reading:study_sent":                     "login 200   200   200   200   200   200   200   403",
    "reading:study_detail":                   "login 200   200   404   302   302   302   404   403",
    "reading:study_done":                     "login 405   405   405   405   405   405   405   405",
    "reading:study_document":                 "login 200   200   404   200   200   200   404   403",
    "reading:study_progress":                 "login 404   200   404   200   200   200   404   403",
    "reading:study_export":                   "login 404   200   404   200   200   200   404   403",
    "reading:study_cancel":                   "login 405   405   405   405   405   405   405   405",
    # 文件阅知, sent by 周政工 (政工科) to 刘职员: only they read it (others 403, and logged);
    # who has read it is for the sender, the unit's whole view and 综合科's chief and deputy.
    "reading:circular_list":                  "login 200   200   200   200   200   200   200   200",
    "reading:circular_new":                   "login 403   403   403   200   200   200   200   403",
    "reading:circular_read":                  "login 200   403   403   403   403   200   403   403",
    "reading:circular_page":                  "login 200   403   403   403   403   200   403   403",
    "reading:circular_confirm":               "login 405   405   405   405   405   405   405   405",
    "reading:circular_progress":              "login 404   200   404   200   200   200   404   404",
    "reading:circular_cancel":                "login 405   405   405   405   405   405   405   405",
}
# fmt: on

# Which object a URL's parameters name (see ``office_objects``).
OBJECTS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "attendance:publication": lambda o: {"pk": o.publication.pk},
    "chart_data": lambda o: {"slug": "findings-section"},
    "attendance:staff_month": lambda o: {"staff_id": o.org.staff.pk},
    "attendance:section_month": lambda o: {"section_id": o.org.section.pk},
    "attendance:calendar_day": lambda o: {"day": "2026-11-23"},
    "attendance:request_new": lambda o: {"kind": "makeup"},
    "attendance:request_list": lambda o: {"kind": "makeup"},
    "attendance:request_detail": lambda o: {"kind": "makeup", "pk": o.makeup.pk},
    "attendance:outing_return": lambda o: {"pk": o.makeup.pk},
    "leave:detail": lambda o: {"pk": o.leave.pk},
    "leave:report_back": lambda o: {"pk": o.leave.pk},
    "leave:attachment": lambda o: {"pk": o.leave.pk},
    "approvals:withdraw": lambda o: {"kind": "leave", "pk": o.leave.pk},
    "approvals:cancel": lambda o: {"kind": "leave", "pk": o.leave.pk},
    "approvals:decide": lambda o: {"step_id": o.step.pk},
    "leave:delegation_revoke": lambda o: {"pk": o.delegation.pk},
    "leave:overtime_detail": lambda o: {"pk": o.overtime.pk},
    "leave:overtime_record": lambda o: {"pk": o.overtime.pk},
    "leave:overtime_verify": lambda o: {"pk": o.overtime.pk},
    "inspections:finding_detail": lambda o: {"pk": o.finding.pk},
    "inspections:finding_confirm": lambda o: {"pk": o.finding.pk},
    "inspections:finding_rectify": lambda o: {"pk": o.finding.pk},
    "inspections:finding_dismiss": lambda o: {"pk": o.finding.pk},
    "inspections:finding_feedback": lambda o: {"pk": o.finding.pk},
    "inspections:finding_photos_add": lambda o: {"pk": o.finding.pk},
    "inspections:photo": lambda o: {"pk": o.photo.pk},
    "inspections:round_detail": lambda o: {"pk": o.round.pk},
    "inspections:item_edit": lambda o: {"pk": o.item.pk},
    "inspections:notice_detail": lambda o: {"pk": o.notice.pk},
    "inspections:notice_edit": lambda o: {"pk": o.notice.pk},
    "inspections:notice_publish": lambda o: {"pk": o.notice.pk},
    "inspections:notice_download": lambda o: {"pk": o.notice.pk, "fmt": "xlsx"},
    "inspections:campaign_detail": lambda o: {"pk": o.campaign.pk},
    "inspections:campaign_completion": lambda o: {"pk": o.campaign.pk},
    "inspections:campaign_completion_xlsx": lambda o: {"pk": o.campaign.pk},
    "inspections:instruction_detail": lambda o: {"pk": o.instruction.pk},
    "inspections:instruction_attachment": lambda o: {"pk": o.instruction_attachment.pk},
    "inspections:instruction_accept": lambda o: {"pk": o.instruction_receipt.pk},
    "inspections:instruction_feedback": lambda o: {"pk": o.instruction_receipt.pk},
    "inspections:instruction_complete": lambda o: {"pk": o.instruction_receipt.pk},
    "inspections:instruction_confirm": lambda o: {"pk": o.instruction_receipt.pk},
    "inspections:instruction_return": lambda o: {"pk": o.instruction_receipt.pk},
    "office:job": lambda o: {"job_id": o.job.pk},
    "office:export_download": lambda o: {"export_id": o.export.pk},
    "attendance:close_month": lambda o: {
        "unit_id": o.org.section.unit_id,
        "year": 2026,
        "month": 10,
    },
    "attendance:close_month_do": lambda o: {
        "unit_id": o.org.section.unit_id,
        "year": 2026,
        "month": 10,
    },
    "attendance:reopen_month": lambda o: {"pk": o.close.pk},
    "attendance:correction_detail": lambda o: {"pk": o.correction.pk},
    "attendance:screen_revoke": lambda o: {"pk": o.screen.pk},
    "attendance:device_unbind": lambda o: {"staff_id": o.org.staff.pk},
    "unit_edit": lambda o: {"pk": o.org.section.unit_id},
    "people:detail": lambda o: {"staff_id": o.org.staff.pk},
    "people:password_reset": lambda o: {"staff_id": o.org.staff.pk},
    "performance:person": lambda o: {"staff_id": o.org.staff.pk},
    "performance:rules_unit": lambda o: {"unit_id": o.org.section.unit_id},
    "vehicles:detail": lambda o: {"pk": o.vehicle_request.pk},
    "vehicles:dispatch": lambda o: {"pk": o.vehicle_request.pk},
    "vehicles:vehicle_status": lambda o: {"pk": o.trip.vehicle_id},
    "vehicles:driver_active": lambda o: {"pk": o.trip.driver_id},
    "vehicles:trip_check": lambda o: {"pk": o.trip.pk},
    **{
        f"reading:study_{page}": lambda o: {"pk": o.study.pk}
        for page in ("detail", "done", "document", "progress", "export", "cancel")
    },
    "reading:circular_read": lambda o: {"pk": o.circular.pk},
    "reading:circular_page": lambda o: {"pk": o.circular.pk, "page": 1},
    "reading:circular_confirm": lambda o: {"pk": o.circular.pk},
    "reading:circular_progress": lambda o: {"pk": o.circular.pk},
    "reading:circular_cancel": lambda o: {"pk": o.circular.pk},
}


@dataclass
class Office:
    """The org with one of everything a URL can name, all about 刘职员 (综合科) where a
    person is concerned."""

    org: Org
    makeup: Any
    leave: Any
    step: Any
    delegation: Any
    overtime: Any
    finding: Any
    photo: Any
    round: Any
    item: Any
    notice: Any
    campaign: Any
    job: Any  # started by 周政工 (政工科)
    export: Any  # asked for by 周政工 (政工科)
    vehicle_request: Any
    trip: Any  # driven by 杨职员 (行政科), a driver of the admin's fleet
    close: Any  # October 2026, closed by 周政工
    correction: Any  # 刘职员's own, of a day of October
    publication: Any = None  # October's 考勤公示, by 周政工
    study: Any = None  # 周政工's 学习任务 for 综合科, with a file
    circular: Any = None  # 文件阅知 sent by 周政工 to 刘职员, readable for a week
    screen: Any = None  # 东门's 打卡屏, issued by 周政工
    instruction: Any = None  # a 督办 the deputy gave 刘职员, who signed and reported progress
    instruction_receipt: Any = None  # 刘职员's receipt of it
    instruction_attachment: Any = None  # the photo of that progress report


def office_objects(org: Org) -> Office:
    from attendance.models import AttendanceDay
    from attendance.services.closing import LineInput, correction_create, month_close
    from attendance.services.door import door_screen_issue
    from attendance.services.publication import publication_publish
    from attendance.services.requests import makeup_create
    from inspections.models import Item
    from inspections.services.findings import finding_record, round_create
    from inspections.services.notices import notice_compile
    from inspections.services.selfcheck import campaign_create
    from leave.models import LeaveType
    from leave.services import leave_request_create, overtime_request_create
    from office.approvals.selectors import trail
    from office.approvals.services import delegation_create
    from office.models import Job
    from reading.services.study import study_create
    from tests.inspections.conftest import PNG
    from tests.reading.circulars import send
    from vehicles.models import Trip
    from vehicles.services import driver_add, vehicle_create, vehicle_request_create

    leave = leave_request_create(
        acting_user=org.staff.user,
        leave_type=LeaveType.objects.get(code="sick"),
        start_date=dt.date(2026, 11, 25),
        start_half="am",
        end_date=dt.date(2026, 11, 25),
        end_half="pm",
        reason="发烧就医",
        attachment=SimpleUploadedFile("证明.pdf", b"%PDF-1.7\n" + b"0" * 64, "application/pdf"),
    )
    item = Item.objects.get(code="1-02")
    finding = finding_record(
        staff=org.staff,
        item=item,
        occurred_at=dt.datetime(2026, 11, 17, 10, tzinfo=SHANGHAI),
        place="二楼走廊",
        description="上班时间离岗外出办私事",
        photos=[SimpleUploadedFile("p.png", PNG, "image/png")],
        acting_user=org.inspector.user,
    )
    october = dt.date(2026, 10, 30)
    AttendanceDay.objects.create(
        staff=org.staff, date=october, am_status="absent", pm_status="absent", computed_at=NOW
    )
    close = month_close(
        unit=org.section.unit,
        year=2026,
        month=10,
        confirm_open=True,
        acting_user=org.personnel.user,
    )
    correction = correction_create(
        staff=org.staff,
        reason="当天公出",
        lines=[LineInput(october, "day", "trip")],
        acting_user=org.staff.user,
    )
    return Office(
        org=org,
        close=close,
        correction=correction,
        makeup=makeup_create(
            acting_user=org.staff.user,
            date=NOW.date(),
            point="am_in",
            claimed_time=dt.time(8, 25),
            reason="忘记打卡",
        ),
        leave=leave,
        step=next(step for step in trail(leave) if step.is_current),
        delegation=delegation_create(
            delegator=org.chief,
            delegate=org.other_chief,
            start=dt.date(2026, 11, 30),
            end=dt.date(2026, 12, 4),
            acting_user=None,
        ),
        overtime=overtime_request_create(
            acting_user=org.chief.user,
            date=dt.date(2026, 11, 28),
            start_time=dt.time(9, 0),
            end_time=dt.time(13, 0),
            reason="准备全市工作会议材料",
            people=[org.staff, org.chief],
        ),
        finding=finding,
        photo=finding.photos.get(),
        round=round_create(
            date=NOW.date(),
            kind="open",
            inspectors=[org.inspector],
            sections=[org.section],
            acting_user=org.inspector.user,
        ),
        item=item,
        notice=notice_compile(year=2026, week=47, unit=demo_unit(), acting_user=None),
        campaign=campaign_create(
            title="2026年工作纪律作风自查自纠",
            intro="对照31项具体问题开展自查。",
            deadline=dt.date(2026, 11, 30),
            acting_user=org.inspector.user,
        ),
        job=Job.objects.create(kind="test", label="后台任务", requested_by=org.personnel.user),
        export=_export(org),
        vehicle_request=vehicle_request_create(
            acting_user=org.staff.user,
            start=NOW + dt.timedelta(days=1),
            end=NOW + dt.timedelta(days=1, hours=2),
            origin="市政府",
            destination="市档案馆",
            purpose="查阅档案",
            passengers=1,
        ),
        trip=Trip.objects.create(
            vehicle=vehicle_create(
                plate="赣A·G0001", kind="sedan", seats=5, section=org.section, acting_user=org.admin
            ),
            driver=driver_add(staff=org.other_staff, acting_user=org.admin),
            started_at=NOW - dt.timedelta(days=3),
            ended_at=NOW - dt.timedelta(days=3, hours=-1),
            start_km=100,
            end_km=120,
            destination="市档案馆",
            route="往返",
        ),
        publication=publication_publish(month=dt.date(2026, 10, 1), acting_user=org.personnel.user),
        study=study_create(
            acting_user=org.personnel.user,
            title="学习动员会议精神",
            form="document",
            document=SimpleUploadedFile("讲话.png", PNG, "image/png"),
            due_at=NOW + dt.timedelta(days=3),
            section_ids=[org.section.pk],
        ),
        circular=send(org.personnel, [org.staff], until=NOW + dt.timedelta(days=7)),
        screen=door_screen_issue(
            unit=org.section.unit, name="东门", acting_user=org.personnel.user
        )[0],
        **_instruction(org),
    )


def _instruction(org: Org) -> dict[str, Any]:
    from inspections.services.instructions import feedback_post, instruction_register
    from office.assignment_services import receipt_accept
    from tests.inspections.conftest import PNG

    instruction = instruction_register(
        title="落实李市长批示",
        body="请抓紧办理。",
        source="mayor",
        due_at=NOW + dt.timedelta(days=7),
        people=[org.staff],
        acting_user=org.deputy.user,
    )
    receipt = instruction.assignment.receipts.get()
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    feedback = feedback_post(
        receipt=receipt,
        text="已着手办理",
        uploads=[SimpleUploadedFile("p.png", PNG, "image/png")],
        acting_user=org.staff.user,
    )
    return {
        "instruction": instruction,
        "instruction_receipt": receipt,
        "instruction_attachment": feedback.attachments.get(),
    }


def _export(org: Org) -> Any:
    from django.core.files.base import ContentFile

    from office.models import ExportFile

    export = ExportFile.objects.create(
        report="attendance_month",
        label="综合科2026年11月考勤月报",
        requested_by=org.personnel.user,
        unit_id=org.personnel.section.unit_id,
        filename="综合科2026年11月考勤月报.xlsx",
        expires_at=NOW + dt.timedelta(days=7),
    )
    export.file.save("export.xlsx", ContentFile(b"PK"), save=True)
    return export


def in_matrix(url: str, name: str) -> bool:
    if url.startswith("/static/"):
        return False
    if name.startswith(("account_", "mfa_", "admin:")) or url.startswith(("/accounts/", "/admin/")):
        return name in KEPT_THIRD_PARTY
    return True


def app_urls() -> list[tuple[str, str]]:
    """(route with dummy parameters, name) of every URL the matrix covers."""
    return [(url, name or url) for url, name in all_urls() if in_matrix(url, name)]


def outcome(response: Any) -> str:
    if response.status_code == 302:
        location = response.get("Location", "")
        return "login" if location.startswith(LOGIN_PAGES) else "302"
    return str(response.status_code)


def clients(org: Org) -> dict[str, Client]:
    made = {"anon": Client(raise_request_exception=False)}
    for role in ROLES[1:]:
        client = Client(raise_request_exception=False)
        person = getattr(org, role)
        client.force_login(getattr(person, "user", person))
        made[role] = client
    return made


def row_text(name: str, outcomes: list[str]) -> str:
    return f'    "{name}":'.ljust(46) + f'"{" ".join(o.ljust(5) for o in outcomes).rstrip()}",'


def test_every_url_pattern_has_a_row():
    missing = [name for _, name in app_urls() if name not in MATRIX]
    assert not missing, (
        "Add a row to MATRIX in tests/test_permission_matrix.py for each new URL (the expected "
        "GET outcome per role; run with PERMISSION_MATRIX_PRINT=1 -s to see today's): "
        + ", ".join(missing)
    )
    stale = set(MATRIX) - {name for _, name in app_urls()}
    assert not stale, f"MATRIX has rows for URLs that no longer exist: {sorted(stale)}"


def test_every_url_with_parameters_names_its_objects():
    missing = []
    for _, name in app_urls():
        try:
            reverse(name)
        except NoReverseMatch:
            if name not in OBJECTS:
                missing.append(name)
    assert not missing, f"Say in OBJECTS which objects these URLs' parameters name: {missing}"


@pytest.fixture
def office(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield office_objects(org)


def test_each_role_gets_what_the_matrix_says(office, caplog):
    # Hundreds of refusals are expected here; their log lines would only slow the walk.
    caplog.set_level(logging.CRITICAL, logger="django.request")
    by_role = clients(office.org)
    actual: dict[str, list[str]] = {}
    for _, name in app_urls():
        kwargs = OBJECTS[name](office) if name in OBJECTS else {}
        url = name if name.startswith("/") else reverse(name, kwargs=kwargs)
        actual[name] = [outcome(by_role[role].get(url)) for role in ROLES]
    if os.environ.get("PERMISSION_MATRIX_PRINT"):
        print("\n".join(row_text(name, outcomes) for name, outcomes in actual.items()))
    wrong = [
        f"{name}: expected {MATRIX[name]!r}, got {' '.join(outcomes)!r}"
        for name, outcomes in actual.items()
        if name in MATRIX and MATRIX[name].split() != outcomes
    ]
    assert not wrong, "\n".join(["roles: " + " ".join(ROLES), *wrong])


# --- the same roles in another unit (issue 21) ---------------------------------------------------

# 政工科, 督导小组, 主任 and a chief of a second unit, against every URL that names an object of
# the first (``OBJECTS``): a refusal (403/404/405), never a page with the first unit's people.
OTHER_UNIT_ROLES = ("personnel", "inspector", "director", "chief")
# Parameters that name no unit's object, and objects every unit shares today (the checklist,
# the self-inspection campaign, whose completion lists only the viewer's unit): a page is fine
# as long as none of the first unit's people appear on it.
SHARED = {
    "chart_data",  # a chart's name: each viewer gets their own scope's numbers
    "attendance:calendar_day",
    "attendance:request_new",
    "attendance:request_list",
    "inspections:item_edit",
    "inspections:campaign_detail",
    "inspections:campaign_completion",
    "inspections:campaign_completion_xlsx",
}


def page_text(response: Any) -> str:
    """The words a page shows, a downloaded workbook's cells included."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(b"".join(response)), read_only=True)
        return " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return b"".join(response).decode("utf-8", errors="replace")


def test_the_same_roles_in_another_unit_never_get_the_first_units_objects(office, caplog):
    from tests.factories import unit_with_roles

    caplog.set_level(logging.CRITICAL, logger="django.request")
    other = unit_with_roles()
    by_role = {}
    for role in OTHER_UNIT_ROLES:
        by_role[role] = Client(raise_request_exception=False)
        by_role[role].force_login(getattr(other, role).user)
    first_unit_people = [office.org.staff.name, office.org.chief.name]
    leaks = []
    for name, kwargs_of in OBJECTS.items():
        url = reverse(name, kwargs=kwargs_of(office))
        for role, client in by_role.items():
            response = client.get(url)
            if response.status_code in (403, 404, 405):
                continue
            text = page_text(response) if response.status_code == 200 else ""
            if name not in SHARED or any(person in text for person in first_unit_people):
                leaks.append(f"{name} as {role} of another unit: {response.status_code}")
    assert not leaks, "\n".join(leaks)
