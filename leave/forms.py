from __future__ import annotations

from django import forms

from leave.models import Half, LeaveType
from office.forms import OfficeForm
from office.models import Staff
from office.org import Viewer
from office.pickers import StaffPickerField

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})
SELECT = {"class": "form-select"}


class LeaveRequestForm(OfficeForm):
    leave_type = forms.ModelChoiceField(
        LeaveType.objects.filter(active=True),
        label="假别",
        empty_label=None,
        widget=forms.Select(attrs=SELECT),
    )
    start_date = forms.DateField(label="开始日期", widget=DATE)
    start_half = forms.ChoiceField(
        label="开始时段", choices=Half.choices, initial=Half.AM, widget=forms.Select(attrs=SELECT)
    )
    end_date = forms.DateField(label="结束日期", widget=DATE)
    end_half = forms.ChoiceField(
        label="结束时段", choices=Half.choices, initial=Half.PM, widget=forms.Select(attrs=SELECT)
    )
    reason = forms.CharField(
        label="事由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    attachment = forms.FileField(
        label="证明材料",
        required=False,
        help_text="病假超过规定天数须上传；PDF或图片，不超过5MB。",
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.webp"}
        ),
    )


class PreviewForm(OfficeForm):
    leave_type = forms.ModelChoiceField(LeaveType.objects.filter(active=True))
    start_date = forms.DateField()
    start_half = forms.ChoiceField(choices=Half.choices)
    end_date = forms.DateField()
    end_half = forms.ChoiceField(choices=Half.choices)


class ReportBackForm(OfficeForm):
    returned_on = forms.DateField(label="返岗日期", widget=DATE)
    returned_half = forms.ChoiceField(
        label="返岗", choices=Half.choices, initial=Half.AM, widget=forms.Select(attrs=SELECT)
    )


class DelegationForm(OfficeForm):
    delegate = StaffPickerField(label="受托人")
    start = forms.DateField(label="开始日期", widget=DATE)
    end = forms.DateField(label="结束日期", widget=DATE)

    def __init__(self, *args, viewer: Viewer, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        # A leader delegates to someone of their own unit (every unit for city roles).
        self.fields["delegate"].limit_to(viewer)


class BalanceAdjustForm(OfficeForm):
    # The view narrows it to the people whose balances the viewer manages.
    staff = forms.ModelChoiceField(Staff.objects.none(), widget=forms.HiddenInput)
    leave_type = forms.ModelChoiceField(
        LeaveType.objects.exclude(balance_kind=""), label="假别", widget=forms.Select(attrs=SELECT)
    )
    days = forms.DecimalField(
        label="调整天数",
        max_digits=6,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
    )
    reason = forms.CharField(
        label="理由", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class OvertimeForm(OfficeForm):
    date = forms.DateField(label="加班日期", widget=DATE)
    start_time = forms.TimeField(
        label="开始时间", widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"})
    )
    end_time = forms.TimeField(
        label="结束时间", widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"})
    )
    people = forms.ModelMultipleChoiceField(
        Staff.objects.none(), label="加班人员", widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label="加班事由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, section_id: int, **kwargs) -> None:  # noqa: ANN002
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Staff.objects.filter(section_id=section_id).exclude(
            status=Staff.Status.LEFT
        )
