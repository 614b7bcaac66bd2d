"""scripts/audit.sh, the CI's dependency audit: it fails only on a known vulnerability, and
says "skipped" (exit 0) when pip-audit cannot reach its database, rather than passing quietly.

A stand-in for pip-audit answers as the real one does in each case (its JSON report, its exit
status); the real one needs the network."""

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import TestCase

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit.sh"

STAND_IN = """#!{python}
import json, os, sys, time
mode = os.environ["AUDIT_MODE"]
output = sys.argv[sys.argv.index("--output") + 1]
reports = {{
    "clean": (0, [{{"name": "django", "version": "5.2.20", "vulns": []}},
                  {{"name": "private-tool", "skip_reason": "Dependency not found on PyPI"}}]),
    "vulnerable": (1, [{{"name": "django", "version": "5.2.1", "vulns": [
        {{"id": "PYSEC-2025-0001", "fix_versions": ["5.2.2"], "aliases": [], "description": ""}}]}}]),
    "mirror": (0, [{{"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}}]),
}}
if mode == "offline":
    print("requests.exceptions.ConnectionError: Failed to resolve 'pypi.org'", file=sys.stderr)
    sys.exit(1)
if mode == "slow":
    time.sleep(5)
status, dependencies = reports[mode]
with open(output, "w") as file:
    json.dump({{"dependencies": dependencies, "fixes": []}}, file)
sys.exit(status)
"""


class AuditScriptTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = tempfile.TemporaryDirectory()
        cls.stand_in = Path(cls.folder.name) / "pip-audit"
        cls.stand_in.write_text(STAND_IN.format(python=sys.executable))
        cls.stand_in.chmod(cls.stand_in.stat().st_mode | stat.S_IXUSR)

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()
        super().tearDownClass()

    def audit(self, mode: str, **env) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", str(SCRIPT)],
            env={**os.environ, "PIP_AUDIT": str(self.stand_in), "AUDIT_MODE": mode, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )

    def test_a_known_vulnerability_fails_naming_the_package_and_the_fix(self):
        result = self.audit("vulnerable")
        self.assertEqual(result.returncode, 1)
        self.assertIn("django 5.2.1: PYSEC-2025-0001 (fixed in 5.2.2)", result.stdout)

    def test_a_clean_environment_passes_and_says_what_was_not_checked(self):
        result = self.audit("clean")
        self.assertEqual(result.returncode, 0)
        self.assertIn("no known vulnerability in 1 packages (1 not found on PyPI", result.stdout)

    def test_no_network_is_skipped_with_the_reason(self):
        result = self.audit("offline")
        self.assertEqual(result.returncode, 0)
        self.assertIn("Dependency audit skipped", result.stdout)
        self.assertIn("Failed to resolve", result.stdout)

    def test_a_mirror_that_knows_no_package_is_skipped_not_passed(self):
        result = self.audit("mirror")
        self.assertEqual(result.returncode, 0)
        self.assertIn("skipped", result.stdout)
        self.assertNotIn("no known vulnerability", result.stdout)

    def test_a_run_past_its_time_is_skipped(self):
        result = self.audit("slow", QMS_AUDIT_SECONDS="1")
        self.assertEqual(result.returncode, 0)
        self.assertIn("did not finish within 1 s", result.stdout)

    def test_without_pip_audit_installed_it_is_skipped(self):
        result = self.audit("clean", PIP_AUDIT="/nonexistent/pip-audit")
        self.assertEqual(result.returncode, 0)
        self.assertIn("not installed", result.stdout)
