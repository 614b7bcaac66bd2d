from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from documents.filters import DocumentRegisterFilter
from documents.forms import DocumentEditForm, DocumentForm
from documents.selectors.documents import document_register
from documents.selectors.revisions import revision_log
from documents.selectors.word import paper_log_of
from documents.services.documents import document_create, document_update
from documents.services.revisions import can_edit
from documents.views.common import get_document_or_404
from qms.agencies.permissions import agency_permission_required, agency_permissions, works_in
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator

PAGE_SIZE = 25


@agency_permission_required("view_qms")
def register(request):
    """Danh mục tài liệu: every document of the agency, filtered, searched and paginated."""
    documents = document_register(agency=request.agency)
    register_filter = DocumentRegisterFilter(
        request.GET or None, queryset=documents, agency=request.agency
    )
    page = Paginator(register_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/document_register.html",
        {"filter": register_filter, "page": page, "query": query.urlencode()},
    )


@agency_permission_required("draft_documents")
def document_create_view(request):
    form = DocumentForm(request.POST or None, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        try:
            document = document_create(agency=request.agency, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Registered %(code)s. Write its first draft now.") % {"code": document.code},
            )
            return redirect("documents:revision-edit", document.revisions.get().pk)
    return render(request, "documents/document_form.html", {"form": form})


@login_required
def document_detail(request, pk: int):
    document = get_document_or_404(request, pk)
    perms = agency_permissions(request.user, document.agency)
    revisions = list(document.revisions.select_related("drafted_by").order_by("-number"))
    working = next((r for r in revisions if r.status in r.IN_PROGRESS), None)
    requests = document.change_requests.select_related("requested_by", "decided_by")
    log = revision_log(document)
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "effective": document.effective_revision,
            "revisions": revisions,
            "working": working,
            "log": log,
            "paper_log": paper_log_of(document, log),
            "change_requests": requests,
            "reviews": document.reviews.select_related("reviewed_by")[:10],
            "cited": document.cited.all(),
            "forms_of": document.children.all(),
            "can_manage": "manage_documents" in perms,
            "can_decide": bool({"manage_documents", "approve_documents"} & perms),
            "can_request_change": document.status == document.Status.EFFECTIVE
            and working is None
            and works_in(request.user, document.agency),
            "can_edit_working": working is not None and can_edit(working, request.user),
        },
    )


@login_required
def document_edit(request, pk: int):
    document = get_document_or_404(request, pk, "manage_documents")
    form = DocumentEditForm(request.POST or None, instance=document, agency=document.agency)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            document_update(document=document, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The register entry of %(code)s was saved.") % {"code": document.code}
            )
            return redirect("documents:document-detail", document.pk)
    return render(request, "documents/document_form.html", {"form": form, "document": document})


urlpatterns = [
    path("", register, name="register"),
    path("new/", document_create_view, name="document-create"),
    path("<int:pk>/", document_detail, name="document-detail"),
    path("<int:pk>/edit/", document_edit, name="document-edit"),
]
