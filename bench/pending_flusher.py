"""Background refresh during the clock-in load (run as its own process by clockin_load.py).

Taps leave their day's stored status to ``pending_days_refresh``; in production the job runs
it every minute and pages run it before they read. Here it runs every second while the load
lasts, so its cost is paid on the same two cores as the taps. Stops at SIGTERM and prints one
JSON line: how many runs, rows written and seconds spent.
"""

import json
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    import django

    django.setup()
    from attendance.services import pending_days_refresh

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    runs = written = 0
    busy = 0.0
    while not stop:
        started = time.perf_counter()
        written += pending_days_refresh()
        busy += time.perf_counter() - started
        runs += 1
        time.sleep(1)
    print(json.dumps({"runs": runs, "written": written, "seconds": round(busy, 2)}))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
    main()
