"""Loading an edition's clause catalogue: all of it, or nothing.

A file loaded again corrects the wording of its edition: titles change, new clauses are added,
and a clause the file no longer lists is removed when nothing cites it. A file that names an
unknown previous edition or a clause that edition lacks, or that drops a clause still cited,
is refused with the line and the reason, and nothing changes.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from documents.catalogue import Catalogue, CatalogueRefused, Problem, read_catalogue, sort_key
from documents.models import IsoClause, IsoEdition


@transaction.atomic
def catalogue_load(data: bytes) -> IsoEdition:
    """Load the catalogue in ``data``; raises CatalogueRefused (nothing is loaded)."""
    catalogue = read_catalogue(data)
    previous = _previous_edition(catalogue)
    edition, _created = IsoEdition.objects.update_or_create(
        code=catalogue.edition, defaults={"name": catalogue.name, "follows": previous}
    )
    existing = {clause.number: clause for clause in IsoClause.objects.filter(version=edition.code)}
    _check_dropped(catalogue, existing)
    for clause in catalogue.clauses:
        row = existing.get(clause.number) or IsoClause(version=edition.code, number=clause.number)
        row.title, row.change, row.sort_key = clause.title, clause.change, sort_key(clause.number)
        row.save()
        existing[clause.number] = row
    kept = {clause.number for clause in catalogue.clauses}
    IsoClause.objects.filter(version=edition.code).exclude(number__in=kept).delete()
    _link_previous(catalogue, previous, existing)
    return edition


def _previous_edition(catalogue: Catalogue) -> IsoEdition | None:
    if not catalogue.follows:
        return None
    previous = IsoEdition.objects.filter(code=catalogue.follows).first()
    if previous is None or previous.code == catalogue.edition:
        raise CatalogueRefused(
            [
                Problem(
                    1,
                    _("Edition %(code)s, which this one follows, is not loaded.")
                    % {"code": catalogue.follows},
                )
            ]
        )
    known = set(IsoClause.objects.filter(version=previous.code).values_list("number", flat=True))
    problems = [
        Problem(
            clause.line,
            _("Clause %(number)s of %(edition)s does not exist.")
            % {"number": number, "edition": previous.name},
        )
        for clause in catalogue.clauses
        for number in clause.follows
        if number not in known
    ]
    if problems:
        raise CatalogueRefused(problems)
    return previous


def _check_dropped(catalogue: Catalogue, existing: dict[str, IsoClause]) -> None:
    """Refuse to drop a clause that documents, audits or any other record cite."""
    listed = {clause.number for clause in catalogue.clauses}
    problems = []
    for number, clause in sorted(existing.items()):
        if number in listed:
            continue
        cited = sum(
            relation.related_model._base_manager.filter(**{relation.field.name: clause}).count()
            for relation in IsoClause._meta.related_objects
            if relation.related_model is not IsoClause
            and not relation.related_model._meta.auto_created
        )
        if cited:
            problems.append(
                Problem(
                    1,
                    _("Clause %(number)s is cited by %(count)s records; the file must keep it.")
                    % {"number": number, "count": cited},
                )
            )
    if problems:
        raise CatalogueRefused(problems)


def _link_previous(
    catalogue: Catalogue, previous: IsoEdition | None, clauses: dict[str, IsoClause]
) -> None:
    Follows = IsoClause.follows.through
    Follows.objects.filter(from_isoclause__version=catalogue.edition).delete()
    if previous is None:
        return
    earlier = {c.number: c for c in IsoClause.objects.filter(version=previous.code)}
    Follows.objects.bulk_create(
        Follows(from_isoclause=clauses[clause.number], to_isoclause=earlier[number])
        for clause in catalogue.clauses
        for number in clause.follows
    )
