from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from attendance.models import ClockPoint
from office.forms import OfficeForm
from office.org import Viewer
from office.pickers import StaffPickerField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MakeUpForm(OfficeForm):
    date = forms.DateField(label="补卡日期", widget=DATE_WIDGET)
    point = forms.ChoiceField(label="打卡点", choices=ClockPoint.choices)
    claimed_time = forms.TimeField(label="实际到/离岗时间", widget=TIME_WIDGET)
    reason = forms.CharField(label="事由", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class OutingForm(OfficeForm):
    destination = forms.CharField(label="外出地点", max_length=100)
    reason = forms.CharField(label="事由", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))
    start = forms.DateTimeField(label="外出时间", widget=DATETIME_WIDGET)
    expected_return = forms.DateTimeField(label="预计返回", widget=DATETIME_WIDGET)

    @classmethod
    def initial_now(cls) -> dict[str, dt.datetime]:
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {"start": now, "expected_return": now + dt.timedelta(hours=2)}


class CalendarDayForm(OfficeForm):
    kind = forms.ChoiceField(
        label="类型",
        choices=[("ordinary", "按周一至周五上班的常规")]
        + [("holiday", "节假日（放假）"), ("workday", "调休上班")],
    )
    name = forms.CharField(label="名称", max_length=30, required=False)


class ScheduleForm(OfficeForm):
    name = forms.CharField(label="名称", max_length=30, initial="标准作息")
    valid_from = forms.DateField(label="生效日期", widget=DATE_WIDGET)
    points = forms.TypedChoiceField(
        label="打卡次数", coerce=int, choices=[(4, "每天四次"), (2, "每天两次")]
    )
    am_start = forms.TimeField(label="上午上班", widget=TIME_WIDGET, initial=dt.time(8, 30))
    am_end = forms.TimeField(label="上午下班", widget=TIME_WIDGET, initial=dt.time(12, 0))
    summer_pm_start = forms.TimeField(
        label="夏季下午上班", widget=TIME_WIDGET, initial=dt.time(14, 30)
    )
    summer_pm_end = forms.TimeField(
        label="夏季下午下班", widget=TIME_WIDGET, initial=dt.time(17, 30)
    )
    winter_pm_start = forms.TimeField(
        label="冬季下午上班", widget=TIME_WIDGET, initial=dt.time(14, 0)
    )
    winter_pm_end = forms.TimeField(
        label="冬季下午下班", widget=TIME_WIDGET, initial=dt.time(17, 0)
    )
    summer_start_month = forms.IntegerField(
        label="夏季开始月", min_value=1, max_value=12, initial=5
    )
    summer_start_day = forms.IntegerField(label="夏季开始日", min_value=1, max_value=31, initial=1)
    summer_end_month = forms.IntegerField(label="夏季结束月", min_value=1, max_value=12, initial=9)
    summer_end_day = forms.IntegerField(label="夏季结束日", min_value=1, max_value=31, initial=30)
    grace_minutes = forms.IntegerField(label="宽限分钟", min_value=0, max_value=60, initial=0)
    # 打卡凭证 (PRODUCT.md §7): only the network by default, as before screens and devices.
    proof_network = forms.BooleanField(label="须在办公网络内打卡", required=False, initial=True)
    proof_door = forms.BooleanField(label="须扫门口打卡屏二维码", required=False)
    proof_device = forms.BooleanField(label="须用本人绑定的设备", required=False)


class AssignmentForm(OfficeForm):
    schedule_name = forms.ChoiceField(label="作息")
    valid_from = forms.DateField(label="生效日期", widget=DATE_WIDGET)
    section = forms.ModelChoiceField(label="科室", queryset=None, required=False)
    staff = StaffPickerField(label="或个人", required=False)

    def __init__(self, *args: object, viewer: Viewer, **kwargs: object) -> None:
        from attendance.models import Schedule
        from office.models import Section

        super().__init__(*args, **kwargs)
        names = Schedule.objects.values_list("name", flat=True).distinct().order_by("name")
        self.fields["schedule_name"].choices = [(n, n) for n in names]
        # Only the viewer's unit (every unit for city roles): another unit's id is refused.
        self.fields["section"].queryset = Section.objects.filter(viewer.unit_filter())
        self.fields["staff"].limit_to(viewer)


class MonthCloseForm(OfficeForm):
    confirm_open = forms.BooleanField(label="我已知晓以上未办结事项，仍要封帐", required=False)


class MonthReopenForm(OfficeForm):
    reason = forms.CharField(
        label="重新开帐理由", max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )


class CorrectionForm(OfficeForm):
    staff = StaffPickerField(label="更正人员（不填为本人）", required=False)
    reason = forms.CharField(
        label="更正理由", max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, viewer: Viewer, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].limit_to(viewer)


class CorrectionLineForm(OfficeForm):
    date = forms.DateField(
        label="日期",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-sm", "aria-label": "日期"},
            format="%Y-%m-%d",
        ),
        required=False,
    )
    half = forms.ChoiceField(label="时段", required=False)
    status = forms.ChoiceField(label="更正为", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        from attendance.models.closing import CORRECTABLE, Half

        super().__init__(*args, **kwargs)
        self.fields["half"].choices = Half.choices
        self.fields["status"].choices = [("", "—"), *CORRECTABLE]


CorrectionLineFormSet = forms.formset_factory(CorrectionLineForm, extra=5, max_num=31)


class ScreenIssueForm(OfficeForm):
    name = forms.CharField(
        label="打卡屏名称（安放位置）", max_length=30, help_text="如 东门、一楼大厅"
    )


class DeviceUnbindForm(OfficeForm):
    reason = forms.CharField(
        label="解除绑定的原因",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text="如 手机丢失、更换手机；会记入设备记录并通知本人",
    )


class ScreenSignInForm(OfficeForm):
    key = forms.CharField(
        label="打卡屏密钥",
        max_length=64,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="政工科发放打卡屏时显示的密钥，只需在这块屏上输入一次",
    )
