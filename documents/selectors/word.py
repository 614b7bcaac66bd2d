"""A stored revision as the procedure its Word file states (``ProcedureStructure``): what the
.docx export writes, and what the round trip compares with the file read back."""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from documents.models import (
    ApprovalDecision,
    Document,
    PaperIssueEntry,
    Revision,
)
from documents.word.structure import (
    FormRef,
    HistoryEntry,
    ProcedureStructure,
    RecordEntry,
    Retention,
    Signatory,
    SignedAs,
    Step,
)

D = ApprovalDecision
# Drafts and revisions on their way to approval are printed as drafts; from approval on,
# the issue is the controlled one.
DRAFT_STATUSES = (Revision.Status.DRAFT, Revision.Status.IN_REVIEW, Revision.Status.IN_APPROVAL)


def _days_text(days: Decimal) -> str:
    return _("%(days)s working days") % {
        "days": formats.localize(Decimal(format(days.normalize(), "f")))
    }


def revision_for_structure(pk: int) -> Revision:
    """The revision with everything ``revision_structure`` reads, in a fixed number of
    queries whatever the number of steps, records, forms or signatures."""
    return (
        Revision.objects.select_related(
            "document__agency",
            "document__administrative_procedure",
            "drafted_by",
            "approved_by",
        )
        .prefetch_related(
            "steps",
            "records",
            "paper_signatures",
            Prefetch("forms", queryset=Document.objects.order_by("code")),
            Prefetch(
                "decisions",
                queryset=D.objects.filter(
                    step=D.Step.REVIEW, decision=D.Decision.PASSED
                ).select_related("by"),
                to_attr="review_passes",
            ),
        )
        .get(pk=pk)
    )


def paper_history_of(
    document: Document, *, up_to: int | None = None, issued_only: bool = False
) -> list[PaperIssueEntry]:
    """The paper revision history (the issues before the system) as the latest issue that
    brought one lists it: up to issue ``up_to``, and among issued revisions only when
    ``issued_only``. One query."""
    entries = PaperIssueEntry.objects.filter(revision__document=document)
    if up_to is not None:
        entries = entries.filter(revision__number__lte=up_to)
    if issued_only:
        entries = entries.filter(revision__status__in=Revision.LOCKED)
    entries = list(entries.order_by("-revision__number", "order"))
    latest = entries[0].revision_id if entries else None
    return [entry for entry in entries if entry.revision_id == latest]


def paper_log_of(document: Document, log: list[Revision]) -> list[PaperIssueEntry]:
    """The paper entries to show after the system's revision log ``log`` (its issued
    revisions): those of issues the system does not hold itself. A draft's file counts
    once it is issued."""
    numbers = {revision.number for revision in log}
    entries = paper_history_of(document, issued_only=True)
    return [entry for entry in entries if entry.issue not in numbers]


def _signatories(revision: Revision) -> list[Signatory]:
    paper = revision.paper_signatures.all()
    if paper:
        return [Signatory(SignedAs(s.role), s.name, s.position) for s in paper]
    drafter = revision.drafted_by
    signatories = [Signatory(SignedAs.DRAFTED, str(drafter), drafter.position)]
    seen = set()
    for decision in revision.review_passes:
        if decision.round == revision.round and decision.by_id not in seen:
            seen.add(decision.by_id)
            signatories.append(Signatory(SignedAs.REVIEWED, str(decision.by), decision.by.position))
    if revision.approved_by:
        approver = revision.approved_by
        signatories.append(Signatory(SignedAs.APPROVED, str(approver), approver.position))
    return signatories


def _history(revision: Revision) -> list[HistoryEntry]:
    """The paper entries, then the system's issues up to this one that the paper lacks."""
    document = revision.document
    paper = paper_history_of(document, up_to=revision.number)
    history = [HistoryEntry(e.issue, e.issued_on, e.part, e.summary) for e in paper]
    covered = {entry.issue for entry in history}
    issued = document.revisions.filter(
        status__in=Revision.LOCKED, number__lte=revision.number
    ).order_by("number")
    for other in issued.only("document_id", "number", "effective_date", "change_summary"):
        if other.number in covered:
            continue
        summary = other.change_summary or (_("First issue") if other.number == 1 else "")
        history.append(HistoryEntry(other.number, other.effective_date, "", summary))
    return history


def _legal_limit(revision: Revision) -> tuple[str, Decimal | None, str]:
    """(text, days, TTHC code): the limit as the procedure states it; when it states none,
    the limit of the TTHC the document cites (the reference the steps are checked against)."""
    procedure = revision.document.administrative_procedure
    text, days = revision.legal_limit_text, revision.legal_limit_days
    if procedure is None:
        return text, days, ""
    if not text and days is None and procedure.time_limit_days is not None:
        days = procedure.time_limit_days
        # Part of the document's own text, in its language whatever the reader's (as the
        # writer's labels are), so that the file read back finds its limit.
        text = f"Thời hạn giải quyết: {_days_text(days)}"
    return text, days, procedure.number


def _issued_on(revision: Revision):
    if revision.effective_date:
        return revision.effective_date
    if revision.approved_at:
        return timezone.localdate(revision.approved_at)
    return None


def _steps(revision: Revision) -> list[Step]:
    return [
        Step(
            label=str(step.order),
            content=step.content,
            responsible=step.responsible,
            time_text=step.time_display,
            duration_days=step.duration_days,
            output=step.output,
        )
        for step in revision.steps.all()
    ]


def _records(revision: Revision) -> list[RecordEntry]:
    return [
        RecordEntry(
            name=item.name,
            keeper=item.keeper,
            retention_text=item.retention_display,
            retention=Retention(item.retention),
            retention_years=item.retention_years,
            retention_event=item.retention_event,
        )
        for item in revision.records.all()
    ]


def revision_structure(revision: Revision) -> ProcedureStructure:
    """``revision`` as a ``ProcedureStructure``: its document's metadata, the signatories
    (the paper ones when the issue came from paper, else the drafter, the reviewers who
    passed it in its last round and its approver, with their positions), the revision
    history (paper entries, then the system's issues), sections, steps, the stated total
    (the sum of the steps), the legal limit, forms and records. A fixed number of queries."""
    revision = revision_for_structure(revision.pk)
    document = revision.document
    steps = _steps(revision)
    limit_text, limit_days, tthc_code = _legal_limit(revision)
    structure = ProcedureStructure(
        agency=document.agency.name,
        title=document.title,
        code=document.code,
        issue_number=revision.number,
        issued_on=_issued_on(revision),
        signatories=_signatories(revision),
        history=_history(revision),
        purpose=revision.purpose,
        scope=revision.scope,
        references=revision.references,
        definitions=revision.definitions,
        body=revision.body,
        steps=steps,
        legal_limit_text=limit_text,
        legal_limit_days=limit_days,
        tthc_code=tthc_code,
        forms=[FormRef(form.code, form.title) for form in revision.forms.all()],
        records=_records(revision),
        is_draft=revision.status in DRAFT_STATUSES,
    )
    total = structure.steps_total_days
    if total is not None:
        structure.stated_total_days = total
        structure.stated_total_text = _days_text(total)
    return structure
