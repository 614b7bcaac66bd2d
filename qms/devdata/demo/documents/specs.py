"""What the demo documents are made of: one ``Spec`` per document with the rows of its
tables and the story of its issues, and the facts about the agency (``Ctx``) that the texts
are written from."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from qms.agencies.models import Agency, Unit

L = Agency.Level

# The ISO clauses each kind of document answers, by the agency's version of the standard.
CLAUSES = {
    "2015": {
        "policy": ("5.2",),
        "objectives": ("6.2",),
        "manual": ("4.3", "4.4"),
        "documents": ("7.5", "7.5.2", "7.5.3"),
        "records": ("7.5.3",),
        "audit": ("9.2",),
        "nonconformity": ("8.7", "10.2"),
        "risk": ("6.1",),
        "review": ("9.3",),
        "service": ("8.1", "8.2", "8.5.1"),
        "support": ("7.1", "7.4"),
    },
    "2008": {
        "policy": ("5.3",),
        "objectives": ("5.4.1",),
        "manual": ("4.2.2",),
        "documents": ("4.2.3",),
        "records": ("4.2.4",),
        "audit": ("8.2.2",),
        "nonconformity": ("8.3", "8.5.2"),
        "preventive": ("8.5.3",),
        "review": ("5.6",),
        "service": ("7.1", "7.2", "7.5"),
        "support": ("6.1", "5.5.3"),
    },
}


def step(content: str, responsible: str, days=None, output: str = "", time: str = "") -> dict:
    """A row of the procedure table; ``days`` in working days (one decimal), ``time`` the
    time as written when it is not a number of days ("4 giờ", "Khi phát sinh")."""
    duration = None if days is None else Decimal(str(days))
    return {
        "content": content,
        "responsible": responsible,
        "time_text": time,
        "duration_days": duration,
        "output": output,
    }


def record(
    name: str,
    keeper: str,
    years: int | None,
    retention: str = "",
    event: str = "",
) -> dict:
    """A row of "Hồ sơ cần lưu". ``retention`` is the rule (``RecordItem.Retention``); left
    empty, ``years`` says it: a number of years, or None for kept permanently. ``event`` is
    what "N năm kể từ …" counts from."""
    if not retention:
        retention = "permanent" if years is None else "years"
    return {
        "name": name,
        "keeper": keeper,
        "retention": retention,
        "retention_years": years,
        "retention_event": event,
    }


@dataclass
class Revise:
    """A change request accepted by the ISO secretary, then a new issue reviewed and approved."""

    reason: str
    description: str
    summary: str
    content: dict
    source: str = "request"
    by: str = "requester"
    note: str = "Chấp thuận; giao người soạn thảo sửa đổi và trình ban hành lần tiếp theo."


@dataclass
class Spec:
    """One document: its register entry, its content and what happens to it (``story``).

    The first event of the story takes issue 1 as far as it goes: ``effective``, ``draft``,
    ``in_review``, ``in_approval``, ``approved`` (days until it takes effect) or ``returned``
    (the reviewer's comment). Later events act on the effective document: ``revise`` (a Revise),
    ``request`` (reason, description, source: left open), ``refuse`` (reason, description, note),
    ``review`` (outcome, note) and ``withdraw`` (reason).
    """

    code: str
    title: str
    content: dict
    unit: str = ""
    clauses: str = ""
    cited: tuple[str, ...] = ()
    tthc: str = ""
    restricted: bool = False
    forms: list["Spec"] = field(default_factory=list)
    story: tuple = (("effective",),)
    drafter: str = "secretary"

    @property
    def prefix(self) -> str:
        return self.code.split("-")[0]


@dataclass
class Ctx:
    """What the texts need to know about the agency."""

    agency: Agency
    leader: str
    office: str
    units: str
    year: int

    @property
    def version(self) -> str:
        return self.agency.iso_version

    @property
    def standard(self) -> str:
        return f"TCVN ISO 9001:{self.version}"

    @property
    def name(self) -> str:
        return self.agency.name

    @property
    def short(self) -> str:
        return self.agency.short_name or self.agency.name

    def clauses(self, key: str) -> tuple[str, ...]:
        return CLAUSES[self.version].get(key, ())

    def base_cited(self) -> tuple[str, ...]:
        cited = (self.standard, "19/2014/QĐ-TTg")
        return cited + ("101/QĐ-BKHCN",) if self.version == "2015" else cited

    def refs(self, *extra: str) -> str:
        lines = [
            f"- Tiêu chuẩn quốc gia {self.standard} Hệ thống quản lý chất lượng – Các yêu cầu;",
            "- Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc áp "
            "dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào "
            "hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước;",
        ]
        if self.version == "2015":
            lines.append(
                "- Quyết định số 101/QĐ-BKHCN ngày 21/01/2019 của Bộ trưởng Bộ Khoa học và Công "
                "nghệ công bố Mô hình khung hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia "
                "TCVN ISO 9001:2015 cho các loại hình cơ quan, tổ chức thuộc hệ thống hành chính "
                "nhà nước tại địa phương;"
            )
        lines += list(extra)
        lines.append(f"- Sổ tay chất lượng của {self.short} (STCL-01).")
        return "\n".join(lines)

    def defs(self, *extra: str) -> str:
        lines = [
            f"- HTQLCL: Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia {self.standard}.",
            f"- Thư ký ISO: công chức được {self.leader} phân công giúp việc quản lý, duy trì "
            "HTQLCL.",
            *extra,
            "- QT: Quy trình; BM: Biểu mẫu; HD: Hướng dẫn.",
        ]
        return "\n".join(lines)


def _leader(agency: Agency) -> str:
    if agency.level == L.COMMUNE:
        return "Chủ tịch UBND phường" if "phường" in agency.name else "Chủ tịch UBND xã"
    if agency.level == L.SUB_DEPARTMENT:
        return "Chi cục trưởng"
    if agency.level == L.PUBLIC_SERVICE:
        return "Giám đốc Trung tâm"
    if agency.name.startswith("Văn phòng"):
        return "Chánh Văn phòng"
    return "Giám đốc Sở"


def context(agency: Agency, units: dict[str, Unit]) -> Ctx:
    short = agency.short_name or agency.name
    if agency.level == L.COMMUNE:
        office = "Văn phòng HĐND và UBND"
        scope = (
            "Văn phòng HĐND và UBND, các phòng chuyên môn, Trung tâm Phục vụ hành chính công "
            f"và cán bộ, công chức thuộc {short}"
        )
    elif agency.level == L.DEPARTMENT:
        office = "Văn phòng"
        scope = f"các phòng, đơn vị và công chức thuộc {short}"
    else:
        office = next(iter(units), "")
        scope = f"các phòng, bộ phận và viên chức, công chức thuộc {short}"
    return Ctx(
        agency=agency,
        leader=_leader(agency),
        office=office if office in units else next(iter(units), ""),
        units=scope,
        year=timezone.localdate().year,
    )


def form(code: str, title: str, columns: str) -> Spec:
    return Spec(
        code=code,
        title=title,
        content={"body": f"Biểu mẫu gồm các cột: {columns}."},
    )
