#!/usr/bin/env bash
# One command from a fresh machine to QMS with the Lâm Đồng demo province at
# http://127.0.0.1:8000 (SQLite in db.sqlite3). Stop it with Ctrl+C; run it again any time.
#
# QMS_ADDRESS chooses where it listens (runserver's address: "8000", "127.0.0.1:8000" or
# "0.0.0.0:8000" to reach it from a phone on the same network). Unless .env sets SITE_URL,
# the QR codes, verification and survey links point at that same address.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if [ ! -f .env ]; then
  echo "==> Writing .env for local use (DEBUG on, a fresh secret key)"
  key=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
  printf 'DEBUG=true\nSECRET_KEY=%s\n' "$key" > .env
fi

address="${QMS_ADDRESS:-127.0.0.1:8000}"
case "$address" in
  *:*) host="${address%:*}" port="${address##*:}" ;;
  *) host="127.0.0.1" port="$address" ;;
esac
# Listening on every interface: the address others type is this machine's first LAN address.
if [ "$host" = "0.0.0.0" ] || [ "$host" = "0" ] || [ "$host" = "[::]" ]; then
  host=$(hostname -I 2>/dev/null | awk '{print $1}')
  host="${host:-127.0.0.1}"
fi
served="http://$host:$port"

in_env_file() { grep -Eq "^[[:space:]]*$1=" .env; }
if [ -z "${SITE_URL:-}" ] && ! in_env_file SITE_URL; then
  export SITE_URL="$served"
fi
if [ -z "${ALLOWED_HOSTS:-}" ] && ! in_env_file ALLOWED_HOSTS; then
  export ALLOWED_HOSTS="127.0.0.1,localhost,$host"
fi

.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo
public=$(DJANGO_SETTINGS_MODULE=qms.settings .venv/bin/python -c \
  "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)")
echo "==> QMS đang chạy tại $served — đăng nhập bằng lan.tk (mọi tài khoản: xem README)"
if [ "$public" != "$served" ]; then
  echo "    Mã QR và liên kết khảo sát trỏ tới $public (SITE_URL trong .env)"
fi
exec .venv/bin/python manage.py runserver "$address"
