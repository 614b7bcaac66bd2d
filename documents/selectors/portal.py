"""Reads of the public procedure portal and its open data (no sign-in).

What is public, and only that: the effective issue of a procedure or form of an active agency,
whose controlled PDF is stored, that is not restricted and does not belong to a restricted
procedure. Drafts, approved-but-not-yet-effective, superseded and obsolete issues are never
reachable, and nothing about people (names, e-mail addresses) is read here.
"""

from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from documents.models import Document, DocumentType, Revision
from documents.search import search_documents
from qms.agencies.models import Agency

PUBLIC_KINDS = (DocumentType.Kind.PROCEDURE, DocumentType.Kind.FORM)
# The stable field names of the open data (JSON keys and CSV header), in order.
OPEN_DATA_FIELDS = [
    "agency_code",
    "agency_name",
    "document_code",
    "title",
    "type",
    "issue_number",
    "effective_date",
    "pdf_url",
    "verify_url",
    "tthc_codes",
]


def public_documents():
    """Every public document of the installation, with what a listing row shows."""
    return (
        Document.objects.filter(
            agency__is_active=True,
            status=Document.Status.EFFECTIVE,
            restricted=False,
            type__kind__in=PUBLIC_KINDS,
            effective_revision__status=Revision.Status.EFFECTIVE,
        )
        .filter(Q(parent__isnull=True) | Q(parent__restricted=False))
        .exclude(effective_revision__pdf_file="")
        .select_related(
            "agency",
            "type",
            "effective_revision",
            "administrative_procedure",
            "parent__administrative_procedure",
        )
        .order_by("agency__code", "code")
    )


def portal_agency(code: str) -> Agency | None:
    """The active agency with this code, when it publishes at least one document."""
    agency = Agency.objects.filter(code=code, is_active=True).first()
    if agency is None or not public_documents().filter(agency=agency).exists():
        return None
    return agency


def portal_documents(*, agency: Agency, query: str | None = None):
    """The agency's public procedures and forms, searchable without diacritics."""
    return search_documents(public_documents().filter(agency=agency), query)


def province_documents(*, province: Agency):
    """The public documents of every agency of ``province`` (the root included)."""
    return public_documents().filter(Q(agency=province) | Q(agency__province=province))


def public_copy(*, agency_code: str, revision_pk: int) -> Document | None:
    """The public document of that agency whose effective issue is ``revision_pk``: its
    stored PDF may be downloaded. None for any other revision."""
    return (
        public_documents()
        .filter(agency__code=agency_code, effective_revision__pk=revision_pk)
        .first()
    )


@dataclass
class ProvinceGroup:
    province: Agency
    levels: list[tuple[str, list[Agency]]]  # (level label, agencies with a public_count)


def portal_provinces() -> list[ProvinceGroup]:
    """Agencies publishing at least one document, grouped by province, then by level in the
    order of Agency.Level; each agency carries ``public_count``. Two queries."""
    counts = (
        public_documents()
        .filter(agency=OuterRef("pk"))
        .order_by()
        .values("agency")
        .annotate(n=Count("pk"))
        .values("n")
    )
    agencies = list(
        Agency.objects.filter(is_active=True)
        .annotate(public_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))
        .filter(public_count__gt=0)
        .select_related("province")
    )
    order = {value: index for index, value in enumerate(Agency.Level.values)}
    labels = dict(Agency.Level.choices)

    def province_of(agency: Agency) -> Agency:
        return agency.province or agency

    agencies.sort(key=lambda a: (province_of(a).name, province_of(a).pk, order[a.level], a.name))
    groups = []
    for _pk, members in groupby(agencies, key=lambda a: province_of(a).pk):
        members = list(members)
        levels = [
            (str(labels[level]), list(items))
            for level, items in groupby(members, key=lambda a: a.level)
        ]
        groups.append(ProvinceGroup(province=province_of(members[0]), levels=levels))
    return groups


def copy_url(revision: Revision, agency_code: str) -> str:
    return reverse("portal:copy", args=[agency_code, revision.pk])


def open_data_row(document: Document) -> dict:
    """One document as open data, with the stable field names of OPEN_DATA_FIELDS."""
    revision = document.effective_revision
    tthc = [document.administrative_procedure]
    if document.parent is not None:
        tthc.append(document.parent.administrative_procedure)
    codes = sorted({external.number for external in tthc if external is not None})
    return {
        "agency_code": document.agency.code,
        "agency_name": document.agency.name,
        "document_code": document.code,
        "title": document.title,
        "type": document.type.kind,
        "issue_number": revision.number,
        "effective_date": revision.effective_date.isoformat() if revision.effective_date else "",
        "pdf_url": settings.SITE_URL + copy_url(revision, document.agency.code),
        "verify_url": settings.SITE_URL + reverse("verify", args=[revision.verification_token])
        if revision.verification_token
        else "",
        "tthc_codes": codes,
    }
