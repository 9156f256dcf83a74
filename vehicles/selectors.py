"""Reads for the 公务用车 pages, with who-may-see-what applied here. None writes."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from office.approvals.models import ApprovalStatus
from office.approvals.selectors import may_see
from office.models import Staff
from office.org import Viewer
from vehicles.access import pools_section, runs_motor_pool
from vehicles.models import Driver, Trip, Vehicle, VehicleRequest

REQUEST_RELATED = ("applicant__section", "vehicle", "driver__staff")


def my_requests(staff: Staff) -> QuerySet[VehicleRequest]:
    return VehicleRequest.objects.filter(applicant=staff).select_related(*REQUEST_RELATED)


def request_for_viewer(viewer: Viewer, pk: int) -> VehicleRequest:
    """A request its applicant, who sees the applicant, an approver (or their delegate), the
    unit's 车队 or the driver sent may open; 404 for anyone else."""
    obj = VehicleRequest.objects.select_related(*REQUEST_RELATED).filter(pk=pk).first()
    if obj is None or not (
        pools_section(viewer, obj.applicant.section_id)
        or (obj.driver_id and viewer.staff and obj.driver.staff_id == viewer.staff.pk)
        or may_see(viewer, obj)
    ):
        raise Http404("没有找到该用车申请，或您无权查看。")
    return obj


def unit_vehicles(viewer: Viewer) -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(viewer.unit_filter("section__")).select_related("section")


def unit_drivers(viewer: Viewer) -> QuerySet[Driver]:
    return Driver.objects.filter(viewer.unit_filter("staff__section__")).select_related(
        "staff__section"
    )


def vehicle_for_pool(viewer: Viewer, pk: int) -> Vehicle:
    vehicle = Vehicle.objects.filter(pk=pk).first()
    if vehicle is None or not pools_section(viewer, vehicle.section_id):
        raise Http404("没有找到这辆车，或您无权管理。")
    return vehicle


def driver_for_pool(viewer: Viewer, pk: int) -> Driver:
    driver = Driver.objects.select_related("staff").filter(pk=pk).first()
    if driver is None or not pools_section(viewer, driver.staff.section_id):
        raise Http404("没有找到这位驾驶员，或您无权管理。")
    return driver


def motor_pool_people(viewer: Viewer) -> QuerySet[Staff]:
    from office import roles

    return Staff.objects.filter(
        viewer.unit_filter("section__"), user__groups__name=roles.MOTOR_POOL
    ).select_related("section")


def dispatch_queue(viewer: Viewer) -> QuerySet[VehicleRequest]:
    """Approved requests of the 车队's unit with no car yet, soonest first."""
    if not runs_motor_pool(viewer):
        return VehicleRequest.objects.none()
    return (
        VehicleRequest.objects.filter(
            viewer.unit_filter("applicant__section__"),
            status=ApprovalStatus.APPROVED,
            vehicle__isnull=True,
            end__gte=timezone.now() - dt.timedelta(days=7),
        )
        .select_related(*REQUEST_RELATED)
        .order_by("start", "pk")
    )


def trips_to_check(viewer: Viewer) -> QuerySet[Trip]:
    if not runs_motor_pool(viewer):
        return Trip.objects.none()
    return trips_visible(viewer).filter(status=Trip.Status.RECORDED).order_by("started_at", "pk")


def trips_visible(viewer: Viewer) -> QuerySet[Trip]:
    """The 车队 sees its unit's trips; a driver their own."""
    if runs_motor_pool(viewer):
        rows = Trip.objects.filter(viewer.unit_filter("vehicle__section__"))
    elif viewer.staff is not None:
        rows = Trip.objects.filter(driver__staff=viewer.staff)
    else:
        rows = Trip.objects.none()
    return rows.select_related("vehicle", "driver__staff", "request__applicant")


def trip_for_viewer(viewer: Viewer, pk: int) -> Trip:
    trip = trips_visible(viewer).filter(pk=pk).first()
    if trip is None:
        raise Http404("没有找到该行车记录，或您无权查看。")
    return trip


def driver_of(staff: Staff | None) -> Driver | None:
    if staff is None:
        return None
    return Driver.objects.filter(staff=staff, active=True).first()


def assignments_to_log(driver: Driver) -> QuerySet[VehicleRequest]:
    """Requests dispatched to the driver with no trip logged yet."""
    return (
        VehicleRequest.objects.filter(
            driver=driver, status=ApprovalStatus.APPROVED, trip__isnull=True
        )
        .select_related(*REQUEST_RELATED)
        .order_by("start", "pk")
    )


def assignment_for_driver(driver: Driver | None, pk: int) -> VehicleRequest:
    obj = None if driver is None else assignments_to_log(driver).filter(Q(pk=pk)).first()
    if obj is None:
        raise Http404("没有找到派给您的这次用车。")
    return obj
