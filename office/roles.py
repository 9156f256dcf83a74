"""Roles (PRODUCT.md §2) are auth groups; this module names them once.

A unit role (主任, 分管主任, 政工科, 督导小组, 管理员 …) holds in the holder's own unit, the unit
of their section; the city roles carry no unit and reach every unit. A superuser is a city
administrator. ``office.org.Viewer`` turns both into scope answers.

科长 and 分管主任 also follow from Section.chief / Section.deputy, which say *whose* chief a person
is; the groups say *what* a person may use. ``section_set_leaders`` keeps the two in step.
"""

from django.contrib.auth.models import Group, Permission

STAFF = "干部职工"
CHIEF = "科长"
DEPUTY = "分管主任"
DIRECTOR = "主任"
PERSONNEL = "政工科"
INSPECTOR = "督导小组"
ADMIN = "管理员"
MOTOR_POOL = "车队"
# Kept in step with vehicles.Driver.active by the vehicles services, so the menu knows a driver
# without a query.
DRIVER = "驾驶员"
CITY_INSPECTOR = "市级督查"
CITY_LEADER = "市级领导"
CITY_ADMIN = "市级管理员"

CITY = [CITY_INSPECTOR, CITY_LEADER, CITY_ADMIN]
ALL = [STAFF, CHIEF, DEPUTY, DIRECTOR, PERSONNEL, INSPECTOR, ADMIN, MOTOR_POOL, DRIVER, *CITY]

# Model permissions each role's group carries ("app_label.codename"). Apps add theirs here so
# one table tells who may do what; views still check the object as well.
PERMISSIONS: dict[str, list[str]] = {
    STAFF: [],
    CHIEF: [],
    DEPUTY: [],
    DIRECTOR: [],
    PERSONNEL: [
        "office.view_staff",
        "office.add_staff",
        "office.change_staff",
        "office.view_section",
        "office.change_section",
        "office.view_calendarday",
        "office.add_calendarday",
        "office.change_calendarday",
        "office.view_setting",
        "office.change_setting",
    ],
    INSPECTOR: [],
    ADMIN: [],
    MOTOR_POOL: [],
    DRIVER: [],
    CITY_INSPECTOR: [],
    CITY_LEADER: [],
    CITY_ADMIN: [],
}


def ensure_groups() -> dict[str, Group]:
    """Create the role groups and give them their permissions (idempotent)."""
    groups = {}
    for name in ALL:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in PERMISSIONS.get(name, []):
            app_label, codename = dotted.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
        groups[name] = group
    return groups
