"""Scale data set, document control part: per agency its document types, external documents
(laws and administrative procedures, some replaced), and ``plan.documents`` documents of every
type with their issues: older issues superseded, the last one effective with its controlled
copy, some documents with an issue in review or awaiting approval, a few never issued or
withdrawn. Each issue has its steps, records, decision rows and history; effective procedures
are distributed to units and acknowledged by most of their people.

Controlled copies: every issued revision of the data set points at ONE stored PDF, a real
controlled copy rendered from the first effective revision seeded, with its SHA-256. Rendering
a PDF per issue (about 0.2 s each) would take most of a day for a province's 150,000 issues,
and what the benchmark measures of a stored copy is that downloading it reads the file from
storage without rendering, which one shared file shows as well as 150,000 would. The rendering
itself is measured on its own by ``manage.py bench``.
"""

import hashlib
import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from documents import pdf
from documents.models import (
    Acknowledgement,
    ApprovalDecision,
    Distribution,
    Document,
    DocumentType,
    ExternalDocument,
    IsoClause,
    ProcedureStep,
    RecordItem,
    Revision,
)
from qms.agencies.models import Agency
from qms.devdata.demo.documents import TYPES
from qms.devdata.scale.seeding import Seeding, db_datetime, stamp
from qms.lib.dates import add_months
from qms.lib.text import searchable

S = Revision.Status
D = ApprovalDecision
K = DocumentType.Kind
VERBS = [
    "Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Thẩm định", "Đăng ký", "Xác nhận",
    "Giải quyết", "Tiếp nhận", "Thu hồi", "Phê duyệt", "Kiểm tra",
]  # fmt: skip
OBJECTS = [
    "giấy phép xây dựng", "giấy chứng nhận đăng ký hộ kinh doanh", "khai sinh", "kết hôn",
    "hồ sơ đất đai", "chứng thực bản sao từ bản chính", "hồ sơ khiếu nại", "đơn tố cáo",
    "hồ sơ mua sắm công", "kế hoạch đào tạo", "hồ sơ thi đua khen thưởng",
    "giấy chứng nhận an toàn thực phẩm", "giấy phép môi trường", "hồ sơ người có công",
    "trợ cấp xã hội", "giấy phép kinh doanh rượu", "lý lịch tư pháp", "hộ tịch",
    "giấy phép quảng cáo", "hồ sơ công chứng",
]  # fmt: skip
STEPS = [
    ("Tiếp nhận hồ sơ, kiểm tra thành phần và tính hợp lệ", "Bộ phận một cửa", "0.5"),
    ("Chuyển hồ sơ đến phòng chuyên môn", "Bộ phận một cửa", "0.5"),
    ("Thẩm định hồ sơ, đề xuất kết quả giải quyết", "Chuyên viên phòng chuyên môn", "3"),
    ("Xem xét, trình ký kết quả", "Trưởng phòng", "1"),
    ("Ký duyệt kết quả", "Lãnh đạo cơ quan", "1"),
    ("Vào sổ, đóng dấu và chuyển kết quả", "Văn thư", "0.5"),
    ("Trả kết quả cho tổ chức, cá nhân", "Bộ phận một cửa", "0.5"),
    ("Lưu hồ sơ theo quy định", "Phòng chuyên môn", ""),
]
# The time of a step without a fixed duration, as procedures write it.
NO_FIXED_TIME = "Khi phát sinh"
PURPOSE = (
    "Quy định trình tự, cách thức và thời hạn giải quyết công việc, bảo đảm đúng quy định "
    "của pháp luật và yêu cầu của TCVN ISO 9001:2015."
)
SCOPE = "Áp dụng đối với các phòng chuyên môn, cán bộ, công chức có liên quan của cơ quan."
REFERENCES = "TCVN ISO 9001:2015; Quyết định 19/2014/QĐ-TTg; các văn bản pháp luật có liên quan."
DEFINITIONS = "TTHC: Thủ tục hành chính; BPTN&TKQ: Bộ phận tiếp nhận và trả kết quả."
BODY = (
    "Cơ quan cam kết cung cấp dịch vụ hành chính công nhanh chóng, chính xác, công khai, minh "
    "bạch; không ngừng cải tiến hệ thống quản lý chất lượng."
)
STEP_COLUMNS = [
    "revision_id",
    "order",
    "content",
    "responsible",
    "duration_days",
    "output",
    "time_text",
]
RECORD_COLUMNS = [
    "revision_id",
    "order",
    "name",
    "keeper",
    "retention",
    "retention_years",
    "retention_event",
]
DECISION_COLUMNS = ["revision_id", "step", "decision", "round", "comment", "by_id", "at"]
DISTRIBUTION_COLUMNS = ["revision_id", "unit_id", "user_id", "distributed_by_id", "distributed_at"]
# (name, keeper, retention rule, years, event): one of each rule a procedure writes.
RECORDS = [
    ("Hồ sơ giải quyết công việc", "Phòng chuyên môn", "years", 5, ""),
    ("Sổ theo dõi", "Văn phòng", "years", 10, ""),
    ("Quyết định ban hành quy trình", "Văn thư", "until_superseded", None, ""),
    ("Hợp đồng dịch vụ", "Văn phòng", "years_after_event", 2, "kể từ khi kết thúc hợp đồng"),
    ("Sổ đăng ký gốc", "Văn thư", "permanent", None, ""),
]


def seed(seeding: Seeding) -> None:
    clauses = list(IsoClause.objects.filter(version="2015").values_list("pk", flat=True))
    agencies = [
        a for a in seeding.data["agencies"] if a.level != Agency.Level.PROVINCE and a.is_active
    ]
    for number, agency in enumerate(agencies, start=1):
        _seed_agency(seeding, agency, seeding.data["people"][agency.pk], clauses)
        if number % 25 == 0 or number == len(agencies):
            seeding.log(f"  documents: {number}/{len(agencies)} agencies")


def _moment(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _seed_agency(seeding: Seeding, agency: Agency, team: dict, clauses: list[int]) -> None:
    rng, plan, today = seeding.rng, seeding.plan, seeding.today
    secretary = team["secretary"]
    types = {
        prefix: stamp(
            DocumentType(agency=agency, kind=kind, name=name, prefix=prefix, code_pattern=pattern),
            by=secretary,
            reason="Dữ liệu quy mô",
        )
        for kind, name, prefix, pattern in TYPES
    }
    seeding.insert(DocumentType, types.values(), history=True)
    externals = _externals(seeding, agency, secretary)
    units = seeding.data["units"][agency.pk]

    # Which documents: the system ones, then procedures, instructions and forms.
    kinds = ["CS", "MT", "STCL"]
    rest = max(plan.documents - len(kinds), 0)
    kinds += ["QT"] * round(rest * 0.6) + ["HD"] * round(rest * 0.1)
    kinds += ["BM"] * (plan.documents - len(kinds))
    numbers, documents, procedures = {}, [], []
    for prefix in kinds:
        numbers[prefix] = numbers.get(prefix, 0) + 1
        number = numbers[prefix]
        parent = rng.choice(procedures) if prefix == "BM" and procedures else None
        if prefix == "BM":
            code = f"BM-{number:02}" + (f"-{parent.code}" if parent else "")
            title = "Biểu mẫu " + rng.choice(OBJECTS)
        elif prefix == "QT":
            code, title = (
                f"QT-{number:02}",
                f"Quy trình {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)}",
            )
        elif prefix == "HD":
            code, title = f"HD-{number:02}", f"Hướng dẫn {rng.choice(OBJECTS)}"
        else:
            code, title = f"{prefix}-01", types[prefix].name
        document = Document(
            agency=agency,
            type=types[prefix],
            code=code,
            number=number,
            title=title,
            owner_unit=rng.choice(units),
            parent=parent,
            restricted=rng.random() < 0.02,
        )
        if prefix == "QT" and externals["tthc"] and rng.random() < 0.7:
            document.administrative_procedure = rng.choice(externals["tthc"])
        documents.append(document)
        if prefix == "QT":
            procedures.append(document)
    revisions, steps, records = [], [], []
    for document in documents:
        _issues(seeding, document, team, revisions, steps, records)
    effective = _derive(documents, revisions, steps, records)
    # Parents first: a form's parent must exist when the form is inserted.
    seeding.insert(Document, [d for d in documents if d.parent is None])
    seeding.insert(Document, [d for d in documents if d.parent is not None])
    if "pdf" in seeding.data:
        for revision in revisions:
            if revision.status in Revision.LOCKED:
                revision.pdf_file.name, revision.pdf_sha256 = seeding.data["pdf"]
    seeding.insert(Revision, revisions)
    steps = [(r.pk, *rest) for r, *rest in steps]
    seeding.insert_rows(ProcedureStep, STEP_COLUMNS, steps)
    seeding.insert_rows(RecordItem, RECORD_COLUMNS, [(r.pk, *rest) for r, *rest in records])
    if "pdf" not in seeding.data:
        _shared_pdf(seeding, revisions, steps)
    for revision in revisions:
        stamp(revision, by=revision.approved_by or revision.drafted_by, reason=_reason(revision))
        revision._history_date = revision.approved_at or _moment(today)
    Revision.history.bulk_history_create(revisions, batch_size=2000)
    seeding.counts["documents.Revision history"] += len(revisions)
    _decisions(seeding, revisions, team)
    # The effective revision exists only now: point its document at it.
    seeding.update_rows(
        Document, ["effective_revision_id"], [(r.pk, d.pk) for d, r in effective.values()]
    )
    for document in documents:
        stamp(document, by=secretary, reason="Dữ liệu quy mô")
        document.effective_revision = effective.get(id(document), (None, None))[1]
    Document.history.bulk_history_create(documents, batch_size=2000)
    seeding.counts["documents.Document history"] += len(documents)
    _links(seeding, documents, revisions, externals, clauses, team)
    _distribute(seeding, agency, [r for _d, r in effective.values()], team, units)


def _derive(documents, revisions, steps, records) -> dict:
    """Each document's status, review date, search text and whether it lists records, from
    its issues, as the services would have left them; returns {id(document): (document,
    effective revision)}."""
    texts, by_document = {}, {}
    listing = {id(revision) for revision, *_rest in records}
    for revision, _order, content, *_rest in steps:
        texts.setdefault(id(revision), []).append(content)
    for revision in revisions:
        by_document.setdefault(id(revision.document), []).append(revision)
    effective = {}
    for document in documents:
        mine = by_document.get(id(document), [])
        current = next((r for r in mine if r.status == S.EFFECTIVE), None)
        parts = [document.title]
        if current is not None:
            effective[id(document)] = (document, current)
            document.status = Document.Status.EFFECTIVE
            document.review_due = add_months(
                current.effective_date, document.type.review_period_months
            )
            parts += [current.purpose, current.scope, current.body, *texts.get(id(current), [])]
        elif any(r.status == S.OBSOLETE for r in mine):
            document.status = Document.Status.OBSOLETE
        document.search_text = searchable(document.code, *parts)
        document.search_title = searchable(document.code, document.title)
        document.lists_records = current is not None and id(current) in listing
    return effective


def _externals(seeding: Seeding, agency: Agency, by) -> dict:
    rng, plan = seeding.rng, seeding.plan
    laws = [
        ("decree", "30/2020/NĐ-CP", "Nghị định về công tác văn thư", "Chính phủ"),
        (
            "decision",
            "19/2014/QĐ-TTg",
            "Quyết định về việc áp dụng TCVN ISO 9001",
            "Thủ tướng Chính phủ",
        ),
        (
            "decision",
            "101/QĐ-BKHCN",
            "Quyết định ban hành mô hình khung",
            "Bộ Khoa học và Công nghệ",
        ),
        ("standard", "TCVN ISO 9001:2015", "Hệ thống quản lý chất lượng - Các yêu cầu", "Bộ KH&CN"),
        ("decree", "61/2018/NĐ-CP", "Nghị định về cơ chế một cửa, một cửa liên thông", "Chính phủ"),
        ("decree", "107/2021/NĐ-CP", "Nghị định sửa đổi Nghị định 61/2018/NĐ-CP", "Chính phủ"),
    ]
    rows = [
        ExternalDocument(agency=agency, kind=k, number=n, title=t, issuer=i) for k, n, t, i in laws
    ]
    for number in range(max(3, plan.documents // 5)):
        rows.append(
            ExternalDocument(
                agency=agency,
                kind=ExternalDocument.Kind.PROCEDURE,
                number=f"{1 + number % 2}.{number:06}",
                title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                issuer="Ủy ban nhân dân tỉnh",
                time_limit_days=rng.choice([3, 5, 7, 10, 15]),
            )
        )
    for row in rows:
        stamp(row, by=by, reason="Dữ liệu quy mô")
    seeding.insert(ExternalDocument, rows, history=True)
    return {"laws": rows[: len(laws)], "tthc": rows[len(laws) :]}


def _issues(seeding: Seeding, document: Document, team: dict, revisions, steps, records) -> None:
    """The issues of one document, oldest first, and the rows of their tables."""
    rng, plan, today = seeding.rng, seeding.plan, seeding.today
    roll = rng.random()
    issued = rng.randint(1, max(1, 2 * plan.revisions - 1))
    never_issued, withdrawn = roll < 0.02, 0.02 <= roll < 0.03
    working = None
    if never_issued:
        issued, working = 0, S.DRAFT
    elif roll > 1 - plan.in_progress:
        working = rng.choice([S.DRAFT, S.IN_REVIEW, S.IN_APPROVAL])
    start = today - timedelta(days=365 * issued + rng.randint(30, 300))
    dates = [start + timedelta(days=365 * n + rng.randint(0, 60)) for n in range(issued)]
    kind = document.type.kind
    for n, effective_date in enumerate(dates, start=1):
        status = S.SUPERSEDED if n < issued else (S.OBSOLETE if withdrawn else S.EFFECTIVE)
        ended = dates[n] if n < issued else (today - timedelta(days=10) if withdrawn else None)
        revision = _revision(document, n, status, team, kind, effective_date, ended)
        revision.withdrawal_reason = "Không còn áp dụng." if status == S.OBSOLETE else ""
        revisions.append(revision)
        _tables(revision, kind, steps, records, plan.steps)
    if working is not None:
        revision = _revision(document, issued + 1, working, team, kind, None, None)
        revision.submitted_at = None if working == S.DRAFT else _moment(today - timedelta(days=3))
        revisions.append(revision)
        _tables(revision, kind, steps, records, plan.steps)


def _revision(document, number, status, team, kind, effective_date, ended) -> Revision:
    issued = status in Revision.LOCKED
    approved_at = _moment(effective_date - timedelta(days=5), 15) if issued else None
    system = kind in (K.POLICY, K.OBJECTIVES, K.MANUAL)
    return Revision(
        document=document,
        number=number,
        status=status,
        change_summary="" if number == 1 else "Cập nhật theo quy định mới.",
        purpose="" if system else PURPOSE,
        scope="" if system else SCOPE,
        references="" if system else REFERENCES,
        definitions="" if system else DEFINITIONS,
        body=BODY if system else "",
        drafted_by=team["drafter"],
        approver=team["approver"] if status != S.DRAFT else None,
        submitted_at=approved_at - timedelta(days=7) if issued else None,
        approved_by=team["approver"] if issued else None,
        approved_at=approved_at,
        effective_date=effective_date,
        ended_on=ended,
        verification_token=secrets.token_urlsafe(32) if issued else None,
    )


def _tables(revision, kind, steps, records, count) -> None:
    if kind not in (K.PROCEDURE, K.INSTRUCTION):
        return
    for order in range(1, count + 1):
        content, responsible, days = STEPS[(order - 1) % len(STEPS)]
        output = f"BM-{order:02}" if order % 3 == 0 else ""
        duration = Decimal(days) if days else None
        time_text = "" if duration is not None else NO_FIXED_TIME
        steps.append((revision, order, content, responsible, duration, output, time_text))
    if kind == K.PROCEDURE:
        records.extend((revision, n, *row) for n, row in enumerate(RECORDS, start=1))


def _reason(revision: Revision) -> str:
    return {
        S.DRAFT: "Bản nháp",
        S.IN_REVIEW: "Trình xem xét",
        S.IN_APPROVAL: "Trình phê duyệt",
        S.EFFECTIVE: "Có hiệu lực",
        S.SUPERSEDED: "Được thay thế bởi lần ban hành mới",
        S.OBSOLETE: "Hết hiệu lực",
    }[revision.status]


def _shared_pdf(seeding: Seeding, revisions, steps) -> None:
    """Render the controlled copy of the first effective procedure and store it once; every
    issued revision of the data set points at it (see the module's docstring)."""
    with_steps = {row[0] for row in steps}
    issued = [r for r in revisions if r.status in Revision.LOCKED]
    sample = next((r for r in issued if r.status == S.EFFECTIVE and r.pk in with_steps), issued[0])
    data = pdf.render_revision_pdf(Revision.objects.get(pk=sample.pk), draft=False)
    path = f"controlled/scale/{seeding.plan.province_code}.pdf"
    seeding.data["pdf"] = (default_storage.save(path, ContentFile(data)), _sha256(data))
    for revision in issued:
        revision.pdf_file.name, revision.pdf_sha256 = seeding.data["pdf"]
    seeding.update_rows(
        Revision, ["pdf_file", "pdf_sha256"], [(*seeding.data["pdf"], r.pk) for r in issued]
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decisions(seeding: Seeding, revisions, team) -> None:
    """Submitted, reviewed, approved (and withdrawn): the evidence rows of each issue."""
    rows = []
    for revision in revisions:
        if revision.status == S.DRAFT:
            continue
        at = revision.submitted_at or revision.approved_at or _moment(seeding.today)
        steps = [(D.Step.SUBMIT, D.Decision.SUBMITTED, "drafter", at)]
        if revision.status != S.IN_REVIEW:
            steps.append((D.Step.REVIEW, D.Decision.PASSED, "reviewer", at + timedelta(days=2)))
        if revision.status in Revision.LOCKED:
            steps.append((D.Step.APPROVAL, D.Decision.APPROVED, "approver", revision.approved_at))
        if revision.status == S.OBSOLETE:
            ended = _moment(revision.ended_on)
            steps.append((D.Step.WITHDRAWAL, D.Decision.WITHDRAWN, "secretary", ended))
        rows += [
            (revision.pk, step, decision, 1, "", team[by].pk, db_datetime(when))
            for step, decision, by, when in steps
        ]
    seeding.insert_rows(ApprovalDecision, DECISION_COLUMNS, rows)


def _links(seeding: Seeding, documents, revisions, externals, clauses, team) -> None:
    """Many-to-many rows: reviewers, forms used, ISO clauses served and laws cited."""
    rng = seeding.rng
    seeding.insert_rows(
        Revision.reviewers.through,
        ["revision_id", "user_id"],
        [(r.pk, team["reviewer"].pk) for r in revisions if r.status != S.DRAFT],
    )
    children = {}
    for document in documents:
        if document.parent_id:
            children.setdefault(document.parent_id, []).append(document)
    seeding.insert_rows(
        Revision.forms.through,
        ["revision_id", "document_id"],
        [
            (r.pk, form.pk)
            for r in revisions
            if r.status in (S.EFFECTIVE, *Revision.IN_PROGRESS)
            for form in children.get(r.document_id, [])
        ],
    )
    clause_rows, cited_rows = [], []
    for document in documents:
        if document.parent_id is None and clauses:
            clause_rows += [(document.pk, pk) for pk in rng.sample(clauses, k=min(2, len(clauses)))]
            cited_rows += [(document.pk, e.pk) for e in rng.sample(externals["laws"], k=2)]
    seeding.insert_rows(Document.clauses.through, ["document_id", "isoclause_id"], clause_rows)
    seeding.insert_rows(Document.cited.through, ["document_id", "externaldocument_id"], cited_rows)


def _distribute(seeding: Seeding, agency, effective, team, units) -> None:
    """Effective procedures go to one or two units; most of their people acknowledged."""
    rng = seeding.rng
    people = [team[p] for p in ("secretary", "drafter", "reviewer", "approver", "auditor", "admin")]
    people += team["staff"]
    members = {}
    for person in people:
        members.setdefault(person.unit_id, []).append(person)
    distributions, acknowledgements = [], []
    for revision in effective:
        if revision.document.type.kind != K.PROCEDURE:
            continue
        sent = _moment(revision.effective_date, 10)
        read = db_datetime(sent + timedelta(days=rng.randint(1, 10)))
        for unit in rng.sample(units, k=min(len(units), rng.randint(1, 2))):
            distributions.append(
                (revision.pk, unit.pk, None, team["secretary"].pk, db_datetime(sent))
            )
            acknowledgements += [
                (revision.pk, person.pk, read)
                for person in members.get(unit.pk, [])
                if rng.random() < 0.7
            ]
    seeding.insert_rows(Distribution, DISTRIBUTION_COLUMNS, distributions)
    Document.objects.filter(effective_revision__in={row[0] for row in distributions}).update(
        is_distributed=True
    )
    seeding.insert_rows(Acknowledgement, ["revision_id", "user_id", "at"], acknowledgements)
