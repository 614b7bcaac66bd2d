"""What an app offers to the agency audit trail: its history-tracked objects of one agency.

Each app lists its sources in its own ``trail.py`` (``trail_sources(agency)``); the trail at the
top of the project gathers them, so that no app imports another to build it.
"""

from dataclasses import dataclass

from django.db.models import CharField, Expression, F, QuerySet
from django.db.models.expressions import Value
from django.db.models.functions import Cast, Concat


@dataclass(frozen=True)
class TrailSource:
    key: str  # stable, used in filters and exports
    label: str  # the kind of object, as people call it (a lazy translation)
    history: QuerySet  # the historical rows of the agency's objects of this kind
    title: Expression  # the object's name, read from a historical row


def joined(*parts: str) -> Expression:
    """The named fields of a historical row joined with a space, as one text column."""
    expressions = []
    for index, name in enumerate(parts):
        if index:
            expressions.append(Value(" "))
        expressions.append(Cast(F(name), output_field=CharField()))
    if len(expressions) == 1:
        return expressions[0]
    return Concat(*expressions, output_field=CharField())
