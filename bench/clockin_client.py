"""Load generator (run as its own process): threads POST with their own users' sessions.

argv: port path seconds sessions_file [rate]; prints one JSON line of latencies (ms).
Each request uses a user who has not tapped yet, so every tap makes a new clock record.
Without a rate each thread sends its next request as soon as the last one is answered (the
most the server can take); with one, the threads together start ``rate`` requests a second
on a fixed timetable, as people arriving at the door do, whatever the answers take.
"""

import http.client
import json
import sys
import threading
import time

THREADS = 32
CSRF = "benchcsrftokenbenchcsrftoken0123"


def main() -> None:
    port, path, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    rate = float(sys.argv[5]) if len(sys.argv) > 5 else None
    with open(sys.argv[4]) as handle:
        sessions = json.load(handle)
    lock = threading.Lock()
    cursor = [0]
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + seconds

    def next_session() -> str | None:
        with lock:
            if cursor[0] >= len(sessions):
                return None
            cursor[0] += 1
            return sessions[cursor[0] - 1]

    def worker(index: int) -> None:
        sent = 0
        while time.monotonic() < deadline:
            started = time.monotonic()
            if rate:
                # Timed from when the person arrived, not when a busy thread got round to them.
                started = began + (sent * THREADS + index) / rate
                sent += 1
                time.sleep(max(0.0, started - time.monotonic()))
            key = next_session()
            if key is None:
                return
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {
                "Cookie": f"sessionid={key}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "User-Agent": "clockin-bench",
                "Content-Length": "0",
            }
            try:
                conn.request("POST", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status in (200, 302)
            except OSError:
                ok = False
            elapsed = (time.monotonic() - started) * 1000
            conn.close()
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    print(json.dumps({"latencies": latencies, "errors": errors[0], "seconds": wall}))


if __name__ == "__main__":
    main()
