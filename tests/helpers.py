"""Plain builders for test data. Personas are made with these in each test's setUpTestData."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.agencies.models import Agency, Unit, User
from qms.agencies.roles import Role
from qms.agencies.services import agency_create, agency_roles_assign

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_province(name: str = "Ủy ban nhân dân tỉnh Lâm Đồng", code: str | None = None) -> Agency:
    return agency_create(name=name, code=code or f"tinh-{_next()}", level=Agency.Level.PROVINCE)


def make_agency(
    name: str = "Sở Tư pháp",
    *,
    province: Agency | None = None,
    code: str | None = None,
    level: str = Agency.Level.DEPARTMENT,
    **extra,
) -> Agency:
    province = province or make_province()
    return agency_create(
        name=name, code=code or f"cq-{_next()}", level=level, parent=province, **extra
    )


def make_ministry(name: str = "Bộ Khoa học và Công nghệ", code: str | None = None) -> Agency:
    """The Ministry: outside every province; its supervisors read every province."""
    return agency_create(name=name, code=code or f"bo-{_next()}", level=Agency.Level.MINISTRY)


def make_unit(agency: Agency, name: str | None = None) -> Unit:
    return Unit.objects.create(agency=agency, name=name or f"Phòng {_next()}")


def make_user(
    full_name: str,
    agency: Agency | None = None,
    roles: list[str] | tuple = (Role.STAFF,),
    *,
    username: str | None = None,
    unit: Unit | None = None,
    password: str = "mat-khau-thu-nghiem",
    **extra,
) -> User:
    user = User(
        username=username or f"user{_next()}",
        full_name=full_name,
        unit=unit,
        email=f"user{_counter['n']}@example.gov.vn",
        **extra,
    )
    user.set_password(password)
    user.save()
    if agency is not None and roles:
        agency_roles_assign(agency=agency, user=user, roles=list(roles))
    return user


def count_queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


class LadderMixin:
    """The permission ladder for a page: anonymous, another agency, wrong role, right role."""

    def assert_ladder(
        self, url: str, *, outsider: User | None, wrong_role: User | None, right_role: User
    ):
        """``outsider`` (a user of another agency) must get a 404: pass None for pages of the
        current agency, where an outsider simply sees their own agency's page."""
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302, url)
        self.assertIn("/accounts/login/", response["Location"])

        if outsider is not None:
            self.client.force_login(outsider)
            self.assertEqual(self.client.get(url).status_code, 404, url)

        if wrong_role is not None:
            self.client.force_login(wrong_role)
            self.assertEqual(self.client.get(url).status_code, 403, url)

        self.client.force_login(right_role)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response


# Document control ---------------------------------------------------------------------


def make_document_type(agency: Agency, *, kind: str = "procedure", prefix: str = "QT", **extra):
    from documents.models import DocumentType

    names = dict(DocumentType.Kind.choices)
    return DocumentType.objects.create(
        agency=agency, kind=kind, prefix=prefix, name=str(names[kind]), **extra
    )


def make_document(agency: Agency, by: User, title: str = "Quy trình kiểm soát tài liệu", **extra):
    """A registered document with its first draft, made through the service."""
    from documents.services.documents import document_create

    document_type = extra.pop("type", None) or (
        agency.document_types.filter(kind="procedure").first() or make_document_type(agency)
    )
    return document_create(agency=agency, by=by, type=document_type, title=title, **extra)


def make_effective_document(
    agency: Agency,
    *,
    drafter: User,
    reviewer: User,
    approver: User,
    title: str = "Quy trình kiểm soát tài liệu",
    steps: list[dict] | None = None,
    **extra,
):
    """A document whose first issue went through review and approval and is effective."""
    from documents.services import revisions as flow

    document = make_document(agency, drafter, title, **extra)
    revision = document.revisions.get()
    flow.revision_update_content(
        revision=revision,
        by=drafter,
        purpose="Quy định thống nhất cách thức kiểm soát.",
        scope="Áp dụng cho các phòng chuyên môn.",
        steps=steps
        if steps is not None
        else [
            {"content": "Tiếp nhận hồ sơ", "responsible": "Bộ phận một cửa", "duration_days": 1},
            {"content": "Thẩm định hồ sơ", "responsible": "Phòng chuyên môn", "duration_days": 2},
        ],
        records=[{"name": "Sổ theo dõi hồ sơ", "keeper": "Văn phòng", "retention_years": 5}],
    )
    flow.revision_submit(revision=revision, by=drafter, reviewers=[reviewer], approver=approver)
    flow.revision_review_pass(revision=revision, by=reviewer)
    flow.revision_approve(revision=revision, by=approver)
    document.refresh_from_db()
    return document


def withdraw_effective(revision, *, secretary: User, leader: User, reason: str):
    """Withdraw an effective issue the only way there is: the ISO secretary proposes, the
    leader approves. Returns the revision, now obsolete."""
    from documents.services.withdrawals import withdrawal_decide, withdrawal_propose

    withdrawal = withdrawal_propose(revision=revision, by=secretary, reason=reason)
    withdrawal_decide(withdrawal=withdrawal, by=leader, approve=True)
    revision.refresh_from_db()
    return revision


# Improvement (nonconformities, actions) -----------------------------------------------


def make_nonconformity(agency: Agency, by: User, title: str = "Hồ sơ trả kết quả trễ hạn", **extra):
    """A registered nonconformity (status open), detected ten days ago, made by the service."""
    from datetime import timedelta

    from django.utils import timezone

    from audits.services.nonconformities import nonconformity_create

    extra.setdefault("source", "late_dossier")
    extra.setdefault("description", "Hồ sơ đăng ký khai sinh trả kết quả trễ 2 ngày.")
    extra.setdefault("detected_on", timezone.localdate() - timedelta(days=10))
    return nonconformity_create(agency=agency, by=by, title=title, **extra)


def make_planned_nonconformity(
    agency: Agency, by: User, owners: list[User], *, start: bool = True, **extra
):
    """A nonconformity analysed, with one corrective action per owner (due in 20 days), and
    its plan started unless ``start`` is False. Returns (nonconformity, actions)."""
    from datetime import timedelta

    from django.utils import timezone

    from audits.services import actions, nonconformities, nonconformity_actions

    nonconformity = make_nonconformity(agency, by, **extra)
    nonconformities.nonconformity_analyse(
        nonconformity=nonconformity,
        by=by,
        correction="Đã gọi điện xin lỗi công dân và trả kết quả ngay.",
        whys=["Hồ sơ bị chuyển nhầm phòng", "Chưa có sổ theo dõi chuyển hồ sơ"],
    )
    planned = [
        actions.action_create(
            parent=nonconformity,
            by=by,
            kind="corrective",
            title=f"Lập sổ theo dõi chuyển hồ sơ ({owner.full_name})",
            owner=owner,
            due_on=timezone.localdate() + timedelta(days=20),
        )
        for owner in owners
    ]
    if start:
        nonconformity_actions.nonconformity_start(nonconformity=nonconformity, by=by)
    nonconformity.refresh_from_db()
    return nonconformity, planned


# Internal audits ------------------------------------------------------------------------


def make_programme(agency: Agency, secretary: User, approver: User | None = None, **extra):
    """This year's programme, approved by ``approver`` when one is given."""
    from datetime import date

    from audits.services import audit_plans, programmes

    programme = programmes.programme_create(
        agency=agency,
        by=secretary,
        year=extra.pop("year", date.today().year),
        objectives="Đánh giá sự phù hợp và hiệu lực của hệ thống.",
    )
    if approver is not None:
        # The programme's first audit, in spring, so that the tests' own audits stand apart.
        spring = date(programme.year, 3, 10)
        audit_plans.audit_plan_create(
            programme=programme,
            by=secretary,
            **audit_fields(agency, start_on=spring, end_on=spring),
        )
        programmes.programme_propose(programme=programme, by=secretary)
        programmes.programme_decide(programme=programme, by=approver, approve=True)
    return programme


# Two clauses of each version that an audit in the tests covers.
AUDITED_CLAUSES = {"2026": ("7.5", "9.2"), "2015": ("7.5", "9.2"), "2008": ("4.2", "8.2")}


def audit_fields(agency: Agency, *, units=None, clauses=None, **extra) -> dict:
    from datetime import date

    from documents.models import IsoClause

    year = date.today().year
    numbers = clauses or AUDITED_CLAUSES[agency.iso_version]
    # On the year's first days, so that on any day of the year the fieldwork of a test is
    # on or after the planned date (earlier, recording a finding needs a confirmation).
    return {
        "title": "Đánh giá nội bộ đợt 1",
        "objectives": "Xác định mức độ phù hợp của hệ thống.",
        "start_on": extra.pop("start_on", date(year, 1, 1)),
        "end_on": extra.pop("end_on", date(year, 1, 2)),
        "units": units if units is not None else list(agency.units.all()[:1]),
        "clauses": list(IsoClause.objects.filter(version=agency.iso_version, number__in=numbers)),
        **extra,
    }


def make_notified_audit(
    agency: Agency, *, secretary: User, approver: User, lead: User, auditee: User, **fields
):
    """An audit of an approved programme with ``lead`` as lead auditor, its plan sent."""
    from audits.services import audit_plans, audit_teams

    programme = agency.audit_programmes.first() or make_programme(agency, secretary, approver)
    audit = audit_plans.audit_plan_create(
        programme=programme, by=secretary, auditees=[auditee], **audit_fields(agency, **fields)
    )
    audit_teams.auditor_assign(audit=audit, by=secretary, auditor=lead, is_lead=True)
    return audit_plans.audit_plan_send(audit=audit, by=secretary)


def restore_catalogue() -> None:
    """Put the ISO editions and their clause catalogues back, as the migrations wrote them."""
    from documents.clauses import SHIPPED, shipped_file
    from documents.models import IsoClause, IsoEdition
    from documents.services.catalogue import catalogue_load

    if IsoEdition.objects.count() == len(SHIPPED) and IsoClause.objects.exists():
        return
    for edition in SHIPPED:  # each after the edition it follows
        catalogue_load(shipped_file(edition).read_bytes())


class KeepsCatalogue:
    """For a TransactionTestCase: its flush after each test empties the tables the migrations
    filled, so the ISO clause catalogue is put back before each test and for the tests that run
    after the class in the same process."""

    @classmethod
    def _fixture_setup(cls):
        # Runs before every test, whatever the test case's own setUp does.
        super()._fixture_setup()
        restore_catalogue()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        restore_catalogue()


def make_pdf(pages: int = 1) -> bytes:
    """A real PDF of ``pages`` blank A4 pages: what the upload check opens and accepts."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Workflow buttons -----------------------------------------------------------------------


def make_workflow_cast():
    """The people every workflow's states × roles test goes through: one agency with its ISO
    secretary, drafter, reviewer, approver and plain staff, the province's supervisor, and the
    ISO secretary of another agency. ``cast.roles`` names them by role."""
    from types import SimpleNamespace

    province = make_province()
    agency = make_agency("Sở Tư pháp", province=province)
    other = make_agency("Sở Y tế", province=province)
    cast = SimpleNamespace(
        province=province,
        agency=agency,
        other=other,
        # Lan, ISO secretary of the Sở Tư pháp.
        lan=make_user("Nguyễn Thị Lan", agency, [Role.ISO_SECRETARY, Role.STAFF]),
        # Hùng drafts its procedures.
        hung=make_user("Trần Văn Hùng", agency, [Role.DRAFTER]),
        # Mai, Trưởng phòng, reviews them.
        mai=make_user("Lê Thị Mai", agency, [Role.REVIEWER]),
        # Minh, Phó Giám đốc, approves documents, programmes, reports and minutes.
        minh=make_user("Phạm Văn Minh", agency, [Role.APPROVER]),
        # Hoa, staff, holds no role in any workflow but may own an action.
        hoa=make_user("Đỗ Thị Hoa", agency, [Role.STAFF]),
        # Tâm supervises the province: reads everything, changes nothing.
        tam=make_user("Đinh Văn Tâm", province, [Role.SUPERVISOR]),
        # Tuấn, ISO secretary of the Sở Y tế, must never act on the Sở Tư pháp's data.
        tuan=make_user("Ngô Anh Tuấn", other, [Role.ISO_SECRETARY]),
    )
    cast.roles = {
        "ISO secretary": cast.lan,
        "drafter": cast.hung,
        "reviewer": cast.mai,
        "approver": cast.minh,
        "plain staff": cast.hoa,
        "province supervisor": cast.tam,
        "another agency's secretary": cast.tuan,
    }
    return cast


def accepted(call) -> bool:
    """Whether the service ``call`` is accepted; whatever it wrote is rolled back."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction

    try:
        with transaction.atomic():
            call()
            transaction.set_rollback(True)
    except (PermissionDenied, ValidationError):
        return False
    return True


class AllowedActionsMixin:
    """The two checks of a workflow's ``allowed_actions``: it agrees with the services for every
    state and role, and the object's page shows a button exactly when it allows the action.

    ``fresh(state)`` re-reads the object of a state; ``calls`` maps each action to a service
    call ``(obj, user)`` with valid input; ``buttons`` maps each action to the text its button
    puts in the page, given the object (usually the quoted URL it posts or links to)."""

    def assert_allowed_agrees_with_services(self, *, users, states, fresh, allowed_actions, calls):
        from functools import partial

        for role, user in users.items():
            for state in states:
                allowed = allowed_actions(fresh(state), user)
                for name, call in calls.items():
                    with self.subTest(role=role, state=state, action=name):
                        accepts = accepted(partial(call, fresh(state), user))
                        self.assertEqual(name in allowed, accepts)

    def assert_page_shows_allowed_buttons(
        self, *, users, states, fresh, allowed_actions, page_url, buttons
    ):
        for role, user in users.items():
            self.client.force_login(user)
            for state in states:
                obj = fresh(state)
                allowed = allowed_actions(obj, user)
                response = self.client.get(page_url(obj))
                html = response.content.decode() if response.status_code == 200 else ""
                if response.status_code != 200:
                    with self.subTest(role=role, state=state):
                        self.assertIn(response.status_code, (403, 404))
                        self.assertEqual(allowed, frozenset())
                for name, marker in buttons.items():
                    with self.subTest(role=role, state=state, action=name):
                        self.assertEqual(name in allowed, marker(obj) in html)


def button_to(url_name: str):
    """The ``buttons`` entry of a button that posts or links to ``url_name`` of the object."""
    from django.urls import reverse

    return lambda obj: f'"{reverse(url_name, args=[obj.pk])}"'


# Tasks stored in the database until a worker runs them, as with TASKS_BACKEND=database.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """Run every task that is due, as `manage.py db_worker --batch` does from cron. The worker
    closes connections between tasks, so call it from a TransactionTestCase."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
