"""Search without diacritics: "quy trinh kiem soat" finds "Quy trình kiểm soát", "d" finds "đ".

On PostgreSQL the folded search column is matched through the ``vn`` text-search
configuration (simple + unaccent) and a GIN index; on SQLite through LIKE on the same column.
Both match word prefixes, so a half-typed word already finds. ``search_documents`` serves
any model with such a column and index: documents and the external documents register.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

from qms.lib.text import search_terms

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
