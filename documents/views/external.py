"""The external documents register (ISO 9001:2008 §4.2.3 f) and the documents it sends for
update: when a law, decree or TTHC decision stops being in force, every document citing it
must be revised within three months (QĐ 19/2014/QĐ-TTg, Điều 4.4.a)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery, Sum, prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.forms.external import ExternalDocumentForm, ExternalEndForm, ExternalFilterForm
from documents.models import Document, ExternalDocument
from documents.search import search_documents
from documents.selectors.documents import documents_needing_update
from documents.services.external import external_document_end, external_document_save
from qms.agencies.permissions import (
    agency_permission_required,
    agency_permissions,
    get_for_agency_or_404,
)
from qms.lib.dates import add_months
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator

PAGE_SIZE = 25
# QĐ 19/2014/QĐ-TTg Điều 4.4.a: legal changes go into the QMS within three months.
UPDATE_MONTHS = 3

IN_FORCE = ExternalDocument.Status.IN_FORCE
OBSOLETE = Document.Status.OBSOLETE


def _register_rows(agency, filters: dict):
    externals = ExternalDocument.objects.filter(agency=agency)
    if filters.get("kind"):
        externals = externals.filter(kind=filters["kind"])
    if filters.get("status"):
        externals = externals.filter(status=filters["status"])
    return (
        search_documents(externals, filters.get("q", ""))
        .select_related("replaced_by")
        .annotate(
            cited_by=Count(
                "citing_documents",
                filter=~Q(citing_documents__status=OBSOLETE),
                distinct=True,
            ),
            implemented_by=Count(
                "implementing_documents",
                filter=~Q(implementing_documents__status=OBSOLETE),
                distinct=True,
            ),
        )
        .order_by("kind", "number")
    )


@agency_permission_required("view_qms")
def external_list(request):
    """Văn bản bên ngoài: every law, decree, decision, standard and TTHC the agency applies."""
    form = ExternalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(_register_rows(request.agency, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_manage = "manage_documents" in agency_permissions(request.user, request.agency)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/external_list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                {
                    "external": e,
                    "ended": e.status != IN_FORCE,
                    "used_by": e.cited_by + e.implemented_by,
                }
                for e in page
            ],
            "query": query.urlencode(),
            "can_manage": can_manage,
            "needs_update_count": documents_needing_update(agency=request.agency).count()
            if can_manage
            else 0,
        },
    )


@agency_permission_required("manage_documents")
def external_create(request):
    form = ExternalDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            external = external_document_save(
                agency=request.agency, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(number)s was registered.") % {"number": external.number})
            return redirect("documents:external-detail", external.pk)
    return render(request, "documents/external_form.html", {"form": form})


@login_required
def external_detail(request, pk: int):
    external = get_for_agency_or_404(
        ExternalDocument.objects.select_related("replaced_by"), request.user, pk=pk
    )
    citing = external.citing_documents.select_related("owner_unit").with_revision_in_progress()
    implementing = external.implementing_documents.annotate(
        step_total=Sum("effective_revision__steps__duration_days")
    )
    if not any(agency.pk == external.agency_id for agency in request.user_agencies):
        # A supervisor of the province sees the register but never restricted documents.
        citing, implementing = (
            citing.filter(restricted=False),
            implementing.filter(restricted=False),
        )
    limit, ended = external.time_limit_days, external.status != IN_FORCE
    return render(
        request,
        "documents/external_detail.html",
        {
            "external": external,
            "ended": ended,
            "is_procedure": external.kind == ExternalDocument.Kind.PROCEDURE,
            "citing": [
                {"document": d, "needs_update": ended and d.status != OBSOLETE}
                for d in citing.order_by("code")
            ],
            "implementing": [
                {"document": d, "over": None not in (limit, d.step_total) and d.step_total > limit}
                for d in implementing.order_by("code")
            ],
            "replaces": external.replaces.order_by("number"),
            "can_manage": "manage_documents" in agency_permissions(request.user, external.agency),
        },
    )


@login_required
def external_edit(request, pk: int):
    external = get_for_agency_or_404(
        ExternalDocument.objects.all(), request.user, "manage_documents", pk=pk
    )
    form = ExternalDocumentForm(request.POST or None, instance=external)
    if request.method == "POST" and form.is_valid():
        try:
            external_document_save(
                agency=external.agency, by=request.user, external=external, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The entry of %(number)s was saved.") % {"number": external.number}
            )
            return redirect("documents:external-detail", external.pk)
    return render(request, "documents/external_form.html", {"form": form, "external": external})


@login_required
def external_end(request, pk: int):
    """Mark an external document replaced or expired: its citing documents need an update."""
    external = get_for_agency_or_404(
        ExternalDocument.objects.all(), request.user, "manage_documents", pk=pk
    )
    if external.status != IN_FORCE:
        messages.error(request, _("This external document is already no longer in force."))
        return redirect("documents:external-detail", external.pk)
    citing_count = external.citing_documents.exclude(status=OBSOLETE).count()
    form = ExternalEndForm(request.POST or None, external=external, agency=external.agency)
    if request.method == "POST" and form.is_valid():
        try:
            external_document_end(external=external, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _ended_message(external.number, citing_count))
            return redirect("documents:external-detail", external.pk)
    return render(
        request,
        "documents/external_end.html",
        {"form": form, "external": external, "citing_count": citing_count},
    )


def _ended_message(number: str, count: int) -> str:
    if not count:
        return _("%(number)s is no longer in force. No document cites it.") % {"number": number}
    return ngettext(
        "%(number)s is no longer in force: %(count)s document citing it now needs an update.",
        "%(number)s is no longer in force: %(count)s documents citing it now need an update.",
        count,
    ) % {"number": number, "count": count}


def _update_row(document: Document, today: date) -> dict:
    due = add_months(document.ended_since, UPDATE_MONTHS) if document.ended_since else None
    return {
        "document": document,
        "citations": document.ended_citations,
        "due": due,
        "overdue": due is not None and due < today,
        "can_request_change": document.status == Document.Status.EFFECTIVE
        and not document.in_progress,
    }


@agency_permission_required("manage_documents")
def needs_update(request):
    """Documents citing an external document no longer in force, the longest waiting first."""
    today = timezone.localdate()
    oldest_end = (
        ExternalDocument.objects.filter(citing_documents=OuterRef("pk"))
        .exclude(status=IN_FORCE)
        .order_by("status_changed_on")
        .values("status_changed_on")[:1]
    )
    documents = (
        documents_needing_update(agency=request.agency)
        .with_revision_in_progress()
        .annotate(ended_since=Subquery(oldest_end))
        .order_by("ended_since", "code")
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_update_row(document, today) for document in page]
    # The replacing documents of the whole page in one query.
    prefetch_related_objects([e for row in rows for e in row["citations"]], "replaced_by")
    return render(
        request,
        "documents/document_needs_update.html",
        {"page": page, "rows": rows, "months": UPDATE_MONTHS},
    )


urlpatterns = [
    path("external/", external_list, name="external-list"),
    path("external/new/", external_create, name="external-create"),
    path("external/<int:pk>/", external_detail, name="external-detail"),
    path("external/<int:pk>/edit/", external_edit, name="external-edit"),
    path("external/<int:pk>/end/", external_end, name="external-end"),
    path("needs-update/", needs_update, name="needs-update"),
]
