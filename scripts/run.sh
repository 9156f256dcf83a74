#!/usr/bin/env bash
# Sets everything up and runs the app with a demo office: SQLite, Celery tasks run in-process.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh requirements.txt
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
echo "打开 http://127.0.0.1:${PORT:-8000}/ ，演示账号见 README。"
exec .venv/bin/python manage.py runserver "0.0.0.0:${PORT:-8000}"
