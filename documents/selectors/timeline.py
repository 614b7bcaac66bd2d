"""The history of one document: ``document_timeline(document, limit=…)`` merges every history
row, approval decision and change request of a document into one list, newest first. It only
reads; the views decide who may see it.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from documents.models import (
    ApprovalDecision,
    ChangeRequest,
    Document,
    Revision,
)

HISTORY_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Fields that change with others or say nothing to a reader.
_NOT_SHOWN = {"id", "search_text"}


@dataclass
class HistoryEntry:
    at: datetime
    user: str
    action: str
    revision_number: int | None
    fields: list[str]
    reason: str
    is_decision: bool = False

    @property
    def revision_label(self) -> str:
        """The issue number as documents write it: 01, 02 …"""
        return "" if self.revision_number is None else f"{self.revision_number:02}"

    @property
    def when(self) -> str:
        """d/m/Y H:i in Vietnam's time, whatever the server's zone."""
        return timezone.localtime(self.at, HISTORY_TIME_ZONE).strftime("%d/%m/%Y %H:%M")


def _who(user) -> str:
    return user.get_full_name() if user is not None else _("System")


def _history_rows(queryset, limit: int) -> tuple[list, dict]:
    """The newest ``limit`` history rows with their users, and each row's previous record
    (of the same object), fetched at most in one more query."""
    model = queryset.model
    previous = (
        model._default_manager.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    rows = list(
        queryset.select_related("history_user")
        .annotate(previous_id=Subquery(previous))
        .order_by("-history_date", "-history_id")[:limit]
    )
    known = {row.history_id: row for row in rows}
    missing = {row.previous_id for row in rows if row.previous_id and row.previous_id not in known}
    if missing:
        known.update(
            (row.history_id, row) for row in model._default_manager.filter(history_id__in=missing)
        )
    return rows, known


def _changed_fields(row, before) -> list[str]:
    """Labels of the tracked fields that differ from the previous record.

    simple_history's ``diff_against`` only compares editable fields, and the fields that
    matter most here (status, effective revision, dates) are ``editable=False``; so every
    tracked field is compared on its stored value.
    """
    if row.history_type != "~" or before is None:
        return []
    return [
        str(capfirst(f.verbose_name))
        for f in row.tracked_fields
        if f.name not in _NOT_SHOWN and getattr(row, f.attname) != getattr(before, f.attname)
    ]


def _history_entries(queryset, limit: int, action, *, number=None, reason=None) -> list:
    """``action(row, before)`` names the event; ``reason(row)`` stands in for a missing
    history reason; ``number(row)`` is the issue number it concerns."""
    rows, known = _history_rows(queryset, limit)
    entries = []
    for row in rows:
        before = known.get(row.previous_id)
        entries.append(
            HistoryEntry(
                at=row.history_date,
                user=_who(row.history_user),
                action=str(action(row, before)),
                revision_number=number(row) if number else None,
                fields=_changed_fields(row, before),
                reason=row.history_change_reason or (reason(row) if reason else "") or "",
            )
        )
    return entries


def _by_type(created, changed, deleted):
    labels = {"+": created, "~": changed, "-": deleted}
    return lambda row, before: labels[row.history_type]


def _change_request_action(row, before) -> str:
    if row.history_type == "+":
        return _("Change request created")
    if before is not None and before.status != row.status:
        if row.status == ChangeRequest.Status.ACCEPTED:
            return _("Change request accepted")
        if row.status == ChangeRequest.Status.REFUSED:
            return _("Change request refused")
    return _("Change request changed")


def _change_request_reason(row) -> str:
    # The change request service records no history reason of its own: the request's
    # reason, and later the decision note, are the reason.
    return row.reason if row.history_type == "+" else row.decision_note


def _decision_entries(document: Document, limit: int) -> list[HistoryEntry]:
    decisions = (
        ApprovalDecision.objects.filter(revision__document_id=document.pk)
        .select_related("by", "revision")
        .order_by("-at", "-pk")[:limit]
    )
    entries = []
    for decision in decisions:
        if decision.step == ApprovalDecision.Step.SUBMIT:
            action = decision.get_step_display()
        elif decision.step == ApprovalDecision.Step.WITHDRAWAL:
            action = decision.get_decision_display()
        else:
            action = _("%(step)s: %(decision)s") % {
                "step": decision.get_step_display(),
                "decision": decision.get_decision_display(),
            }
        entries.append(
            HistoryEntry(
                at=decision.at,
                user=_who(decision.by),
                action=str(action),
                revision_number=decision.revision.number,
                fields=[],
                reason=decision.comment,
                is_decision=True,
            )
        )
    return entries


def document_timeline(document: Document, *, limit: int) -> list[HistoryEntry]:
    """The newest ``limit`` events of a document, newest first: its own history, its issues'
    history, their approval decisions and its change requests.

    Each source is read in one query (two when a row's previous record lies beyond the
    limit), so the number of queries does not grow with the number of events.
    """
    entries = [
        *_history_entries(
            document.history.all(),
            limit,
            _by_type(_("Document created"), _("Document changed"), _("Document deleted")),
        ),
        *_history_entries(
            Revision.history.filter(document_id=document.pk),
            limit,
            _by_type(_("Issue created"), _("Issue changed"), _("Issue deleted")),
            number=lambda row: row.number,
        ),
        *_decision_entries(document, limit),
        *_history_entries(
            ChangeRequest.history.filter(document_id=document.pk),
            limit,
            _change_request_action,
            reason=_change_request_reason,
        ),
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]
