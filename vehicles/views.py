"""公务用车 pages: 用车申请 (mine, new, detail with 派车), the 车队's queue and fleet, the driver's
trips and trip log, and the monthly sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from office import calendar
from office.approvals.views import request_access
from office.forms import first_error
from office.org import Viewer, acting_staff, viewer_for
from office.report_views import report_download
from office.reports import Params
from vehicles import selectors, services
from vehicles.access import grants_motor_pool, runs_motor_pool
from vehicles.errors import VehicleError
from vehicles.exports import VehicleMonthReport
from vehicles.forms import DispatchForm, PersonForm, TripForm, VehicleForm, VehicleRequestForm
from vehicles.models import Trip, Vehicle


def _require_pool(viewer: Viewer) -> None:
    if not runs_motor_pool(viewer):
        raise PermissionDenied("只有车队可以使用此功能。")


def _dispatch_form(viewer: Viewer, data: object = None) -> DispatchForm:
    return DispatchForm(
        data,
        vehicles=selectors.unit_vehicles(viewer).filter(status=Vehicle.Status.AVAILABLE),
        drivers=selectors.unit_drivers(viewer).filter(active=True),
    )


# --- 用车申请 -------------------------------------------------------------------------------------


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    _, staff = acting_staff(request)
    page = Paginator(selectors.my_requests(staff), 20).get_page(request.GET.get("page"))
    return render(request, "vehicles/request_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    acting_staff(request)
    form = VehicleRequestForm(request.POST or None, initial=VehicleRequestForm.initial_now())
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.vehicle_request_create(acting_user=request.user, **form.cleaned_data)
        except VehicleError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "用车申请已提交，等待审批。")
            return redirect(obj.get_absolute_url())
    return render(request, "vehicles/request_form.html", {"form": form})


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    access = request_access(viewer, "vehicle", pk)
    obj = access.obj
    may_dispatch = services.dispatch_refusal(viewer, obj) is None
    trip = Trip.objects.filter(request=obj).select_related("vehicle").first()
    return render(
        request,
        "vehicles/request_detail.html",
        {
            "obj": obj,
            "access": access,
            "trip": trip,
            "dispatch_form": _dispatch_form(viewer) if may_dispatch else None,
        },
    )


@require_POST
def request_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    obj = selectors.request_for_viewer(viewer, pk)
    form = _dispatch_form(viewer, request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(obj.get_absolute_url())
    try:
        services.vehicle_request_dispatch(
            request_obj=obj,
            vehicle=form.cleaned_data["vehicle"],
            driver=form.cleaned_data["driver"],
            acting_user=request.user,
        )
    except VehicleError as exc:
        messages.error(request, exc.message)
        return redirect(obj.get_absolute_url())
    messages.success(request, "已派车，申请人和驾驶员会收到通知。")
    return redirect("vehicles:queue")


# --- 车队 ----------------------------------------------------------------------------------------


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    _require_pool(viewer)
    return render(
        request,
        "vehicles/queue.html",
        {
            "requests": list(selectors.dispatch_queue(viewer)[:100]),
            "trips": list(selectors.trips_to_check(viewer)[:100]),
        },
    )


@require_GET
def fleet(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not (runs_motor_pool(viewer) or grants_motor_pool(viewer)):
        raise PermissionDenied("只有车队或政工科可以使用此功能。")
    return render(
        request,
        "vehicles/fleet.html",
        {
            "runs_pool": runs_motor_pool(viewer),
            "grants_pool": grants_motor_pool(viewer),
            "vehicles": list(selectors.unit_vehicles(viewer)),
            "drivers": list(selectors.unit_drivers(viewer)),
            "pool": list(selectors.motor_pool_people(viewer)),
            "vehicle_form": VehicleForm(),
            "person_form": PersonForm(viewer=viewer),
            "statuses": Vehicle.Status.choices,
        },
    )


def _fleet_write(request: HttpRequest, call: object, done: str) -> HttpResponse:
    try:
        call()
    except VehicleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("vehicles:fleet")


@require_POST
def vehicle_add(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    _require_pool(viewer)
    form = VehicleForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("vehicles:fleet")
    if viewer.staff is None:
        raise PermissionDenied("此账号未关联干部职工信息，不能登记车辆。")
    return _fleet_write(
        request,
        lambda: services.vehicle_create(
            section=viewer.staff.section, acting_user=request.user, **form.cleaned_data
        ),
        "车辆已登记。",
    )


@require_POST
def vehicle_status(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    vehicle = selectors.vehicle_for_pool(viewer, pk)
    return _fleet_write(
        request,
        lambda: services.vehicle_set_status(
            vehicle=vehicle, status=request.POST.get("status", ""), acting_user=request.user
        ),
        f"{vehicle.plate}状态已更新。",
    )


@require_POST
def driver_add(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    _require_pool(viewer)
    form = PersonForm(request.POST, viewer=viewer)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("vehicles:fleet")
    staff = form.cleaned_data["staff"]
    return _fleet_write(
        request,
        lambda: services.driver_add(staff=staff, acting_user=request.user),
        f"{staff.name}已登记为驾驶员。",
    )


@require_POST
def driver_active(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    driver = selectors.driver_for_pool(viewer, pk)
    active = request.POST.get("active") == "1"
    return _fleet_write(
        request,
        lambda: services.driver_set_active(driver=driver, active=active, acting_user=request.user),
        f"{driver.staff.name}已{'恢复在岗' if active else '停止派车'}。",
    )


@require_POST
def pool_member(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not grants_motor_pool(viewer):
        raise PermissionDenied("只有政工科可以设置车队人员。")
    form = PersonForm(request.POST, viewer=viewer)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("vehicles:fleet")
    staff, grant = form.cleaned_data["staff"], request.POST.get("grant") == "1"
    return _fleet_write(
        request,
        lambda: services.motor_pool_grant(staff=staff, grant=grant, acting_user=request.user),
        f"{staff.name}{'已设为' if grant else '已不再是'}车队人员。",
    )


# --- 行车记录 -------------------------------------------------------------------------------------


@require_GET
def trip_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    driver = selectors.driver_of(viewer.staff)
    if driver is None and not runs_motor_pool(viewer):
        raise PermissionDenied("只有驾驶员和车队可以查看行车记录。")
    trips = selectors.trips_visible(viewer)
    own_only = driver is not None and not runs_motor_pool(viewer)
    if own_only:
        trips = trips.filter(driver=driver)
    page = Paginator(trips, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "vehicles/trip_list.html",
        {
            "page": page,
            "assignments": list(selectors.assignments_to_log(driver)) if driver else [],
            "is_driver": driver is not None,
            "own_only": own_only,
        },
    )


@require_http_methods(["GET", "POST"])
def trip_new(request: HttpRequest) -> HttpResponse:
    viewer, staff = acting_staff(request)
    driver = selectors.driver_of(staff)
    if driver is None:
        raise PermissionDenied("只有在岗驾驶员可以登记行车记录。")
    request_id = request.GET.get("request", "")
    assignment = (
        selectors.assignment_for_driver(driver, int(request_id))
        if request_id.isascii() and request_id.isdigit() and len(request_id) <= 18
        else None
    )
    initial = {}
    if assignment is not None:
        initial = {
            "started_at": timezone.localtime(assignment.start),
            "ended_at": timezone.localtime(assignment.end),
            "destination": assignment.destination,
            "route": f"{assignment.origin}—{assignment.destination}—{assignment.origin}",
        }
    form = TripForm(
        request.POST or None,
        initial=initial,
        vehicles=selectors.unit_vehicles(viewer),
        with_request=assignment is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.trip_record(
                acting_user=request.user,
                request_obj=assignment,
                vehicle=data.pop("vehicle", None),
                **data,
            )
        except VehicleError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "行车记录已登记，待车队核查。")
            return redirect("vehicles:trips")
    return render(request, "vehicles/trip_form.html", {"form": form, "assignment": assignment})


@require_POST
def trip_check(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    trip = selectors.trip_for_viewer(viewer, pk)
    try:
        services.trip_check(trip=trip, acting_user=request.user)
    except VehicleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "行车记录已核查，本次出车结束。")
    return redirect("vehicles:queue")


# --- 车辆月报 -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest) -> HttpResponse:
    """The month's 车辆月报 (this month by default), through 报表导出: a large one is a job."""
    viewer = viewer_for(request.user)
    if not VehicleMonthReport().may_run(viewer):
        raise PermissionDenied("只有车队、政工科和主任可以下载车辆月报。")
    first = calendar.month_param(request.GET.get("month"), timezone.localdate())
    params = Params(*calendar.month_bounds(first.year, first.month))
    return report_download(request, VehicleMonthReport.slug, params=params)
