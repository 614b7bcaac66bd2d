"""Distribution of a revision, the "Đã đọc và hiểu" acknowledgement and its coverage."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from documents.forms.distribution import DistributionForm
from documents.models import Revision
from documents.selectors.distribution import (
    LATE_AFTER_DAYS,
    acknowledgement_due,
    coverage_by_unit,
    coverage_of,
    distributed_documents,
    is_recipient,
    late_recipients,
    latest_reminder,
    previous_distributed,
    reading_register,
)
from documents.services.distribution import (
    acknowledgement_record,
    acknowledgement_remind,
    distribution_add,
    distribution_copy_previous,
)
from documents.views.common import get_revision_or_404
from documents.workflow import distribution_allowed_actions
from qms.agencies.permissions import (
    agency_permission_required,
    agency_permissions,
    any_permission,
)
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator
from qms.lib.pdf import html_to_pdf
from qms.lib.spreadsheets import BOLD, XLSX_TYPE, XlsxWriter

PAGE_SIZE = 25
LATE_PAGE_SIZE = 50


def distributed_message(rows) -> str:
    return ngettext(
        "Added %(count)s entry to the distribution list.",
        "Added %(count)s entries to the distribution list.",
        len(rows),
    ) % {"count": len(rows)}


def _percent(done: int, expected: int) -> int | None:
    return round(100 * done / expected) if expected else None


@login_required
def revision_distribution(request, pk: int):
    """Who received a revision, how many acknowledged (per unit) and who is late. The ISO
    secretary adds recipients here; recipients see the page too, without the late list."""
    revision = get_revision_or_404(request, pk)
    manager = "manage_documents" in agency_permissions(request.user, revision.document.agency)
    recipient = is_recipient(revision, request.user)
    if not (manager or recipient):
        raise PermissionDenied
    allowed = distribution_allowed_actions(revision, request.user)
    data = request.POST if request.method == "POST" else None
    form = DistributionForm(data, revision=revision) if "distribute" in allowed else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                rows = distribution_add(revision=revision, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, distributed_message(rows))
                return redirect("documents:revision-distribution", revision.pk)
    return render(
        request,
        "documents/distribution_detail.html",
        _detail_context(
            request, revision, manager=manager, recipient=recipient, form=form, allowed=allowed
        ),
    )


def _detail_context(
    request, revision, *, manager: bool, recipient: bool, form, allowed: frozenset[str]
) -> dict:
    units = coverage_by_unit(revision)
    expected = sum(row["expected"] for row in units)
    done = sum(row["acknowledged"] for row in units)
    for row in units:
        row["percent"] = _percent(row["acknowledged"], row["expected"])
    late = None
    if manager:
        late = Paginator(late_recipients(revision), LATE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        today = timezone.localdate()
        for person in late:
            person.due = acknowledgement_due(revision, person.reached_at)
            person.days_late = (today - person.due).days
    mine = revision.acknowledgements.filter(user=request.user).first() if recipient else None
    return {
        "revision": revision,
        "document": revision.document,
        "distributions": revision.distributions.select_related("unit", "user", "distributed_by"),
        "units": units,
        "expected": expected,
        "acknowledged": done,
        "percent": _percent(done, expected),
        "late": late,
        "late_after_days": LATE_AFTER_DAYS,
        "form": form,
        "previous": previous_distributed(revision) if form is not None else None,
        "is_recipient": recipient,
        "my_acknowledgement": mine,
        "allowed": allowed,
    }


@login_required
@require_POST
def revision_distribution_copy(request, pk: int):
    """One click: the same recipients as the previous distributed issue."""
    revision = get_revision_or_404(request, pk, "manage_documents")
    try:
        rows = distribution_copy_previous(revision=revision, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, distributed_message(rows))
    return redirect("documents:revision-distribution", revision.pk)


@login_required
@require_POST
def revision_acknowledge(request, pk: int):
    """ "Đã đọc và hiểu": only a recipient, only an effective revision, only once."""
    revision = get_revision_or_404(request, pk)
    try:
        acknowledgement_record(revision=revision, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("You confirmed that you have read and understood %(code)s, issue %(number)s.")
            % {"code": revision.document.code, "number": f"{revision.number:02}"},
        )
    return redirect("documents:revision-detail", revision.pk)


@agency_permission_required("manage_documents")
def acknowledgement_overview(request):
    """Every distributed effective revision of the agency with its coverage and late count."""
    documents = distributed_documents(agency=request.agency)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = coverage_of(page.object_list, agency=request.agency)
    for revision in page:
        revision.percent = _percent(revision.acknowledged, revision.expected)
        revision.complete = revision.expected > 0 and revision.acknowledged == revision.expected
    return render(
        request,
        "documents/acknowledgement_overview.html",
        {"page": page, "late_after_days": LATE_AFTER_DAYS},
    )


# Who may read the register of an issue by name: the ISO secretary, the leaders who approve,
# internal auditors and supervisors; only the ISO secretary reminds.
REGISTER_READERS = ("manage_documents", "approve_documents", "audit", "supervise")


def _register(request, pk: int) -> tuple[Revision, list, bool]:
    """The issue, its readers (unread only with ``?unread=1``) and whether they are filtered."""
    revision = get_revision_or_404(request, pk)
    if not any_permission(request.user, REGISTER_READERS, revision.document.agency):
        raise PermissionDenied
    unread_only = request.GET.get("unread") == "1"
    return revision, list(reading_register(revision, unread_only=unread_only)), unread_only


@login_required
def revision_readers(request, pk: int):
    """ "Sổ giao nhận tài liệu": each recipient by name, unit, received on and read at."""
    revision, people, unread_only = _register(request, pk)
    return render(
        request,
        "documents/distribution_register.html",
        {
            "revision": revision,
            "document": revision.document,
            "people": people,
            "unread_only": unread_only,
            "unread_count": sum(1 for person in people if person.read_at is None),
            "allowed": distribution_allowed_actions(revision, request.user),
            "last_reminder": latest_reminder(revision),
        },
    )


def _register_rows(people) -> list[list]:
    return [
        [
            index,
            person.full_name or person.username,
            person.unit_here or "",
            timezone.localdate(person.reached_at) if person.reached_at else None,
            person.read_at,
        ]
        for index, person in enumerate(people, 1)
    ]


def _register_name(revision: Revision, extension: str) -> str:
    code = slugify(revision.document.code) or "tai-lieu"
    return f'attachment; filename="so-giao-nhan-{code}-{revision.number:02}.{extension}"'


@login_required
def revision_readers_xlsx(request, pk: int):
    """The register as a workbook; every cell goes through the project's safe writer."""
    revision, people, _unread = _register(request, pk)
    book = XlsxWriter()
    sheet = book.sheet(_("Receipt register"))
    sheet.append([f"{revision.document.code} {revision.document.title}"], font=BOLD)
    sheet.append([_("Issue %(n)s") % {"n": f"{revision.number:02}"}])
    sheet.append([_("No."), _("Full name"), _("Unit"), _("Received on"), _("Read at")], font=BOLD)
    for row in _register_rows(people):
        sheet.append(row)
    for column, width in zip("ABCDE", (6, 30, 34, 14, 18), strict=True):
        sheet.width(column, width)
    response = HttpResponse(book.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _register_name(revision, "xlsx")
    return response


@login_required
def revision_readers_pdf(request, pk: int):
    """The register printed like the paper book, with the ISO secretary's signature line."""
    revision, people, unread_only = _register(request, pk)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "pdf/distribution_register.html",
            {
                "revision": revision,
                "document": revision.document,
                "agency": revision.document.agency,
                "people": people,
                "unread_only": unread_only,
                "today": timezone.localdate(),
            },
        )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = _register_name(revision, "pdf").replace(
        "attachment", "inline"
    )
    return response


@login_required
@require_POST
def revision_readers_remind(request, pk: int):
    """ "Nhắc lại": mail everyone who has not read the issue yet (ISO secretary only)."""
    revision = get_revision_or_404(request, pk, "manage_documents")
    try:
        count = acknowledgement_remind(revision=revision, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "Reminded %(count)s person who has not read it.",
                "Reminded %(count)s people who have not read it.",
                count,
            )
            % {"count": count},
        )
    return redirect(f"{reverse('documents:revision-readers', args=[revision.pk])}?unread=1")


urlpatterns = [
    path("revisions/<int:pk>/distribution/", revision_distribution, name="revision-distribution"),
    path(
        "revisions/<int:pk>/distribution/copy/",
        revision_distribution_copy,
        name="revision-distribution-copy",
    ),
    path("revisions/<int:pk>/acknowledge/", revision_acknowledge, name="revision-acknowledge"),
    path("revisions/<int:pk>/readers/", revision_readers, name="revision-readers"),
    path("revisions/<int:pk>/readers.xlsx", revision_readers_xlsx, name="revision-readers-xlsx"),
    path("revisions/<int:pk>/readers.pdf", revision_readers_pdf, name="revision-readers-pdf"),
    path(
        "revisions/<int:pk>/readers/remind/",
        revision_readers_remind,
        name="revision-readers-remind",
    ),
    path("acknowledgements/", acknowledgement_overview, name="acknowledgement-overview"),
]
