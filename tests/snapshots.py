"""What the database holds, table by table, to prove that a walk of requests changed nothing."""

import hashlib

from django.apps import apps
from django.db import connection


def tables(exclude: frozenset[str] = frozenset()) -> list:
    """Every concrete model (history, permission and through tables included) but the
    ``exclude``d labels (``app_label.ModelName``)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.label not in exclude
    ]


def _highest_key(model) -> str:
    """The highest primary key as text: a number's own maximum (so 10 stays above 9), the
    maximum of the text of any other key (a task result's UUID has no MAX on PostgreSQL)."""
    column = connection.ops.quote_name(model._meta.pk.column)
    if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField"):
        return f"CAST(MAX({column}) AS TEXT)"
    return f"MAX(CAST({column} AS TEXT))"


def counts(models) -> dict[str, tuple]:
    """(rows, highest pk) per table: a row added or removed anywhere shows. One query."""
    quote = connection.ops.quote_name
    parts = [
        f"SELECT {index}, COUNT(*), {_highest_key(model)} FROM {quote(model._meta.db_table)}"
        for index, model in enumerate(models)
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        rows = cursor.fetchall()
    return {models[index]._meta.label: (number, last) for index, number, last in rows}


def contents(models) -> dict[str, str]:
    """A digest of every row of every table: a row changed in place shows too."""
    result = {}
    for model in models:
        digest = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
        result[model._meta.label] = digest.hexdigest()
    return result


def changed(before: dict, after: dict) -> list[str]:
    return sorted(label for label in after if before.get(label) != after[label])
