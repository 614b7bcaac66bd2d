"""Search without diacritics: "quy trinh kiem soat" finds "Quy trình kiểm soát", "d" finds "đ".

On PostgreSQL the folded search column is matched through its stored vector
(``search_vector``, a generated column in the ``vn`` text-search configuration, simple +
unaccent, with a GIN index: migration documents 0007); on SQLite through LIKE on the same
column. Both match word prefixes, so a half-typed word already finds. ``search_documents``
serves any model whose table has such columns: documents and the external documents register.

Documents whose code or title holds every word come first, then those found in their content
alone; each group keeps the list's own order (the code). The title test reads the folded
``search_title`` column of the matching rows only.
"""

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

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
        return _title_first(queryset.filter(matches), terms)
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    return _title_first(queryset.filter(condition), terms)


def _title_first(queryset, terms: list[str]):
    if not any(field.name == "search_title" for field in queryset.model._meta.fields):
        return queryset
    # Word prefixes, as the search itself: " kiem" is in " quy trinh kiem soat", and "an" is
    # not in " ban hanh".
    in_title = Q()
    for term in terms:
        in_title &= Q(spaced_title__contains=f" {term}")
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    return queryset.annotate(
        spaced_title=Concat(Value(" "), "search_title", output_field=TextField()),
        title_rank=Case(
            When(in_title, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    ).order_by("title_rank", *ordering)
