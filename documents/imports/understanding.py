"""What the preview shows of a row's Word file: what was understood, and where it disagrees
with the list, with itself (steps against their stated total) or with the law (the legal
time limit, the TTHC register). Figures only, computed once here so the page only shows them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from documents.imports.parsing import code_key
from documents.word.structure import ProcedureStructure, RecordEntry, Retention, SignedAs
from qms.lib.text import fold

# How many words of each section the preview shows.
FIRST_WORDS = 14
# The section texts, with their numbered Vietnamese names as procedures write them.
SECTIONS = (
    ("1. Mục đích", "purpose"),
    ("2. Phạm vi áp dụng", "scope"),
    ("3. Tài liệu viện dẫn", "references"),
    ("4. Định nghĩa, từ viết tắt", "definitions"),
    ("5. Nội dung", "body"),
)


class FormStatus:
    REGISTER = "register"  # a form document of the agency
    BATCH = "batch"  # a row of this import
    MISSING = "missing"


@dataclass
class FormFound:
    code: str
    name: str
    status: str

    @property
    def label(self) -> str:
        return {
            FormStatus.REGISTER: _("In the register"),
            FormStatus.BATCH: _("In this import"),
            FormStatus.MISSING: _("Missing"),
        }[self.status]

    @property
    def missing(self) -> bool:
        return self.status == FormStatus.MISSING


@dataclass
class Understood:
    structure: ProcedureStructure
    sections: list[tuple[str, str]] = field(default_factory=list)  # (name, first words)
    forms: list[FormFound] = field(default_factory=list)
    records: list[tuple[RecordEntry, str]] = field(default_factory=list)  # (record, rule)
    signatories: list[tuple[str, str, str]] = field(default_factory=list)  # (as, name, position)
    disagreements: list[str] = field(default_factory=list)  # the file against the list
    mismatches: list[str] = field(default_factory=list)  # the figures against each other
    tthc_registered: bool = False

    @property
    def forms_missing(self) -> list[FormFound]:
        return [form for form in self.forms if form.missing]


def understood(
    structure: ProcedureStructure,
    *,
    row,
    register_codes: set[str],
    batch_codes: set[str],
    tthc_limits: dict[str, Decimal | None],
) -> Understood:
    """The figures of one row's structure. ``register_codes`` and ``batch_codes`` are the
    code keys of the agency's documents and of this import's rows; ``tthc_limits`` the
    legal time limit of each TTHC code in the agency's external register."""
    result = Understood(structure=structure)
    for name, attribute in SECTIONS:
        text = getattr(structure, attribute)
        if text:
            result.sections.append((name, first_words(text)))
    for ref in structure.forms:
        key = code_key(ref.code)
        status = (
            FormStatus.BATCH
            if key in batch_codes
            else FormStatus.REGISTER
            if key in register_codes
            else FormStatus.MISSING
        )
        result.forms.append(FormFound(code=ref.code, name=ref.name, status=status))
    result.records = [(record, retention_rule(record)) for record in structure.records]
    signed_as = {
        SignedAs.DRAFTED: _("Drafted by"),
        SignedAs.REVIEWED: _("Reviewed by"),
        SignedAs.APPROVED: _("Approved by"),
    }
    result.signatories = [
        (signed_as.get(person.role, ""), person.name, person.position)
        for person in structure.signatories
    ]
    result.disagreements = disagreements(structure, row)
    result.tthc_registered = structure.tthc_code in tthc_limits
    result.mismatches = mismatches(structure, tthc_limits.get(structure.tthc_code))
    return result


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def days(value: Decimal) -> str:
    return number_format(value.normalize(), use_l10n=True)


def retention_rule(record: RecordEntry) -> str:
    """The retention rule as it was understood, in words; empty when it was not."""
    if record.retention == Retention.PERMANENT:
        return _("Permanent")
    if record.retention == Retention.UNTIL_SUPERSEDED:
        return _("Until superseded")
    if record.retention == Retention.YEARS and record.retention_years is not None:
        return _("%(years)s years") % {"years": record.retention_years}
    if record.retention == Retention.YEARS_AFTER_EVENT and record.retention_years is not None:
        return _("%(years)s years after an event (%(event)s)") % {
            "years": record.retention_years,
            "event": record.retention_event,
        }
    return ""


def disagreements(structure: ProcedureStructure, row) -> list[str]:
    """Where the file's control header says otherwise than the list; the list wins."""
    found = []
    if structure.code and code_key(structure.code) != code_key(row.code):
        found.append(
            _("The file's code is %(file)s; the list says %(list)s.")
            % {"file": structure.code, "list": row.code}
        )
    if structure.title and _words(structure.title) != _words(row.title):
        found.append(
            _("The file's title is “%(file)s”; the list says “%(list)s”.")
            % {"file": structure.title, "list": row.title}
        )
    number = structure.issue_number
    if number is not None and row.issue_number is not None and number != row.issue_number:
        found.append(
            _("The file says issue %(file)s; the list says issue %(list)s.")
            % {"file": number, "list": row.issue_number}
        )
    issued = structure.issued_on
    if issued is not None and row.issued_on is not None and issued != row.issued_on:
        found.append(
            _("The file's issue date is %(file)s; the list says %(list)s.")
            % {"file": issued.strftime("%d/%m/%Y"), "list": row.issued_on.strftime("%d/%m/%Y")}
        )
    return found


def mismatches(structure: ProcedureStructure, register_limit: Decimal | None) -> list[str]:
    """The steps' sum against the stated total and the legal limit, and the limit the file
    states against the TTHC register's."""
    found = []
    total = structure.steps_total_days
    stated, limit = structure.stated_total_days, structure.legal_limit_days
    if total is not None and stated is not None and total != stated:
        found.append(
            _("The steps add up to %(sum)s working days; the total row says %(total)s.")
            % {"sum": days(total), "total": days(stated)}
        )
    if total is not None and limit is not None and total > limit:
        found.append(
            _("The steps add up to %(sum)s working days, more than the legal limit of %(limit)s.")
            % {"sum": days(total), "limit": days(limit)}
        )
    if limit is not None and register_limit is not None and limit != register_limit:
        found.append(
            _(
                "The file states a legal limit of %(file)s working days; the TTHC register "
                "says %(register)s."
            )
            % {"file": days(limit), "register": days(register_limit)}
        )
    return found


def _words(text: str) -> str:
    return " ".join(fold(text).replace(",", " ").split())
