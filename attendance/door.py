"""The rotating code of a 打卡屏 and what a browser says it is: pure functions, no database.

A code is ``<screen id>-<time step>-<mac>``, the mac an HMAC under a key derived from
SECRET_KEY (``salted_hmac``) of the screen id and the step. Nothing is stored per step: any
process can make or check any step's code, so a screen can be sent the next few ahead and a
tap can be checked without a query. Only the current and the previous step are accepted,
so a photo of the code sent to someone at home stops working within two steps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "attendance.door.code"
MAC_LENGTH = 20  # hex digits: 80 bits, for a code that lives 40 seconds at most

INVALID = "这个门口码无效，请重新扫描单位门口打卡屏上的二维码。"


@dataclass(frozen=True)
class DoorCode:
    screen_id: int
    step: int


def step_of(now: dt.datetime, seconds: int) -> int:
    return int(now.timestamp()) // seconds


def step_start(step: int, seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(step * seconds, tz=dt.UTC)


def _mac(screen_id: int, step: int) -> str:
    return salted_hmac(SALT, f"{screen_id}:{step}", algorithm="sha256").hexdigest()[:MAC_LENGTH]


def code_for(screen_id: int, step: int) -> str:
    return f"{screen_id}-{step}-{_mac(screen_id, step)}"


def code_refusal(code: str, now: dt.datetime, seconds: int) -> DoorCode | str:
    """The screen and step of a genuine, fresh code, or the Chinese reason it is refused."""
    parts = code.split("-")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return INVALID
    screen_id, step = int(parts[0]), int(parts[1])
    if not constant_time_compare(parts[2], _mac(screen_id, step)):
        return INVALID
    current = step_of(now, seconds)
    if step > current:
        # Sent to the screen ahead of its time: not shown yet, so not scanned at the door.
        return INVALID
    if step < current - 1:
        return f"门口码已过期（每 {seconds} 秒更换一次），请重新扫描门口打卡屏上的二维码。"
    return DoorCode(screen_id, step)


def new_key() -> tuple[str, str]:
    """A screen key (shown once to 政工科) and the hash kept of it."""
    key = secrets.token_urlsafe(18)
    return key, key_hash(key)


def key_hash(key: str) -> str:
    # The key is random (144 bits), so a plain hash is enough: nothing to guess it from.
    return hashlib.sha256(key.strip().encode()).hexdigest()


def new_device_id() -> str:
    return secrets.token_hex(16)


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as inline SVG (no script library: the page only swaps it)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    # Sized by the page's CSS, not in millimetres.
    return re.sub(r' width="[^"]*" height="[^"]*"', "", svg, count=1)


_SYSTEMS = (
    ("HarmonyOS", "鸿蒙"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "安卓"),
    ("Windows", "Windows"),
    ("Mac OS", "Mac"),
    ("Linux", "Linux"),
)
_BROWSERS = (
    ("MicroMessenger", "微信"),
    ("Edg/", "Edge"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)


def agent_summary(user_agent: str) -> str:
    """ "安卓 · 微信" from what the browser reports: enough for a chief to recognise a phone."""
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "未知系统")
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "未知浏览器")
    return f"{system} · {browser}"
