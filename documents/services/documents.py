from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from documents.codes import next_code, validate_code_pattern
from documents.models import Document, DocumentType, Revision
from qms.agencies.models import Agency, Unit, User
from qms.agencies.permissions import require
from qms.lib.text import nfc, searchable


@transaction.atomic
def document_type_save(
    *, agency: Agency, by: User, document_type: DocumentType | None = None, **fields
) -> DocumentType:
    """Create or change a document type and its code scheme (ISO secretary)."""
    require(by, "manage_documents", agency)
    if document_type is None:
        document_type = DocumentType(agency=agency)
    elif document_type.agency_id != agency.pk:
        raise ValidationError(_("This document type belongs to another agency."))
    for name, value in fields.items():
        setattr(document_type, name, value)
    try:
        validate_code_pattern(document_type.code_pattern)
    except ValidationError as error:
        raise ValidationError({"code_pattern": error.messages}) from None
    document_type.full_clean()
    document_type._history_user = by
    document_type.save()
    return document_type


def _check_same_agency(agency: Agency, **objects) -> None:
    for field, obj in objects.items():
        if obj is not None and getattr(obj, "agency_id", agency.pk) != agency.pk:
            raise ValidationError({field: _("This belongs to another agency.")})


@transaction.atomic
def document_create(
    *,
    agency: Agency,
    by: User,
    type: DocumentType,
    title: str,
    owner_unit: Unit | None = None,
    parent: Document | None = None,
    code: str = "",
    clauses=(),
    cited=(),
    administrative_procedure=None,
    restricted: bool = False,
) -> Document:
    """Register a new document with the next free code (or ``code``) and its first draft.

    Raises ValidationError for a code already taken or objects of another agency.
    """
    require(by, "draft_documents", agency)
    _check_same_agency(
        agency,
        type=type,
        owner_unit=owner_unit,
        parent=parent,
        administrative_procedure=administrative_procedure,
    )
    # Lock the type so that two people registering at once get consecutive codes.
    DocumentType.objects.select_for_update().filter(pk=type.pk).first()
    number, suggested = next_code(type, unit=owner_unit, parent=parent)
    document = Document(
        agency=agency,
        type=type,
        code=nfc(code.strip()) or suggested,
        number=number,
        title=nfc(title.strip()),
        owner_unit=owner_unit,
        parent=parent,
        administrative_procedure=administrative_procedure,
        restricted=restricted,
    )
    document.search_text = searchable(document.code, document.title)
    document.full_clean()
    document._history_user = by
    document._change_reason = _("Document registered")
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Another person took the same code between our check and our insert.
        raise ValidationError(
            {"code": _("The agency already has a document with this code.")}
        ) from None
    document.clauses.set(clauses)
    document.cited.set(cited)
    revision = Revision(document=document, number=1, drafted_by=by)
    revision._history_user = by
    revision._change_reason = _("First draft")
    revision.save()
    return document


@transaction.atomic
def document_update(*, document: Document, by: User, reason: str, **fields) -> Document:
    """Change a document's register entry (title, unit, clauses, citations, restriction)."""
    require(by, "manage_documents", document.agency)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry changes.")})
    clauses, cited = fields.pop("clauses", None), fields.pop("cited", None)
    _check_same_agency(
        document.agency,
        owner_unit=fields.get("owner_unit"),
        administrative_procedure=fields.get("administrative_procedure"),
    )
    for name, value in fields.items():
        setattr(document, name, nfc(value) if isinstance(value, str) else value)
    document.full_clean()
    document_refresh_search_text(document)
    document._history_user = by
    document._change_reason = reason
    document.save()
    if clauses is not None:
        document.clauses.set(clauses)
    if cited is not None:
        document.cited.set(cited)
    return document


def document_refresh_search_text(document: Document) -> None:
    """Fold code, title and the effective content into the search column (not saved here)."""
    parts = [document.title]
    revision = document.effective_revision
    if revision is not None:
        parts += [revision.purpose, revision.scope, revision.body]
        parts += [step.content for step in revision.steps.all()]
    document.search_text = searchable(document.code, *parts)
