"""The audit checklist page: answered in one pass (one form for every item, saved at once) or
item by item without leaving the page (a small script posts one item and reads JSON back);
without the script, a single save comes back to the item's anchor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.forms.internal_audits import RESULT_CHOICES, AnswerForm, ChecklistItemForm
from audits.models import Audit, ChecklistItem
from audits.selectors.checklists import (
    checklist_items_of,
    checklist_progress,
    checklist_progress_of,
)
from audits.services import checklists
from audits.views.audit_plans import AUDITS
from audits.views.common import get_in_agency_or_404, refused
from audits.workflow import is_on_team
from qms.agencies.permissions import agency_permissions


def may_answer(audit: Audit, user) -> bool:
    return (
        audit.status == Audit.Status.NOTIFIED
        and is_on_team(audit, user)
        and user.has_perm("qms.audit", audit.agency)
    )


def _answers_posted(request, items) -> dict[int, tuple[str, str]]:
    """(result, evidence) of every item whose fields came with the form."""
    answers = {}
    for item in items:
        if f"{item.pk}-result" not in request.POST:
            continue
        form = AnswerForm(request.POST, prefix=item.pk)
        if form.is_valid():
            answers[item.pk] = (form.cleaned_data["result"], form.cleaned_data["evidence"])
        else:
            # An unknown result goes on to the service, which names the item in its refusal.
            answers[item.pk] = (
                request.POST[f"{item.pk}-result"],
                request.POST.get(f"{item.pk}-evidence", ""),
            )
    return answers


@login_required
def audit_checklist(request, pk: int):
    """The checklist; its POST saves every item at once. An item in error saves nothing and
    the page comes back with what was typed and each item's errors."""
    audit = get_in_agency_or_404(request, AUDITS, pk)
    perms = agency_permissions(request.user, audit.agency)
    may_edit = audit.status in Audit.FIELDWORK and (
        ("audit" in perms and is_on_team(audit, request.user)) or "manage_audits" in perms
    )
    items = checklist_items_of(audit)
    errors, typed = {}, {}
    if request.method == "POST":
        typed = _answers_posted(request, items)
        try:
            changed = checklists.checklist_answer_many(audit=audit, by=request.user, answers=typed)
        except ValidationError as error:
            errors = getattr(error, "error_dict", {})
            if not errors:
                refused(request, error)
        else:
            messages.success(request, _("%(count)s items saved.") % {"count": len(changed)})
            return redirect(reverse("audits:audit-checklist", args=[audit.pk]) + "#progress")
    progress = checklist_progress(items)
    for item in items:
        item.typed_result, item.typed_evidence = typed.get(item.pk, (item.result, item.evidence))
        item.errors = [str(m) for e in errors.get(item.pk, []) for m in e.messages]
    return render(
        request,
        "audits/audit_checklist.html",
        {
            "audit": audit,
            "items": items,
            "progress": progress,
            "may_answer": may_answer(audit, request.user),
            # Unanswered items keep the audit from being finished: they are marked.
            "mark_unanswered": progress.unanswered and audit.status == Audit.Status.NOTIFIED,
            "may_edit": may_edit,
            "result_choices": RESULT_CHOICES,
            "add_form": ChecklistItemForm(agency=audit.agency, version=audit.iso_version)
            if may_edit
            else None,
        },
        status=400 if errors else 200,
    )


def item_or_404(request, pk: int, *codenames: str) -> ChecklistItem:
    item = ChecklistItem.objects.filter(pk=pk).first()
    audit = get_in_agency_or_404(request, AUDITS, item.audit_id if item else 0, *codenames)
    item.audit = audit
    return item


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _saved_json(item: ChecklistItem) -> JsonResponse:
    progress = checklist_progress_of(item.audit)
    answered = ""
    if item.result:
        when = formats.date_format(item.answered_at, "SHORT_DATETIME_FORMAT")
        answered = f"{item.answered_by} · {when}"
    return JsonResponse(
        {
            "order": item.order,
            "result": item.get_result_display() if item.result else "",
            "answered": answered,
            "message": _("Item %(no)s saved.") % {"no": item.order},
            "unanswered": progress.unanswered,
            "progress": _("%(left)s of %(total)s items without a result")
            % {"left": progress.unanswered, "total": progress.total},
            "next": progress.next_unanswered,
        }
    )


@login_required
@require_POST
def checklistitem_answer(request, pk: int):
    """Save one item. Asked for JSON (the page's script) it answers the item's new state and
    the progress; otherwise it comes back to the item's anchor on the page."""
    item = item_or_404(request, pk, "audit")
    form = AnswerForm(request.POST, prefix=item.pk)
    error = None
    if form.is_valid():
        try:
            checklists.checklist_answer(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            error = refusal
    else:
        error = ValidationError(_("Choose a result for item %(no)s.") % {"no": item.order})
    if _wants_json(request):
        if error is not None:
            return JsonResponse({"errors": error.messages}, status=400)
        return _saved_json(item)
    if error is not None:
        refused(request, error)
    else:
        messages.success(request, _("Item %(no)s saved.") % {"no": item.order})
    checklist = reverse("audits:audit-checklist", args=[item.audit_id])
    return redirect(f"{checklist}#item-{item.order}")


urlpatterns = [
    path("audit/<int:pk>/checklist/", audit_checklist, name="audit-checklist"),
    path("checklist-item/<int:pk>/answer/", checklistitem_answer, name="checklistitem-answer"),
]
