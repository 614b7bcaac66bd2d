#!/usr/bin/env bash
# Installs what QMS needs (with --tests, what its tests need as well): Debian packages (when run as root), a virtual environment with
# the project and its test tools, and the compiled translations. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  python3-venv gettext
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2
  poppler-utils zbar-tools
  chromium
)
# The tests also open the exported Word files in LibreOffice, a client nobody here wrote.
if [ "${1:-}" = "--tests" ]; then
  SYSTEM_PACKAGES+=(libreoffice-writer-nogui)
fi

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "QMS needs these system packages: ${missing[*]}" >&2
    echo "Install them first, for example: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null \
     && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "QMS needs Python 3.11 or newer." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
echo "==> Installing Python packages"
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip 2>&1 | grep -v "^WARNING: Location" || true
# setuptools boxes a reminder in asterisks on every editable install ("Editable installation.
# Please be careful with folders … with the same name as your package"); it is expected here
# and reads like an error, so it is silenced for this one command.
PYTHONWARNINGS="ignore:Editable installation" \
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]" 2>&1 \
  | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import django, guardian, simple_history, weasyprint" \
  || { echo "Python packages failed to install; see the messages above." >&2; exit 1; }

echo "==> Compiling translations"
QMS_IGNORE_ENV_FILE=1 DEBUG=true .venv/bin/python manage.py compilemessages -v0 --ignore=.venv
