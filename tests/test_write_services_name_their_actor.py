"""Every write service names who acts (issue 11 item 4): a keyword-only ``acting_user`` (the
auth User, or None for the system) that ``@records_actor`` puts in the history rows."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

EXTRA_MODULES = [
    "office.config",
    "office.notifications",
    "office.calendar",
    "office.roster",
    "office.roster_preview",
]


def service_modules() -> list[str]:
    names = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for pattern in ("*/services.py", "*/services/*.py", "*/*/services.py")
        for path in ROOT.glob(pattern)
        if path.name != "__init__.py" and ".venv" not in path.parts and "tests" not in path.parts
    ]
    return sorted(set(names + EXTRA_MODULES))


# Public functions of those modules that write nothing, each with why.
NOT_WRITES: dict[str, str] = {}


def public_functions() -> list[tuple[str, object]]:
    found = []
    for module_name in service_modules():
        module = importlib.import_module(module_name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ == module_name:
                found.append((f"{module_name}.{name}", function))
    return found


def test_the_modules_are_found():
    names = service_modules()
    assert "office.approvals.services" in names
    assert "attendance.services.calendar" in names
    assert "office.services" in names
    assert len(public_functions()) > 50


@pytest.mark.parametrize(("name", "function"), public_functions(), ids=lambda v: str(v))
def test_a_write_service_names_its_actor(name, function):
    if name in NOT_WRITES:
        assert not getattr(function, "records_actor", False), f"{name} 记录操作人，不应列为只读"
        return
    parameter = inspect.signature(function).parameters.get("acting_user")
    assert parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY, (
        f"{name} 写数据却没有仅限关键字的 acting_user 参数（只读的请列入 NOT_WRITES 并说明原因）"
    )
    assert getattr(function, "records_actor", False), f"{name} 未用 @records_actor 记录操作人"


def test_every_allowed_reader_exists():
    names = {name for name, _ in public_functions()}
    assert set(NOT_WRITES) <= names
