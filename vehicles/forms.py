from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from office.forms import OfficeForm
from office.org import Viewer
from office.pickers import StaffPickerField
from vehicles.models import Driver, Vehicle

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VehicleRequestForm(OfficeForm):
    start = forms.DateTimeField(label="用车开始", widget=DATETIME_WIDGET)
    end = forms.DateTimeField(label="用车结束", widget=DATETIME_WIDGET)
    origin = forms.CharField(label="出发地", max_length=100, initial="本单位")
    destination = forms.CharField(label="目的地", max_length=100)
    purpose = forms.CharField(
        label="事由", max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )
    passengers = forms.IntegerField(label="乘车人数", min_value=1, max_value=60, initial=1)

    @classmethod
    def initial_now(cls) -> dict[str, dt.datetime]:
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {"start": now + dt.timedelta(hours=1), "end": now + dt.timedelta(hours=3)}


class DispatchForm(OfficeForm):
    vehicle = forms.ModelChoiceField(label="车辆", queryset=Vehicle.objects.none())
    driver = forms.ModelChoiceField(label="驾驶员", queryset=Driver.objects.none())

    def __init__(self, *args: object, vehicles: object, drivers: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = vehicles
        self.fields["driver"].queryset = drivers


class VehicleForm(OfficeForm):
    plate = forms.CharField(label="车牌号", max_length=12)
    kind = forms.ChoiceField(label="车型", choices=Vehicle.Kind.choices)
    seats = forms.IntegerField(label="座位数", min_value=1, max_value=60, initial=5)


class PersonForm(OfficeForm):
    staff = StaffPickerField(label="人员（工号或姓名）")

    def __init__(self, *args: object, viewer: Viewer, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].limit_to(viewer)


class TripForm(OfficeForm):
    vehicle = forms.ModelChoiceField(
        label="车辆（无派车单时选择）", queryset=Vehicle.objects.none(), required=False
    )
    started_at = forms.DateTimeField(label="出车时间", widget=DATETIME_WIDGET)
    ended_at = forms.DateTimeField(label="收车时间", widget=DATETIME_WIDGET)
    start_km = forms.IntegerField(label="出车里程（公里）", min_value=0, max_value=9_999_999)
    end_km = forms.IntegerField(label="收车里程（公里）", min_value=0, max_value=9_999_999)
    destination = forms.CharField(label="目的地", max_length=100)
    route = forms.CharField(label="行驶路线", max_length=200)
    fuel_cost = forms.DecimalField(
        label="油费（元）", min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    toll_cost = forms.DecimalField(
        label="通行费（元）", min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    off_hours_reason = forms.CharField(
        label="非工作时间出车事由（节假日、上班前或下班后出车时填写）",
        max_length=200,
        required=False,
    )

    def __init__(
        self, *args: object, vehicles: object, with_request: bool, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_request:
            del self.fields["vehicle"]
        else:
            self.fields["vehicle"].queryset = vehicles
            self.fields["vehicle"].required = True
            self.fields["vehicle"].label = "车辆"
