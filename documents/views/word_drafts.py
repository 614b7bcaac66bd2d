"""A document's next issue, or its draft, filled from the procedure's Word file."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from documents.forms.word import WordDraftForm
from documents.services.word import (
    check_may_draft_from_word,
    revision_fill_from_word,
    revision_new_from_word,
)
from documents.views.common import get_document_or_404, get_revision_or_404
from documents.workflow import check_revision_edit
from qms.lib.forms import add_service_errors
from qms.lib.text import fold

# More warnings than this are summed up in one line.
WARNINGS_SHOWN = 10


def _number(days: Decimal) -> str:
    return formats.localize(Decimal(format(days.normalize(), "f")))


def _report(request, revision, structure) -> None:
    """Say what was filled, and what the file left unclear, on the draft's page."""
    messages.success(
        request,
        _(
            "The draft of issue %(number)02d was filled from %(name)s: %(steps)s steps, "
            "%(records)s records to keep, %(forms)s forms linked."
        )
        % {
            "number": revision.number,
            "name": revision.source_name,
            "steps": len(structure.steps),
            "records": len(structure.records),
            "forms": len(structure.forms) - len(revision.missing_forms),
        },
    )
    if revision.missing_forms:
        messages.warning(
            request,
            _("Forms not in the register, not linked: %(forms)s. Register them, then link them.")
            % {"forms": "; ".join(f"{f.code} {f.name}".strip() for f in revision.missing_forms)},
        )
    warnings = list(structure.warnings)
    document = revision.document
    if structure.code and fold(structure.code) != fold(document.code):
        warnings.insert(
            0,
            _("The file is for the code %(file)s, not %(code)s.")
            % {"file": structure.code, "code": document.code},
        )
    if structure.issue_number is not None and structure.issue_number != revision.number:
        warnings.insert(
            0,
            _("The file says issue %(file)02d; this draft is issue %(number)02d.")
            % {"file": structure.issue_number, "number": revision.number},
        )
    stated, steps_total = structure.stated_total_days, structure.steps_total_days
    if stated is not None and stated != steps_total:
        warnings.append(
            _("The file's total row says %(stated)s working days; the steps add up to %(sum)s.")
            % {"stated": _number(stated), "sum": _number(steps_total or Decimal(0))}
        )
    procedure = document.administrative_procedure
    if structure.tthc_code and (procedure is None or procedure.number != structure.tthc_code):
        warnings.append(
            _(
                "The file cites the administrative procedure %(code)s, which is not the one "
                "linked to this document: edit the document to link it."
            )
            % {"code": structure.tthc_code}
        )
    for warning in warnings[:WARNINGS_SHOWN]:
        messages.warning(request, warning)
    if len(warnings) > WARNINGS_SHOWN:
        more = len(warnings) - WARNINGS_SHOWN
        messages.warning(
            request,
            ngettext("%(count)s more warning.", "%(count)s more warnings.", more) % {"count": more},
        )


@login_required
@require_http_methods(["GET", "POST"])
def document_word_draft(request, pk: int):
    """Upload the .docx of the next issue of an effective document: a new draft, filled."""
    document = get_document_or_404(request, pk)
    return _upload(
        request,
        document=document,
        revision=None,
        check=lambda: check_may_draft_from_word(document, request.user),
        refused=redirect("documents:document-detail", document.pk),
        fill=lambda structure, file: revision_new_from_word(
            document=document, by=request.user, structure=structure, source=file
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_word_draft(request, pk: int):
    """Upload a .docx over a draft: its content is replaced by what the file states."""
    revision = get_revision_or_404(request, pk)
    return _upload(
        request,
        document=revision.document,
        revision=revision,
        check=lambda: check_revision_edit(revision, request.user),
        refused=redirect("documents:revision-detail", revision.pk),
        fill=lambda structure, file: revision_fill_from_word(
            revision=revision, by=request.user, structure=structure, source=file
        ),
    )


def _upload(request, *, document, revision, check, refused, fill):
    """The upload page of both: refused with the reason when the person may not draft,
    else the form, and once the file is read and stored the draft with what was filled."""
    try:
        check()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return refused
    form = WordDraftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            filled = fill(form.structure, form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _report(request, filled, form.structure)
            return redirect("documents:revision-detail", filled.pk)
    return render(
        request,
        "documents/word_draft_form.html",
        {"document": document, "revision": revision, "form": form},
    )


urlpatterns = [
    path("<int:pk>/word-draft/", document_word_draft, name="document-word-draft"),
    path("revisions/<int:pk>/word-draft/", revision_word_draft, name="revision-word-draft"),
]
