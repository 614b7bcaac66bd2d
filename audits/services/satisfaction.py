"""Citizen satisfaction surveys: defining them, taking anonymous answers, and turning a very
low answer or a negative comment into a complaint in the nonconformity register.

Who defines surveys: the ISO secretary (``manage_audits``). Measuring customer perception is
part of monitoring and improvement (ISO 9001:2015 §9.1.2), which the secretary runs beside
the nonconformity register and the management review; document control (``manage_documents``)
is not about it.
"""

import hashlib
import hmac
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.models import AnswerThrottle, Nonconformity, Survey, SurveyQuestion, SurveyResponse
from audits.models.satisfaction import HIGHEST, LOWEST, new_token
from audits.services.checks import check_same_agency, required_text
from audits.services.nonconformities import nonconformity_create
from documents.models import ExternalDocument
from qms.agencies.models import Agency, Unit, User
from qms.agencies.permissions import require
from qms.lib.text import nfc

MANAGER = "manage_audits"
MAX_QUESTIONS = 8
MAX_COMMENT = 2000
RECEIPT_MIN, RECEIPT_MAX = 4, 40

DEFAULT_TITLE = gettext_lazy("How satisfied are you with our service?")
DEFAULT_QUESTIONS = [
    gettext_lazy("Your dossier was handled within the time promised"),
    gettext_lazy("Staff were courteous and helpful"),
    gettext_lazy("The procedure and its forms were clear"),
    gettext_lazy("You paid only the fees and charges posted"),
]
DEFAULT_OVERALL = gettext_lazy("Overall, how satisfied are you?")


def _keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` with a key derived from SECRET_KEY for ``purpose``."""
    key = hashlib.sha256(f"qms-satisfaction:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def address_hash(address: str, *, on: date | None = None) -> str:
    """The keyed hash of a client address, salted with the day: not reversible, and not
    linkable from one day to the next."""
    day = (on or timezone.localdate()).isoformat()
    return _keyed_hash("address", f"{day}|{address}")


def normalise_receipt(code: str) -> str:
    return "".join((code or "").split()).upper()


def receipt_hash(agency: Agency, code: str) -> str:
    return _keyed_hash("receipt", f"{agency.pk}|{normalise_receipt(code)}")


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


# Anonymous answers -----------------------------------------------------------------------


def _check_values(questions: list[SurveyQuestion], values: dict) -> dict[int, int]:
    checked = {}
    for question in questions:
        value = values.get(question.pk)
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value is None or not LOWEST <= value <= HIGHEST:
            raise ValidationError(
                {f"q{question.pk}": _("Choose a value from 1 to 5 for each question.")}
            )
        checked[question.pk] = value
    return checked


def _check_receipt(survey: Survey, code: str) -> str:
    if not survey.uses_receipt_codes:
        return ""
    code = normalise_receipt(code)
    if not RECEIPT_MIN <= len(code) <= RECEIPT_MAX:
        raise ValidationError({"receipt_code": _("Type the code printed on your dossier receipt.")})
    digest = receipt_hash(survey.agency, code)
    if SurveyResponse.objects.filter(agency=survey.agency, receipt_hash=digest).exists():
        raise ValidationError(
            {"receipt_code": _("This receipt code has already been used to answer. Thank you.")}
        )
    return digest


def _check_rate(address: str | None) -> str:
    """Refuse when this address already gave the allowed number of answers in the window;
    forget addresses older than the window."""
    now = timezone.now()
    since = now - timedelta(minutes=settings.SATISFACTION_WINDOW_MINUTES)
    AnswerThrottle.objects.filter(at__lt=since).delete()
    if not address:
        return ""
    digest = address_hash(address)
    recent = AnswerThrottle.objects.filter(address_hash=digest, at__gte=since).count()
    if recent >= settings.SATISFACTION_MAX_ANSWERS:
        raise ValidationError(
            _(
                "Too many answers came from this device just now. Please try again in a few minutes."
            ),
            code="throttled",
        )
    return digest


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    values: dict[int, int],
    comment: str = "",
    receipt_code: str = "",
    address: str | None = None,
) -> SurveyResponse:
    """Store one anonymous answer: a value from 1 to 5 for every question, an optional
    comment, and the receipt code when the survey asks for one.

    ``address`` (the client's address) is used only for rate limiting, as a keyed hash kept
    for the window; nothing identifying the person is stored. Raises ValidationError for a
    closed survey, a missing or out-of-range value, a comment too long, a missing or used
    receipt code, or more answers from the address than the window allows; nothing is
    stored then.
    """
    survey = Survey.objects.select_related("agency").get(pk=survey.pk)
    if not survey.is_open:
        raise ValidationError(
            _("This survey is closed and no longer takes answers."), code="closed"
        )
    questions = list(survey.questions.order_by("position"))
    checked = _check_values(questions, values)
    comment = nfc((comment or "").strip())
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            {"comment": _("A comment has at most %(n)s characters.") % {"n": MAX_COMMENT}}
        )
    digest = _check_receipt(survey, receipt_code)
    throttle = _check_rate(address)
    overall = next(checked[q.pk] for q in questions if q.is_overall)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                agency=survey.agency,
                survey=survey,
                overall=overall,
                lowest=min(checked.values()),
                comment=comment,
                receipt_hash=digest,
            )
    except IntegrityError:
        # Two answers with one receipt code at the same moment: the second is refused.
        raise ValidationError(
            {"receipt_code": _("This receipt code has already been used to answer. Thank you.")}
        ) from None
    response.answers.bulk_create(
        response.answers.model(response=response, question_id=pk, value=value)
        for pk, value in checked.items()
    )
    if throttle:
        AnswerThrottle.objects.create(address_hash=throttle)
    return response


# From an answer to a complaint -----------------------------------------------------------


@transaction.atomic
def response_to_complaint(
    *, response: SurveyResponse, by: User, title: str, description: str
) -> Nonconformity:
    """Register a very low answer or a negative comment as a citizen complaint in the
    nonconformity register (source "complaint", the survey's unit), linked back to the
    answer. Raises ValidationError if the answer already became a complaint, or is neither
    very low nor commented; PermissionDenied for someone who may not register."""
    response = (
        SurveyResponse.objects.select_for_update(of=("self",))
        .select_related("survey__unit", "survey__procedure", "agency")
        .get(pk=response.pk)
    )
    if response.nonconformity_id:
        raise ValidationError(_("This answer is already registered as a complaint."))
    if not (response.is_very_low or response.comment):
        raise ValidationError(
            _("Only a very low answer or an answer with a comment becomes a complaint.")
        )
    survey = response.survey
    reference = _("Satisfaction survey “%(survey)s”, answer of %(date)s") % {
        "survey": survey.title,
        "date": timezone.localtime(response.submitted_at).strftime("%d/%m/%Y %H:%M"),
    }
    nonconformity = nonconformity_create(
        agency=response.agency,
        by=by,
        source=Nonconformity.Source.COMPLAINT,
        source_reference=reference[:255],
        title=title,
        description=description,
        detected_on=timezone.localdate(),
        unit=survey.unit,
    )
    response.nonconformity = nonconformity
    response.save(update_fields=["nonconformity"])
    return nonconformity
