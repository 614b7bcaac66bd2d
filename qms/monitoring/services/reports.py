"""Annual reports: the supervisor sets the year's form and deadline; each agency's ISO
secretary prepares its report (pre-filled from its data), submits it; the supervisor may
return it for correction with a comment."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, User
from qms.agencies.permissions import holders_of, require
from qms.lib.mail import send_after_commit
from qms.lib.text import nfc
from qms.monitoring.models import AnnualReport, ReportTemplate
from qms.monitoring.selectors.reports import computed_values
from qms.monitoring.workflow import check_report_edit, check_report_return, check_report_submit

R = AnnualReport.Status
T = ReportTemplate.FieldType
# A form's keys, and the limits of a form and of a report's text.
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 40
MAX_LABEL = 200
MAX_TEXT = 2000


@transaction.atomic
def template_save(
    *,
    province: Agency,
    by: User,
    year: int,
    title: str,
    deadline: date,
    fields: list[dict],
) -> ReportTemplate:
    """Create or change the form of ``year`` for the province (``supervise`` on it). The
    deadline falls after the year starts; fields are checked by ``clean_fields``. Reports
    already begun keep their values; a new key is empty in them until filled."""
    require(by, "supervise", province)
    title = nfc((title or "").strip())
    if not title or len(title) > 255:
        raise ValidationError({"title": _("Give the form a title of at most 255 characters.")})
    if deadline < date(year, 1, 1):
        raise ValidationError({"deadline": _("The deadline cannot be before the report's year.")})
    fields = [{**field, "label": nfc(field.get("label", ""))} for field in clean_fields(fields)]
    template = (
        ReportTemplate.objects.select_for_update().filter(province=province, year=year).first()
    )
    if template is None:
        template = ReportTemplate(province=province, year=year, created_by=by)
    template.title, template.deadline, template.fields = title, deadline, fields
    template._history_user = by
    template._change_reason = _("Report form saved")
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as error:
        raise ValidationError(_("The province already has a report form for this year.")) from error
    return template


@transaction.atomic
def report_start(*, template: ReportTemplate, agency: Agency, by: User) -> AnnualReport:
    """Begin the agency's report of the template's year, pre-filled from its data (the ISO
    secretary, ``manage_documents``). An agency of another province is refused; starting twice
    returns the report already begun."""
    require(by, "manage_documents", agency)
    if agency.province_id != template.province_id:
        raise ValidationError(_("This report form is for another province."))
    existing = AnnualReport.objects.filter(template=template, agency=agency).first()
    if existing is not None:
        return existing
    report = AnnualReport(
        template=template, agency=agency, values=computed_values(template, agency)
    )
    report._history_user = by
    report._change_reason = _("Report prepared from the agency's data")
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Begun at the same moment by someone else: theirs is the report.
        return AnnualReport.objects.get(template=template, agency=agency)
    return report


def _locked(report: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("template", "agency")
        .get(pk=report.pk)
    )


def _save(report: AnnualReport, by: User, reason: str, fields: list[str]) -> None:
    report._history_user = by
    report._change_reason = reason
    report.save(update_fields=fields)


@transaction.atomic
def report_save(*, report: AnnualReport, by: User, values: dict) -> AnnualReport:
    """Change the values of a report being prepared or returned (``manage_documents``)."""
    report = _locked(report)
    check_report_edit(report, by)
    report.values = clean_values(report.template, values)
    _save(report, by, _("Report saved"), ["values"])
    return report


@transaction.atomic
def report_submit(*, report: AnnualReport, by: User) -> AnnualReport:
    """Submit the report to the Sở KH&CN; every field must be filled. It is read-only after."""
    report = _locked(report)
    check_report_submit(report, by)
    report.status, report.submitted_by, report.submitted_at = R.SUBMITTED, by, timezone.now()
    report.read_by, report.read_at = None, None
    _save(
        report,
        by,
        _("Report submitted"),
        ["status", "submitted_by", "submitted_at", "read_by", "read_at"],
    )
    return report


def report_mark_read(*, report: AnnualReport, by: User) -> AnnualReport:
    """Record that a supervisor of the province opened the submitted report, the first time
    only. Others, and a report not submitted, leave it as it is (reading is not a step)."""
    if report.status != R.SUBMITTED or report.read_at is not None:
        return report
    if not by.has_perm("qms.supervise", report.agency):
        return report
    # An update, not a save: opening a report is not a change of it, and writes no history.
    now = timezone.now()
    updated = AnnualReport.objects.filter(pk=report.pk, read_at__isnull=True).update(
        read_by=by, read_at=now
    )
    if updated:
        report.read_by, report.read_at = by, now
    return report


@transaction.atomic
def report_return(*, report: AnnualReport, by: User, comment: str) -> AnnualReport:
    """Return a submitted report for correction, saying why (``supervise``). The agency's ISO
    secretaries hear of it."""
    report = _locked(report)
    check_report_return(report, by)
    comment = nfc((comment or "").strip())
    if not comment:
        raise ValidationError({"comment": _("Say what must be corrected.")})
    if len(comment) > 2000:
        raise ValidationError(
            {"comment": _("At most %(limit)s characters, please.") % {"limit": 2000}}
        )
    report.status, report.return_comment = R.RETURNED, comment
    _save(
        report,
        by,
        _("Report returned: %(comment)s") % {"comment": comment},
        ["status", "return_comment"],
    )
    send_after_commit(
        recipients=holders_of(report.agency, "manage_documents"),
        template="emails/annual_report_returned.txt",
        context={"report": report, "comment": comment},
    )
    return report


def clean_fields(fields: list[dict]) -> list[dict]:
    """Check a form's field list: keys unique and simple, labels given, known types."""
    if not fields:
        raise ValidationError({"fields": _("The form needs at least one field.")})
    if len(fields) > MAX_FIELDS:
        raise ValidationError({"fields": _("At most %(n)s fields.") % {"n": MAX_FIELDS}})
    seen, cleaned = set(), []
    for field in fields:
        key, label = str(field.get("key", "")).strip(), str(field.get("label", "")).strip()
        kind = str(field.get("type", "")).strip()
        if not KEY.match(key) or key in seen:
            raise ValidationError(
                {
                    "fields": _("“%(key)s”: a key is unique, in lower-case letters, digits and _.")
                    % {"key": key}
                }
            )
        if not label or len(label) > MAX_LABEL:
            raise ValidationError(
                {
                    "fields": _("“%(key)s”: give a label of at most %(n)s characters.")
                    % {"key": key, "n": MAX_LABEL}
                }
            )
        if kind not in T.values:
            raise ValidationError(
                {"fields": _("“%(key)s”: the type is number, text or date.") % {"key": key}}
            )
        seen.add(key)
        cleaned.append({"key": key, "label": label, "type": kind})
    return cleaned


def clean_values(template: ReportTemplate, values: dict) -> dict:
    """Keep the template's keys, each checked against its type."""
    cleaned = {}
    for field in template.fields:
        key, kind, value = field["key"], field["type"], values.get(field["key"])
        if value in (None, ""):
            cleaned[key] = None
        elif kind == T.NUMBER:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValidationError({key: _("Enter a whole number, zero or more.")})
            cleaned[key] = value
        elif kind == T.DATE:
            if not isinstance(value, date):
                raise ValidationError({key: _("Enter a valid date.")})
            cleaned[key] = value.isoformat()
        else:
            value = str(value).strip()
            if len(value) > MAX_TEXT:
                raise ValidationError(
                    {key: _("At most %(limit)s characters, please.") % {"limit": MAX_TEXT}}
                )
            cleaned[key] = value or None
    return cleaned
