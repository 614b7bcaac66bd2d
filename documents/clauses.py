"""The clause catalogues that ship with the project, one file per edition under
``documents/catalogues`` (the format is in ``documents.catalogue``). The first migrations load
TCVN ISO 9001:2008 and :2015 from here; ``manage.py load_catalogue`` loads a corrected or new
one."""

from pathlib import Path

from documents.catalogue import read_catalogue, sort_key

FOLDER = Path(__file__).resolve().parent / "catalogues"
SHIPPED = ("2008", "2015", "2026")


def shipped_file(edition: str) -> Path:
    return FOLDER / f"iso-9001-{edition}.csv"


def _pairs(edition: str) -> list[tuple[str, str]]:
    catalogue = read_catalogue(shipped_file(edition).read_bytes())
    return [(clause.number, clause.title) for clause in catalogue.clauses]


CATALOGUES = {edition: _pairs(edition) for edition in ("2008", "2015")}

__all__ = [
    "CATALOGUES",
    "FOLDER",
    "SHIPPED",
    "edition_choices",
    "harmonized",
    "shipped_file",
    "sort_key",
]


def edition_choices() -> list[tuple[str, str]]:
    """The editions whose catalogues are loaded, oldest first, for a choice of edition."""
    from documents.models import IsoEdition

    return list(IsoEdition.objects.order_by("code").values_list("code", "name"))


def harmonized(version: str) -> bool:
    """Whether the edition follows ISO's harmonized structure, as every edition after 2008
    does: the context of the organisation (4), risks and opportunities in place of
    preventive action (6.1), and the inputs of management review under 9.3."""
    return version != "2008"
