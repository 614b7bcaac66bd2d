"""The long tail of the province brought its system documents in from Word, as an agency does
in its first week: each document of the standard set is written out as the .docx the agency
kept (``documents.word.writing``), then the whole set is imported at once as paper issues
(``documents.services.imports``), in force since the day they were signed. Paper issues have
no controlled copy; the showcase agencies play every issue through review and approval
instead (``builder``)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from documents.imports import ImportRow
from documents.models import Document, DocumentType, ExternalDocument, IsoClause
from documents.services.imports import documents_import
from documents.word.structure import (
    FormRef,
    ProcedureStructure,
    RecordEntry,
    Retention,
    Signatory,
    SignedAs,
    Step,
)
from documents.word.writing import procedure_docx
from qms.devdata.demo.documents.builder import Cast
from qms.devdata.demo.documents.specs import Ctx, Spec
from qms.lib.conversions import run_limited_side_by_side

# The paper issues were signed a month before the agency started with QMS: well inside their
# first review period, so none falls due in the demo.
SIGNED_DAYS_AGO = 30
SIGNED_BY = {
    SignedAs.DRAFTED: "Thư ký ISO",
    SignedAs.REVIEWED: "Đại diện lãnh đạo về chất lượng",
}


def bring_in(
    ctx: Ctx,
    cast: Cast,
    specs: list[Spec],
    *,
    types: dict[str, DocumentType],
    clauses: dict[str, IsoClause],
    externals: dict[str, ExternalDocument],
    existing: set[str],
) -> list[Document]:
    """Import the documents of ``specs`` (and their forms) not yet in the register."""
    issued_on = timezone.localdate() - timedelta(days=SIGNED_DAYS_AGO)
    wanted = [(spec, parent) for spec, parent in _with_forms(specs) if spec.code not in existing]
    if not wanted:
        return []
    structures = [_structure(ctx, cast, spec, issued_on) for spec, _parent in wanted]
    # Writing a .docx costs about a tenth of a second: the set is written on every CPU.
    files = run_limited_side_by_side(
        procedure_docx,
        [(structure,) for structure in structures],
        seconds=settings.CONVERSION_TIMEOUT_SECONDS,
    )
    office = ctx.agency.units.filter(name=ctx.office).first()
    rows = [
        ImportRow(
            code=spec.code,
            title=spec.title,
            document_type=types[spec.prefix],
            issue_number=1,
            issued_on=issued_on,
            file_name=f"{spec.code} {spec.title}.docx",
            file_data=data,
            structure=structure,
            parent_code=parent.code if parent else "",
            owner_unit=office,
            clauses=[
                clauses[number]
                for number in ctx.clauses(spec.clauses or (parent.clauses if parent else ""))
                if number in clauses
            ],
            cited=[externals[number] for number in spec.cited if number in externals],
        )
        for (spec, parent), structure, data in zip(wanted, structures, files, strict=True)
    ]
    # No controlled copies here: the long tail of agencies brings in about 160 documents,
    # and rendering each PDF would take most of load_demo's time budget. These stay paper
    # issues, shown as such, as an agency's own import without copies would be.
    return documents_import(agency=ctx.agency, by=cast.secretary, rows=rows, render_copies=False)


def _with_forms(specs: list[Spec]) -> list[tuple[Spec, Spec | None]]:
    return [
        pair for spec in specs for pair in [(spec, None), *((form, spec) for form in spec.forms)]
    ]


def _structure(ctx: Ctx, cast: Cast, spec: Spec, issued_on) -> ProcedureStructure:
    """The document as its Word file states it."""
    content = spec.content
    return ProcedureStructure(
        agency=ctx.name.upper(),
        title=spec.title,
        code=spec.code,
        issue_number=1,
        issued_on=issued_on,
        signatories=[
            Signatory(
                SignedAs.DRAFTED, cast.secretary.get_full_name(), SIGNED_BY[SignedAs.DRAFTED]
            ),
            Signatory(
                SignedAs.REVIEWED, cast.reviewer.get_full_name(), SIGNED_BY[SignedAs.REVIEWED]
            ),
            Signatory(SignedAs.APPROVED, cast.approver.get_full_name(), ctx.leader),
        ],
        purpose=content.get("purpose", ""),
        scope=content.get("scope", ""),
        references=content.get("references", ""),
        definitions=content.get("definitions", ""),
        body=content.get("body", ""),
        steps=[
            Step(
                label=str(number),
                content=row["content"],
                responsible=row.get("responsible", ""),
                time_text=row.get("time_text", ""),
                duration_days=row.get("duration_days"),
                output=row.get("output", ""),
            )
            for number, row in enumerate(content.get("steps", []), start=1)
        ],
        forms=[FormRef(form.code, form.title) for form in spec.forms],
        records=[
            RecordEntry(
                name=row["name"],
                keeper=row.get("keeper", ""),
                retention=Retention(row["retention"]),
                retention_years=row.get("retention_years"),
                retention_event=row.get("retention_event", ""),
            )
            for row in content.get("records", [])
        ],
    )
