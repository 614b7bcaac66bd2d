"""What the Sở KH&CN's inspectors check at an agency (reference/domain.md §1.5: Lâm Đồng 2017,
TP.HCM 2018, Khánh Hòa 2021, Lạng Sơn 2022), the lines a new inspection's checklist starts with."""

from django.utils.translation import gettext as _


def default_checklist() -> list[str]:
    """The checklist lines, translated now: they are stored as the inspection's own text."""
    return [
        _("The QMS is built and applied to the whole scope required by Decision 19/2014/QĐ-TTg"),
        _(
            "The set of administrative procedures (TTHC) approved by the provincial People's Committee is covered"
        ),
        _(
            "The conformity announcement is made (re-announced after a scope change) and posted at the agency"
        ),
        _("Documents are controlled: approved before issue, reviewed, the current issue available"),
        _("Legal documents and TTHC changes are updated in the procedures"),
        _(
            "Functions, duties, task assignment and competence requirements of each position are defined"
        ),
        _("An internal audit was done in the last 12 months, with its records"),
        _("A management review was held in the last 12 months, with its minutes"),
        _(
            "Nonconformities and citizens' complaints are recorded and handled, corrective actions closed"
        ),
        _("Reports on the QMS were sent to the Department of Science and Technology"),
        _("The budget for ISO was used and settled as planned"),
    ]
