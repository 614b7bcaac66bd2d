"""Anonymous answers to citizen satisfaction surveys, the keyed hashes that limit floods and
reused receipt codes without storing anything personal, and the step from a very low answer or
a negative comment to a complaint in the nonconformity register."""

import hashlib
import hmac
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import AnswerThrottle, Nonconformity, Survey, SurveyQuestion, SurveyResponse
from audits.models.satisfaction import HIGHEST, LOWEST
from audits.services.nonconformities import REGISTRARS, nonconformity_create
from qms.agencies.models import Agency, User
from qms.agencies.permissions import any_permission
from qms.lib.text import nfc

MAX_COMMENT = 2000
RECEIPT_MIN, RECEIPT_MAX = 4, 40


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
    if not code and survey.receipt_code_optional:
        return ""
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
    """Register a very low answer (a value at most ``VERY_LOW_UP_TO``) or a comment flagged
    negative as a citizen complaint in the nonconformity register (source "complaint", the
    survey's unit), linked back to the answer. Raises ValidationError if the answer already
    became a complaint, or is neither very low nor flagged negative (praise and suggestions
    are not complaints); PermissionDenied for someone who may not register."""
    response = (
        SurveyResponse.objects.select_for_update(of=("self",))
        .select_related("survey__unit", "survey__procedure", "agency")
        .get(pk=response.pk)
    )
    if response.nonconformity_id:
        raise ValidationError(_("This answer is already registered as a complaint."))
    if not response.may_become_complaint:
        raise ValidationError(
            _("Only a very low answer (1 or 2) or a comment flagged negative becomes a complaint.")
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


@transaction.atomic
def response_flag_negative(*, response: SurveyResponse, by: User) -> SurveyResponse:
    """Flag an answer's comment as negative (a complaint in the citizen's words, though the
    values are not very low), so that it may become a complaint. For those who register
    nonconformities (``manage_audits`` or ``audit``) of the answer's agency. Raises
    PermissionDenied, or ValidationError for an answer without a comment, one already flagged
    or already a complaint."""
    response = (
        SurveyResponse.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=response.pk)
    )
    if not any_permission(by, REGISTRARS, response.agency):
        raise PermissionDenied
    if not response.comment.strip():
        raise ValidationError(_("Only an answer with a comment can be flagged negative."))
    if response.flagged_at is not None or response.nonconformity_id:
        raise ValidationError(_("This comment is already flagged negative."))
    response.flagged_at, response.flagged_by = timezone.now(), by
    response.save(update_fields=["flagged_at", "flagged_by"])
    return response
