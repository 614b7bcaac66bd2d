"""``{% letterhead agency %}``: the Decree 30 heading that every report PDF opens with."""

from datetime import date

from django import template
from django.utils import timezone

from qms.agencies.letterhead import letterhead as build_letterhead
from qms.lib.text import fold

register = template.Library()


@register.inclusion_tag("pdf/letterhead.html")
def letterhead(agency, on: date | None = None, kind: str = "BC") -> dict:
    """The heading of a document of ``kind`` issued by ``agency``, dated ``on`` (today by
    default)."""
    return {"heading": build_letterhead(agency=agency, on=on or timezone.localdate(), kind=kind)}


@register.filter
def unless_prefix_of(kind: str, title: str) -> str:
    """``kind`` ("Quy trình"), or nothing when ``title`` already starts with it ("Quy trình
    kiểm soát tài liệu"): the heading would print "QUY TRÌNH" twice."""
    return "" if fold(title).startswith(fold(kind)) else kind
