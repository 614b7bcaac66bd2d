"""Document types and their code schemes, kept by the ISO secretary."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.codes import format_code, next_code
from documents.forms.types import DocumentTypeForm
from documents.models import DocumentType
from documents.services.documents import document_type_save
from documents.services.types import document_types_create_defaults
from qms.agencies.permissions import agency_permission_required
from qms.lib.forms import add_service_errors
from qms.lib.pagination import Paginator

PAGE_SIZE = 50


def _next_code_example(document_type: DocumentType) -> tuple[str, str]:
    """The code the scheme would give next, and how it is numbered.

    A scheme numbered per unit or per parent document has no single "next" code, so it shows
    the first code of a fresh sequence with the unit or parent left as a placeholder.
    """
    pattern = document_type.code_pattern
    if "{parent" in pattern or "{unit" in pattern:
        example = format_code(
            pattern,
            prefix=document_type.prefix,
            number=1,
            unit=_("[unit code]"),
            parent=_("[parent code]"),
        )
        scope = (
            _("numbered per parent document") if "{parent" in pattern else _("numbered per unit")
        )
        return example, scope
    return next_code(document_type)[1], ""


@agency_permission_required("manage_documents")
def type_list(request):
    types = request.agency.document_types.order_by("name", "pk")
    page = Paginator(types, PAGE_SIZE).get_page(request.GET.get("page"))
    # Two queries a row at most, on the page's rows only: the count follows the number of
    # types on the page, never the number of documents.
    for document_type in page:
        document_type.next_example, document_type.numbering = _next_code_example(document_type)
    return render(
        request,
        "documents/type_list.html",
        {"page": page, "offer_defaults": page.paginator.count == 0},
    )


def _type_form(request, document_type: DocumentType | None):
    # The heading is taken before the form writes the posted values onto the instance.
    heading = str(document_type) if document_type else ""
    form = DocumentTypeForm(request.POST or None, instance=document_type)
    if request.method == "POST" and form.is_valid():
        try:
            saved = document_type_save(
                agency=request.agency,
                by=request.user,
                document_type=document_type,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Document type %(prefix)s saved.") % {"prefix": saved.prefix}
            )
            return redirect("documents:type-list")
    return render(
        request,
        "documents/type_form.html",
        {"form": form, "document_type": document_type, "heading": heading},
    )


@agency_permission_required("manage_documents")
def type_create(request):
    return _type_form(request, None)


@agency_permission_required("manage_documents")
def type_edit(request, pk: int):
    # Another agency's type is not in this queryset: a 404.
    return _type_form(request, get_object_or_404(request.agency.document_types, pk=pk))


@require_POST
@agency_permission_required("manage_documents")
def type_create_defaults(request):
    created = document_types_create_defaults(agency=request.agency, by=request.user)
    if created:
        messages.success(
            request,
            _("Document types created: %(prefixes)s.")
            % {"prefixes": ", ".join(t.prefix for t in created)},
        )
    else:
        messages.info(request, _("The agency already has the usual document types."))
    return redirect("documents:type-list")


urlpatterns = [
    path("types/", type_list, name="type-list"),
    path("types/new/", type_create, name="type-create"),
    path("types/defaults/", type_create_defaults, name="type-create-defaults"),
    path("types/<int:pk>/", type_edit, name="type-edit"),
]
