"""Every state change of the inspections app; views, tasks and tests call these only."""

from inspections.services.errors import InspectionError
from inspections.services.notices import notice_compile, notice_publish, notice_update

__all__ = ["InspectionError", "notice_compile", "notice_publish", "notice_update"]
