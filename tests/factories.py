import datetime as dt

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
