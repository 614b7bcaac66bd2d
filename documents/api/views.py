"""Documents, revisions and external documents: read by anyone who may see the agency;
external documents registered by its ISO secretary through the same service as the web form."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from documents.api.filters import DocumentFilter, ExternalDocumentFilter, RevisionFilter
from documents.api.serializers import (
    DocumentSerializer,
    ExternalDocumentCreateSerializer,
    ExternalDocumentSerializer,
    RevisionSerializer,
)
from documents.models import Document, ExternalDocument, Revision
from documents.services.external import external_document_save
from documents.views.copies import revision_pdf_response
from qms.api.exceptions import Conflict
from qms.api.scope import agency_named_in, require_any
from qms.api.views import ScopedViewSet
from qms.lib.text import nfc


class DocumentScopedViewSet(ScopedViewSet):
    """Rows of visible agencies whose document is not restricted, or is restricted in one of
    the caller's own agencies (a province supervisor never sees those), as on the web pages."""

    document_path = ""

    def scoped(self, queryset):
        prefix = f"{self.document_path}__" if self.document_path else ""
        own = Q(**{f"{prefix}agency__in": self.member_of()})
        return super().scoped(queryset).filter(Q(**{f"{prefix}restricted": False}) | own)


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DocumentScopedViewSet):
    """The document register of every agency the caller may see."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter

    def get_queryset(self):
        # The paginator orders by key; a list needs no other order.
        documents = Document.objects.select_related(
            "agency", "type", "owner_unit", "administrative_procedure", "effective_revision"
        )
        if self.action != "list":
            documents = documents.with_revision_in_progress()
        return self.scoped(documents)

    def paginate_queryset(self, queryset):
        """A list looks up the revisions in progress of its page's rows only, in one query: as
        a subquery of the whole list the planner hashes every revision in progress first."""
        page = super().paginate_queryset(queryset)
        working = set(
            Revision.objects.filter(document__in=page, status__in=Revision.IN_PROGRESS).values_list(
                "document_id", flat=True
            )
        )
        for document in page:
            document.in_progress = document.pk in working
        return page


class RevisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DocumentScopedViewSet):
    """Every issue of the visible documents, with the links of its controlled copy."""

    serializer_class = RevisionSerializer
    filterset_class = RevisionFilter
    agency_field = "document__agency"
    document_path = "document"
    # By document, then issue: a page walks the agency's documents on their (agency, id) index
    # and joins their issues. By the revision's own key, an agency seeded after others would
    # first skip every revision of theirs.
    keyset_ordering = ("document_id", "pk")

    def get_queryset(self):
        revisions = Revision.objects.select_related("document__agency", "drafted_by", "approved_by")
        return self.scoped(revisions)

    def perform_content_negotiation(self, request, force=False):
        # The PDF goes out as a file response; only errors are rendered, always as JSON.
        return super().perform_content_negotiation(request, force=force or self.action == "pdf")

    @extend_schema(
        filters=False,
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The revision's PDF as the web page serves it: the controlled copy stored at
        approval (marked "HẾT HIỆU LỰC" once no longer in force), or a draft printed on the
        fly and marked "BẢN NHÁP"."""
        return revision_pdf_response(self.get_object())


class ExternalDocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """The external documents register (laws, decrees, TTHC); the ISO secretary registers."""

    filterset_class = ExternalDocumentFilter

    def get_queryset(self):
        externals = ExternalDocument.objects.select_related("agency").order_by(
            "agency__code", "kind", "number", "pk"
        )
        return self.scoped(externals)

    def get_serializer_class(self):
        if self.action == "create":
            return ExternalDocumentCreateSerializer
        return ExternalDocumentSerializer

    @extend_schema(responses={201: ExternalDocumentSerializer})
    def create(self, request):
        agency = agency_named_in(request)
        if agency is not None:
            require_any(request.user, ("manage_documents",), agency)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency = data.pop("agency")
        if ExternalDocument.objects.filter(
            agency=agency, kind=data["kind"], number=nfc(data["number"].strip())
        ).exists():
            raise Conflict({"number": [_("This external document is already registered.")]})
        external = external_document_save(agency=agency, by=request.user, **data)
        body = ExternalDocumentSerializer(external, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)
