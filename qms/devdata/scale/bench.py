"""The in-process benchmark behind ``manage.py bench``: each case is one page (or one PDF
rendering) measured against the current database with Django's test client, as a signed-in
person of the agency with the most documents.

A case is one line in CASES. Pages of features that may be absent (the API, the coverage
dashboard) name the URL names they may have; when none resolves the case is reported as
skipped with a note, never as a failure.
"""

import io
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from pypdf import PdfReader

from documents import pdf
from documents.models import Document, Revision
from qms.agencies.middleware import SESSION_KEY
from qms.agencies.models import Agency, User
from qms.agencies.roles import Role
from qms.devdata.scale.bench_import import run_import_case
from qms.devdata.scale.sample import ten_page_revision

S = Revision.Status


@dataclass
class Target:
    """What the cases open: an agency, its people and a few of its rows."""

    agency: Agency
    people: dict[str, User]
    revision: Revision  # an effective procedure with its stored controlled copy
    procedure_type: int
    last_page: int
    province: Agency


@dataclass
class Case:
    name: str
    names: tuple[str, ...]  # URL names to try, in order; the first that exists is measured
    params: Callable[[Target], dict] = lambda t: {}
    args: Callable[[Target], list] = lambda t: []
    persona: str = "secretary"
    note: str = ""


@dataclass
class Result:
    name: str
    url: str = ""
    status: int | None = None
    times_ms: list[float] = field(default_factory=list)
    # CPU time of this process: on a machine shared with other work it shows how much of the
    # wall time was spent here rather than waiting for a core (the database's time is not in it).
    cpu_ms: list[float] = field(default_factory=list)
    queries: int | None = None
    skipped: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        times = sorted(self.times_ms)
        return {
            "name": self.name,
            "url": self.url,
            "status": self.status,
            "runs": len(times),
            "median_ms": round(statistics.median(times), 1) if times else None,
            "p95_ms": round(percentile(times, 95), 1) if times else None,
            "cpu_median_ms": round(statistics.median(self.cpu_ms), 1) if self.cpu_ms else None,
            "queries": self.queries,
            "skipped": self.skipped,
            **self.extra,
        }


def last_year_end() -> str:
    """31 December of last year, as the dashboards' "as of" field takes it."""
    return f"31/12/{timezone.localdate().year - 1}"


CASES = [
    Case("Document register: first page", ("documents:register",)),
    Case(
        "Document register: filtered",
        ("documents:register",),
        params=lambda t: {"type": t.procedure_type, "status": "effective"},
    ),
    Case("Document register: deep page", ("documents:register",), params=lambda t: {"page": t.last_page}),
    Case("Search with diacritics", ("documents:register",), params=lambda t: {"q": "quy trình"}),
    Case("Search without diacritics", ("documents:register",), params=lambda t: {"q": "quy trinh"}),
    Case("Việc của tôi (secretary)", ("home",)),
    Case("Việc của tôi (approver)", ("home",), persona="approver"),
    Case("Revision detail", ("documents:revision-detail",), args=lambda t: [t.revision.pk]),
    Case("Nonconformity register", ("audits:nonconformity-list",)),
    Case("Records register", ("documents:record-register",)),
    Case("Acknowledgement overview", ("documents:acknowledgement-overview",)),
    Case(
        "Coverage dashboard",
        ("monitoring:dashboard",),
        persona="supervisor",
    ),
    Case("National roll-up", ("monitoring:national",), persona="national"),
    Case("Coverage dashboard, as of a past day", ("monitoring:dashboard",), persona="supervisor", params=lambda t: {"as_of": last_year_end()}),
    Case("National roll-up, as of a past day", ("monitoring:national",), persona="national", params=lambda t: {"as_of": last_year_end()}),
    Case("API: documents", ("api:document-list",)),
    Case("API: revisions", ("api:revision-list",)),
    Case("API: nonconformities", ("api:nonconformity-list",)),
    Case("API: audits", ("api:audit-list",)),
    Case(
        "Download an approved PDF",
        ("documents:revision-pdf",),
        args=lambda t: [t.revision.pk],
        note="served from storage",
    ),
]  # fmt: skip


@contextmanager
def measure(result: Result):
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    result.times_ms.append((time.perf_counter() - wall) * 1000)
    result.cpu_ms.append((time.process_time() - cpu) * 1000)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, round(pct / 100 * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def find_target(*, smallest: bool = False) -> Target:
    """The active agency with the most documents (or the fewest, of those with any), and the
    people the cases act as."""
    agency = (
        Agency.objects.filter(is_active=True, province__isnull=False)
        .annotate(n=Count("documents"))
        .filter(n__gt=0)
        .order_by("n" if smallest else "-n", "pk")
        .first()
    )
    if agency is None or agency.n == 0:
        raise LookupError("No agency with documents: run manage.py seed_scale first.")
    people = {}
    for persona, role, where in (
        ("secretary", Role.ISO_SECRETARY, agency),
        ("approver", Role.APPROVER, agency),
        ("supervisor", Role.SUPERVISOR, agency.province),
        # The Ministry's supervisor: every province of the data set, aggregated.
        ("national", Role.SUPERVISOR, Agency.objects.filter(level=Agency.Level.MINISTRY).first()),
    ):
        people[persona] = (
            User.objects.filter(groups__agency_role__agency=where, groups__agency_role__role=role)
            .order_by("pk")
            .first()
        )
    revision = (
        Revision.objects.filter(
            document__agency=agency, document__type__kind="procedure", status=S.EFFECTIVE
        )
        .exclude(pdf_file="")
        .order_by("pk")
        .first()
    )
    total = Document.objects.filter(agency=agency).count()
    procedure_type = agency.document_types.filter(kind="procedure").values_list("pk", flat=True)
    return Target(
        agency=agency,
        people=people,
        revision=revision,
        procedure_type=procedure_type.first(),
        last_page=max(1, -(-total // 25)),
        province=agency.province,
    )


def client_for(user: User, agency: Agency) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = agency.pk
    session.save()
    return client


def run_case(case: Case, target: Target, *, runs: int) -> Result:
    result = Result(case.name)
    user = target.people.get(case.persona)
    if user is None:
        result.skipped = f"no {case.persona} in the data set"
        return result
    for name in case.names:
        try:
            result.url = reverse(name, args=case.args(target))
            break
        except NoReverseMatch:
            continue
    else:
        result.skipped = "no such page yet (" + ", ".join(case.names) + ")"
        return result
    client = client_for(user, target.agency)
    params = case.params(target)

    def fetch():
        response = client.get(result.url, params, secure=True)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        return response

    renders = pdf.renders
    response = fetch()  # warm-up: caches, connections, imported modules
    result.status = response.status_code
    with CaptureQueriesContext(connection) as queries:
        fetch()
    result.queries = len(queries.captured_queries)
    for _run in range(runs):
        with measure(result):
            fetch()
    if case.note == "served from storage":
        result.extra["rendered"] = pdf.renders != renders
        result.extra["content_type"] = response.get("Content-Type", "")
    return result


def run_pdf_case(target: Target, *, runs: int) -> Result:
    """Render a 10-page controlled PDF (a procedure made for the purpose, rolled back)."""
    result = Result("Render a 10-page controlled PDF", url="(in process)")
    with transaction.atomic():
        revision = ten_page_revision(target.agency, target.people)
        data = pdf.render_revision_pdf(revision, draft=False)  # warm-up: fonts, templates
        result.extra["pages"] = len(PdfReader(io.BytesIO(data)).pages)
        for _run in range(runs):
            with measure(result):
                pdf.render_revision_pdf(revision, draft=False)
        transaction.set_rollback(True)
    result.status = 200
    return result


def run_all(
    *, runs: int, pdf_runs: int, only: str = "", import_procedures: int = 150, log=print
) -> list[Result]:
    target = find_target()
    log(f"Measuring as people of {target.agency.name} ({target.agency.code})")
    results = []
    for case in CASES:
        if only and only.lower() not in case.name.lower():
            continue
        results.append(run_case(case, target, runs=runs))
        log(f"  {_line(results[-1])}")
    if not only or only.lower() in "render a 10-page controlled pdf":
        results.append(run_pdf_case(target, runs=pdf_runs))
        log(f"  {_line(results[-1])}")
    if import_procedures and (not only or only.lower() in "import procedures"):
        for result in run_import_case(
            target, client_for=client_for, result_class=Result, procedures=import_procedures
        ):
            results.append(result)
            log(f"  {_line(result)}")
    return results


def data_size() -> dict:
    documents = Document.objects.aggregate(
        documents=Count("pk"), effective=Count("pk", filter=Q(status="effective"))
    )
    return {
        "agencies": Agency.objects.count(),
        **documents,
        "revisions": Revision.objects.count(),
    }


def _line(result: Result) -> str:
    data = result.as_dict()
    if result.skipped:
        return f"{result.name:<40} skipped: {result.skipped}"
    return (
        f"{result.name:<40} {data['median_ms']:>8} ms  p95 {data['p95_ms']:>8} ms  "
        f"{data['queries'] if data['queries'] is not None else '-':>4} queries  {result.status}"
    )


def table(results: list[Result]) -> str:
    lines = [
        f"{'case':<40} {'median ms':>10} {'p95 ms':>10} {'cpu ms':>8} {'queries':>8} {'status':>7}"
    ]
    for result in results:
        data = result.as_dict()
        if result.skipped:
            lines.append(f"{result.name:<40} {'skipped: ' + result.skipped}")
            continue
        lines.append(
            f"{result.name:<40} {data['median_ms']:>10} {data['p95_ms']:>10} "
            f"{data['cpu_median_ms']:>8} {data['queries'] if data['queries'] is not None else '-':>8} {result.status:>7}"
        )
    return "\n".join(lines)
