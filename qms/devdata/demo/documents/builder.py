"""Plays a ``Spec`` through the document services: registers the document and its forms,
then takes each issue as far as its story goes, acting as the agency's demo people."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from documents.models import Document, DocumentType, ExternalDocument, IsoClause, Revision
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from documents.services.documents import document_create
from documents.services.reviews import document_review_record
from documents.services.withdrawals import withdrawal_decide, withdrawal_propose
from qms.agencies.models import Unit, User
from qms.devdata.demo.documents.specs import Ctx, Revise, Spec

REVIEW_OK = (
    "Đã xem xét: nội dung phù hợp với quy định hiện hành và thực tế thực hiện; "
    "đề nghị trình phê duyệt."
)
APPROVE_OK = "Đồng ý ban hành."


@dataclass
class Cast:
    """The agency's demo people, by the part each plays in a document's story."""

    secretary: User
    drafter: User
    reviewer: User
    approver: User
    requester: User


@dataclass
class Builder:
    ctx: Ctx
    cast: Cast
    types: dict[str, DocumentType]
    externals: dict[str, ExternalDocument]
    units: dict[str, Unit]
    clauses: dict[str, IsoClause]
    existing: set[str]

    def build(
        self, spec: Spec, parent: Document | None = None, clauses_of_parent: str = ""
    ) -> Document | None:
        """Register the document (and its forms) and play its story, unless it exists."""
        if spec.code in self.existing:
            return None
        drafter = getattr(self.cast, spec.drafter)
        if parent is not None and not spec.unit:
            unit = parent.owner_unit  # a form belongs where its procedure belongs
        else:
            unit = self.units.get(spec.unit or self.ctx.office)
        clauses = self.ctx.clauses(spec.clauses or clauses_of_parent)
        document = document_create(
            agency=self.ctx.agency,
            by=drafter,
            type=self.types[spec.prefix],
            title=spec.title,
            owner_unit=unit,
            parent=parent,
            code=spec.code,
            clauses=[self.clauses[n] for n in clauses if n in self.clauses],
            cited=[self.externals[n] for n in spec.cited if n in self.externals],
            administrative_procedure=self.externals.get(spec.tthc),
            restricted=spec.restricted,
        )
        self.existing.add(spec.code)
        forms = [self.build(form, document, spec.clauses) for form in spec.forms]
        content = dict(spec.content)
        if forms:
            content["forms"] = [form for form in forms if form is not None]
        self._tell(document, spec, drafter, content)
        return document

    def _tell(self, document: Document, spec: Spec, drafter: User, content: dict) -> None:
        (first, *args), *later = spec.story
        revision = document.revisions.get()
        if first == "approved":
            self._issue(revision, drafter, content, "effective", effective_in=args[0])
        else:
            self._issue(revision, drafter, content, first, comment=args[0] if args else "")
        cast = self.cast
        for event, *args in later:
            document.refresh_from_db()
            if event == "revise":
                change: Revise = args[0]
                request = change_request_create(
                    document=document,
                    by=getattr(cast, change.by),
                    reason=change.reason,
                    description=change.description,
                    source=change.source,
                )
                revision = change_request_decide(
                    change_request=request,
                    by=cast.secretary,
                    accept=True,
                    note=change.note,
                    drafter=drafter,
                )
                new = dict(change.content, change_summary=change.summary)
                if "forms" in content:
                    new["forms"] = content["forms"]
                self._issue(revision, drafter, new, "effective")
            elif event == "request":
                reason, description, source = args
                change_request_create(
                    document=document,
                    by=cast.requester,
                    reason=reason,
                    description=description,
                    source=source,
                )
            elif event == "refuse":
                reason, description, note = args
                request = change_request_create(
                    document=document, by=cast.requester, reason=reason, description=description
                )
                change_request_decide(
                    change_request=request, by=cast.secretary, accept=False, note=note
                )
            elif event == "review":
                outcome, note = args
                document_review_record(
                    document=document, by=cast.secretary, outcome=outcome, note=note
                )
            elif event == "withdraw":
                # The secretary proposes; the leader approves, as a withdrawal needs.
                withdrawal = withdrawal_propose(
                    revision=document.effective_revision, by=cast.secretary, reason=args[0]
                )
                withdrawal_decide(withdrawal=withdrawal, by=cast.approver, approve=True)

    def _issue(
        self,
        revision: Revision,
        drafter: User,
        content: dict,
        until: str,
        *,
        effective_in: int = 0,
        comment: str = "",
    ) -> None:
        """Take one issue through edit → submit → review → approval, stopping at ``until``."""
        cast = self.cast
        flow.revision_update_content(revision=revision, by=drafter, **content)
        if until == "draft":
            return
        flow.revision_submit(
            revision=revision, by=drafter, reviewers=[cast.reviewer], approver=cast.approver
        )
        if until == "in_review":
            return
        if until == "returned":
            flow.revision_return(revision=revision, by=cast.reviewer, comment=comment)
            return
        flow.revision_review_pass(revision=revision, by=cast.reviewer, comment=REVIEW_OK)
        if until == "in_approval":
            return
        effective_date = timezone.localdate() + timedelta(days=effective_in)
        flow.revision_approve(
            revision=revision, by=cast.approver, comment=APPROVE_OK, effective_date=effective_date
        )
