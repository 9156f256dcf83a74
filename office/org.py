"""Who approves whom, and who may see what. Every app asks here; nobody re-derives it.

``Viewer`` is built once per request (``viewer_for``) with one query for the user's groups and
one for the sections they lead or supervise; after that every check is in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from office import roles
from office.models import Section, Staff

T = TypeVar("T")


@dataclass(frozen=True)
class Viewer:
    """What one signed-in user is in the organisation.

    Unit roles (主任, 政工科, 督导小组, 管理员) reach only the viewer's own unit, the unit of their
    section (``unit_section_ids`` lists its sections); city roles and superusers reach every unit.
    Chiefs and deputies reach the sections they lead (``Section.chief`` / ``Section.deputy``).
    """

    user_id: int | None
    staff: Staff | None
    groups: frozenset[str] = frozenset()
    led_section_ids: frozenset[int] = frozenset()
    supervised_section_ids: frozenset[int] = frozenset()
    is_superuser: bool = False
    unit_id: int | None = None
    unit_section_ids: frozenset[int] = frozenset()
    # What a request shows in more than one place (the 待我审批 badge), computed once: a Viewer
    # lives as long as its user object, one request (``viewer_for``).
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def has_role(self, role: str) -> bool:
        if role == roles.ADMIN and (self.is_superuser or roles.CITY_ADMIN in self.groups):
            return True
        if role == roles.CHIEF and self.led_section_ids:
            return True
        if role == roles.DEPUTY and self.supervised_section_ids:
            return True
        if role == roles.STAFF and self.staff is not None:
            return True
        return role in self.groups

    @property
    def is_city(self) -> bool:
        """Holds a city role (or is a superuser): no unit limits what they reach."""
        return self.is_superuser or any(role in self.groups for role in roles.CITY)

    @property
    def is_chief(self) -> bool:
        return self.has_role(roles.CHIEF)

    @property
    def is_deputy(self) -> bool:
        return self.has_role(roles.DEPUTY)

    @property
    def is_director(self) -> bool:
        return self.has_role(roles.DIRECTOR)

    @property
    def is_personnel(self) -> bool:
        return self.has_role(roles.PERSONNEL)

    @property
    def is_inspector(self) -> bool:
        return self.has_role(roles.INSPECTOR)

    @property
    def is_admin(self) -> bool:
        return self.has_role(roles.ADMIN)

    @property
    def other_roles(self) -> list[str]:
        """The roles the home page's badges name besides the unit ones: 车队, 驾驶员, the city's."""
        return [r for r in (roles.MOTOR_POOL, roles.DRIVER, *roles.CITY) if r in self.groups]

    @property
    def is_city_inspector(self) -> bool:
        return self.has_role(roles.CITY_INSPECTOR)

    @property
    def is_city_leader(self) -> bool:
        return self.has_role(roles.CITY_LEADER)

    @property
    def runs_inspections(self) -> bool:
        """督导小组 and 管理员 (in their unit), 市级督查 (everywhere) record findings, compile
        notices and edit the checklist; ``inspects_unit`` says where."""
        return self.is_inspector or self.is_admin or self.is_city_inspector

    def inspects_unit(self, unit_id: int | None) -> bool:
        """May record findings in ``unit_id``: a unit's 督导小组 in its own unit, city roles in all."""
        return self.runs_inspections and (self.is_city or unit_id == self.unit_id)

    def inspects_section(self, section_id: int) -> bool:
        return self.runs_inspections and self.unit_has_section(section_id)

    @property
    def sees_whole_unit(self) -> bool:
        """主任, 政工科 and 管理员 see every section's attendance and leave in their unit;
        市级领导 and 市级管理员 in every unit."""
        return self.is_director or self.is_personnel or self.is_admin or self.is_city_leader

    @property
    def managed_section_ids(self) -> frozenset[int]:
        """Sections whose people this user manages as chief or deputy director."""
        return self.led_section_ids | self.supervised_section_ids

    def unit_has_section(self, section_id: int | None) -> bool:
        """The section lies in what the viewer's roles reach: their unit, or any for city roles."""
        return self.is_city or section_id in self.unit_section_ids

    def unit_filter(self, prefix: str = "") -> Q:
        """A Q limiting rows to the viewer's unit; ``prefix`` leads to a Section (``""`` on
        Section, ``"section__"`` on Staff, ``"staff__section__"`` on a person's rows). Empty for
        city roles; matches nothing for an account without a unit."""
        if self.is_city:
            return Q()
        if self.unit_id is None:
            return Q(pk__in=[])
        return Q(**{f"{prefix}unit_id": self.unit_id})

    def staff_filter(self, prefix: str = "") -> Q:
        """A Q on Staff (or on a model via ``prefix``, e.g. "staff__") limiting to what this
        user may see: their unit, their managed sections plus themselves, or only themselves."""
        if self.sees_whole_unit:
            return self.unit_filter(f"{prefix}section__")
        own = Q(**{f"{prefix}pk": self.staff.pk}) if self.staff else Q(pk__in=[])
        if self.managed_section_ids:
            return own | Q(**{f"{prefix}section_id__in": self.managed_section_ids})
        return own

    def can_see_staff(self, staff: Staff) -> bool:
        if self.staff and staff.pk == self.staff.pk:
            return True
        return self.oversees_section(staff.section_id)

    def can_see_section(self, section_id: int) -> bool:
        return self.oversees_section(section_id) or (
            self.staff is not None and self.staff.section_id == section_id
        )

    def oversees_section(self, section_id: int) -> bool:
        """Sees every person of the section: 主任, 政工科, 管理员 of its unit and its chief or
        deputy."""
        if self.sees_whole_unit and self.unit_has_section(section_id):
            return True
        return section_id in self.managed_section_ids

    def can_manage_section(self, section_id: int) -> bool:
        """Chiefs manage their own section, deputies the sections they supervise."""
        if self.is_admin and self.unit_has_section(section_id):
            return True
        return section_id in self.managed_section_ids


def viewer_for(user: AbstractBaseUser | AnonymousUser) -> Viewer:
    if not user.is_authenticated:
        return Viewer(user_id=None, staff=None)
    cached = getattr(user, "_office_viewer", None)
    if cached is not None:
        return cached
    staff = Staff.objects.select_related("section").filter(user=user).first()
    if staff is not None:
        staff.user = user  # so ``user.staff`` (a service's actor) costs no query
    return _build_viewer(user, staff)


def acting_staff(request: HttpRequest) -> tuple[Viewer, Staff]:
    """The signed-in person and their Staff row, for pages that act as a person (apply, clock
    in, report); an account without one (a bare administrator) gets 403."""
    viewer = viewer_for(request.user)
    if viewer.staff is None:
        raise PermissionDenied("此账号未关联干部职工信息，不能使用此功能。")
    return viewer, viewer.staff


def viewer_for_staff(staff: Staff) -> Viewer:
    """What another person is in the organisation (their roles), e.g. to ask whose password
    may be reset: two queries (their groups, the sections they lead), none for the user when
    ``staff.user`` is already loaded."""
    user = staff.user
    cached = getattr(user, "_office_viewer", None)
    return cached if cached is not None else _build_viewer(user, staff)


def _build_viewer(user: AbstractBaseUser, staff: Staff | None) -> Viewer:
    """Two queries: the groups, then in one the person's own section (for their unit), the
    sections they lead or supervise and, unless a city role, every section of their unit."""
    groups = frozenset(user.groups.values_list("name", flat=True))
    is_city = user.is_superuser or any(role in groups for role in roles.CITY)
    rows: list[tuple[int, int, int | None, int | None]] = []
    if staff is not None:
        wanted = Q(pk=staff.section_id) | Q(chief=staff) | Q(deputy=staff)
        if not is_city:
            own_unit = Section.objects.filter(pk=staff.section_id).values("unit_id")
            wanted |= Q(unit_id__in=own_unit)
        rows = list(
            Section.objects.filter(wanted).values_list("pk", "unit_id", "chief_id", "deputy_id")
        )
    unit_id = next((u for pk, u, _, _ in rows if staff and pk == staff.section_id), None)
    led = {pk for pk, _, chief_id, _ in rows if staff and chief_id == staff.pk}
    supervised = {pk for pk, _, _, deputy_id in rows if staff and deputy_id == staff.pk}
    in_unit = {pk for pk, u, _, _ in rows if u == unit_id and not is_city}
    viewer = Viewer(
        user_id=user.pk,
        staff=staff,
        groups=groups,
        led_section_ids=frozenset(led),
        supervised_section_ids=frozenset(supervised),
        is_superuser=user.is_superuser,
        unit_id=unit_id,
        unit_section_ids=frozenset(in_unit),
    )
    user._office_viewer = viewer
    return viewer


def visible_staff(viewer: Viewer) -> QuerySet[Staff]:
    return Staff.objects.filter(viewer.staff_filter()).select_related("section")


def get_staff_for_viewer(viewer: Viewer, staff_id: int) -> Staff:
    """Fetch one person the viewer may see; 404 for everyone else (no existence leak)."""
    staff = Staff.objects.select_related("section", "user").filter(pk=staff_id).first()
    if staff is None or not viewer.can_see_staff(staff):
        raise Http404("没有找到这个人，或您无权查看。")
    return staff


# --- who approves whom -------------------------------------------------------------------------


def director(unit_id: int) -> Staff | None:
    """The unit's director (主任): the active member of the 主任 group in that unit."""
    return (
        Staff.objects.filter(user__groups__name=roles.DIRECTOR, section__unit_id=unit_id)
        .exclude(status=Staff.Status.LEFT)
        .order_by("pk")
        .first()
    )


def chief_of(staff: Staff) -> Staff | None:
    """The person's section chief, or None when they are the chief themselves."""
    chief_id = staff.section.chief_id
    if chief_id is None or chief_id == staff.pk:
        return None
    return staff.section.chief


def deputy_of(staff: Staff) -> Staff | None:
    """The deputy director in charge of the person's section (not themselves)."""
    deputy_id = staff.section.deputy_id
    if deputy_id is None or deputy_id == staff.pk:
        return None
    return staff.section.deputy


def chain_levels(
    days: float,
    *,
    is_chief: bool,
    chief_max_days: float,
    deputy_max_days: float,
    is_leave: bool = True,
) -> list[str]:
    """Pure rule (PRODUCT.md §3): which levels approve a request of ``days`` working days.

    ≤ chief_max: chief; ≤ deputy_max: chief, deputy; longer: chief, deputy, director.
    A chief's own leave goes to the deputy and then the director, whatever its length (the
    director has the final word on chiefs' leave); a chief's other requests (补卡, 外出, 加班:
    ``is_leave=False``) skip the chief level and stop at the deputy.
    """
    if is_chief and is_leave:
        return [roles.DEPUTY, roles.DIRECTOR]
    levels = [roles.CHIEF]
    if days > chief_max_days:
        levels.append(roles.DEPUTY)
    if days > deputy_max_days:
        levels.append(roles.DIRECTOR)
    if is_chief:
        levels = [level for level in levels if level != roles.CHIEF] or [roles.DEPUTY]
    return levels


def approval_chain(
    staff: Staff, days: float, config: dict | None = None, *, is_leave: bool = True
) -> list[Staff]:
    """The people who approve ``staff``'s request of ``days`` working days, in order.

    ``is_leave=False`` for the one-level requests (补卡, 外出, 加班), which a chief's own
    takes to the deputy alone; a chief's leave also goes on to the director.
    Missing posts are skipped, nobody approves their own request, and a person appears once.
    A deputy director's own request goes to the director; the director's own has no approver.
    The director is the one of the applicant's unit.
    """
    from office import config as config_module

    # The day limits of the applicant's unit.
    config = config or config_module.snapshot(section_id=staff.section_id)
    is_chief = Section.objects.filter(chief=staff).exists()
    is_deputy = Section.objects.filter(deputy=staff).exists()
    the_director = director(staff.section.unit_id)
    if is_deputy and not is_chief:
        candidates = [the_director]
    else:
        by_level = {
            roles.CHIEF: chief_of(staff),
            roles.DEPUTY: deputy_of(staff),
            roles.DIRECTOR: the_director,
        }
        levels = chain_levels(
            days,
            is_chief=is_chief or staff.section.chief_id == staff.pk,
            chief_max_days=config["chain_chief_max_days"],
            deputy_max_days=config["chain_deputy_max_days"],
            is_leave=is_leave,
        )
        candidates = [by_level[level] for level in levels]
        if not any(candidates) and the_director is not None:
            # No chief or deputy posted: the director decides rather than nobody.
            candidates = [the_director]
    chain: list[Staff] = []
    for person in candidates:
        if person is None or person.pk == staff.pk or any(p.pk == person.pk for p in chain):
            continue
        chain.append(person)
    return chain
