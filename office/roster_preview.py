"""花名册导入的预览: what a file would change, shown to 政工科 before anything is written.

The uploaded bytes wait for the confirmation in a private file under MEDIA_ROOT (one per user,
never served), with a random token and the file's sha256 kept in the session. A confirmation
whose token is not the session's (another tab's older upload, another user, a replay) or whose
file no longer matches its hash is refused. A confirmation also checks that the preview still
holds: if the roster changed in between, the new preview is shown instead of importing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from office.errors import RosterError
from office.models import Section, Staff
from office.org import Viewer
from office.roster import (
    FIELD_LABELS,
    RosterRow,
    foreign_people,
    login_conflicts,
    parsed_file,
    roster_scope,
    wanted_fields,
)

SESSION_KEY = "roster_import_pending"
PENDING_DIR = "roster-pending"


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class RosterPreview:
    added: list[RosterRow] = field(default_factory=list)
    changed: list[tuple[Staff, list[FieldChange]]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed)

    def digest(self) -> str:
        """A fingerprint of what the import would do, to see whether it still holds."""
        text = repr(
            (
                [r.staff_no for r in self.added],
                [(s.staff_no, changes) for s, changes in self.changed],
                self.unchanged,
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()


def roster_preview(*, data: bytes, viewer: Viewer) -> RosterPreview:
    """What importing ``data`` would do, writing nothing; ``RosterError`` as the import would.

    Queries: the sections (and the units, for a city role), the people already on file (with
    their sections), and the logins already taken when there are new people: three for a
    unit's 政工科, whatever the size of the file."""
    scope = roster_scope(viewer)
    parsed = parsed_file(data, scope)
    by_pk = {s.pk: s for s in scope.sections.values()}
    existing = {
        s.staff_no: s
        for s in Staff.objects.select_related("section").filter(
            staff_no__in=[r.staff_no for r in parsed]
        )
    }
    preview = RosterPreview(added=[r for r in parsed if r.staff_no not in existing])
    refused = foreign_people(parsed, existing, scope)
    refused += login_conflicts(preview.added) if preview.added else []
    if refused:
        raise RosterError(sorted(refused, key=lambda e: e.row or 0))
    for row in parsed:
        staff = existing.get(row.staff_no)
        if staff is None:
            continue
        changes = _changes(staff, row, scope.sections[row.section_key], by_pk, scope.by_units)
        if changes:
            preview.changed.append((staff, changes))
        else:
            preview.unchanged += 1
    return preview


def _changes(
    staff: Staff,
    row: RosterRow,
    section: Section,
    sections: dict[int, Section],
    by_units: bool,
) -> list[FieldChange]:
    wanted = {**wanted_fields(row, section), "status": row.status}
    return [
        FieldChange(
            FIELD_LABELS[attr],
            _shown(attr, getattr(staff, attr), sections, by_units),
            _shown(attr, value, sections, by_units),
        )
        for attr, value in wanted.items()
        if getattr(staff, attr) != value
    ]


def _shown(attr: str, value: Any, sections: dict[int, Section], by_units: bool) -> str:
    if attr == "section_id":
        section = sections.get(value)
        if section is None:
            return "—"
        # Several units in one file: the same section name may be in two of them.
        return f"{section.unit.short_name} {section.name}" if by_units else section.name
    if attr == "status":
        return str(Staff.Status(value).label)
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value) if value not in (None, "") else "（空）"


# --- the file waiting for confirmation ---------------------------------------------------------


def _path(user_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR / f"{user_id}.xlsx"


def pending_store(*, session: SessionBase, user_id: int, data: bytes, digest: str) -> str:
    """Keep ``data`` for this user's confirmation (replacing any earlier one); returns the token
    the confirmation form must carry."""
    path = _path(user_id)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    token = secrets.token_urlsafe(32)
    session[SESSION_KEY] = {
        "token": token,
        "sha256": hashlib.sha256(data).hexdigest(),
        "preview": digest,
    }
    return token


def pending_take(*, session: SessionBase, user_id: int, token: str) -> tuple[bytes, str] | None:
    """The waiting file and its preview's digest if ``token`` is the session's; the file is
    removed when it is handed out. None for a stale or foreign token or a changed file."""
    pending = session.get(SESSION_KEY)
    if not pending or not hmac.compare_digest(str(pending.get("token", "")), token):
        return None
    try:
        data = _path(user_id).read_bytes()
    except OSError:
        data = None
    pending_discard(session=session, user_id=user_id)
    if data is None or hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        return None
    return data, pending.get("preview", "")


def pending_discard(*, session: SessionBase, user_id: int) -> None:
    session.pop(SESSION_KEY, None)
    _path(user_id).unlink(missing_ok=True)
