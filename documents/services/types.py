"""Document types an agency starts with."""

from django.db import transaction

from documents.models import DocumentType
from documents.services.documents import document_type_save
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require

K = DocumentType.Kind

# The names are the agency's own data, written as Vietnamese agencies write them on their
# documents (like a code), so they are stored as they are and not translated.
DEFAULT_TYPES = [
    {"kind": K.POLICY, "name": "Chính sách chất lượng", "prefix": "CS"},
    {"kind": K.OBJECTIVES, "name": "Mục tiêu chất lượng", "prefix": "MT"},
    {"kind": K.MANUAL, "name": "Sổ tay chất lượng", "prefix": "STCL"},
    {"kind": K.PROCEDURE, "name": "Quy trình", "prefix": "QT"},
    {"kind": K.INSTRUCTION, "name": "Hướng dẫn", "prefix": "HD"},
    # A form is numbered inside the procedure it belongs to: BM-01-QT-03.
    {
        "kind": K.FORM,
        "name": "Biểu mẫu",
        "prefix": "BM",
        "code_pattern": "{prefix}-{number:02}-{parent}",
    },
]


@transaction.atomic
def document_types_create_defaults(*, agency: Agency, by: User) -> list[DocumentType]:
    """Create the usual document types (CS, MT, STCL, QT, HD, BM) the agency lacks.

    A type counts as present when the agency already has one with the same prefix, so running
    this twice creates nothing the second time. Returns the types created. Raises
    PermissionDenied unless ``by`` manages the agency's documents.
    """
    require(by, "manage_documents", agency)
    # Lock the agency row so that two clicks at once cannot both create the set.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    taken = set(DocumentType.objects.filter(agency=agency).values_list("prefix", flat=True))
    created = []
    for fields in DEFAULT_TYPES:
        if fields["prefix"] in taken:
            continue
        created.append(document_type_save(agency=agency, by=by, document_type=None, **fields))
    return created
