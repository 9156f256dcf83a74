"""Bench-only settings: production-like (no DEBUG) and a URLconf with a bare insert view."""

from office.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.clockin_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
