"""Files of citizen satisfaction: the A5 poster with the survey's QR code, and the answers
as a spreadsheet."""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from audits.models import Survey
from audits.selectors.satisfaction import Rate, target_percent
from qms.lib.pdf import html_to_pdf
from qms.lib.qr import qr_svg_data_uri
from qms.lib.spreadsheets import BOLD, XlsxWriter


def survey_url(survey: Survey) -> str:
    """The public address of the survey, as printed in its QR code."""
    return settings.SITE_URL + reverse("survey-answer", args=[survey.token])


def poster_pdf(survey: Survey) -> bytes:
    """An A5 poster for the one-stop desk: agency, unit or procedure, the QR code of the
    survey's address and the address itself, in the site's language."""
    url = survey_url(survey)
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "pdf/satisfaction_poster.html",
            {"survey": survey, "url": url, "qr": qr_svg_data_uri(url, scale=8)},
        )
    return html_to_pdf(html)


def answers_xlsx(responses, *, agency_name: str, start: date, end: date, rate: Rate) -> bytes:
    """A workbook: a summary sheet (period, answers, rate, target) and one row per answer
    with the value given to each question (columns in the order questions were first
    asked), the comment and the complaint it became. ``responses`` must prefetch
    ``answers__question`` and select ``survey__unit``, ``survey__procedure`` and
    ``nonconformity``."""
    workbook = XlsxWriter()
    summary = workbook.sheet(_("Summary"))
    rows = [
        (_("Agency"), agency_name),
        (_("From"), start),
        (_("To"), end),
        (_("Answers"), rate.answers),
        (_("Satisfied (4–5)"), rate.satisfied),
        (_("Satisfaction rate (%)"), rate.percent),
        (_("Province target (%)"), target_percent()),
    ]
    for label, value in rows:
        summary.append([label, value])
        summary.worksheet.cell(row=summary.worksheet.max_row, column=1).font = BOLD
    summary.width("A", 28)
    summary.width("B", 40)

    sheet = workbook.sheet(_("Answers"))
    responses = list(responses)
    questions: list[str] = []
    for response in responses:
        for answer in sorted(response.answers.all(), key=lambda a: a.question.position):
            if answer.question.text not in questions:
                questions.append(answer.question.text)
    header = [
        _("Answered at"),
        _("Survey"),
        _("Version"),
        _("Unit"),
        _("Administrative procedure"),
        *questions,
        _("Comment"),
        _("Complaint"),
    ]
    sheet.append(header, font=BOLD)
    for response in responses:
        values = {a.question.text: a.value for a in response.answers.all()}
        survey = response.survey
        sheet.append(
            [
                response.submitted_at,
                survey.title,
                survey.version,
                survey.unit.name if survey.unit else "",
                str(survey.procedure) if survey.procedure else "",
                *(values.get(text) for text in questions),
                response.comment,
                response.nonconformity.code if response.nonconformity else "",
            ]
        )
    sheet.width("A", 17)
    sheet.freeze("A2")
    return workbook.to_bytes()


def export_queryset(responses):
    return (
        responses.select_related("survey__unit", "survey__procedure", "nonconformity")
        .prefetch_related("answers__question")
        .order_by("submitted_at", "pk")
    )
