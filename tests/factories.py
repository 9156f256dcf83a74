import datetime as dt
from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model

from office.demo import demo_unit
from office.models import Section, Staff, Unit

PASSWORD = "Kaoqin#2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"u{n:05d}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"第{n}局")
    short_name = factory.SelfAttribute("name")
    order = factory.Sequence(lambda n: n + 1)


class SectionFactory(factory.django.DjangoModelFactory):
    """A section of the one office unit unless a ``unit`` is given."""

    class Meta:
        model = Section

    unit = factory.LazyFunction(demo_unit)
    name = factory.Sequence(lambda n: f"第{n}科")
    order = factory.Sequence(lambda n: n)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    staff_no = factory.Sequence(lambda n: f"S{n:05d}")
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..staff_no"))
    name = factory.Sequence(lambda n: f"职工{n}")
    section = factory.SubFactory(SectionFactory)
    position = "科员"
    work_start_date = dt.date(2015, 7, 1)
    hire_date = dt.date(2015, 7, 1)


@dataclass
class UnitPeople:
    """A second unit with the same roles as the ``org`` fixture's: its head, its 政工科, its
    督导小组 member, a chief and a member of a section (``role`` is granted as in ``org``)."""

    unit: Unit
    section: Section
    director: Staff
    personnel: Staff
    inspector: Staff
    chief: Staff
    staff: Staff


def unit_with_roles(name: str = "市发展和改革委员会", short_name: str = "市发改委") -> UnitPeople:
    from office import roles
    from office.services import role_grant, section_set_leaders

    unit = UnitFactory(name=name, short_name=short_name)
    leadership = SectionFactory(unit=unit, name=f"{short_name}委领导")
    section = SectionFactory(unit=unit, name=f"{short_name}综合科")
    people = UnitPeople(
        unit=unit,
        section=section,
        director=StaffFactory(section=leadership, name=f"{short_name}主任"),
        personnel=StaffFactory(section=section, name=f"{short_name}政工"),
        inspector=StaffFactory(section=section, name=f"{short_name}督导"),
        chief=StaffFactory(section=section, name=f"{short_name}科长"),
        staff=StaffFactory(section=section, name=f"{short_name}职员"),
    )
    role_grant(staff=people.director, role=roles.DIRECTOR, acting_user=None)
    role_grant(staff=people.personnel, role=roles.PERSONNEL, acting_user=None)
    role_grant(staff=people.inspector, role=roles.INSPECTOR, acting_user=None)
    section_set_leaders(section=leadership, chief=people.director, deputy=None, acting_user=None)
    section_set_leaders(section=section, chief=people.chief, deputy=None, acting_user=None)
    return people


def many_staff(section: Section, count: int, prefix: str = "8") -> list[Staff]:
    """``count`` people of ``section`` made in bulk (one password hash for all), for the tests
    that show a query count does not grow with the number of people."""
    from django.contrib.auth.hashers import make_password

    hashed = make_password(PASSWORD)
    numbers = [f"{prefix}{n:05d}" for n in range(count)]
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=number, password=hashed) for number in numbers
    )
    return Staff.objects.bulk_create(
        Staff(user=user, staff_no=number, name=f"职工{number}", section=section)
        for user, number in zip(users, numbers, strict=True)
    )
