"""Search without diacritics: "quy trinh kiem soat" finds "Quy trình kiểm soát", "d" finds "đ".

On PostgreSQL the folded search column is matched through the ``vn`` text-search
configuration (simple + unaccent) and a GIN index; on SQLite through LIKE on the same column.
Both match word prefixes, so a half-typed word already finds.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

from qms.lib.text import fold, search_terms

SEARCH_VECTOR = SearchVector("search_text", config="vn")


def search_documents(queryset, query: str | None):
    terms = search_terms(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        matches = Q(search_vector=SearchQuery(tsquery, config="vn", search_type="raw"))
        return queryset.annotate(search_vector=SEARCH_VECTOR).filter(matches)
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    return queryset.filter(condition)


def search_external_documents(queryset, query: str | None):
    """Match every folded word of ``query`` in the number, title or issuer.

    The register has no folded search column, and an agency keeps hundreds of entries at
    most, so the folding happens here: one narrow query, then a filter on the keys.
    """
    terms = search_terms(query)
    if not terms:
        return queryset
    rows = queryset.values_list("pk", "number", "title", "issuer")
    keys = [pk for pk, *texts in rows if all(t in fold(" ".join(texts)) for t in terms)]
    return queryset.filter(pk__in=keys)
