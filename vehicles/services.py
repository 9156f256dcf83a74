"""公务用车 writes: the fleet, 用车申请 (approval is office.approvals'), 派车 and 行车记录.

Dispatch and trip logging lock the vehicle and driver rows before they look for a clash, so
two 车队 clicks at the same instant give one booking and one clear refusal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from office import calendar, config, roles
from office.approvals.models import ApprovalStatus
from office.approvals.services import ApprovalError, approval_start
from office.audit import records_actor
from office.models import Section, Staff
from office.notifications import notify
from office.org import Viewer, approval_chain, viewer_for
from office.text import length_refusal
from vehicles.access import grants_motor_pool, pools_section
from vehicles.errors import VehicleError
from vehicles.models import Driver, Trip, Vehicle, VehicleRequest

# --- the fleet -----------------------------------------------------------------------------------


def _set_group(staff: Staff, role: str, member: bool) -> None:
    group = Group.objects.get_or_create(name=role)[0]
    if member:
        staff.user.groups.add(group)
    else:
        staff.user.groups.remove(group)


def _require_pool(viewer: Viewer, section_id: int) -> None:
    if not pools_section(viewer, section_id):
        raise VehicleError("只有本单位车队可以管理车辆和驾驶员。")


@records_actor
@transaction.atomic
def vehicle_create(
    *,
    plate: str,
    kind: str,
    seats: int,
    section: Section,
    acting_user: AbstractBaseUser,
) -> Vehicle:
    viewer = viewer_for(acting_user)
    _require_pool(viewer, section.pk)
    plate = plate.strip().upper()
    if not plate:
        raise VehicleError("请填写车牌号。")
    if refusal := length_refusal(Vehicle, plate=plate):
        raise VehicleError(refusal)
    if not 1 <= seats <= 60:
        raise VehicleError("座位数应在 1～60 之间。")
    if Vehicle.objects.filter(plate=plate).exists():
        raise VehicleError(f"车牌号{plate}已登记，不能重复添加。")
    return Vehicle.objects.create(plate=plate, kind=kind, seats=seats, section=section)


@records_actor
@transaction.atomic
def vehicle_set_status(*, vehicle: Vehicle, status: str, acting_user: AbstractBaseUser) -> Vehicle:
    viewer = viewer_for(acting_user)
    _require_pool(viewer, vehicle.section_id)
    if status not in Vehicle.Status.values:
        raise VehicleError("没有这种车辆状态。")
    vehicle.status = status
    vehicle.save(update_fields=["status"])
    return vehicle


@records_actor
@transaction.atomic
def driver_add(*, staff: Staff, acting_user: AbstractBaseUser) -> Driver:
    viewer = viewer_for(acting_user)
    _require_pool(viewer, staff.section_id)
    if staff.status == Staff.Status.LEFT:
        raise VehicleError(f"{staff.name}已离职，不能登记为驾驶员。")
    driver, created = Driver.objects.get_or_create(staff=staff)
    if not created and driver.active:
        raise VehicleError(f"{staff.name}已是驾驶员。")
    if not created:
        driver.active = True
        driver.save(update_fields=["active"])
    _set_group(staff, roles.DRIVER, True)
    return driver


@records_actor
@transaction.atomic
def driver_set_active(*, driver: Driver, active: bool, acting_user: AbstractBaseUser) -> Driver:
    viewer = viewer_for(acting_user)
    _require_pool(viewer, driver.staff.section_id)
    driver.active = active
    driver.save(update_fields=["active"])
    _set_group(driver.staff, roles.DRIVER, active)
    return driver


@records_actor
@transaction.atomic
def motor_pool_grant(*, staff: Staff, grant: bool, acting_user: AbstractBaseUser) -> None:
    """政工科 gives (or takes back) the 车队 role, in its own unit; the group keeps history."""
    viewer = viewer_for(acting_user)
    if not grants_motor_pool(viewer) or not viewer.unit_has_section(staff.section_id):
        raise VehicleError("只有本单位政工科可以设置车队人员。")
    _set_group(staff, roles.MOTOR_POOL, grant)


# --- 用车申请 -------------------------------------------------------------------------------------


def _is_leader(staff: Staff) -> bool:
    return (
        Section.objects.filter(deputy=staff).exists()
        or staff.user.groups.filter(name=roles.DIRECTOR).exists()
    )


def vehicle_request_chain(request_obj: VehicleRequest) -> list[Staff]:
    """A person's request goes to their chief (a chief's to the deputy director, a deputy's to
    the director: the one-level chain); a leader's own, by the unit's setting, either that way
    or recorded without approval (报备). The director's own is always recorded."""
    applicant = request_obj.applicant
    rule = config.get("vehicle_leader_chain", section_id=applicant.section_id)
    if rule == "record" and _is_leader(applicant):
        return []
    return approval_chain(applicant, 0.5, is_leave=False)


def _motor_pool_user_ids(unit_id: int) -> list[int]:
    return list(
        Staff.objects.filter(
            user__groups__name=roles.MOTOR_POOL, section__unit_id=unit_id
        ).values_list("user_id", flat=True)
    )


def vehicle_request_on_approved(
    request_obj: VehicleRequest, *, acting_user: AbstractBaseUser | None
) -> None:
    notify(
        user_ids=_motor_pool_user_ids(request_obj.applicant.section.unit_id),
        title=f"待派车：{request_obj.applicant.name}的用车申请",
        body=str(request_obj),
        url=request_obj.get_absolute_url(),
        acting_user=acting_user,
    )


def vehicle_request_on_cancelled(
    request_obj: VehicleRequest, *, acting_user: AbstractBaseUser | None
) -> None:
    """A cancelled request frees its car and driver, unless the trip has been logged."""
    if Trip.objects.filter(request=request_obj).exists():
        raise ApprovalError("该用车申请已有行车记录，不能撤销。")


@records_actor
def vehicle_request_create(
    *,
    acting_user: AbstractBaseUser,
    start: dt.datetime,
    end: dt.datetime,
    origin: str,
    destination: str,
    purpose: str,
    passengers: int,
) -> VehicleRequest:
    actor = acting_user.staff
    origin, destination, purpose = origin.strip(), destination.strip(), purpose.strip()
    if end <= start:
        raise VehicleError("用车结束时间必须晚于开始时间。")
    if not (origin and destination and purpose):
        raise VehicleError("请填写出发地、目的地和事由。")
    if not 1 <= passengers <= 60:
        raise VehicleError("乘车人数应在 1～60 之间。")
    refusal = (
        calendar.date_refusal(start, "用车开始时间")
        or calendar.date_refusal(end, "用车结束时间")
        or length_refusal(VehicleRequest, origin=origin, destination=destination, purpose=purpose)
    )
    if refusal:
        raise VehicleError(refusal)
    with transaction.atomic():
        # Lock the person so a double tap cannot file the same request twice.
        Staff.objects.select_for_update().filter(pk=actor.pk).first()
        if VehicleRequest.objects.filter(
            applicant=actor,
            status__in=[ApprovalStatus.PENDING, ApprovalStatus.APPROVED],
            start__lt=end,
            end__gt=start,
        ).exists():
            raise VehicleError("这段时间您已有用车申请（审批中或已批准），请勿重复提交。")
        request_obj = VehicleRequest.objects.create(
            applicant=actor,
            start=start,
            end=end,
            origin=origin,
            destination=destination,
            purpose=purpose,
            passengers=passengers,
        )
        approval_start(request_obj=request_obj, acting_user=acting_user)
    return request_obj


def dispatch_refusal(viewer: Viewer, request_obj: VehicleRequest) -> str | None:
    """Why ``viewer`` may not 派车 for the request now, or None."""
    if not pools_section(viewer, request_obj.applicant.section_id):
        return "只有本单位车队可以派车。"
    if request_obj.status != ApprovalStatus.APPROVED:
        return f"该用车申请{request_obj.get_status_display()}，批准后才能派车。"
    if request_obj.is_dispatched:
        return "该用车申请已派车。"
    return None


def _clash(rows: object, request_obj: VehicleRequest) -> VehicleRequest | None:
    return (
        rows.filter(
            status=ApprovalStatus.APPROVED, start__lt=request_obj.end, end__gt=request_obj.start
        )
        .exclude(pk=request_obj.pk)
        .first()
    )


@records_actor
def vehicle_request_dispatch(
    *,
    request_obj: VehicleRequest,
    vehicle: Vehicle,
    driver: Driver,
    acting_user: AbstractBaseUser,
) -> VehicleRequest:
    """派车: give an approved request a car and a driver, neither booked in the same hours."""
    viewer = viewer_for(acting_user)
    with transaction.atomic():
        # The request row only (not its applicant's): the car and driver locks below are what
        # keep two dispatches apart.
        locked = (
            VehicleRequest.objects.select_for_update(of=("self",))
            .select_related("applicant__section")
            .get(pk=request_obj.pk)
        )
        if refusal := dispatch_refusal(viewer, locked):
            raise VehicleError(refusal)
        # Lock the car, then the driver (always in this order): a second dispatch of either
        # waits here and then sees the first one's booking.
        vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
        driver = Driver.objects.select_for_update().select_related("staff").get(pk=driver.pk)
        if not viewer.unit_has_section(vehicle.section_id):
            raise VehicleError("只能派本单位的车辆。")
        if vehicle.status != Vehicle.Status.AVAILABLE:
            raise VehicleError(f"{vehicle.plate}当前{vehicle.get_status_display()}，不能派车。")
        if not driver.active or not viewer.unit_has_section(driver.staff.section_id):
            raise VehicleError(f"{driver.staff.name}不是本单位在岗驾驶员，不能派车。")
        if locked.passengers > vehicle.seats - 1:
            raise VehicleError(
                f"{vehicle.plate}只有{vehicle.seats}座，坐不下{locked.passengers}位乘车人，请换车。"
            )
        if clash := _clash(VehicleRequest.objects.filter(vehicle=vehicle), locked):
            raise VehicleError(f"{vehicle.plate}在这段时间已派给{clash}，不能重复派车。")
        if clash := _clash(VehicleRequest.objects.filter(driver=driver), locked):
            raise VehicleError(
                f"驾驶员{driver.staff.name}在这段时间已有出车任务（{clash}），不能重复派车。"
            )
        locked.vehicle, locked.driver = vehicle, driver
        locked.dispatched_at = timezone.now()
        locked.dispatched_by = viewer.staff
        locked.save(update_fields=["vehicle", "driver", "dispatched_at", "dispatched_by"])
        notify(
            user_ids=[locked.applicant.user_id, driver.staff.user_id],
            title=f"已派车：{vehicle.plate}，驾驶员{driver.staff.name}",
            body=str(locked),
            url=locked.get_absolute_url(),
            acting_user=acting_user,
        )
    return locked


# --- 行车记录 -------------------------------------------------------------------------------------


def _trip_refusal(
    *,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    start_km: int,
    end_km: int,
    destination: str,
    route: str,
    fuel_cost: Decimal,
    toll_cost: Decimal,
    off_hours_reason: str,
) -> str | None:
    if ended_at <= started_at:
        return "收车时间必须晚于出车时间。"
    if ended_at > timezone.now():
        return "收车时间不能晚于现在，请在收车后再登记。"
    if end_km < start_km:
        return f"收车里程（{end_km}公里）不能小于出车里程（{start_km}公里）。"
    if not destination or not route:
        return "请填写目的地和行驶路线。"
    if fuel_cost < 0 or toll_cost < 0:
        return "油费和通行费不能为负数。"
    return calendar.date_refusal(started_at, "出车时间") or length_refusal(
        Trip, destination=destination, route=route, off_hours_reason=off_hours_reason
    )


def _odometer_refusal(
    vehicle: Vehicle, started_at: dt.datetime, start_km: int, end_km: int
) -> str | None:
    """The car's odometer never runs backwards: this trip starts at or after the previous
    trip's end reading and ends at or before the next one's start reading."""
    trips = Trip.objects.filter(vehicle=vehicle)
    before = trips.filter(started_at__lt=started_at).order_by("-started_at").first()
    if before is not None and start_km < before.end_km:
        return (
            f"出车里程{start_km}公里小于该车上一次收车里程{before.end_km}公里"
            f"（{timezone.localtime(before.ended_at):%m月%d日 %H:%M}），里程表不会倒退，请核对。"
        )
    after = trips.filter(started_at__gte=started_at).order_by("started_at").first()
    if after is not None and end_km > after.start_km:
        return (
            f"收车里程{end_km}公里大于该车下一次出车里程{after.start_km}公里"
            f"（{timezone.localtime(after.started_at):%m月%d日 %H:%M}），请核对。"
        )
    return None


@records_actor
def trip_record(
    *,
    acting_user: AbstractBaseUser,
    request_obj: VehicleRequest | None,
    vehicle: Vehicle | None,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    start_km: int,
    end_km: int,
    destination: str,
    route: str,
    fuel_cost: Decimal = Decimal(0),
    toll_cost: Decimal = Decimal(0),
    off_hours_reason: str = "",
) -> Trip:
    """The driver logs a trip: for a request dispatched to them, or (an errand nobody asked
    for) with a car of their unit, which the checks then report."""
    actor = acting_user.staff
    destination, route = destination.strip(), route.strip()
    off_hours_reason = off_hours_reason.strip()
    if refusal := _trip_refusal(
        started_at=started_at,
        ended_at=ended_at,
        start_km=start_km,
        end_km=end_km,
        destination=destination,
        route=route,
        fuel_cost=fuel_cost,
        toll_cost=toll_cost,
        off_hours_reason=off_hours_reason,
    ):
        raise VehicleError(refusal)
    with transaction.atomic():
        driver = Driver.objects.select_for_update().filter(staff=actor, active=True).first()
        if driver is None:
            raise VehicleError("只有在岗驾驶员可以登记行车记录。")
        if request_obj is not None:
            request_obj = VehicleRequest.objects.select_for_update().get(pk=request_obj.pk)
            if request_obj.driver_id != driver.pk:
                raise VehicleError("这次用车没有派给您，不能登记。")
            if Trip.objects.filter(request=request_obj).exists():
                raise VehicleError("这次用车已登记行车记录，无需重复登记。")
            vehicle = request_obj.vehicle
        if vehicle is None:
            raise VehicleError("请选择车辆。")
        # The car's row lock orders every log of the car, so two readings cannot cross.
        vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
        if not Staff.objects.filter(pk=actor.pk, section__unit_id=vehicle.section.unit_id).exists():
            raise VehicleError("只能登记本单位车辆的行车记录。")
        if Trip.objects.filter(
            vehicle=vehicle, started_at__lt=ended_at, ended_at__gt=started_at
        ).exists():
            raise VehicleError(f"{vehicle.plate}在这段时间已有行车记录，请核对时间。")
        if refusal := _odometer_refusal(vehicle, started_at, start_km, end_km):
            raise VehicleError(refusal)
        return Trip.objects.create(
            request=request_obj,
            vehicle=vehicle,
            driver=driver,
            started_at=started_at,
            ended_at=ended_at,
            start_km=start_km,
            end_km=end_km,
            destination=destination,
            route=route,
            fuel_cost=fuel_cost,
            toll_cost=toll_cost,
            off_hours_reason=off_hours_reason,
        )


def trip_check_refusal(viewer: Viewer, trip: Trip) -> str | None:
    if not pools_section(viewer, trip.vehicle.section_id):
        return "只有本单位车队可以核查行车记录。"
    if trip.status == Trip.Status.CHECKED:
        return "该行车记录已核查。"
    return None


@records_actor
def trip_check(*, trip: Trip, acting_user: AbstractBaseUser) -> Trip:
    """车队 checks the log against the car and the receipts: the trip is closed."""
    viewer = viewer_for(acting_user)
    with transaction.atomic():
        locked = (
            Trip.objects.select_for_update(of=("self",)).select_related("vehicle").get(pk=trip.pk)
        )
        if refusal := trip_check_refusal(viewer, locked):
            raise VehicleError(refusal)
        locked.status = Trip.Status.CHECKED
        locked.checked_by = viewer.staff
        locked.checked_at = timezone.now()
        locked.save(update_fields=["status", "checked_by", "checked_at"])
    return locked
