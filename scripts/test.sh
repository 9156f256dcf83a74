#!/usr/bin/env bash
# Sets everything up and runs the whole test suite (lint, migrations check, pytest with a real
# headless Chromium). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh requirements-dev.txt

# Browser tests drive Debian's Chromium; CJK fonts or Chinese renders as boxes. Never a browser download.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
  || { echo "模型有改动但没有迁移文件：请运行 manage.py makemigrations"; exit 1; }

# pytest exits 5 when it collected nothing: that is a failure here, never a pass.
set +e
.venv/bin/pytest -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "没有运行任何测试：视为失败。"
  exit 1
fi
exit "$status"
