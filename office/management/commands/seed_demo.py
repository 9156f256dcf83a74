"""python manage.py seed_demo: a demo office to log into (safe to run twice)."""

from __future__ import annotations

import datetime as dt
import importlib
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from office.assignment_services import assignments_sweep
from office.demo import CITY_LOGINS, DEMO_PASSWORD, LOGINS, seed_city, seed_office
from office.models import Staff

# Each app seeds its own demo records after the people exist, in this order: the layers from
# the bottom up (inspections checks the trips vehicles logged), then reading, beside them.
APP_SEEDS = ["attendance.demo", "leave.demo", "vehicles.demo", "inspections.demo", "reading.demo"]


class Command(BaseCommand):
    help = "建立演示数据：10个科室、80名干部职工、各角色演示账号（可重复运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="以哪一天为“今天”生成演示数据（YYYY-MM-DD，默认今天）",
        )
        parser.add_argument(
            "--city",
            action="store_true",
            help="再建两个单位（市发改委、市财政局）和市级督查、市级领导、市级管理员账号",
        )

    def handle(self, *_args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        created = seed_office(today=today)
        self.stdout.write(f"干部职工：新建 {created} 人，共 {Staff.objects.count()} 人。")
        for module_name in APP_SEEDS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            module.seed(today=today)
            self.stdout.write(f"已生成 {module_name} 演示数据。")
        # The beat job's sweep, once every app has handed out its work: what is past its
        # deadline (the demo's overdue 督办) is flagged now, and a second run flags nothing new.
        assignments_sweep(now=timezone.now(), acting_user=None)
        if options["city"]:
            created = seed_city(today=today)
            self.stdout.write(f"全市演示：新建 {created} 人，共 {Staff.objects.count()} 人。")
        self._print_logins(LOGINS + (CITY_LOGINS if options["city"] else []))
        self.stdout.write(
            self.style.WARNING("演示库已关闭两步验证强制要求（mfa_required_roles 设为空）。")
        )

    def _print_logins(self, logins: list) -> None:
        names = dict(
            Staff.objects.filter(staff_no__in=[login.username for login in logins]).values_list(
                "staff_no", "name"
            )
        )
        self.stdout.write(self.style.SUCCESS(f"\n演示账号（密码均为 {DEMO_PASSWORD}）："))
        self.stdout.write(_columns("角色", "登录名", "姓名", "说明"))
        for login in logins:
            self.stdout.write(
                _columns(login.role, login.username, names.get(login.username, "—"), login.note)
            )


def _columns(*cells: str, width: int = 10) -> str:
    """Pad by display width: a Chinese character takes two columns in a terminal."""
    out = []
    for cell in cells[:-1]:
        shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell)
        out.append(cell + " " * max(width - shown, 1))
    return "".join(out) + cells[-1]
