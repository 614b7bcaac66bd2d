"""Citizen satisfaction (ISO 9001:2008 §8.2.1, 2015 §9.1.2): an agency's short surveys, the
anonymous answers citizens give at the one-stop desk, and the keyed hashes that limit floods.

Nothing personal is stored: no account, no address, no browser. An address is kept only as a
keyed hash for the rate-limit window; a receipt code only as a keyed hash.
"""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, Unit, User

LOWEST, HIGHEST = 1, 5
# An answer at or above this value counts as satisfied.
SATISFIED_FROM = 4
# An answer at or below this value is very low: worth looking at as a possible complaint.
VERY_LOW_UP_TO = 2
SCALE = [
    (1, _("Very dissatisfied")),
    (2, _("Dissatisfied")),
    (3, _("Neutral")),
    (4, _("Satisfied")),
    (5, _("Very satisfied")),
]


def new_token() -> str:
    """An unguessable public token (128 bits) for the survey's address."""
    return secrets.token_urlsafe(16)


class Survey(models.Model):
    """A short survey of an agency, optionally for one unit and/or one administrative procedure.

    Its questions and scope are frozen once an answer exists (a new version takes over the
    public address, so old answers keep the meaning of the questions they answered).
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
    )
    procedure = models.ForeignKey(
        "documents.ExternalDocument",
        verbose_name=_("administrative procedure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
    )
    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    is_open = models.BooleanField(_("open for answers"), default=True, editable=False)
    uses_receipt_codes = models.BooleanField(
        _("ask for the receipt code"),
        default=False,
        help_text=_(
            "One answer per code printed on the dossier receipt. Only a keyed hash of the code is kept."
        ),
    )
    # A citizen who only came to ask for information has no dossier receipt: the agency
    # decides whether such a person may still answer.
    receipt_code_optional = models.BooleanField(
        _("the receipt code may be left empty"),
        default=False,
        help_text=_(
            "For people who only came to ask and have no dossier receipt; "
            "a code that is typed still answers only once."
        ),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="replaces",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-is_open", "title", "-version"]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    """A question answered on the 1–5 scale; exactly one per survey is the overall one."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=300)
    is_overall = models.BooleanField(_("overall satisfaction"), default=False)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="survey_question_position_unique"
            ),
            models.UniqueConstraint(
                fields=["survey"],
                condition=Q(is_overall=True),
                name="survey_one_overall_question",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One citizen's anonymous answers to a survey.

    ``overall`` (the overall question's value) and ``lowest`` (the lowest value given) are
    copied here so that rates and very low answers are read without joining the answers.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    submitted_at = models.DateTimeField(_("answered at"), default=timezone.now, editable=False)
    overall = models.PositiveSmallIntegerField(
        _("overall satisfaction"),
        validators=[MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)],
    )
    lowest = models.PositiveSmallIntegerField(
        _("lowest answer"), validators=[MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)]
    )
    comment = models.TextField(_("comment"), blank=True)
    # HMAC-SHA256 of the receipt code with a key derived from SECRET_KEY; empty without one.
    receipt_hash = models.CharField(max_length=64, blank=True, editable=False)
    nonconformity = models.OneToOneField(
        "audits.Nonconformity",
        verbose_name=_("complaint registered"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="satisfaction_response",
    )

    # A comment someone of the agency read as a complaint, though the values are not very low.
    flagged_at = models.DateTimeField(
        _("comment flagged negative at"), null=True, blank=True, editable=False
    )
    flagged_by = models.ForeignKey(
        User,
        verbose_name=_("comment flagged negative by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "receipt_hash"],
                condition=~Q(receipt_hash=""),
                name="one_answer_per_receipt_code",
            ),
            models.CheckConstraint(
                condition=Q(overall__gte=LOWEST, overall__lte=HIGHEST)
                & Q(lowest__gte=LOWEST, lowest__lte=HIGHEST),
                name="survey_answer_on_the_scale",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "submitted_at"], name="survey_answer_agency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.submitted_at:%d/%m/%Y %H:%M}"

    @property
    def is_satisfied(self) -> bool:
        return self.overall >= SATISFIED_FROM

    @property
    def is_very_low(self) -> bool:
        return self.lowest <= VERY_LOW_UP_TO

    @property
    def is_flagged_negative(self) -> bool:
        return self.flagged_at is not None and bool(self.comment)

    @property
    def may_become_complaint(self) -> bool:
        """A very low answer, or a comment flagged negative: the answers a complaint is made
        of. A comment alone (praise, a suggestion) is not."""
        return self.is_very_low or self.is_flagged_negative


class Answer(models.Model):
    response = models.ForeignKey(
        SurveyResponse,
        verbose_name=_("survey answer"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(
        _("value"), validators=[MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)]
    )

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_value_per_question"),
            models.CheckConstraint(
                condition=Q(value__gte=LOWEST, value__lte=HIGHEST), name="answer_on_the_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class AnswerThrottle(models.Model):
    """One accepted answer from a keyed hash of an address, kept only for the rate-limit window.

    The hash is an HMAC of the address with a key derived from SECRET_KEY and salted with the
    day, so it cannot be reversed or linked from one day to the next; rows older than the
    window are deleted whenever an answer arrives.
    """

    address_hash = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("answer rate limit")
        verbose_name_plural = _("answer rate limits")
        indexes = [models.Index(fields=["address_hash", "at"], name="answer_throttle_idx")]

    def __str__(self) -> str:
        return f"{self.address_hash[:8]}… {self.at:%d/%m/%Y %H:%M}"
