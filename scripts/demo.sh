#!/usr/bin/env bash
# One command from a fresh machine to QMS with the Lâm Đồng demo province at
# http://127.0.0.1:8000 (SQLite in db.sqlite3). Stop it with Ctrl+C; run it again any time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if [ ! -f .env ]; then
  echo "==> Writing .env for local use (DEBUG on, a fresh secret key)"
  key=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
  printf 'DEBUG=true\nSECRET_KEY=%s\n' "$key" > .env
fi

.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo
echo "==> QMS is at http://127.0.0.1:8000 — sign in as lan.tk (see README for every account)"
exec .venv/bin/python manage.py runserver "${QMS_ADDRESS:-127.0.0.1:8000}"
