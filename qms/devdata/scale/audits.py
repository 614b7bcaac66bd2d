"""Scale data set, improvement part: per agency ``plan.nonconformities`` nonconformities over
the last two years in every status, with their events, actions (some overdue) and history,
and ``plan.reviews`` approved management reviews with a decision each."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from audits.models import Action, ManagementReview, Nonconformity, NonconformityEvent, ReviewEvent
from documents.models import Document
from qms.agencies.models import Agency
from qms.devdata.scale.seeding import Seeding, stamp

N = Nonconformity.Status
E = NonconformityEvent.Kind
PROBLEMS = [
    ("Hồ sơ giải quyết trễ hạn", "Hồ sơ trả kết quả chậm so với thời hạn quy định."),
    ("Biểu mẫu sử dụng không đúng phiên bản", "Bộ phận một cửa còn dùng biểu mẫu hết hiệu lực."),
    ("Thiếu hồ sơ lưu theo quy trình", "Không tìm thấy sổ theo dõi tiếp nhận hồ sơ của quý."),
    ("Công dân phản ánh thái độ phục vụ", "Phản ánh qua đường dây nóng về thái độ tiếp dân."),
    ("Mục tiêu chất lượng không đạt", "Tỷ lệ hồ sơ đúng hạn đạt 92%, thấp hơn mục tiêu 98%."),
]
# Statuses and how often they occur; ended ones dominate the older years.
STATUSES = [N.CLOSED] * 5 + [N.IN_PROGRESS] * 2 + [N.OPEN, N.ANALYSED, N.AWAITING_VERIFICATION]
STATUSES += [N.CANCELLED]


def seed(seeding: Seeding) -> None:
    agencies = [
        a for a in seeding.data["agencies"] if a.level != Agency.Level.PROVINCE and a.is_active
    ]
    procedures = {}
    for pk, agency_id in Document.objects.filter(
        agency__in=agencies, type__kind="procedure"
    ).values_list("pk", "agency_id"):
        procedures.setdefault(agency_id, []).append(pk)
    for agency in agencies:
        team = seeding.data["people"][agency.pk]
        _nonconformities(seeding, agency, team, procedures.get(agency.pk, []))
        _reviews(seeding, agency, team)
    seeding.log(f"  improvement: {len(agencies)} agencies")


def _moment(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


def _nonconformities(seeding: Seeding, agency, team, procedures) -> None:
    rng, today = seeding.rng, seeding.today
    people = [team["drafter"], team["reviewer"], *team["staff"]]
    rows, per_year = [], {}
    for _n in range(seeding.plan.nonconformities):
        detected = today - timedelta(days=rng.randint(5, 700))
        per_year[detected.year] = number = per_year.get(detected.year, 0) + 1
        nc = _nonconformity(seeding, agency, team, procedures, detected, number)
        rows.append(
            stamp(nc, by=team["secretary"], reason="Dữ liệu quy mô", when=_moment(detected))
        )
    seeding.insert(Nonconformity, rows, history=True)
    events, actions = [], []
    for nc in rows:
        events.extend(_events(nc, team))
        if nc.status not in (N.OPEN, N.CANCELLED, N.ANALYSED):
            actions.extend(_plan(rng, agency, nc, team, people))
    seeding.insert_plain(NonconformityEvent, events)
    seeding.insert(Action, actions, history=True)


def _nonconformity(seeding: Seeding, agency, team, procedures, detected, number) -> Nonconformity:
    """One nonconformity of the register, in a status drawn at random, with the fields that
    status has filled in."""
    rng = seeding.rng
    title, description = rng.choice(PROBLEMS)
    status = rng.choice(STATUSES)
    analysed = status not in (N.OPEN, N.CANCELLED)
    nc = Nonconformity(
        agency=agency,
        code=f"NC-{detected.year}-{number:03}",
        year=detected.year,
        number=number,
        source=rng.choice(Nonconformity.Source.values),
        title=title,
        description=description,
        unit=rng.choice(seeding.data["units"][agency.pk]),
        document_id=rng.choice(procedures) if procedures and rng.random() < 0.6 else None,
        detected_by=team["auditor"],
        detected_on=detected,
        status=status,
        correction="Đã khắc phục ngay hồ sơ bị ảnh hưởng." if analysed else "",
        whys=["Chưa cập nhật biểu mẫu", "Chưa phân phối bản mới"] if analysed else [],
        cancel_reason="Trùng với sự không phù hợp khác." if status == N.CANCELLED else "",
    )
    if status == N.CLOSED:
        nc.verification_result = Nonconformity.Effectiveness.EFFECTIVE
        nc.verification_evidence = "Kiểm tra lại 20 hồ sơ: đều đúng hạn."
        nc.verified_by, nc.verified_at = team["auditor"], _moment(detected + timedelta(days=60))
        nc.closed_by, nc.closed_at = team["secretary"], _moment(detected + timedelta(days=61))
    if status in (N.IN_PROGRESS, N.AWAITING_VERIFICATION, N.CLOSED):
        nc.plan_started_at = _moment(detected + timedelta(days=7))
    nc.refresh_search_text()
    return nc


def _events(nc: Nonconformity, team) -> list[NonconformityEvent]:
    """The event log that brought ``nc`` to its status."""
    secretary = team["secretary"]

    def event(kind, before, after, by=secretary):
        return NonconformityEvent(
            nonconformity=nc, kind=kind, from_status=before, to_status=after, by=by
        )

    events = [event(E.REGISTERED, "", N.OPEN, nc.detected_by)]
    if nc.status == N.CANCELLED:
        events.append(event(E.CANCELLED, N.OPEN, N.CANCELLED))
    if nc.status in (N.OPEN, N.CANCELLED, N.ANALYSED):
        return events
    events.append(event(E.STARTED, N.ACTION_PLAN, N.IN_PROGRESS))
    if nc.status == N.CLOSED:
        events.append(event(E.CLOSED, N.AWAITING_VERIFICATION, N.CLOSED))
    return events


def _plan(rng, agency, nc: Nonconformity, team, people) -> list[Action]:
    """One to three actions of a started plan, done once the nonconformity left progress."""
    done = nc.status in (N.AWAITING_VERIFICATION, N.CLOSED)
    actions = []
    for index in range(rng.randint(1, 3)):
        due = nc.detected_on + timedelta(days=rng.randint(20, 90))
        action = Action(
            agency=agency,
            nonconformity=nc,
            kind=Action.Kind.CORRECTIVE if index else Action.Kind.CORRECTION,
            title="Cập nhật quy trình và tập huấn lại cán bộ",
            owner=rng.choice(people),
            due_on=due,
            status=Action.Status.DONE if done else Action.Status.OPEN,
            created_by=team["secretary"],
        )
        if done:
            action.done_by, action.done_at = action.owner, _moment(due - timedelta(days=2))
            action.evidence = "Đã ban hành lần sửa đổi và tập huấn."
        actions.append(stamp(action, by=team["secretary"], reason="Dữ liệu quy mô"))
    return actions


def _reviews(seeding: Seeding, agency, team) -> None:
    today = seeding.today
    reviews = [
        _review(agency, team, today.replace(month=12, day=15) - timedelta(days=365 * (n + 1)))
        for n in range(seeding.plan.reviews)
    ]
    seeding.insert(ManagementReview, reviews, history=True)
    Participants = ManagementReview.participants.through
    seeding.insert_plain(
        Participants,
        [
            Participants(managementreview_id=r.pk, user_id=team[p].pk)
            for r in reviews
            for p in ("secretary", "reviewer", "auditor")
        ],
    )
    seeding.insert_plain(
        ReviewEvent,
        [
            ReviewEvent(review=r, kind=kind, by=team[by])
            for r in reviews
            for kind, by in (
                (ReviewEvent.Kind.COMPILED, "secretary"),
                (ReviewEvent.Kind.SUBMITTED, "secretary"),
                (ReviewEvent.Kind.APPROVED, "approver"),
            )
        ],
    )
    seeding.insert(Action, [_decision(agency, team, r) for r in reviews], history=True)


def _review(agency, team, held) -> ManagementReview:
    """An approved management review held on ``held``."""
    review = ManagementReview(
        agency=agency,
        title=f"Họp xem xét của lãnh đạo năm {held.year}",
        held_on=held,
        location="Phòng họp cơ quan",
        chair=team["approver"],
        iso_version=agency.iso_version,
        inputs={},
        compiled_at=_moment(held - timedelta(days=3)),
        minutes={},
        conclusion="Hệ thống quản lý chất lượng phù hợp, được duy trì và cải tiến.",
        status=ManagementReview.Status.APPROVED,
        prepared_by=team["secretary"],
        approved_by=team["approver"],
        approved_at=_moment(held + timedelta(days=2)),
    )
    return stamp(review, by=team["approver"], reason="Dữ liệu quy mô", when=_moment(held))


def _decision(agency, team, review: ManagementReview) -> Action:
    """The review's decision, carried out."""
    return stamp(
        Action(
            agency=agency,
            review=review,
            kind=Action.Kind.IMPROVEMENT,
            title="Số hóa hồ sơ lưu trữ của bộ phận một cửa",
            owner=team["secretary"],
            due_on=review.held_on + timedelta(days=180),
            status=Action.Status.DONE,
            created_by=team["secretary"],
            done_by=team["secretary"],
            done_at=_moment(review.held_on + timedelta(days=150)),
            evidence="Đã số hóa 100% hồ sơ.",
        ),
        by=team["secretary"],
        reason="Dữ liệu quy mô",
    )
