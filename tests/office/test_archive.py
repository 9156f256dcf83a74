"""Stored exports of closed months (office.archive): built while open, stored once when closed,
the same bytes ever after, a changed file refused, superseded (and kept) on reopen."""

import datetime as dt
import hashlib

import pytest

from attendance.services.closing import month_reopen
from office.archive import ArchiveTampered, MonthArchive, archived_export
from tests.attendance.conftest import at, close_month
from tests.factories import unit_with_roles


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def december():
    import time_machine

    with time_machine.travel(at(dt.date(2026, 12, 2), 10, 0), tick=False):
        yield


class Builder:
    """A test export: different bytes on every build, so a served copy shows where it came from."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> tuple[str, bytes]:
        self.calls += 1
        return "综合科2026年11月考勤月报.xlsx", f"第{self.calls}次生成".encode()


def download(org, build, key="综合科"):
    return archived_export(org.section.unit_id, 2026, 11, "attendance_month", key, build)


def test_an_open_month_is_built_every_time_and_nothing_is_stored(org, december):
    build = Builder()
    assert download(org, build)[1] != download(org, build)[1]
    assert build.calls == 2
    assert not MonthArchive.objects.exists()


def test_a_closed_month_is_stored_once_and_served_byte_identical(org, december):
    close_month(org)
    build = Builder()
    name, first = download(org, build)
    _, second = download(org, build)
    assert build.calls == 1
    assert second == first
    assert hashlib.sha256(second).hexdigest() == hashlib.sha256(first).hexdigest()
    archive = MonthArchive.objects.get()
    assert archive.sha256 == hashlib.sha256(first).hexdigest()
    assert archive.size == len(first)
    assert name == archive.filename == "综合科2026年11月考勤月报.xlsx"


def test_each_kind_and_key_is_its_own_file(org, december):
    close_month(org)
    build = Builder()
    download(org, build, key="综合科")
    download(org, build, key="行政科")
    assert build.calls == 2
    assert MonthArchive.objects.count() == 2


def test_a_changed_file_is_refused_not_rebuilt(org, december):
    close_month(org)
    build = Builder()
    download(org, build)
    archive = MonthArchive.objects.get()
    with open(archive.file.path, "wb") as handle:
        handle.write("改过的内容".encode())
    with pytest.raises(ArchiveTampered, match="校验不一致"):
        download(org, build)
    assert build.calls == 1


def test_reopening_supersedes_the_stored_file_and_the_next_close_stores_anew(org, december):
    close = close_month(org)
    build = Builder()
    _, before = download(org, build)
    month_reopen(close=close, reason="补录病假", acting_user=org.personnel.user)
    _, while_open = download(org, build)
    assert while_open != before  # built afresh while the month is open again
    close_month(org)
    _, after = download(org, build)
    assert after == download(org, build)[1]
    assert after not in (before, while_open)
    old, new = MonthArchive.objects.order_by("pk")
    assert old.superseded_at is not None and new.superseded_at is None
    with old.file.open("rb") as handle:  # the file handed out before is kept
        assert handle.read() == before


def test_another_units_close_does_not_store_this_units_export(org, december):
    other = unit_with_roles()
    close_month(org)
    build = Builder()
    archived_export(other.unit.pk, 2026, 11, "attendance_month", "", build)
    archived_export(other.unit.pk, 2026, 11, "attendance_month", "", build)
    assert build.calls == 2
    assert not MonthArchive.objects.filter(unit=other.unit).exists()


def test_the_admin_shows_stored_files_and_changes_none(org, december):
    from django.urls import reverse

    from tests.conftest import login

    close_month(org)
    download(org, Builder())
    archive = MonthArchive.objects.get()
    client = login(org.admin)
    assert client.get(reverse("admin:office_montharchive_changelist")).status_code == 200
    assert client.get(reverse("admin:office_montharchive_add")).status_code == 403
    url = reverse("admin:office_montharchive_change", args=[archive.pk])
    assert b'name="sha256"' not in client.get(url).content
    assert client.post(url, {"sha256": "0" * 64}).status_code == 403
    archive.refresh_from_db()
    assert archive.sha256 != "0" * 64
