"""The long tail of the province brought its system documents in from Word, as an agency does
in its first week: each document of the standard set is written out as the .docx the agency
kept (``documents.word.writing``), then the whole set is imported at once as paper issues
(``documents.services.imports``), in force since the day they were signed. Paper issues have
no controlled copy; the showcase agencies play every issue through review and approval
instead (``builder``)."""

import io
import zipfile
from dataclasses import fields, is_dataclass, replace
from datetime import timedelta
from xml.sax.saxutils import escape

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
    files = _word_files(ctx, cast, structures)
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


# An agency new to ISO copies a neighbour's procedures and puts in its own name, people and
# leader; the demo does the same. Each procedure of the long tail is written once with
# placeholders where these stand, then stamped with every agency's own: a twentieth of the cost
# of writing the file again. A procedure whose text differs in more than these is written anew.
_written: dict[str, bytes] = {}


def _word_files(ctx: Ctx, cast: Cast, structures: list[ProcedureStructure]) -> list[bytes]:
    """The .docx of each structure, as ``procedure_docx`` writes it."""
    values = _own_values(ctx, cast)
    blanks = [_blank(structure, values) for structure in structures]
    missing = {repr(blank): blank for blank in blanks if repr(blank) not in _written}
    # Writing a .docx costs about a tenth of a second: the new ones are written on every CPU.
    written = run_limited_side_by_side(
        procedure_docx,
        [(blank,) for blank in missing.values()],
        seconds=settings.CONVERSION_TIMEOUT_SECONDS,
    )
    _written.update(zip(missing, written, strict=True))
    return [_stamp(_written[repr(blank)], values) for blank in blanks]


def _own_values(ctx: Ctx, cast: Cast) -> dict[str, str]:
    """The agency's own words by their placeholder, longest first, so that a name is replaced
    before the shorter name inside it. The placeholders are capitals, which the header's
    capitals leave as they are; the agency's name in capitals has its own."""
    own = {
        "AGENCY-CAPITALS": ctx.name.upper(),
        "AGENCY": ctx.name,
        "SHORT-NAME": ctx.short,
        "UNITS": ctx.units,
        "LEADER": ctx.leader,
        "OFFICE": ctx.office,
        "DRAFTER": cast.secretary.get_full_name(),
        "REVIEWER": cast.reviewer.get_full_name(),
        "APPROVER": cast.approver.get_full_name(),
    }
    return {
        f"[QMS-{name}]": value
        for name, value in sorted(own.items(), key=lambda pair: -len(pair[1]))
        if value
    }


def _blank(value, values: dict[str, str]):
    """``value`` (a structure, or any part of it) with the placeholders in place of the
    agency's own words; the title and code, which the file prints in capitals, as they are."""
    if type(value) is str:
        for placeholder, own in values.items():
            value = value.replace(own, placeholder)
        return value
    if isinstance(value, list):
        return [_blank(item, values) for item in value]
    if is_dataclass(value):
        kept = {"title", "code"} if isinstance(value, ProcedureStructure) else set()
        return replace(
            value,
            **{
                part.name: _blank(getattr(value, part.name), values)
                for part in fields(value)
                if part.name not in kept
            },
        )
    return value


def _stamp(docx: bytes, values: dict[str, str]) -> bytes:
    """``docx`` with every placeholder of its XML parts replaced by its value."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".xml"):
                text = data.decode()
                for placeholder, value in values.items():
                    text = text.replace(placeholder, escape(value))
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


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
