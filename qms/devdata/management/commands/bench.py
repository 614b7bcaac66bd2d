import json
import os
import platform
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.devdata.scale import bench, bench_sizes, load
from qms.lib.commands import TranslatedCommand


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        memory_kb = 0
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu or platform.processor(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
    }


class Command(TranslatedCommand):
    help = _(
        "Measure the median and p95 time and the SQL query count of the main pages against the "
        "current database, render a 10-page controlled PDF, then run a short load test against "
        "gunicorn on 127.0.0.1. Prints a table and writes a JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help=_("timed runs per page"))
        parser.add_argument("--pdf-runs", type=int, default=5, help=_("timed PDF renderings"))
        parser.add_argument("--only", default="", help=_("only the cases whose name contains this"))
        parser.add_argument(
            "--import-procedures",
            type=int,
            default=150,
            help=_("procedures (with their forms) the import case brings in; 0 skips it"),
        )
        parser.add_argument("--json", dest="json_path", help=_("where to write the results"))
        parser.add_argument(
            "--sizes",
            action="store_true",
            help=_(
                "only the lists, as people of the smallest and of the largest agency side by "
                "side, with the ratio of their medians (no PDF, import or load test)"
            ),
        )
        parser.add_argument(
            "--load-seconds", type=float, default=15, help=_("seconds of load test; 0 skips it")
        )
        parser.add_argument(
            "--concurrency", type=int, default=8, help=_("simultaneous clients in the load test")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=(os.cpu_count() or 1) * 2,
            help=_("gunicorn workers in the load test"),
        )
        parser.add_argument(
            "--instances",
            type=int,
            default=1,
            help=_(
                "app servers in the load test, each a gunicorn with --workers workers sharing "
                "the database and the file storage; the clients are spread over them"
            ),
        )

    def handle(self, *args, **options):
        if options["runs"] < 1 or options["pdf_runs"] < 1 or options["instances"] < 1:
            raise CommandError("--runs, --pdf-runs and --instances must be at least 1.")
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: pages are slower than in production.")
        self._ensure_static_manifest()
        if options["sizes"]:
            return self._sizes(options)
        # The test client's host name, and HTTPS as the production settings demand.
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            try:
                results = bench.run_all(
                    runs=options["runs"],
                    pdf_runs=options["pdf_runs"],
                    only=options["only"],
                    import_procedures=options["import_procedures"],
                    log=self.stdout.write,
                )
            except LookupError as error:
                raise CommandError(str(error)) from error
        report = {**self._about(options), "cases": [result.as_dict() for result in results]}
        if options["load_seconds"] > 0:
            try:
                report["load"] = self._load(options)
            except (OSError, RuntimeError) as error:
                report["load"] = {"error": str(error)}
                self.stderr.write(f"Load test failed: {error}")
        self.stdout.write("")
        self.stdout.write(bench.table(results))
        if "requests_per_second" in report.get("load", {}):
            load_report = report["load"]
            self.stdout.write(
                f"\nLoad test: {load_report['requests_per_second']} requests/s over "
                f"{load_report['seconds']} s, {load_report['concurrency']} clients, "
                f"{load_report['instances']} × {load_report['workers']} gunicorn workers; "
                f"p50 {load_report['p50_ms']} ms, "
                f"p95 {load_report['p95_ms']} ms, p99 {load_report['p99_ms']} ms; "
                f"{load_report['errors']} errors"
            )
            for url, figures in load_report["by_url"].items():
                self.stdout.write(
                    f"  {url:<45} {figures['requests']:>6} requests  "
                    f"p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms"
                )
        self._write(report, options)

    def _about(self, options) -> dict:
        return {
            "database": connection.vendor,
            "debug": settings.DEBUG,
            "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": machine(),
            "data": bench.data_size(),
            "runs": options["runs"],
        }

    def _write(self, report: dict, options) -> None:
        path = Path(options["json_path"] or self._default_path())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2))
        self.stdout.write(self.style.SUCCESS(f"Results written to {path}"))

    def _sizes(self, options) -> None:
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            try:
                sizes, pairs = bench_sizes.run_sizes(
                    runs=options["runs"], only=options["only"], log=self.stdout.write
                )
            except LookupError as error:
                raise CommandError(str(error)) from error
        report = {
            **self._about(options),
            "sizes": sizes,
            "ratio_budget": bench_sizes.RATIO_BUDGET,
            "pairs": [pair.as_dict() for pair in pairs],
        }
        over = [pair.name for pair in pairs if not pair.as_dict()["within_budget"]]
        self.stdout.write(
            f"{len(pairs) - len(over)} of {len(pairs)} lists within ×{bench_sizes.RATIO_BUDGET}"
            + (f"; over: {', '.join(over)}" if over else "")
        )
        self._write(report, options)

    def _default_path(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return Path(settings.BASE_DIR) / "bench-results" / f"bench-{connection.vendor}-{stamp}.json"

    def _ensure_static_manifest(self) -> None:
        """Pages name hashed static files in production: collect them first, so that a file
        added since the last collection is in the manifest (unchanged files are skipped)."""
        if not isinstance(staticfiles_storage, ManifestFilesMixin):
            return
        self.stdout.write("Collecting static files…")
        call_command("collectstatic", interactive=False, verbosity=0)
        hashed, manifest_hash = staticfiles_storage.load_manifest()
        staticfiles_storage.hashed_files, staticfiles_storage.manifest_hash = hashed, manifest_hash

    def _load(self, options) -> dict:
        target = bench.find_target()
        user = target.people["secretary"]
        urls = [
            reverse("documents:register"),
            reverse("documents:register") + "?q=quy+trinh+cap",
            reverse("home"),
            reverse("documents:revision-detail", args=[target.revision.pk]),
            reverse("audits:nonconformity-list"),
        ]
        self.stdout.write(
            f"Load test: {options['instances']} gunicorn with {options['workers']} workers each, "
            f"{options['concurrency']} clients for {options['load_seconds']:g} s…"
        )
        cookie = load.signed_in_cookie(user, target.agency)
        servers = []
        try:
            for _instance in range(options["instances"]):
                servers.append(load.start_gunicorn(workers=options["workers"]))
            result = load.run_load(
                ports=[port for _process, port in servers],
                cookie=cookie,
                urls=urls,
                seconds=options["load_seconds"],
                concurrency=options["concurrency"],
            )
        finally:
            for process, _port in servers:
                load.stop(process)
        return {**result, "workers": options["workers"], "instances": options["instances"]}
