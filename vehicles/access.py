"""Who runs the motor pool where: the 车队 role holds in its holder's unit (an administrator
of the unit counts as one), like every unit role (office.org)."""

from __future__ import annotations

from office import roles
from office.org import Viewer


def runs_motor_pool(viewer: Viewer) -> bool:
    return viewer.has_role(roles.MOTOR_POOL) or viewer.is_admin


def pools_section(viewer: Viewer, section_id: int) -> bool:
    """Runs the motor pool of the unit the section belongs to."""
    return runs_motor_pool(viewer) and viewer.unit_has_section(section_id)


def grants_motor_pool(viewer: Viewer) -> bool:
    """政工科 (or an administrator) gives and takes the 车队 role, as it keeps the roster."""
    return viewer.is_personnel or viewer.is_admin
