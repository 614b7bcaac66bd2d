from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from documents.forms import (
    RECORD_FIELDS,
    STEP_FIELDS,
    RecordFormSet,
    RevisionContentForm,
    StepFormSet,
    filled_rows,
)
from documents.models import ApprovalDecision, DocumentType
from documents.selectors.revisions import copy_rendering_of, decisions_of, pending_reviewers
from documents.services.queued_copies import check_copy_retry
from documents.services.revisions import can_edit, revision_attach_file, revision_update_content
from documents.services.word import check_may_draft_from_word
from documents.views.common import get_revision_or_404
from documents.workflow import revision_allowed_actions
from qms.lib.checks import passes
from qms.lib.forms import add_service_errors


def step_time_check(revision, steps) -> dict:
    """Sum the step times and compare them with the legal time limit: the TTHC's, from the
    external register, when the document cites one; else the limit the procedure states."""
    total = sum((step.duration_days or Decimal(0) for step in steps), Decimal(0))
    procedure = revision.document.administrative_procedure
    limit = procedure.time_limit_days if procedure else None
    if limit is None:
        limit = revision.legal_limit_days
    return {
        "total": total,
        "limit": limit,
        "over": limit is not None and total > limit,
        "stated": revision.legal_limit_text,
    }


@login_required
def revision_detail(request, pk: int):
    revision = get_revision_or_404(request, pk)
    user = request.user
    steps = list(revision.steps.all())
    waiting = pending_reviewers(revision) if revision.status == revision.Status.IN_REVIEW else []
    decisions = list(decisions_of(revision))
    passed = [d for d in decisions if d.decision == "passed" and d.round == revision.round]
    returns = [d for d in decisions if d.decision == "returned"]
    last_return = returns[-1] if revision.returned and returns else None
    copy_rendering = copy_rendering_of(revision)
    return render(
        request,
        "documents/revision_detail.html",
        {
            "revision": revision,
            "document": revision.document,
            "steps": steps,
            "time_check": step_time_check(revision, steps),
            "records": revision.records.all(),
            "forms_used": revision.forms.all(),
            "decisions": decisions,
            "review_passes": passed,
            "last_return": last_return,
            "reviewers": revision.reviewers.all(),
            "paper_signatures": revision.paper_signatures.all(),
            "can_draft_from_word": revision.status == revision.Status.EFFECTIVE
            and passes(check_may_draft_from_word, revision.document, user),
            "waiting": waiting,
            "allowed": revision_allowed_actions(revision, user),
            "copy_rendering": copy_rendering,
            "can_retry_copy": copy_rendering is not None
            and passes(check_copy_retry, revision, user),
            "previous": revision.document.revisions.filter(number__lt=revision.number)
            .order_by("-number")
            .first(),
        },
    )


def last_return_of(revision):
    """The decision that sent a returned draft back (who, when, why), else None."""
    if not revision.returned:
        return None
    return (
        revision.decisions.filter(decision=ApprovalDecision.Decision.RETURNED)
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )


def _edit_forms(request, revision):
    """The content form and the two row formsets. A bound formset takes no initial rows:
    the page may have inserted, moved or deleted rows, so row i is no longer stored row i."""
    agency = revision.document.agency
    initial = {
        field: getattr(revision, field)
        for field in ("change_summary", "purpose", "scope", "references", "definitions", "body")
    }
    initial["forms_used"] = list(revision.forms.all())
    # A procedure's content is its steps; free text stays for the other kinds, and for a
    # procedure that already has some (imported), so that nothing is hidden or lost.
    with_body = revision.document.type.kind != DocumentType.Kind.PROCEDURE or bool(revision.body)
    data = request.POST if request.method == "POST" else None
    form = RevisionContentForm(
        data, request.FILES or None, initial=initial, agency=agency, with_body=with_body
    )
    if data is None:
        steps = StepFormSet(initial=list(revision.steps.values(*STEP_FIELDS)), prefix="steps")
        records = RecordFormSet(
            initial=list(revision.records.values(*RECORD_FIELDS)), prefix="records"
        )
    else:
        steps = StepFormSet(data, prefix="steps")
        records = RecordFormSet(data, prefix="records")
    return form, steps, records


@login_required
def revision_edit(request, pk: int):
    revision = get_revision_or_404(request, pk)
    if not can_edit(revision, request.user):
        messages.error(
            request,
            _("Only the drafter or the ISO secretary edits a draft, and only while it is a draft."),
        )
        return redirect("documents:revision-detail", revision.pk)
    form, steps, records = _edit_forms(request, revision)
    if request.method == "POST" and form.is_valid() and steps.is_valid() and records.is_valid():
        content = dict(form.cleaned_data)
        upload = content.pop("source_file")
        content["forms"] = content.pop("forms_used")
        content.setdefault("body", revision.body)
        try:
            with transaction.atomic():
                revision_update_content(
                    revision=revision,
                    by=request.user,
                    steps=filled_rows(steps, "content"),
                    records=filled_rows(records, "name"),
                    **content,
                )
                if upload:
                    revision_attach_file(revision=revision, by=request.user, upload=upload)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            if "continue" in request.POST:
                return redirect("documents:revision-edit", revision.pk)
            return redirect("documents:revision-detail", revision.pk)
    return render(
        request,
        "documents/revision_form.html",
        {
            "revision": revision,
            "document": revision.document,
            "form": form,
            "steps": steps,
            "records": records,
            "last_return": last_return_of(revision),
        },
    )


@login_required
def revision_file(request, pk: int):
    revision = get_revision_or_404(request, pk)
    if not revision.source_file:
        raise Http404
    return FileResponse(
        revision.source_file.open("rb"),
        as_attachment=True,
        filename=revision.source_name or revision.source_file.name.rsplit("/", 1)[-1],
    )


urlpatterns = [
    path("revisions/<int:pk>/", revision_detail, name="revision-detail"),
    path("revisions/<int:pk>/edit/", revision_edit, name="revision-edit"),
    path("revisions/<int:pk>/file/", revision_file, name="revision-file"),
]
