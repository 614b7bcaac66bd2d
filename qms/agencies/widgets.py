"""Pickers for long lists: checkboxes with a search box (names with or without diacritics)
and "select all shown". The agency picker adds filters by level and status, for a province
of a hundred communes and more; the person picker serves an agency's staff.

The page works without JavaScript (a plain list of checkboxes); ``qms/picker.js`` adds
the search and the filters over the rows already in the page, so a picker costs no query
beyond its choices' one, whatever the length of the list.
"""

from django import forms

from qms.agencies.models import Agency
from qms.lib.text import fold

# The levels an agency of a province can have (the province root and the Ministry are never
# picked): the level filter offers these, without a query.
PICKABLE_LEVELS = [
    (key, label)
    for key, label in Agency.Level.choices
    if key not in (Agency.Level.PROVINCE, Agency.Level.MINISTRY)
]


class SearchablePicker(forms.CheckboxSelectMultiple):
    """Checkboxes that carry each choice's folded label for the search box."""

    level_choices: list = []
    status_choices: list = []

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["picker"] = {"search": fold(str(label))}
        return option


class AgencyPicker(SearchablePicker):
    """Checkboxes that carry each agency's level, status and folded name for the filters.

    ``statuses`` maps an agency's pk to its status key and label, when the page knows them
    (the supervision does); ``status_choices`` lists the statuses the filter offers."""

    def __init__(self, *args, statuses=None, status_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.statuses = statuses or {}
        self.status_choices = list(status_choices)
        self.level_choices = PICKABLE_LEVELS

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        agency = getattr(value, "instance", None)
        if agency is not None:
            status = self.statuses.get(agency.pk, ("", ""))
            option["picker"] = {
                "level": agency.level,
                "level_label": agency.get_level_display(),
                "status": status[0],
                "status_label": status[1],
                "search": fold(f"{agency.name} {agency.short_name} {agency.code}"),
            }
        return option
