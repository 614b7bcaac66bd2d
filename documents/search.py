"""Search without diacritics: "quy trinh kiem soat" finds "Quy trình kiểm soát", "d" finds "đ".

On PostgreSQL the folded search column is matched through its stored vector
(``search_vector``, a generated column in the ``vn`` text-search configuration, simple +
unaccent, with a GIN index: migration documents 0007); on SQLite through LIKE on the same
column. Both match word prefixes, so a half-typed word already finds. ``search_documents``
serves any model whose table has such columns: documents and the external documents register.
"""

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from qms.lib.text import search_terms


def search_documents(queryset, query: str | None):
    terms = search_terms(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        # The column is unknown to the model (SQLite has none), so it is named in SQL.
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        matches = RawSQL(
            f"{table}.search_vector @@ to_tsquery('vn'::regconfig, %s)",
            (tsquery,),
            output_field=BooleanField(),
        )
        return queryset.filter(matches)
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    return queryset.filter(condition)
