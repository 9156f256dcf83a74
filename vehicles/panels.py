"""The "我的" card: what waits for the 车队 (派车, 核查) and for a driver (trips to log)."""

from __future__ import annotations

from office import roles
from office.org import Viewer
from vehicles import selectors
from vehicles.access import runs_motor_pool


def vehicle_panel(viewer: Viewer) -> dict | None:
    """Two counts for the 车队, one for a driver; hidden for everyone else."""
    context = {}
    if runs_motor_pool(viewer) and viewer.staff is not None:
        context["to_dispatch"] = selectors.dispatch_queue(viewer).count()
        context["to_check"] = selectors.trips_to_check(viewer).count()
    # The 驾驶员 group follows Driver.active: ordinary staff cost no query here.
    driver = selectors.driver_of(viewer.staff) if roles.DRIVER in viewer.groups else None
    if driver is not None:
        context["to_log"] = selectors.assignments_to_log(driver).count()
    return context or None
