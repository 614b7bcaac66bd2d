"""Citizen satisfaction surveys: defining them, versions, opening and closing. The anonymous
answers and the complaints made from them are in ``satisfaction_answers``.

Who defines surveys: the ISO secretary (``manage_audits``). Measuring customer perception is
part of monitoring and improvement (ISO 9001:2015 §9.1.2), which the secretary runs beside
the nonconformity register and the management review; document control (``manage_documents``)
is not about it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.models import Survey, SurveyQuestion
from audits.models.satisfaction import new_token
from audits.services.checks import check_same_agency, required_text
from documents.models import ExternalDocument
from qms.agencies.models import Agency, Unit, User
from qms.agencies.permissions import require
from qms.lib.text import nfc

MANAGER = "manage_audits"
MAX_QUESTIONS = 8

DEFAULT_TITLE = gettext_lazy("How satisfied are you with our service?")
DEFAULT_QUESTIONS = [
    gettext_lazy("Your dossier was handled within the time promised"),
    gettext_lazy("Staff were courteous and helpful"),
    gettext_lazy("The procedure and its forms were clear"),
    gettext_lazy("You paid only the fees and charges posted"),
]
DEFAULT_OVERALL = gettext_lazy("Overall, how satisfied are you?")


# Defining surveys ------------------------------------------------------------------------


def _clean_questions(questions: list[str], overall: str) -> tuple[list[str], str]:
    questions = [nfc(q.strip()) for q in questions if q and q.strip()]
    overall = required_text(
        nfc(overall or ""), "overall_question", _("Write the overall question.")
    )
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(
            {
                "questions": _("At most %(n)s questions besides the overall one.")
                % {"n": MAX_QUESTIONS}
            }
        )
    if any(len(q) > 300 for q in [*questions, overall]):
        raise ValidationError({"questions": _("A question has at most 300 characters.")})
    if len({q.casefold() for q in [*questions, overall]}) != len(questions) + 1:
        raise ValidationError({"questions": _("Each question must be different.")})
    return questions, overall


def _check_scope(agency: Agency, unit: Unit | None, procedure: ExternalDocument | None) -> None:
    check_same_agency(agency, unit=unit, procedure=procedure)
    if procedure is not None and procedure.kind != ExternalDocument.Kind.PROCEDURE:
        raise ValidationError({"procedure": _("Choose an administrative procedure (TTHC).")})


def _write_questions(survey: Survey, questions: list[str], overall: str) -> None:
    survey.questions.all().delete()
    SurveyQuestion.objects.bulk_create(
        [
            *(
                SurveyQuestion(survey=survey, position=n, text=text)
                for n, text in enumerate(questions, start=1)
            ),
            SurveyQuestion(
                survey=survey, position=len(questions) + 1, text=overall, is_overall=True
            ),
        ]
    )


def _save(survey: Survey, by: User, reason: str) -> None:
    survey._history_user = by
    survey._change_reason = reason
    survey.save()


@transaction.atomic
def survey_create(
    *,
    agency: Agency,
    by: User,
    title: str,
    questions: list[str],
    overall_question: str,
    intro: str = "",
    unit: Unit | None = None,
    procedure: ExternalDocument | None = None,
    uses_receipt_codes: bool = False,
    receipt_code_optional: bool = False,
) -> Survey:
    """A new open survey with its questions (1–5 scale) and the overall question last.

    Only the ISO secretary defines surveys. Raises ValidationError for an empty title or
    overall question, more than eight questions, repeated questions, or a unit or procedure
    of another agency.
    """
    require(by, MANAGER, agency)
    title = required_text(nfc(title), "title", _("Give the survey a title."))
    questions, overall_question = _clean_questions(questions, overall_question)
    _check_scope(agency, unit, procedure)
    survey = Survey(
        agency=agency,
        title=title,
        intro=nfc(intro.strip()),
        unit=unit,
        procedure=procedure,
        uses_receipt_codes=uses_receipt_codes,
        receipt_code_optional=receipt_code_optional,
    )
    _save(survey, by, _("Survey created"))
    _write_questions(survey, questions, overall_question)
    return survey


def survey_create_default(*, agency: Agency, by: User) -> Survey:
    """The default survey, in the site's language: timeliness, staff attitude, clarity of the
    procedure, fees as posted, and the overall question."""
    with translation.override(settings.LANGUAGE_CODE):
        return survey_create(
            agency=agency,
            by=by,
            title=str(DEFAULT_TITLE),
            questions=[str(q) for q in DEFAULT_QUESTIONS],
            overall_question=str(DEFAULT_OVERALL),
        )


def has_answers(survey: Survey) -> bool:
    return survey.responses.exists()


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    by: User,
    title: str,
    questions: list[str],
    overall_question: str,
    intro: str = "",
    unit: Unit | None = None,
    procedure: ExternalDocument | None = None,
    uses_receipt_codes: bool = False,
    receipt_code_optional: bool = False,
) -> Survey:
    """Change a survey. Its questions and its scope (unit, procedure) change only while no
    answer exists: afterwards a new version is needed, so that old answers keep their
    meaning. Raises ValidationError as ``survey_create`` does, and for such a change."""
    require(by, MANAGER, survey.agency)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    title = required_text(nfc(title), "title", _("Give the survey a title."))
    questions, overall_question = _clean_questions(questions, overall_question)
    _check_scope(survey.agency, unit, procedure)
    current = list(survey.questions.order_by("position").values_list("text", "is_overall"))
    asked = [(q, False) for q in questions] + [(overall_question, True)]
    changed = current != asked
    rescoped = (survey.unit_id, survey.procedure_id) != (
        unit.pk if unit else None,
        procedure.pk if procedure else None,
    )
    if (changed or rescoped) and has_answers(survey):
        raise ValidationError(
            _(
                "Citizens have answered this survey: its questions and scope no longer change. "
                "Start a new version instead."
            )
        )
    survey.title, survey.intro = title, nfc(intro.strip())
    survey.unit, survey.procedure = unit, procedure
    survey.uses_receipt_codes = uses_receipt_codes
    survey.receipt_code_optional = receipt_code_optional
    _save(survey, by, _("Survey changed"))
    if changed:
        _write_questions(survey, questions, overall_question)
    return survey


@transaction.atomic
def survey_new_version(*, survey: Survey, by: User) -> Survey:
    """A copy of the survey, open and editable, that takes over its public address (printed
    posters keep working); the old version is closed, keeps its answers and gets a new
    address of its own. Raises ValidationError if the survey was already replaced."""
    require(by, MANAGER, survey.agency)
    old = Survey.objects.select_for_update().get(pk=survey.pk)
    if old.replaced_by_id:
        raise ValidationError(_("This survey was already replaced by a newer version."))
    token = old.token
    old.token, old.is_open = new_token(), False
    _save(old, by, _("Replaced by a new version"))
    new = Survey(
        agency=old.agency,
        title=old.title,
        intro=old.intro,
        unit=old.unit,
        procedure=old.procedure,
        uses_receipt_codes=old.uses_receipt_codes,
        receipt_code_optional=old.receipt_code_optional,
        version=old.version + 1,
        token=token,
    )
    _save(new, by, _("New version of the survey"))
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=new, position=q.position, text=q.text, is_overall=q.is_overall)
        for q in old.questions.order_by("position")
    )
    old.replaced_by = new
    _save(old, by, _("Replaced by a new version"))
    return new


@transaction.atomic
def survey_set_open(*, survey: Survey, by: User, is_open: bool) -> Survey:
    """Close a survey (its address then refuses answers) or open it again. A replaced
    survey stays closed. Raises ValidationError."""
    require(by, MANAGER, survey.agency)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if is_open and survey.replaced_by_id:
        raise ValidationError(_("A replaced survey stays closed; its newer version is open."))
    survey.is_open = is_open
    _save(survey, by, _("Opened for answers") if is_open else _("Closed for answers"))
    return survey
