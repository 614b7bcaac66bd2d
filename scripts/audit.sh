#!/usr/bin/env bash
# Audits the Python packages installed in .venv for known vulnerabilities (pip-audit, against
# PyPI's advisory database). Exits 1 only when a vulnerability is found. When the database
# cannot be reached (no network, a mirror without PyPI's JSON API, a timeout) it says so and
# exits 0: the audit is skipped, not passed. PIP_AUDIT names another pip-audit (the tests use
# a stand-in); QMS_AUDIT_SECONDS bounds the run (60).
set -uo pipefail
cd "$(dirname "$0")/.."
PIP_AUDIT=${PIP_AUDIT:-.venv/bin/pip-audit}
SECONDS_ALLOWED=${QMS_AUDIT_SECONDS:-60}

if [ ! -x "$PIP_AUDIT" ]; then
  echo "Dependency audit skipped: $PIP_AUDIT is not installed (scripts/setup.sh installs it)."
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --skip-editable: QMS itself is installed from this checkout and is not on PyPI.
timeout "$SECONDS_ALLOWED" "$PIP_AUDIT" --skip-editable --progress-spinner off \
  --format json --output "$work/report.json" >/dev/null 2>"$work/errors"
status=$?

# pip-audit exits 1 both for a vulnerability and for a failure to fetch, and exits 0 when it
# could look up nothing at all; so the verdict comes from its report.
.venv/bin/python - "$status" "$work/report.json" "$work/errors" "$SECONDS_ALLOWED" <<'PY'
import json
import sys

status, report, errors, seconds = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]


def skipped(reason):
    print(f"Dependency audit skipped: {reason}. Nothing was checked; run it where the network allows.")
    sys.exit(0)


if status == 124:
    skipped(f"pip-audit did not finish within {seconds} s")
try:
    with open(report, encoding="utf-8") as file:
        dependencies = json.load(file)["dependencies"]
except (OSError, ValueError, KeyError, TypeError):
    with open(errors, encoding="utf-8", errors="replace") as file:
        lines = [line.strip() for line in file if line.strip()]
    skipped("pip-audit could not fetch the vulnerability database" + (f" ({lines[-1][:300]})" if lines else ""))

vulnerable = [d for d in dependencies if d.get("vulns")]
if vulnerable:
    print(f"Dependency audit FAILED: {len(vulnerable)} installed package(s) with known vulnerabilities:")
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            print(f"  {dependency['name']} {dependency.get('version', '?')}: {vuln['id']} (fixed in {fixed})")
    sys.exit(1)
audited = [d for d in dependencies if "skip_reason" not in d]
if not audited:
    skipped(f"the vulnerability database answered for none of the {len(dependencies)} packages (no network, or a mirror without PyPI's JSON API)")
if status != 0:
    skipped(f"pip-audit stopped with status {status} and no vulnerability in its report")
unknown = len(dependencies) - len(audited)
print(
    f"Dependency audit: no known vulnerability in {len(audited)} packages"
    + (f" ({unknown} not found on PyPI, not checked)" if unknown else "")
    + "."
)
PY
