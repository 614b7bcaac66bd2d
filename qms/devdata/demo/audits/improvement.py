"""Demo improvement cycle of the Lâm Đồng province, played through the services so that codes,
events, history and derived dates are real.

Sở Tư pháp ("sotp") and UBND phường Xuân Hương ("p-xuanhuong") get the full story:
nonconformities from every source in every status (one reopened after an ineffective
verification, one asking for a document change, overdue actions), quality objectives of last
year and this year with quarterly measurements (some missed), a risk register, a complete
context register (the climate decision, issues, interested parties) that their reviews
compile, last year's approved management review and this year's draft. Every other active agency gets one
nonconformity with an overdue action and one objective; UBND xã Lang Biang, still on ISO
9001:2008, gets a preventive action and a review with the seven 2008 inputs; Sở Nội vụ gets
one approved review held a year and ten days ago, so that its status fell this month.
UBND phường Xuân Hương is part-way through its move to ISO 9001:2026 and Sở Y tế plans to
finish after the deadline (``transition``).

Idempotent: nonconformities, objectives and risks are found by their titles, reviews by
their status; whatever exists is skipped. Dates are relative to today, so the demo always has something
overdue and something due soon.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import (
    ContextIssue,
    ManagementReview,
    Nonconformity,
    PlannedChange,
    QualityObjective,
    Risk,
)
from audits.selectors.review_inputs import inputs_for
from audits.services import actions as action_flow
from audits.services import (
    context,
    nonconformities,
    nonconformity_actions,
    objectives,
    planned_changes,
    reviews,
)
from audits.services.risks import risk_save
from documents.models import Document, IsoClause
from qms.agencies.models import Agency, User
from qms.devdata.demo.audits import texts as texts
from qms.devdata.demo.audits import transition as moves
from qms.devdata.demo.audits.texts import STEPS, Act, Story
from qms.devdata.demo.run import LAPSED_CODE, WHOLE_PROVINCE, DemoRun
from qms.lib.dates import add_months

# Who plays which part, by agency; other agencies use the people qms.devdata.demo.agencies gives them.
CASTS = {
    "sotp": {
        "secretary": "lan.tk",
        "auditor": "thao.dg",
        "leader": "minh.ld",
        "staff": "hoa.cb",
        "drafter": "hung.st",
        "reviewer": "mai.xx",
    },
    "p-xuanhuong": {
        "secretary": "yen.tk",
        "auditor": "son.tp",
        "leader": "dung.ct",
        "staff": "phuong.cc",
        "drafter": "phuong.cc",
        "reviewer": "son.tp",
    },
}


def _cast(agency: Agency) -> dict[str, User] | None:
    names = CASTS.get(agency.code) or {
        "secretary": f"secretary.{agency.code}",
        "auditor": f"secretary.{agency.code}",
        "leader": f"approver.{agency.code}",
        "staff": f"admin.{agency.code}",
        "drafter": f"secretary.{agency.code}",
        "reviewer": f"admin.{agency.code}",
    }
    users = {u.username: u for u in User.objects.filter(username__in=names.values())}
    if set(names.values()) - set(users):
        return None
    return {part: users[username] for part, username in names.items()}


def load(run: DemoRun = WHOLE_PROVINCE) -> None:
    with run.in_province() as province:
        if province is None:
            return
        moves.ministry_deadline(timezone.localdate())
        for agency in run.agencies(province):
            cast = _cast(agency)
            if cast is None:
                continue
            with transaction.atomic():
                Player(agency, cast).play()
            run.say(
                _(
                    "%(agency)s: %(nonconformities)s nonconformities, %(objectives)s quality "
                    "objectives, %(reviews)s management reviews"
                )
                % {
                    "agency": agency.short_name or agency.name,
                    "nonconformities": Nonconformity.objects.filter(agency=agency).count(),
                    "objectives": QualityObjective.objects.filter(agency=agency).count(),
                    "reviews": ManagementReview.objects.filter(agency=agency).count(),
                }
            )


class Player:
    def __init__(self, agency: Agency, cast: dict[str, User]):
        self.agency, self.cast, self.texts = agency, cast, texts
        self.today = timezone.localdate()
        self.units = {unit.name: unit for unit in agency.units.all()}
        self.clauses = {c.number: c for c in IsoClause.objects.filter(version=agency.iso_version)}

    def play(self) -> None:
        texts, code = self.texts, self.agency.code
        full = code in CASTS
        stories = texts.stories(code) if full else texts.small_stories(self.agency)
        known = set(
            Nonconformity.objects.filter(agency=self.agency).values_list("title", flat=True)
        )
        for story in stories:
            if story.title not in known:
                self.nonconformity(story)
        years = [self.today.year - 1, self.today.year] if full else [self.today.year]
        for year in years:
            for spec in texts.objectives(code, full):
                self.objective(year, *spec)
        if self.agency.iso_version == "2015":
            for spec in texts.risks(code) if full else texts.risks(code)[:1]:
                self.risk(*spec)
        if full and self.agency.iso_version == "2015":
            self.context()
            self.planned_changes()
        if full or self.agency.iso_version == "2008":
            self.reviews(full)
        elif code == LAPSED_CODE:
            self.lapsed_review()
        moves.move(self.agency, self.cast, self.today)

    # Nonconformities ----------------------------------------------------------------------

    def nonconformity(self, story: Story) -> None:
        secretary = self.cast["secretary"]
        document = None
        if story.document:
            document = (
                Document.objects.of_agency(self.agency)
                .effective()
                .filter(type__prefix="QT")
                .order_by("code")
                .first()
            )
        nc = nonconformities.nonconformity_create(
            agency=self.agency,
            by=self.cast["auditor"] if story.source == "audit" else secretary,
            source=story.source,
            source_reference=story.reference,
            title=story.title,
            description=story.description,
            detected_on=self.today - timedelta(days=story.days_ago),
            unit=self.units.get(story.unit),
            clause=self.clauses.get(story.clause),
            document=document,
        )
        reached = STEPS.index(story.end) if story.end in STEPS else len(STEPS)
        if story.end == "cancelled":
            nonconformities.nonconformity_cancel(
                nonconformity=nc, by=secretary, reason=story.cancel
            )
            return
        if reached >= 1:
            nonconformities.nonconformity_analyse(
                nonconformity=nc, by=secretary, correction=story.correction, whys=story.whys
            )
        if story.change and document is not None:
            nonconformities.nonconformity_request_document_change(
                nonconformity=nc, by=secretary, reason=story.change
            )
        if reached < 2:
            return
        planned = [self.act(nc, act) for act in story.acts]
        if reached < 3:
            return
        nonconformity_actions.nonconformity_start(nonconformity=nc, by=secretary)
        for act, action in zip(story.acts, planned, strict=True):
            if act.done:
                action_flow.action_complete(
                    action=action, by=self.cast[act.owner], evidence=act.done
                )
        if reached < 5:
            return
        result = "not_effective" if story.end == "reopened" else "effective"
        nonconformity_actions.nonconformity_verify(
            nonconformity=nc, by=self.cast["auditor"], result=result, evidence=story.verification
        )
        if story.end == "closed":
            nonconformity_actions.nonconformity_close(nonconformity=nc, by=secretary)

    def act(self, parent, act: Act):
        return action_flow.action_create(
            parent=parent,
            by=self.cast["secretary"],
            kind=act.kind,
            title=act.title,
            owner=self.cast[act.owner],
            due_on=self.today + timedelta(days=act.due_in),
        )

    # Objectives and risks ------------------------------------------------------------------

    def objective(self, year, title, indicator, unit_of_measure, target, direction, values):
        if QualityObjective.objects.filter(agency=self.agency, year=year, title=title).exists():
            return
        secretary = self.cast["secretary"]
        objective = objectives.objective_save(
            agency=self.agency,
            by=secretary,
            year=year,
            title=title,
            indicator=indicator,
            unit_of_measure=unit_of_measure,
            target=Decimal(target),
            direction=direction,
            frequency=QualityObjective.Frequency.QUARTERLY,
            unit=next(iter(self.units.values()), None),
            responsible=self.cast["staff"],
        )
        for quarter, value in enumerate(values, start=1):
            end = _quarter_end(year, quarter)
            if end > self.today:
                break
            objectives.measurement_record(
                objective=objective,
                by=self.cast["staff"],
                period=f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{year}",
                period_end=end,
                value=Decimal(value),
            )

    def risk(self, kind, title, description, likelihood, impact, review_in, acts):
        if Risk.objects.filter(agency=self.agency, title=title).exists():
            return
        risk = risk_save(
            agency=self.agency,
            by=self.cast["secretary"],
            kind=kind,
            title=title,
            description=description,
            likelihood=likelihood,
            impact=impact,
            owner=self.cast["secretary"],
            review_on=self.today + timedelta(days=review_in),
            unit=next(iter(self.units.values()), None),
        )
        for act in acts:
            action = self.act(risk, act)
            if act.done:
                action_flow.action_complete(
                    action=action, by=self.cast[act.owner], evidence=act.done
                )

    # Context of the organisation -------------------------------------------------------------

    def context(self) -> None:
        """The whole register, before the reviews compile it: the climate decision, the
        issues and the interested parties of ``texts.CONTEXT``."""
        if ContextIssue.objects.filter(agency=self.agency).exists():
            return
        secretary, register = self.cast["secretary"], self.texts.CONTEXT
        relevant, reason = register["climate"]
        context.climate_decide(agency=self.agency, by=secretary, relevant=relevant, reason=reason)
        for origin, title, effect in register["issues"]:
            context.context_issue_save(
                agency=self.agency, by=secretary, origin=origin, title=title, effect=effect
            )
        for name, requirements, climate in register["parties"]:
            context.interested_party_save(
                agency=self.agency,
                by=secretary,
                name=name,
                requirements=requirements,
                climate_requirements=climate,
            )

    def planned_changes(self) -> None:
        """Two changes planned under 6.3: one made four months ago and found effective, one
        still to make; found again by their titles."""
        known = set(
            PlannedChange.objects.filter(agency=self.agency).values_list("title", flat=True)
        )
        secretary = self.cast["secretary"]
        for title, purpose, integrity, resources, owner, days, found in self.texts.PLANNED_CHANGES:
            if title in known:
                continue
            change = planned_changes.planned_change_save(
                agency=self.agency,
                by=secretary,
                title=title,
                purpose=purpose,
                integrity=integrity,
                resources=resources,
                owner=self.cast[owner],
                due_on=self.today + timedelta(days=days),
                documents=Document.objects.of_agency(self.agency)
                .effective()
                .filter(type__prefix="QT")
                .order_by("code")[:1],
            )
            if found is not None:
                planned_changes.planned_change_made(
                    change=change, by=secretary, on=self.today + timedelta(days=days)
                )
                planned_changes.planned_change_check(
                    change=change, by=secretary, effective=True, effectiveness=found
                )

    # Management reviews --------------------------------------------------------------------

    def reviews(self, full: bool) -> None:
        # Two meetings 328 days apart may fall in one calendar year or in two, so a review is
        # named by its date and found again by its status, never by its year.
        held = ManagementReview.objects.filter(agency=self.agency)
        if full and not held.filter(status=ManagementReview.Status.APPROVED).exists():
            self.review(self.today - timedelta(days=330), approved=True)
        if not held.exclude(status=ManagementReview.Status.APPROVED).exists():
            self.review(self.today - timedelta(days=2), approved=False)

    def lapsed_review(self) -> None:
        """The department's only review, approved, held a year and ten days ago: thirty days
        ago its system was maintained, today it is only announced."""
        if not ManagementReview.objects.filter(agency=self.agency).exists():
            self.review(add_months(self.today, -12) - timedelta(days=10), approved=True)

    def review(self, held_on: date, *, approved: bool) -> None:
        title = f"Họp xem xét của lãnh đạo ngày {held_on:%d/%m/%Y}"
        secretary, leader = self.cast["secretary"], self.cast["leader"]
        review = reviews.review_create(
            agency=self.agency,
            by=secretary,
            title=title,
            held_on=held_on,
            location="Phòng họp cơ quan",
            chair=leader,
            participants=list({u.pk: u for u in self.cast.values()}.values()),
        )
        reviews.review_compile(review=review, by=secretary)
        minutes = self.texts.MINUTES
        reviews.review_minutes_save(
            review=review,
            by=secretary,
            minutes={
                item.key: minutes.get(item.key, "")
                for item in inputs_for(review.iso_version)
                if approved or item.key in self.texts.DRAFT_MINUTES
            },
            conclusion=self.texts.CONCLUSION if approved else "",
        )
        for title_, owner, due_after, done in self.texts.DECISIONS if approved else ():
            action = action_flow.action_create(
                parent=review,
                by=secretary,
                kind="improvement",
                title=title_,
                owner=self.cast[owner],
                due_on=held_on + timedelta(days=due_after),
            )
            if done:
                action_flow.action_complete(action=action, by=self.cast[owner], evidence=done)
        if approved:
            reviews.review_submit(review=review, by=secretary)
            reviews.review_approve(review=review, by=leader, comment="Đồng ý nội dung biên bản.")
            # The service stamps the approval now; the leader signed the minutes a week after
            # the meeting, so a figure as of a past day finds the review approved from then.
            approved_on = held_on + timedelta(days=7)
            ManagementReview.objects.filter(pk=review.pk).update(
                approved_at=timezone.make_aware(datetime.combine(approved_on, time(15)))
            )


def _quarter_end(year: int, quarter: int) -> date:
    return date(year, 3 * quarter, 30 if quarter in (2, 3) else 31)
