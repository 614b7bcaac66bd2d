"""Demo document control of the Lâm Đồng province, built through the services so that history,
decision rows and derived fields are real.

Every active agency gets its document types, external documents, an effective quality policy,
objectives, manual and system procedures with the document list form (BM-01-QT-01). The long
tail of agencies brought them in from Word (``paper``); the two showcase agencies issued them
through review and approval, with every form of their procedures. Sở Tư pháp ("sotp") and UBND phường
Xuân Hương ("p-xuanhuong") get the full story: legal documents and administrative procedures
(TTHC), procedures implementing them, and revisions in every status with change requests and
periodic reviews.

Idempotent: documents are found by (agency, code), external documents by (agency, kind, number);
whatever exists is skipped. Each agency is built in one transaction, by its own demo people
(``qms.devdata.demo.agencies`` creates them); an agency missing one of them is skipped. Dates are those
the services stamp ("today"), so no periodic review is overdue in the demo.

The documents live beside this loader: ``specs`` (what a document is made of), ``system`` and
``improvement`` (what every agency has), ``paper`` (the import from Word), ``one_stop``, ``justice_department`` and
``justice_internal`` (Sở Tư pháp, the Department of Justice), ``ward`` and ``ward_procedures``
(UBND phường Xuân Hương and the procedures implementing its TTHC), ``external`` (external
documents); ``tthc_list`` (the TTHC lists imported); ``builder`` plays them through the
services. Their literal texts are TOML files in ``texts/``, which ``textfiles`` reads and fills
in with the agency's facts.

TTHC codes 1.001193, 1.000894, 1.000656, 2.000815, 2.000884 and 2.000635 follow the national
TTHC database as quoted in public sources; the provincial decisions announcing the TTHC lists
(numbers ending /QĐ-UBND) are made up for the demo.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import Document, DocumentType, ExternalDocument, IsoClause, Revision
from documents.services.copies import copies_issued_together
from documents.services.documents import document_type_save
from documents.services.external import external_document_end, external_document_save
from qms.agencies.models import Agency, User
from qms.devdata.demo.documents import (
    distribution,
    justice_department,
    paper,
    system,
    tthc_list,
    ward,
)
from qms.devdata.demo.documents.builder import Builder, Cast
from qms.devdata.demo.documents.external import ENDED, EXTERNAL, external_numbers
from qms.devdata.demo.documents.specs import CLAUSES, context
from qms.devdata.demo.run import WHOLE_PROVINCE, DemoRun

# (kind, name, prefix, code pattern)
TYPES = [
    (DocumentType.Kind.POLICY, "Chính sách chất lượng", "CS", "{prefix}-{number:02}"),
    (DocumentType.Kind.OBJECTIVES, "Mục tiêu chất lượng", "MT", "{prefix}-{number:02}"),
    (DocumentType.Kind.MANUAL, "Sổ tay chất lượng", "STCL", "{prefix}-{number:02}"),
    (DocumentType.Kind.PROCEDURE, "Quy trình", "QT", "{prefix}-{number:02}"),
    (DocumentType.Kind.INSTRUCTION, "Hướng dẫn", "HD", "{prefix}-{number:02}"),
    (DocumentType.Kind.FORM, "Biểu mẫu", "BM", "{prefix}-{number:02}-{parent}"),
]

# The only forms the agencies other than the showcase ones get (see ``_fewer_forms``).
LONG_TAIL_FORMS = {"BM-01-QT-01"}

# The people who act in each agency: the ISO secretary drafts the system documents and decides
# change requests; the drafter writes the professional procedures; ``requester`` asks for changes.
# Any other agency acts through the secretary, the leader and the administrator that
# ``qms.devdata.demo.agencies`` gives it (see ``_cast``).
CASTS = {
    "sotp": {
        "secretary": "lan.tk",
        "drafter": "hung.st",
        "reviewer": "mai.xx",
        "approver": "minh.ld",
        "requester": "hoa.cb",
    },
    "p-xuanhuong": {
        "secretary": "yen.tk",
        "drafter": "phuong.cc",
        "reviewer": "son.tp",
        "approver": "dung.ct",
        "requester": "phuong.cc",
    },
}


def load(run: DemoRun = WHOLE_PROVINCE) -> None:
    clauses = {
        version: {clause.number: clause for clause in IsoClause.objects.filter(version=version)}
        for version in CLAUSES
    }
    with run.in_province() as province:
        if province is None:
            return
        for agency in run.agencies(province):
            # The agency's copies are rendered together, on every CPU, before it commits.
            with transaction.atomic(), copies_issued_together():
                cast = _cast(agency)
                if cast is not None:
                    _load_agency(agency, cast, clauses[agency.iso_version])
            run.say(
                _("%(agency)s: %(documents)s documents, %(issued)s controlled copies")
                % {
                    "agency": agency.short_name or agency.name,
                    "documents": Document.objects.filter(agency=agency).count(),
                    "issued": Revision.objects.filter(document__agency=agency)
                    .exclude(pdf_file="")
                    .count(),
                }
            )


def _cast(agency: Agency) -> Cast | None:
    """The agency's demo people, or None when one of them is missing: the services need a real
    person for every act, so such an agency is skipped."""
    # The ISO secretary's role grants drafting; the administrator holds the reviewer role so that
    # nobody reviews their own draft.
    names = CASTS.get(agency.code) or {
        "secretary": f"secretary.{agency.code}",
        "drafter": f"secretary.{agency.code}",
        "reviewer": f"admin.{agency.code}",
        "approver": f"approver.{agency.code}",
        "requester": f"admin.{agency.code}",
    }
    users = {user.username: user for user in User.objects.filter(username__in=names.values())}
    if set(names.values()) - set(users):
        return None
    return Cast(**{part: users[username] for part, username in names.items()})


def _load_agency(agency: Agency, cast: Cast, clauses: dict[str, IsoClause]) -> None:
    types = _load_types(agency, cast.secretary)
    externals = _load_externals(agency, cast.secretary)
    tthc_list.load(agency, cast.secretary)
    units = {unit.name: unit for unit in agency.units.order_by("pk")}
    ctx = context(agency, units)
    specs = system.standard_set(ctx)
    if agency.code == "sotp":
        justice_department.revise_document_control(ctx, specs)
        specs += justice_department.specs(ctx)
    elif agency.code == "p-xuanhuong":
        specs += ward.specs(ctx)
    existing = set(Document.objects.filter(agency=agency).values_list("code", flat=True))
    if agency.code in CASTS:
        builder = Builder(ctx, cast, types, externals, units, clauses, existing)
        for spec in specs:
            builder.build(spec)
        distribution.distribute(agency, cast.secretary)
    else:
        _fewer_forms(specs)
        paper.bring_in(
            ctx,
            cast,
            specs,
            types=types,
            clauses=clauses,
            externals=externals,
            existing=existing,
        )
    _end_externals(agency, cast.secretary, externals)


def _fewer_forms(specs: list) -> None:
    """The long tail of agencies keeps one form (the document list, BM-01-QT-01) instead of
    every form of its system procedures: the two showcase agencies show forms in full."""
    for spec in specs:
        spec.forms = [form for form in spec.forms if form.code in LONG_TAIL_FORMS]


def _load_types(agency: Agency, by: User) -> dict[str, DocumentType]:
    types = {t.prefix: t for t in DocumentType.objects.filter(agency=agency)}
    for kind, name, prefix, pattern in TYPES:
        if prefix not in types:
            types[prefix] = document_type_save(
                agency=agency, by=by, kind=kind, name=name, prefix=prefix, code_pattern=pattern
            )
    return types


def _load_externals(agency: Agency, by: User) -> dict[str, ExternalDocument]:
    """The agency's external documents by number, registering those missing."""
    wanted = external_numbers(agency)
    registered = {
        (e.kind, e.number): e
        for e in ExternalDocument.objects.filter(agency=agency, number__in=wanted)
    }
    found = {}
    for number in wanted:
        kind, title, issuer, issued_on, effective_on, limit = EXTERNAL[number]
        if (kind, number) in registered:
            found[number] = registered[kind, number]
            continue
        found[number] = external_document_save(
            agency=agency,
            by=by,
            kind=kind,
            number=number,
            title=title,
            issuer=issuer,
            issued_on=issued_on,
            effective_on=effective_on,
            time_limit_days=limit,
        )
    return found


def _end_externals(agency: Agency, by: User, externals: dict[str, ExternalDocument]) -> None:
    """End what is no longer in force once the documents citing it exist, as it happened."""
    for number, status, on, successor in ENDED:
        external = externals.get(number)
        if external is None or external.status != ExternalDocument.Status.IN_FORCE:
            continue
        if successor not in externals:
            continue
        external_document_end(
            external=external, by=by, status=status, on=on, replaced_by=externals[successor]
        )
