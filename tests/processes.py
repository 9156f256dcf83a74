"""Run this project's Python in a fresh process, as a server would start it (deployment checks)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python <args>` in the project folder with exactly ``env``; never raises on failure."""
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
