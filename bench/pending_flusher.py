"""Background refresh during the clock-in load (run as its own process by clockin_load.py).

Taps leave their day's stored status to ``pending_days_refresh``; in production the job runs
it every minute (pages only count pending taps in on read). Here it runs every second while the load
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
    # First of all: on a loaded machine the setup below can outlast a short run, and a SIGTERM
    # before the handler would end the process without its line.
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    import django

    django.setup()
    from attendance.services import pending_days_refresh

    runs = written = 0
    busy = 0.0
    while not stop:
        started = time.perf_counter()
        written += pending_days_refresh(acting_user=None)
        busy += time.perf_counter() - started
        runs += 1
        time.sleep(1)
    print(json.dumps({"runs": runs, "written": written, "seconds": round(busy, 2)}))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
    main()
