"""Who receives a revision and who has read it ("Đã đọc và hiểu").

Who must acknowledge a revision (its recipients): the people it was distributed to, plus the
members of the units it was distributed to, in both cases only active people who hold a role
in the revision's agency. An acknowledgement is immutable and tied to one revision, so a new
issue asks everyone again.

The distribution pages, the overview, "Việc của tôi" and the writes of
``documents.services.distribution`` all read the one definition of a recipient here.
"""

from datetime import date, datetime, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from documents.models import Acknowledgement, Distribution, Document, ReadingReminder, Revision
from qms.agencies.models import AgencyRole, MemberUnit, Unit, User
from qms.agencies.selectors import unit_in

# A recipient who has not acknowledged this many days after the revision reached them (and
# took effect) is late.
LATE_AFTER_DAYS = 7

S = Revision.Status


def _people(*, agency_id: int, revision_ref) -> QuerySet[User]:
    """Recipients of a revision, as a User queryset annotated with ``acknowledged`` and
    ``reached_at`` (the first distribution that reached them).

    ``revision_ref`` is what a Distribution or Acknowledgement subquery nested in this
    queryset compares its revision with: a pk, or an OuterRef(OuterRef(…)) when this queryset
    is itself a subquery of a Revision queryset.
    """
    holds_role = AgencyRole.objects.filter(agency_id=agency_id, group__user=OuterRef("pk"))
    # A unit reaches its people: those whose home unit it is and those who hold it as their
    # unit in the agency while their account belongs elsewhere.
    reaching = Distribution.objects.filter(revision=revision_ref).filter(
        Q(user=OuterRef("pk"))
        | Q(unit=OuterRef("unit_id"))
        | Q(unit__guest_members__user=OuterRef("pk"))
    )
    acknowledged = Acknowledgement.objects.filter(revision=revision_ref, user=OuterRef("pk"))
    return (
        User.objects.filter(is_active=True)
        .filter(Exists(holds_role), Exists(reaching))
        .annotate(
            acknowledged=Exists(acknowledged),
            reached_at=Subquery(reaching.order_by("distributed_at").values("distributed_at")[:1]),
        )
    )


def recipients_of(revision: Revision) -> QuerySet[User]:
    """Everyone expected to acknowledge ``revision`` (see the module docstring)."""
    return _people(agency_id=revision.document.agency_id, revision_ref=revision.pk)


def is_recipient(revision: Revision, user: User) -> bool:
    return user.is_authenticated and recipients_of(revision).filter(pk=user.pk).exists()


def late_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=LATE_AFTER_DAYS)


def late_recipients(revision: Revision, *, now: datetime | None = None) -> QuerySet[User]:
    """Recipients who have not acknowledged LATE_AFTER_DAYS days after the revision reached
    them and took effect; none while the revision is not effective."""
    cutoff = late_cutoff(now)
    if revision.status != S.EFFECTIVE or revision.effective_date > timezone.localdate(cutoff):
        return User.objects.none()
    return (
        recipients_of(revision)
        .filter(acknowledged=False, reached_at__lte=cutoff)
        .select_related("unit")
        .order_by("reached_at", "full_name")
    )


def acknowledgement_due(revision: Revision, reached_at: datetime) -> date:
    """The day a recipient's acknowledgement is due: LATE_AFTER_DAYS after the later of the
    day the revision reached them and its effective date."""
    start = max(timezone.localdate(reached_at), revision.effective_date or date.min)
    return start + timedelta(days=LATE_AFTER_DAYS)


def coverage_by_unit(revision: Revision) -> list[dict]:
    """Expected and acknowledged recipients per unit, the unit each holds in the revision's
    agency (``unit_in``: the home unit there, a MemberUnit elsewhere), in one query. Rows
    read ``unit_id``, ``unit_name``, ``expected`` and ``acknowledged``."""
    agency_id = revision.document.agency_id
    acknowledged = Acknowledgement.objects.filter(revision=revision, user=OuterRef("pk"))
    elsewhere = MemberUnit.objects.filter(user=OuterRef("pk"), agency_id=agency_id)
    people = User.objects.filter(pk__in=recipients_of(revision).values("pk")).annotate(
        unit_here=Coalesce(
            Case(When(unit__agency_id=agency_id, then=F("unit_id"))),
            Subquery(elsewhere.values("unit_id")[:1]),
            output_field=IntegerField(),
        ),
        unit_here_name=Coalesce(
            Case(When(unit__agency_id=agency_id, then=F("unit__name"))),
            Subquery(elsewhere.values("unit__name")[:1]),
            output_field=CharField(),
        ),
    )
    rows = (
        people.values("unit_here", "unit_here_name")
        .annotate(
            expected=Count("pk"),
            acknowledged=Count("pk", filter=Q(Exists(acknowledged))),
        )
        .order_by(F("unit_here_name").asc(nulls_last=True))
    )
    return [
        {
            "unit_id": row["unit_here"],
            "unit_name": row["unit_here_name"],
            "expected": row["expected"],
            "acknowledged": row["acknowledged"],
        }
        for row in rows
    ]


def _count(queryset) -> Subquery:
    # COUNT as a plain function, not an aggregate, so that the subquery has no GROUP BY and
    # returns one row for the outer revision.
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def with_coverage(revisions: QuerySet[Revision], *, agency_id: int, now=None):
    """Annotate each revision with ``expected``, ``acknowledged`` and ``late`` counts, in the
    same query (correlated subqueries): the count of queries does not grow with rows."""
    cutoff = late_cutoff(now)
    people = _people(agency_id=agency_id, revision_ref=OuterRef(OuterRef("pk")))
    late = _count(people.filter(acknowledged=False, reached_at__lte=cutoff))
    return revisions.annotate(
        expected=_count(people),
        acknowledged=_count(people.filter(acknowledged=True)),
        late=Case(
            When(Q(status=S.EFFECTIVE, effective_date__lte=timezone.localdate(cutoff)), then=late),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )


def distributed_documents(*, agency) -> QuerySet[Document]:
    """The agency's effective documents whose effective issue was distributed, in code order:
    the acknowledgement overview pages these on the agency's code index."""
    return (
        Document.objects.of_agency(agency)
        .filter(status=Document.Status.EFFECTIVE, is_distributed=True)
        .order_by("code")
    )


def coverage_of(documents, *, agency) -> list[Revision]:
    """The effective issues of ``documents`` (a page of ``distributed_documents``) with their
    coverage, in the documents' order."""
    revisions = Revision.objects.filter(
        pk__in=[document.effective_revision_id for document in documents]
    )
    return list(
        with_coverage(revisions.select_related("document"), agency_id=agency.pk).order_by(
            "document__code"
        )
    )


def distributed_effective_revisions(*, agency) -> QuerySet[Revision]:
    """Every effective revision of the agency that was distributed, with its coverage."""
    revisions = Revision.objects.filter(
        pk__in=distributed_documents(agency=agency).values("effective_revision")
    )
    return with_coverage(
        revisions.select_related("document").order_by("document__code"), agency_id=agency.pk
    )


def revisions_to_acknowledge(*, user: User, agency) -> QuerySet[Revision]:
    """Effective revisions of ``agency`` that reached ``user`` and wait for their
    acknowledgement, annotated with ``reached_at``; empty for people without a role there."""
    unit = unit_in(user, agency)
    to_them = Q(user=user) | Q(unit=unit) if unit else Q(user=user)
    reaching = Distribution.objects.filter(revision=OuterRef("pk")).filter(to_them)
    member = AgencyRole.objects.filter(agency=agency, group__user=user)
    done = Acknowledgement.objects.filter(revision=OuterRef("pk"), user=user)
    return (
        Revision.objects.filter(document__agency=agency, status=S.EFFECTIVE)
        .filter(Exists(reaching), Exists(member))
        .exclude(Exists(done))
        .annotate(
            reached_at=Subquery(reaching.order_by("distributed_at").values("distributed_at")[:1])
        )
        .select_related("document")
        .order_by("reached_at", "document__code")
    )


def previous_distributed(revision: Revision) -> Revision | None:
    """The latest earlier issue of the same document that was distributed, if its
    recipients are not all on ``revision`` already."""
    previous = (
        Revision.objects.filter(document_id=revision.document_id, number__lt=revision.number)
        .filter(Exists(Distribution.objects.filter(revision=OuterRef("pk"))))
        .order_by("-number")
        .first()
    )
    if previous is None:
        return None
    ours = set(revision.distributions.values_list("unit_id", "user_id"))
    theirs = set(previous.distributions.values_list("unit_id", "user_id"))
    return previous if theirs - ours else None


def units_of(agency) -> QuerySet[Unit]:
    return agency.units.filter(is_active=True).order_by("name")


def reading_register(revision: Revision, *, unread_only: bool = False) -> QuerySet[User]:
    """The "Sổ giao nhận tài liệu" of ``revision``: every recipient by name with ``unit_here``
    (the unit they hold in the revision's agency, as in ``coverage_by_unit``), ``reached_at``
    and ``read_at`` (None while unread), by unit then name, in one query whatever the count."""
    agency_id = revision.document.agency_id
    elsewhere = MemberUnit.objects.filter(user=OuterRef("pk"), agency_id=agency_id)
    read = Acknowledgement.objects.filter(revision=revision, user=OuterRef("pk"))
    people = recipients_of(revision).annotate(
        unit_here=Coalesce(
            Case(When(unit__agency_id=agency_id, then=F("unit__name"))),
            Subquery(elsewhere.values("unit__name")[:1]),
            output_field=CharField(),
        ),
        read_at=Subquery(read.values("at")[:1]),
    )
    if unread_only:
        people = people.filter(acknowledged=False)
    return people.order_by(F("unit_here").asc(nulls_last=True), "full_name", "username")


def distribution_offer(revision: Revision) -> dict:
    """What approval offers to distribute ``revision`` to: the agency's active units and
    people, with those of the latest distributed earlier issue chosen (still active and, for
    people, still holding a role in the agency). Four queries."""
    agency = revision.document.agency
    previous = (
        Distribution.objects.filter(revision__document_id=revision.document_id)
        .filter(revision__number__lt=revision.number)
        .order_by("-revision__number")
        .values_list("revision_id", flat=True)
        .first()
    )
    chosen = set()
    if previous is not None:
        chosen = set(
            Distribution.objects.filter(revision_id=previous).values_list("unit_id", "user_id")
        )
    return {
        "units": list(units_of(agency)),
        "users": list(agency_members(agency)),
        "unit_ids": {unit_id for unit_id, _user in chosen if unit_id},
        "user_ids": {user_id for _unit, user_id in chosen if user_id},
        "previous": previous,
    }


def agency_members(agency) -> QuerySet[User]:
    """Active people who hold a role in ``agency``: those a revision can be distributed to."""
    return (
        User.objects.filter(
            Exists(AgencyRole.objects.filter(agency=agency, group__user=OuterRef("pk"))),
            is_active=True,
        )
        .select_related("unit")
        .order_by("full_name", "username")
    )


def approved_not_distributed(*, agency) -> QuerySet[Revision]:
    """Issues approved in the workflow (not imported), approved or effective, that nobody has
    been given yet: the ISO secretary's "approved, not yet distributed"."""
    return (
        Revision.objects.filter(
            document__agency=agency, status__in=(S.APPROVED, S.EFFECTIVE), approved_by__isnull=False
        )
        .exclude(Exists(Distribution.objects.filter(revision=OuterRef("pk"))))
        .select_related("document")
        .order_by("approved_at", "document__code")
    )


def latest_reminder(revision: Revision) -> ReadingReminder | None:
    """The last "Nhắc lại" of ``revision``'s readers, with who sent it."""
    return (
        ReadingReminder.objects.filter(revision=revision)
        .select_related("sent_by")
        .order_by("-sent_at")
        .first()
    )
