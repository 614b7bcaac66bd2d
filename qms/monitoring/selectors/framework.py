"""Reads of the province's framework list: the procedures expected at a level, and which
agencies have them effective, in draft or missing."""

from documents.models import Document, DocumentType
from qms.agencies.models import Agency
from qms.lib.text import fold
from qms.monitoring.models import FrameworkProcedure

EFFECTIVE, DRAFT, MISSING = "effective", "draft", "missing"


def framework_for(province: Agency, level: str):
    return FrameworkProcedure.objects.filter(province=province, level=level)


def framework_matrix(agencies: list[Agency], expected: list[FrameworkProcedure]) -> list[dict]:
    """Agencies × expected procedures: effective, draft or missing, from one query over the
    agencies' procedures (see FrameworkProcedure for how a procedure matches)."""
    found: dict[int, list[tuple[str, str | None, str]]] = {agency.pk: [] for agency in agencies}
    rows = (
        Document.objects.filter(agency__in=agencies, type__kind=DocumentType.Kind.PROCEDURE)
        .exclude(status=Document.Status.OBSOLETE)
        .values_list("agency_id", "title", "administrative_procedure__number", "status")
    )
    for agency_id, title, tthc_code, status in rows:
        found[agency_id].append((fold(title), tthc_code, status))
    matrix = []
    for agency in agencies:
        cells = []
        for procedure in expected:
            statuses = {
                status
                for title, code, status in found[agency.pk]
                if procedure.matches(title_folded=title, tthc_code=code)
            }
            if Document.Status.EFFECTIVE in statuses:
                cells.append(EFFECTIVE)
            elif statuses:
                cells.append(DRAFT)
            else:
                cells.append(MISSING)
        matrix.append({"agency": agency, "cells": cells, "missing": cells.count(MISSING)})
    return matrix
