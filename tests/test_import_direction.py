"""Imports run one way: inspections → vehicles → leave → attendance → office. A lower layer that needs a
higher one declares a registry (approvals, covers, home panels) and the higher one registers.

``reading`` (学习任务, 文件阅知) stands beside the layers: it imports only office, and no other
app imports it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "office",
    "attendance",
    "leave",
    "vehicles",
    "inspections",
]  # each may import those before it
# Apps outside the chain: what each may import (besides itself); none of the others imports them.
SIDE_APPS = {"reading": {"office"}}
APPS = [*LAYERS, *SIDE_APPS]


def imported_apps(path: Path) -> set[str]:
    """Top-level project apps a module imports, at any depth (function-level imports count)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in APPS)
    return found


def allowed_imports(app: str) -> set[str]:
    if app in SIDE_APPS:
        return {app, *SIDE_APPS[app]}
    return set(LAYERS[: LAYERS.index(app) + 1])


def wrong_way_imports() -> list[str]:
    wrong = []
    for app in APPS:
        allowed = allowed_imports(app)
        for path in sorted((ROOT / app).rglob("*.py")):
            for other in sorted(imported_apps(path) - allowed):
                wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    return wrong


def test_no_import_runs_against_the_layers():
    assert wrong_way_imports() == []


def test_the_check_sees_an_import_against_the_layers(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from leave.models import LeaveRequest\nimport attendance.x\n")
    assert imported_apps(module) == {"leave", "attendance"}


def test_reading_imports_only_office_and_nothing_imports_reading():
    assert allowed_imports("reading") == {"reading", "office"}
    assert all("reading" not in allowed_imports(app) for app in LAYERS)
