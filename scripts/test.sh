#!/usr/bin/env bash
# One command from a fresh machine to the whole test suite (lint first). Extra arguments go
# to pytest, e.g. scripts/test.sh tests/agencies -x. DATABASE_URL selects PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests

echo "==> Lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || { .venv/bin/ruff format --diff .; exit 1; }

echo "==> Tests on ${DATABASE_URL:-SQLite}"
# One worker per core (QMS_TEST_WORKERS overrides); a file's tests stay on one worker so that
# each test class builds its data once.
exec .venv/bin/python -m pytest -q -n "${QMS_TEST_WORKERS:-auto}" --dist loadfile "$@"
