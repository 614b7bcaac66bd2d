"""Demo citizen satisfaction of the Lâm Đồng province: six months of anonymous answers for a
few agencies, with realistic differences. Sở Tư pháp is clearly above 80 %, UBND phường Xuân
Hương below 60 % (and improving), Sở Y tế around the province's 70 % target and UBND xã Lang
Biang around 60 %; a few comments warrant a complaint, and two of them already became
complaints in the nonconformity register. A draft management review compiles its inputs again,
so that it shows the satisfaction rate of its period.

The survey is made through the service; the answers are bulk-created from a seeded random
generator, so every load gives the same figures relative to today. Idempotent: an agency that
already has a survey is skipped.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import Answer, ManagementReview, Survey, SurveyResponse
from audits.models.satisfaction import SATISFIED_FROM
from audits.services import reviews
from audits.services import satisfaction as service
from audits.services.satisfaction_answers import response_to_complaint
from documents.models import ExternalDocument
from qms.agencies.models import Agency, User
from qms.devdata.demo.run import WHOLE_PROVINCE, DemoRun

MONTHS = 6


@dataclass(frozen=True)
class Profile:
    secretary: str
    satisfied: float  # share of answers with overall 4–5 in the first month
    trend: float  # change of that share per month
    per_month: int
    unit: str = ""
    procedure: str = ""  # TTHC code of the survey's administrative procedure
    receipt_codes: bool = False
    complaints: int = 0  # negative comments registered as complaints


PROFILES = {
    "sotp": Profile("lan.tk", 0.85, 0.005, 55, "Phòng Hành chính tư pháp", "2.000635", True, 1),
    "p-xuanhuong": Profile(
        "yen.tk", 0.48, 0.02, 80, "Trung tâm Phục vụ hành chính công", "1.001193", False, 1
    ),
    "soyt": Profile("secretary.soyt", 0.70, 0.004, 40),
    "x-langbiang": Profile("secretary.x-langbiang", 0.64, 0.0, 25),
}

PRAISE = [
    "Cán bộ hướng dẫn tận tình, dễ hiểu.",
    "Trả kết quả đúng hẹn, cảm ơn.",
    "Thủ tục nhanh gọn hơn trước nhiều.",
    "Nơi chờ sạch sẽ, có nước uống.",
]
REMARKS = [
    "Phải chờ khá lâu mới đến lượt.",
    "Biểu mẫu khó hiểu, nên có bản hướng dẫn điền mẫu.",
    "Nên bố trí thêm ghế ngồi chờ.",
]
COMPLAINTS = [
    "Hẹn trả kết quả thứ Ba nhưng đến thứ Sáu mới có, không ai báo trước.",
    "Bị yêu cầu nộp thêm giấy tờ không có trong danh mục niêm yết.",
    "Cán bộ tiếp nhận nói chuyện thiếu tôn trọng, không hướng dẫn.",
    "Phải trả thêm tiền photo, sao y mà không có biên lai.",
]


def load(run: DemoRun = WHOLE_PROVINCE) -> None:
    with run.in_province() as province:
        if province is None:
            return
        agencies = run.agencies(province).filter(code__in=PROFILES)
        taken = set(Survey.objects.filter(agency__in=agencies).values_list("agency_id", flat=True))
        for agency in agencies:
            profile = PROFILES[agency.code]
            secretary = User.objects.filter(username=profile.secretary).first()
            if agency.pk in taken or secretary is None:
                continue
            with transaction.atomic():
                _play(agency, secretary, profile)
            run.say(
                _("%(agency)s: %(answers)s survey answers")
                % {
                    "agency": agency.short_name or agency.name,
                    "answers": SurveyResponse.objects.filter(survey__agency=agency).count(),
                }
            )


def _play(agency: Agency, secretary: User, profile: Profile) -> None:
    survey = service.survey_create_default(agency=agency, by=secretary)
    unit = agency.units.filter(name=profile.unit).first() if profile.unit else None
    procedure = ExternalDocument.objects.filter(
        agency=agency, kind=ExternalDocument.Kind.PROCEDURE, number=profile.procedure
    ).first()
    if unit or procedure or profile.receipt_codes:
        questions = list(survey.questions.order_by("position"))
        survey = service.survey_update(
            survey=survey,
            by=secretary,
            title=survey.title,
            questions=[q.text for q in questions if not q.is_overall],
            overall_question=questions[-1].text,
            unit=unit,
            procedure=procedure,
            uses_receipt_codes=profile.receipt_codes,
        )
    questions = list(survey.questions.order_by("position"))
    rng = random.Random(f"satisfaction-{agency.code}")
    rows = [_answer(rng, survey, profile, moment) for moment in _moments(rng, profile)]
    responses = SurveyResponse.objects.bulk_create([response for response, _values in rows])
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=question, value=value)
            for response, (_r, values) in zip(responses, rows, strict=True)
            for question, value in zip(questions, values, strict=True)
        ],
        batch_size=1000,
    )
    # The draft management review compiles its inputs again, now with the survey's figures.
    for review in ManagementReview.objects.filter(
        agency=agency, status=ManagementReview.Status.DRAFT, compiled_at__isnull=False
    ):
        reviews.review_compile(review=review, by=secretary)
    complaints = [r for r in responses if r.comment in COMPLAINTS][-profile.complaints :]
    for response in complaints if profile.complaints else []:
        response_to_complaint(
            response=response,
            by=secretary,
            title="Phản ánh của người dân qua phiếu khảo sát sự hài lòng",
            description=response.comment,
        )


def _moments(rng: random.Random, profile: Profile):
    """(month index, moment) of each answer over the last MONTHS months, up to now."""
    now = timezone.localtime()
    first = date(now.year, now.month, 1)
    for index in range(MONTHS - 1, -1, -1):
        month = first
        for _n in range(index):
            month = (month - timedelta(days=1)).replace(day=1)
        last_day = ((month + timedelta(days=32)).replace(day=1) - timedelta(days=1)).day
        days = [d for d in range(1, last_day + 1) if date(month.year, month.month, d) <= now.date()]
        count = int(profile.per_month * rng.uniform(0.8, 1.2) * len(days) / last_day)
        for _n in range(count):
            day = date(month.year, month.month, rng.choice(days))
            if day.weekday() == 6:  # the desk is closed on Sundays
                continue
            moment = datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59)))
            moment = timezone.make_aware(moment)
            if moment < timezone.now():
                yield MONTHS - 1 - index, moment


def _answer(rng: random.Random, survey: Survey, profile: Profile, when):
    index, moment = when
    satisfied = rng.random() < profile.satisfied + profile.trend * index
    overall = rng.choice((4, 5, 5)) if satisfied else rng.choice((1, 2, 3, 3, 3))
    others = [max(1, min(5, overall + rng.choice((-1, 0, 0, 0, 1)))) for _q in range(4)]
    values = [*others, overall]
    comment = ""
    if rng.random() < 0.12:
        if overall >= SATISFIED_FROM:
            comment = rng.choice(PRAISE)
        elif min(values) <= 2 and rng.random() < 0.5:
            comment = rng.choice(COMPLAINTS)
        else:
            comment = rng.choice(REMARKS)
    response = SurveyResponse(
        agency_id=survey.agency_id,
        survey=survey,
        submitted_at=moment,
        overall=overall,
        lowest=min(values),
        comment=comment,
    )
    return response, values
