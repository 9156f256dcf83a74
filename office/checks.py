"""Deployment checks of our own (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register

from office.refdata import TIMEOUT


@register(deploy=True)
def shared_cache_check(**_kwargs: Any) -> list[Warning]:
    """Several web processes must share one cache: each keeps the settings, calendar and
    schedules there (office.refdata), and a change made in one process must reach the others."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "未配置共享缓存（CACHE_REDIS_URL）：多个进程之间的设置、作息时间和工作日历"
                f"修改最多要 {TIMEOUT} 秒才能生效，登录限速也按进程各自计数。",
                hint="设置 CACHE_REDIS_URL，例如 redis://127.0.0.1:6379/1。",
                id="office.W001",
            )
        ]
    return []


@register(deploy=True)
def trusted_proxies_check(**_kwargs: Any) -> list[Warning]:
    """Behind the documented nginx every request comes from the proxy's address: without the
    proxies listed, the office-network check and the login limits see one client."""
    if not settings.OFFICE_TRUSTED_PROXIES:
        return [
            Warning(
                "未配置可信反向代理（OFFICE_TRUSTED_PROXIES）：经 nginx 转发时，所有请求都来自"
                "代理的地址，打卡的办公网络检查和登录限速将无法区分客户端。",
                hint="设置 OFFICE_TRUSTED_PROXIES，例如 127.0.0.1/32,::1/128。",
                id="office.W002",
            )
        ]
    return []
