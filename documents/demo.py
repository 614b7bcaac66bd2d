"""Demo document control of the Lâm Đồng province, built through the services so that history,
decision rows and derived fields are real.

Every active agency gets its document types, external documents, an effective quality policy,
objectives, manual and system procedures with their forms. Sở Tư pháp ("sotp") and UBND phường
Xuân Hương ("p-xuanhuong") get the full story: legal documents and administrative procedures
(TTHC), procedures implementing them, and revisions in every status with change requests and
periodic reviews.

Idempotent: documents are found by (agency, code), external documents by (agency, kind, number);
whatever exists is skipped. Each agency is built in one transaction, by its own demo people; an
agency without them (Sở KH&CN, whose only demo person is the province supervisor) is left empty.
Dates are those the services stamp ("today"), so no periodic review is overdue in the demo.

TTHC codes 1.001193, 1.000894, 1.000656, 2.000815, 2.000884 and 2.000635 follow the national
TTHC database as quoted in public sources; the provincial decisions announcing the TTHC lists
(numbers ending /QĐ-UBND) are made up for the demo.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from documents.models import (
    Document,
    DocumentReview,
    DocumentType,
    ExternalDocument,
    IsoClause,
    Revision,
)
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from documents.services.documents import (
    document_create,
    document_review_record,
    document_type_save,
)
from documents.services.external import external_document_end, external_document_save
from qms.agencies.demo import PROVINCE_CODE
from qms.agencies.models import Agency, AgencyRole, Unit, User
from qms.agencies.roles import Role
from qms.agencies.services import agency_roles_assign

L = Agency.Level
K = ExternalDocument.Kind

REVIEW_OK = (
    "Đã xem xét: nội dung phù hợp với quy định hiện hành và thực tế thực hiện; "
    "đề nghị trình phê duyệt."
)
APPROVE_OK = "Đồng ý ban hành."

# (kind, name, prefix, code pattern)
TYPES = [
    (DocumentType.Kind.POLICY, "Chính sách chất lượng", "CS", "{prefix}-{number:02}"),
    (DocumentType.Kind.OBJECTIVES, "Mục tiêu chất lượng", "MT", "{prefix}-{number:02}"),
    (DocumentType.Kind.MANUAL, "Sổ tay chất lượng", "STCL", "{prefix}-{number:02}"),
    (DocumentType.Kind.PROCEDURE, "Quy trình", "QT", "{prefix}-{number:02}"),
    (DocumentType.Kind.INSTRUCTION, "Hướng dẫn", "HD", "{prefix}-{number:02}"),
    (DocumentType.Kind.FORM, "Biểu mẫu", "BM", "{prefix}-{number:02}-{parent}"),
]

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

# The people who act in each agency: the ISO secretary drafts the system documents and decides
# change requests; the drafter writes the professional procedures; ``requester`` asks for changes.
CASTS = {
    "sotp": {
        "secretary": "lan.tk",
        "drafter": "hung.st",
        "reviewer": "mai.xx",
        "approver": "minh.ld",
        "requester": "hoa.cb",
    },
    "p-xuanhuong": {
        "secretary": "yen.tk",
        "drafter": "phuong.cc",
        "reviewer": "son.tp",
        "approver": "dung.ct",
        "requester": "phuong.cc",
    },
}


# Building blocks ----------------------------------------------------------------------------


def step(content: str, responsible: str, days=None, output: str = "") -> dict:
    """A row of the procedure table; ``days`` in working days (one decimal)."""
    duration = None if days is None else Decimal(str(days))
    return {
        "content": content,
        "responsible": responsible,
        "duration_days": duration,
        "output": output,
    }


def record(name: str, keeper: str, years: int | None) -> dict:
    """A row of "Hồ sơ cần lưu"; ``years`` None means kept permanently."""
    return {"name": name, "keeper": keeper, "retention_years": years}


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
class Cast:
    secretary: User
    drafter: User
    reviewer: User
    approver: User
    requester: User


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


def _context(agency: Agency, units: dict[str, Unit]) -> Ctx:
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


# External documents --------------------------------------------------------------------------

# number: (kind, title, issuer, issued on, effective on, TTHC time limit in working days)
EXTERNAL = {
    "TCVN ISO 9001:2015": (
        K.STANDARD,
        "Hệ thống quản lý chất lượng – Các yêu cầu",
        "Bộ Khoa học và Công nghệ",
        date(2015, 12, 31),
        date(2015, 12, 31),
        None,
    ),
    "TCVN ISO 9001:2008": (
        K.STANDARD,
        "Hệ thống quản lý chất lượng – Các yêu cầu",
        "Bộ Khoa học và Công nghệ",
        None,
        None,
        None,
    ),
    "19/2014/QĐ-TTg": (
        K.DECISION,
        "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO "
        "9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
        "Thủ tướng Chính phủ",
        date(2014, 3, 5),
        date(2014, 5, 18),
        None,
    ),
    "101/QĐ-BKHCN": (
        K.DECISION,
        "Công bố Mô hình khung hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO "
        "9001:2015 cho các loại hình cơ quan, tổ chức thuộc hệ thống hành chính nhà nước tại "
        "địa phương",
        "Bộ Khoa học và Công nghệ",
        date(2019, 1, 21),
        date(2019, 1, 21),
        None,
    ),
    "10/2022/TT-BNV": (
        K.CIRCULAR,
        "Quy định thời hạn bảo quản tài liệu",
        "Bộ Nội vụ",
        date(2022, 12, 19),
        None,
        None,
    ),
    "60/2014/QH13": (
        K.LAW,
        "Luật Hộ tịch",
        "Quốc hội",
        date(2014, 11, 20),
        date(2016, 1, 1),
        None,
    ),
    "28/2009/QH12": (
        K.LAW,
        "Luật Lý lịch tư pháp",
        "Quốc hội",
        date(2009, 6, 17),
        date(2010, 7, 1),
        None,
    ),
    "123/2015/NĐ-CP": (
        K.DECREE,
        "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
        "Chính phủ",
        date(2015, 11, 15),
        date(2016, 1, 1),
        None,
    ),
    "04/2020/TT-BTP": (
        K.CIRCULAR,
        "Quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số "
        "123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ quy định chi tiết một số điều "
        "và biện pháp thi hành Luật Hộ tịch",
        "Bộ Tư pháp",
        date(2020, 5, 28),
        date(2020, 7, 16),
        None,
    ),
    "23/2015/NĐ-CP": (
        K.DECREE,
        "Về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và "
        "chứng thực hợp đồng, giao dịch",
        "Chính phủ",
        date(2015, 2, 16),
        date(2015, 4, 10),
        None,
    ),
    "30/2020/NĐ-CP": (
        K.DECREE,
        "Về công tác văn thư",
        "Chính phủ",
        date(2020, 3, 5),
        date(2020, 3, 5),
        None,
    ),
    "61/2018/NĐ-CP": (
        K.DECREE,
        "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "Chính phủ",
        date(2018, 4, 23),
        date(2018, 6, 21),
        None,
    ),
    "118/2025/NĐ-CP": (
        K.DECREE,
        "Về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận "
        "Một cửa và Cổng Dịch vụ công quốc gia",
        "Chính phủ",
        date(2025, 6, 9),
        date(2025, 7, 1),
        None,
    ),
    # Made-up numbers: the province's decisions announcing the TTHC lists of each level.
    "2156/QĐ-UBND": (
        K.DECISION,
        "Công bố danh mục thủ tục hành chính được chuẩn hóa lĩnh vực hộ tịch, lý lịch tư pháp "
        "thuộc phạm vi chức năng quản lý của Sở Tư pháp tỉnh Lâm Đồng",
        "UBND tỉnh Lâm Đồng",
        date(2025, 7, 15),
        date(2025, 7, 15),
        None,
    ),
    "2157/QĐ-UBND": (
        K.DECISION,
        "Công bố danh mục thủ tục hành chính lĩnh vực hộ tịch, chứng thực thuộc thẩm quyền "
        "giải quyết của Ủy ban nhân dân cấp xã trên địa bàn tỉnh Lâm Đồng",
        "UBND tỉnh Lâm Đồng",
        date(2025, 7, 15),
        date(2025, 7, 15),
        None,
    ),
    "2.000635": (
        K.PROCEDURE,
        "Cấp bản sao Trích lục hộ tịch",
        "Bộ Tư pháp",
        None,
        None,
        Decimal("1"),
    ),
    "1.001193": (K.PROCEDURE, "Đăng ký khai sinh", "Bộ Tư pháp", None, None, Decimal("1")),
    "1.000894": (K.PROCEDURE, "Đăng ký kết hôn", "Bộ Tư pháp", None, None, Decimal("5")),
    "1.000656": (K.PROCEDURE, "Đăng ký khai tử", "Bộ Tư pháp", None, None, Decimal("1")),
    "2.000815": (
        K.PROCEDURE,
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền "
        "của Việt Nam cấp hoặc chứng nhận",
        "Bộ Tư pháp",
        None,
        None,
        Decimal("1"),
    ),
    "2.000884": (
        K.PROCEDURE,
        "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực "
        "điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)",
        "Bộ Tư pháp",
        None,
        None,
        Decimal("1"),
    ),
}

# (number, status, on, replaced by): what is no longer in force, and since when.
ENDED = [
    ("61/2018/NĐ-CP", ExternalDocument.Status.REPLACED, date(2025, 7, 1), "118/2025/NĐ-CP"),
    # QĐ 4109/QĐ-BKHCN published TCVN ISO 9001:2015 and cancelled the 2008 edition.
    (
        "TCVN ISO 9001:2008",
        ExternalDocument.Status.REPLACED,
        date(2015, 12, 31),
        "TCVN ISO 9001:2015",
    ),
]

COMMON_EXTERNAL = ["19/2014/QĐ-TTg", "10/2022/TT-BNV"]
IN_DEPTH_EXTERNAL = {
    "sotp": [
        "60/2014/QH13",
        "28/2009/QH12",
        "123/2015/NĐ-CP",
        "04/2020/TT-BTP",
        "30/2020/NĐ-CP",
        "61/2018/NĐ-CP",
        "118/2025/NĐ-CP",
        "2156/QĐ-UBND",
        "2.000635",
    ],
    "p-xuanhuong": [
        "60/2014/QH13",
        "123/2015/NĐ-CP",
        "04/2020/TT-BTP",
        "23/2015/NĐ-CP",
        "30/2020/NĐ-CP",
        "61/2018/NĐ-CP",
        "118/2025/NĐ-CP",
        "2157/QĐ-UBND",
        "1.001193",
        "1.000894",
        "1.000656",
        "2.000815",
        "2.000884",
    ],
}


def _external_numbers(agency: Agency) -> list[str]:
    standards = ["TCVN ISO 9001:2015"]
    if agency.iso_version == "2008":
        standards.insert(0, "TCVN ISO 9001:2008")
    if agency.iso_version == "2015":
        standards.append("101/QĐ-BKHCN")
    return standards + COMMON_EXTERNAL + IN_DEPTH_EXTERNAL.get(agency.code, [])


# The documents every agency has ---------------------------------------------------------------


def _form(code: str, title: str, columns: str) -> Spec:
    return Spec(
        code=code,
        title=title,
        content={"body": f"Biểu mẫu gồm các cột: {columns}."},
    )


def _policy(ctx: Ctx) -> Spec:
    body = (
        f"Lãnh đạo và toàn thể cán bộ, công chức {ctx.name} cam kết xây dựng, áp dụng, duy trì "
        f"và cải tiến thường xuyên Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia "
        f"{ctx.standard} với phương châm:\n"
        "CÔNG KHAI – MINH BẠCH – ĐÚNG HẠN – TẬN TỤY\n"
        "- Công khai đầy đủ thủ tục hành chính, thành phần hồ sơ, thời hạn giải quyết, phí, lệ "
        "phí tại Bộ phận Một cửa và trên Cổng thông tin điện tử;\n"
        "- Giải quyết công việc của tổ chức, cá nhân đúng quy định của pháp luật, đúng hoặc "
        "trước thời hạn;\n"
        "- Không ngừng nâng cao năng lực, tinh thần trách nhiệm và thái độ phục vụ của đội ngũ "
        "cán bộ, công chức;\n"
        "- Lắng nghe, tiếp thu ý kiến phản ánh, kiến nghị của người dân, doanh nghiệp để cải "
        "tiến chất lượng phục vụ.\n"
        "Chính sách chất lượng được phổ biến đến toàn thể cán bộ, công chức và được xem xét "
        "định kỳ tại cuộc họp xem xét của lãnh đạo."
    )
    return Spec("CS-01", "Chính sách chất lượng", {"body": body}, clauses="policy")


def _objectives(ctx: Ctx) -> Spec:
    body = (
        f"Năm {ctx.year}, {ctx.short} phấn đấu đạt các mục tiêu chất lượng sau:\n"
        "1. 100% hồ sơ thủ tục hành chính được tiếp nhận, giải quyết đúng quy định và trả kết "
        "quả đúng hoặc trước hạn; không có hồ sơ trễ hạn.\n"
        "2. Tối thiểu 95% tổ chức, cá nhân hài lòng với việc giải quyết thủ tục hành chính "
        "(qua phiếu khảo sát và đánh giá trên Cổng Dịch vụ công).\n"
        "3. 100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến; số hóa "
        "100% kết quả giải quyết thủ tục hành chính.\n"
        "4. 100% văn bản đi được trình bày đúng thể thức theo Nghị định số 30/2020/NĐ-CP.\n"
        "5. 100% phản ánh, kiến nghị của người dân được xem xét, trả lời trong thời hạn quy "
        "định.\n"
        "6. 100% sự không phù hợp phát hiện qua đánh giá nội bộ được khắc phục đúng thời hạn "
        "đã cam kết.\n"
        "Các phòng, bộ phận xây dựng kế hoạch thực hiện mục tiêu của đơn vị; kết quả được đánh "
        "giá 6 tháng một lần và báo cáo tại cuộc họp xem xét của lãnh đạo."
    )
    return Spec(
        "MT-01", f"Mục tiêu chất lượng năm {ctx.year}", {"body": body}, clauses="objectives"
    )


def _manual(ctx: Ctx) -> Spec:
    excluded = "8.3" if ctx.version == "2015" else "7.3"
    parts = [
        f"Phần 1. Giới thiệu chung về {ctx.name}: chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ "
        "chức.",
        "Phần 2. Phạm vi áp dụng HTQLCL: các thủ tục hành chính thuộc thẩm quyền giải quyết đã "
        "được Chủ tịch UBND tỉnh Lâm Đồng công bố và các hoạt động nội bộ của cơ quan. Điều "
        f"khoản không áp dụng: {excluded} Thiết kế và phát triển (quy trình giải quyết công việc "
        "do văn bản pháp luật quy định).",
        "Phần 3. Chính sách chất lượng (CS-01) và Mục tiêu chất lượng (MT-01).",
    ]
    if ctx.version == "2015":
        parts.append(
            "Phần 4. Bối cảnh của tổ chức; nhu cầu và mong đợi của các bên quan tâm; rủi ro và "
            "cơ hội."
        )
    parts += [
        f"Phần {len(parts) + 1}. Trách nhiệm và quyền hạn: {ctx.leader}, Ban chỉ đạo ISO, Thư "
        "ký ISO, các phòng, bộ phận.",
        f"Phần {len(parts) + 2}. Danh mục quy trình của HTQLCL và mối tương tác giữa các quá "
        "trình.",
    ]
    return Spec("STCL-01", "Sổ tay chất lượng", {"body": "\n".join(parts)}, clauses="manual")


def _document_control(ctx: Ctx, *, electronic: bool = False) -> dict:
    software = " trên phần mềm ISO điện tử" if electronic else ""
    steps = [
        step(
            "Đề xuất soạn thảo mới hoặc sửa đổi, bổ sung tài liệu",
            "Phòng, bộ phận có nhu cầu",
            1,
            "BM-02-QT-01",
        ),
        step("Xem xét, chấp thuận đề xuất; phân công người soạn thảo", "Thư ký ISO", 1),
        step(f"Soạn thảo tài liệu{software}", "Người được phân công", 5, "Dự thảo tài liệu"),
        step(
            f"Xem xét nội dung dự thảo{software}",
            "Trưởng phòng, bộ phận liên quan",
            2,
            "Ý kiến xem xét",
        ),
        step(
            f"Phê duyệt, ban hành tài liệu{software}",
            ctx.leader,
            2,
            "Tài liệu được phê duyệt",
        ),
        step(
            f"Phân phối tài liệu đến nơi sử dụng{software}; cập nhật danh mục tài liệu nội bộ",
            "Thư ký ISO",
            1,
            "BM-01-QT-01",
        ),
    ]
    if electronic:
        steps.append(
            step(
                "Phần mềm tự động đánh dấu tài liệu hết hiệu lực và thu hồi khỏi nơi sử dụng; "
                "Thư ký ISO lưu 01 bản điện tử",
                "Thư ký ISO",
                None,
                "Tài liệu hết hiệu lực",
            )
        )
    else:
        steps.append(
            step(
                'Thu hồi tài liệu hết hiệu lực, đóng dấu "TÀI LIỆU HẾT HIỆU LỰC" và lưu 01 bản',
                "Thư ký ISO",
                1,
                "Tài liệu hết hiệu lực",
            )
        )
    steps.append(
        step(
            "Cập nhật tài liệu có nguồn gốc bên ngoài (văn bản pháp luật, quyết định công bố "
            "thủ tục hành chính) và thông báo đến các đơn vị liên quan",
            "Thư ký ISO; các phòng, bộ phận",
            None,
            "Danh mục tài liệu bên ngoài",
        )
    )
    records = [
        record("Danh mục tài liệu nội bộ (BM-01-QT-01)", "Thư ký ISO", 5),
        record("Phiếu đề xuất soạn thảo, sửa đổi tài liệu (BM-02-QT-01)", "Thư ký ISO", 3),
        record("Tài liệu hết hiệu lực (01 bản)", "Thư ký ISO", 5),
        record("Quyết định ban hành, sửa đổi tài liệu", f"{ctx.office} (Văn thư)", None),
    ]
    if electronic:
        records.append(
            record("Nhật ký xem xét, phê duyệt, phân phối tài liệu trên phần mềm", "Thư ký ISO", 5)
        )
    return {
        "purpose": (
            "Quy định thống nhất cách thức soạn thảo, xem xét, phê duyệt, ban hành, phân phối, "
            f"sửa đổi và thu hồi tài liệu của HTQLCL tại {ctx.name}, bảo đảm tài liệu được sử "
            "dụng luôn là bản có hiệu lực, đầy đủ và được kiểm soát."
        ),
        "scope": (
            "Áp dụng đối với tài liệu nội bộ và tài liệu có nguồn gốc bên ngoài thuộc HTQLCL; "
            f"áp dụng cho {ctx.units}."
        ),
        "references": ctx.refs(),
        "definitions": ctx.defs(
            "- Tài liệu nội bộ: Chính sách chất lượng, Mục tiêu chất lượng, Sổ tay chất lượng, "
            "quy trình, hướng dẫn, biểu mẫu do cơ quan ban hành.",
            "- Tài liệu bên ngoài: văn bản quy phạm pháp luật, văn bản hành chính, tiêu chuẩn "
            "do cơ quan, tổ chức khác ban hành được sử dụng trong HTQLCL.",
            "- Lần ban hành: số thứ tự lần ban hành của tài liệu; mỗi lần sửa đổi, tài liệu "
            "được ban hành lại với lần ban hành tiếp theo.",
        ),
        "body": (
            "Mã hiệu tài liệu: Chính sách chất lượng CS-01; Mục tiêu chất lượng MT-01; Sổ tay "
            "chất lượng STCL-01; quy trình QT-xx; hướng dẫn HD-xx; biểu mẫu BM-xx-QT-yy (biểu "
            "mẫu số xx của quy trình QT-yy)."
        ),
        "steps": steps,
        "records": records,
    }


def _system_procedures(ctx: Ctx) -> list[Spec]:
    leader, units = ctx.leader, ctx.units
    specs = [
        Spec(
            "QT-01",
            "Quy trình kiểm soát tài liệu",
            _document_control(ctx),
            clauses="documents",
            forms=[
                _form(
                    "BM-01-QT-01",
                    "Danh mục tài liệu nội bộ",
                    "STT | Tên tài liệu | Mã hiệu | Lần ban hành | Ngày ban hành | Nơi nhận | "
                    "Ghi chú",
                ),
                _form(
                    "BM-02-QT-01",
                    "Phiếu đề xuất soạn thảo, sửa đổi tài liệu",
                    "Tên tài liệu | Mã hiệu | Nội dung đề xuất | Lý do | Người đề xuất | Ý kiến "
                    "của Thư ký ISO",
                ),
            ],
        ),
        Spec(
            "QT-02",
            "Quy trình kiểm soát hồ sơ",
            {
                "purpose": (
                    "Quy định cách thức nhận biết, lưu giữ, bảo vệ, truy cập, xác định thời "
                    "gian lưu và hủy bỏ hồ sơ của HTQLCL, bảo đảm hồ sơ cung cấp bằng chứng về "
                    "sự phù hợp và hoạt động có hiệu lực của HTQLCL."
                ),
                "scope": (
                    "Áp dụng đối với hồ sơ nêu tại mục Hồ sơ cần lưu của các quy trình thuộc "
                    "HTQLCL, gồm cả hồ sơ điện tử trên Hệ thống thông tin giải quyết thủ tục "
                    f"hành chính và Hệ thống quản lý văn bản; áp dụng cho {units}."
                ),
                "references": ctx.refs(
                    "- Thông tư số 10/2022/TT-BNV ngày 19/12/2022 của Bộ trưởng Bộ Nội vụ quy "
                    "định thời hạn bảo quản tài liệu;"
                ),
                "definitions": ctx.defs(
                    "- Hồ sơ: tài liệu công bố các kết quả đạt được hoặc cung cấp bằng chứng về "
                    "các hoạt động được thực hiện.",
                    "- Thời gian lưu: thời gian hồ sơ được lưu giữ tại đơn vị trước khi chuyển "
                    "vào lưu trữ cơ quan hoặc hủy bỏ.",
                ),
                "steps": [
                    step(
                        "Lập danh mục hồ sơ của đơn vị vào đầu năm",
                        "Trưởng các phòng, bộ phận",
                        2,
                        "BM-01-QT-02",
                    ),
                    step(
                        "Thu thập, sắp xếp hồ sơ; ghi nhận biết (tên hồ sơ, mã hiệu, năm)",
                        "Công chức được phân công",
                        None,
                        "Hồ sơ được sắp xếp",
                    ),
                    step(
                        "Bảo quản hồ sơ giấy trong tủ, cặp; sao lưu định kỳ hồ sơ điện tử",
                        "Công chức được phân công",
                        None,
                        "Hồ sơ được bảo quản",
                    ),
                    step("Kiểm tra việc lưu giữ hồ sơ của các đơn vị", "Thư ký ISO", 1),
                    step(
                        "Chuyển hồ sơ hết thời gian lưu tại đơn vị vào lưu trữ cơ quan",
                        "Công chức được phân công; Văn thư - Lưu trữ",
                        2,
                        "Biên bản giao nhận hồ sơ",
                    ),
                    step(
                        "Hủy hồ sơ hết thời hạn bảo quản",
                        f"Hội đồng xác định giá trị tài liệu; {leader} phê duyệt",
                        5,
                        "Biên bản hủy hồ sơ",
                    ),
                ],
                "records": [
                    record("Danh mục hồ sơ của các đơn vị (BM-01-QT-02)", "Thư ký ISO", 5),
                    record("Biên bản hủy hồ sơ", f"{ctx.office} (Lưu trữ)", 20),
                ],
            },
            clauses="records",
            forms=[
                _form(
                    "BM-01-QT-02",
                    "Danh mục hồ sơ",
                    "STT | Tên hồ sơ | Nơi lưu | Người lưu | Thời gian lưu | Ghi chú",
                ),
            ],
        ),
        Spec(
            "QT-03",
            "Quy trình đánh giá nội bộ",
            {
                "purpose": (
                    "Quy định trình tự lập chương trình, kế hoạch, thực hiện đánh giá nội bộ và "
                    "theo dõi hành động khắc phục sau đánh giá, nhằm xác định HTQLCL có phù hợp "
                    f"với {ctx.standard}, các quy định của cơ quan và được áp dụng, duy trì có "
                    "hiệu lực hay không."
                ),
                "scope": (
                    "Áp dụng cho hoạt động đánh giá nội bộ định kỳ (ít nhất 01 lần/năm) và đột "
                    f"xuất đối với tất cả các quá trình của HTQLCL, {units}."
                ),
                "references": ctx.refs(),
                "definitions": ctx.defs(
                    f"- Chuyên gia đánh giá: người có năng lực được {leader} phân công thực "
                    "hiện đánh giá; không đánh giá công việc của chính mình.",
                    "- Phát hiện đánh giá: sự không phù hợp (nặng, nhẹ), điểm khuyến nghị hoặc "
                    "cơ hội cải tiến.",
                    "- ĐGNB: Đánh giá nội bộ.",
                ),
                "steps": [
                    step(
                        "Lập chương trình đánh giá nội bộ năm, đề xuất đoàn đánh giá",
                        "Thư ký ISO",
                        3,
                        "BM-01-QT-03",
                    ),
                    step(
                        "Phê duyệt chương trình; quyết định thành lập đoàn đánh giá",
                        leader,
                        2,
                        "Quyết định thành lập đoàn đánh giá",
                    ),
                    step(
                        "Lập kế hoạch đánh giá chi tiết, thông báo cho các đơn vị được đánh giá",
                        "Trưởng đoàn đánh giá",
                        2,
                        "BM-01-QT-03",
                    ),
                    step(
                        "Họp khai mạc; đánh giá tại các đơn vị (phỏng vấn, xem xét hồ sơ, quan "
                        "sát); họp kết thúc, thống nhất phát hiện",
                        "Đoàn đánh giá; đơn vị được đánh giá",
                        3,
                        "Phiếu ghi chép đánh giá",
                    ),
                    step(
                        "Lập báo cáo đánh giá nội bộ, trình lãnh đạo",
                        "Trưởng đoàn đánh giá",
                        3,
                        "BM-02-QT-03",
                    ),
                    step(
                        "Thực hiện hành động khắc phục; kiểm tra xác nhận hiệu lực",
                        "Đơn vị được đánh giá; chuyên gia đánh giá",
                        15,
                        "BM-01-QT-04",
                    ),
                ],
                "records": [
                    record("Chương trình, kế hoạch đánh giá nội bộ (BM-01-QT-03)", "Thư ký ISO", 5),
                    record("Quyết định thành lập đoàn đánh giá", "Thư ký ISO", 5),
                    record("Phiếu ghi chép đánh giá", "Thư ký ISO", 3),
                    record("Báo cáo đánh giá nội bộ (BM-02-QT-03)", "Thư ký ISO", 5),
                ],
            },
            clauses="audit",
            forms=[
                _form(
                    "BM-01-QT-03",
                    "Chương trình, kế hoạch đánh giá nội bộ",
                    "Đơn vị được đánh giá | Quá trình, điều khoản | Thời gian | Chuyên gia đánh "
                    "giá | Người tiếp đoàn",
                ),
                _form(
                    "BM-02-QT-03",
                    "Báo cáo đánh giá nội bộ",
                    "Đơn vị | Phát hiện đánh giá | Phân loại (nặng, nhẹ, khuyến nghị) | Điều "
                    "khoản | Yêu cầu hành động khắc phục",
                ),
            ],
        ),
        Spec(
            "QT-04",
            "Quy trình kiểm soát sự không phù hợp và hành động khắc phục",
            {
                "purpose": (
                    "Quy định cách thức phát hiện, kiểm soát và xử lý sự không phù hợp (kể cả "
                    "hồ sơ thủ tục hành chính giải quyết trễ hạn, sai sót), xác định nguyên nhân "
                    "và thực hiện hành động khắc phục để loại bỏ nguyên nhân, ngăn ngừa tái "
                    "diễn."
                ),
                "scope": (
                    "Áp dụng cho sự không phù hợp phát hiện qua đánh giá nội bộ, kiểm tra của "
                    "cơ quan cấp trên, phản ánh, kiến nghị của tổ chức, cá nhân, theo dõi kết "
                    "quả giải quyết hồ sơ trên Hệ thống thông tin giải quyết thủ tục hành chính "
                    f"và trong quá trình thực hiện công việc tại {ctx.short}."
                ),
                "references": ctx.refs(),
                "definitions": ctx.defs(
                    "- Sự không phù hợp (KPH): sự không đáp ứng một yêu cầu.",
                    "- Khắc phục: hành động loại bỏ sự không phù hợp đã được phát hiện.",
                    "- Hành động khắc phục (HĐKP): hành động loại bỏ nguyên nhân của sự không "
                    "phù hợp và ngăn ngừa việc tái diễn.",
                ),
                "steps": [
                    step(
                        "Phát hiện, ghi nhận sự không phù hợp",
                        "Công chức, đơn vị phát hiện; chuyên gia đánh giá",
                        1,
                        "BM-01-QT-04",
                    ),
                    step(
                        "Xử lý ngay sự không phù hợp (khắc phục; thông báo, xin lỗi tổ chức, cá "
                        "nhân khi hồ sơ trễ hạn)",
                        "Trưởng đơn vị có sự không phù hợp",
                        1,
                        "Kết quả xử lý",
                    ),
                    step(
                        "Phân tích, xác định nguyên nhân",
                        "Trưởng đơn vị có sự không phù hợp",
                        2,
                        "BM-01-QT-04",
                    ),
                    step(
                        "Đề xuất, phê duyệt hành động khắc phục",
                        f"Trưởng đơn vị; {leader}",
                        2,
                        "BM-01-QT-04",
                    ),
                    step(
                        "Thực hiện hành động khắc phục",
                        "Đơn vị, cá nhân được giao",
                        10,
                        "Bằng chứng thực hiện",
                    ),
                    step(
                        "Kiểm tra, đánh giá hiệu lực hành động khắc phục"
                        + ("; cập nhật rủi ro và cơ hội" if ctx.version == "2015" else ""),
                        "Thư ký ISO (không phải người thực hiện hành động)",
                        2,
                        "BM-01-QT-04 đã xác nhận",
                    ),
                ],
                "records": [
                    record(
                        "Phiếu theo dõi sự không phù hợp và hành động khắc phục (BM-01-QT-04)",
                        "Thư ký ISO",
                        3,
                    ),
                    record("Bằng chứng thực hiện hành động khắc phục", "Đơn vị thực hiện", 3),
                ],
            },
            clauses="nonconformity",
            forms=[
                _form(
                    "BM-01-QT-04",
                    "Phiếu theo dõi sự không phù hợp và hành động khắc phục",
                    "Mô tả sự không phù hợp | Nguồn phát hiện | Nguyên nhân | Hành động khắc "
                    "phục | Người thực hiện | Thời hạn | Kết quả kiểm tra hiệu lực",
                ),
            ],
        ),
    ]
    if ctx.version == "2015":
        specs += [
            Spec(
                "QT-05",
                "Quy trình quản lý rủi ro và cơ hội",
                {
                    "purpose": (
                        "Quy định cách thức xác định, phân tích, đánh giá rủi ro và cơ hội liên "
                        f"quan đến bối cảnh của {ctx.short} và các bên quan tâm; hoạch định, "
                        "theo dõi hành động giải quyết rủi ro và cơ hội theo điều khoản 6.1 của "
                        "TCVN ISO 9001:2015."
                    ),
                    "scope": (
                        "Áp dụng cho các quá trình thuộc phạm vi HTQLCL, gồm các quy trình giải "
                        f"quyết thủ tục hành chính và các quy trình nội bộ của {ctx.short}."
                    ),
                    "references": ctx.refs(),
                    "definitions": ctx.defs(
                        "- Rủi ro: tác động của sự không chắc chắn đến kết quả dự kiến.",
                        "- Cơ hội: tình huống thuận lợi có thể tận dụng để nâng cao hiệu quả "
                        "hoạt động.",
                        "- Mức độ rủi ro = khả năng xảy ra × mức độ ảnh hưởng (thang điểm 1–5).",
                    ),
                    "steps": [
                        step(
                            "Xác định bối cảnh nội bộ, bên ngoài và nhu cầu, mong đợi của các "
                            "bên quan tâm",
                            "Thư ký ISO; các phòng, bộ phận",
                            3,
                            "Báo cáo bối cảnh",
                        ),
                        step(
                            "Nhận diện rủi ro, cơ hội của từng quá trình",
                            "Trưởng các phòng, bộ phận",
                            5,
                            "Sổ đăng ký rủi ro và cơ hội",
                        ),
                        step(
                            "Phân tích, đánh giá mức độ rủi ro",
                            "Trưởng các phòng, bộ phận; Thư ký ISO",
                            3,
                            "Sổ đăng ký rủi ro và cơ hội",
                        ),
                        step(
                            "Xác định biện pháp xử lý rủi ro, tận dụng cơ hội; trình phê duyệt",
                            f"Thư ký ISO; {leader}",
                            2,
                            "Sổ đăng ký rủi ro và cơ hội được phê duyệt",
                        ),
                        step(
                            "Thực hiện, theo dõi các biện pháp",
                            "Các phòng, bộ phận",
                            None,
                            "Bằng chứng thực hiện",
                        ),
                        step(
                            "Đánh giá hiệu lực; báo cáo tại cuộc họp xem xét của lãnh đạo",
                            "Thư ký ISO",
                            2,
                            "Báo cáo kết quả",
                        ),
                    ],
                    "records": [
                        record("Báo cáo bối cảnh và các bên quan tâm", "Thư ký ISO", 3),
                        record("Sổ đăng ký rủi ro và cơ hội", "Thư ký ISO", 3),
                    ],
                },
                clauses="risk",
            ),
            Spec(
                "QT-06",
                "Quy trình xem xét của lãnh đạo",
                {
                    "purpose": (
                        "Quy định nội dung, trình tự xem xét của lãnh đạo đối với HTQLCL nhằm "
                        "bảo đảm hệ thống luôn thích hợp, thỏa đáng, có hiệu lực và phù hợp với "
                        f"định hướng của {ctx.short}."
                    ),
                    "scope": (
                        "Áp dụng cho cuộc họp xem xét của lãnh đạo định kỳ (ít nhất 01 lần/năm) "
                        "và đột xuất khi có thay đổi lớn ảnh hưởng đến HTQLCL."
                    ),
                    "references": ctx.refs(),
                    "definitions": ctx.defs(
                        f"- Xem xét của lãnh đạo: hoạt động do {leader} chủ trì nhằm đánh giá "
                        "tính thích hợp, thỏa đáng và hiệu lực của HTQLCL.",
                    ),
                    "steps": [
                        step(
                            "Lập kế hoạch, thông báo họp xem xét của lãnh đạo",
                            "Thư ký ISO",
                            2,
                            "Thông báo họp",
                        ),
                        step(
                            "Chuẩn bị báo cáo đầu vào: kết quả đánh giá nội bộ, mức độ hài lòng "
                            "của người dân, kết quả giải quyết thủ tục hành chính, hành động khắc "
                            "phục, rủi ro và cơ hội, nguồn lực",
                            "Thư ký ISO; các phòng, bộ phận",
                            5,
                            "Báo cáo đầu vào",
                        ),
                        step("Tổ chức họp xem xét của lãnh đạo", leader, 1, "Biên bản họp"),
                        step(
                            "Ban hành kết luận, phân công thực hiện",
                            leader,
                            2,
                            "Thông báo kết luận",
                        ),
                        step(
                            "Theo dõi việc thực hiện các quyết định sau xem xét",
                            "Thư ký ISO",
                            None,
                            "Báo cáo tiến độ",
                        ),
                    ],
                    "records": [
                        record("Báo cáo đầu vào xem xét của lãnh đạo", "Thư ký ISO", 5),
                        record("Biên bản họp xem xét của lãnh đạo", "Thư ký ISO", 5),
                        record("Thông báo kết luận", f"{ctx.office} (Văn thư)", 5),
                    ],
                },
                clauses="review",
            ),
        ]
    else:
        # ISO 9001:2008 still asks for a documented procedure on preventive action (8.5.3).
        specs.append(
            Spec(
                "QT-05",
                "Quy trình hành động phòng ngừa",
                {
                    "purpose": (
                        "Quy định cách thức xác định sự không phù hợp tiềm ẩn và nguyên nhân, "
                        "thực hiện hành động phòng ngừa để ngăn ngừa sự không phù hợp xảy ra."
                    ),
                    "scope": f"Áp dụng cho {units}.",
                    "references": ctx.refs(),
                    "definitions": ctx.defs(
                        "- Hành động phòng ngừa: hành động loại bỏ nguyên nhân của sự không phù "
                        "hợp tiềm ẩn.",
                    ),
                    "steps": [
                        step(
                            "Xác định sự không phù hợp tiềm ẩn qua phân tích dữ liệu, ý kiến "
                            "của người dân",
                            "Các phòng, bộ phận; Thư ký ISO",
                            2,
                            "Phiếu yêu cầu hành động phòng ngừa",
                        ),
                        step(
                            "Xác định nguyên nhân, đề xuất hành động phòng ngừa",
                            "Trưởng phòng, bộ phận",
                            2,
                            "Phiếu yêu cầu hành động phòng ngừa",
                        ),
                        step("Phê duyệt hành động phòng ngừa", leader, 1, "Phiếu đã phê duyệt"),
                        step(
                            "Thực hiện hành động phòng ngừa",
                            "Đơn vị được giao",
                            10,
                            "Bằng chứng thực hiện",
                        ),
                        step("Xem xét hiệu lực", "Thư ký ISO", 2, "Phiếu đã xác nhận hiệu lực"),
                    ],
                    "records": [
                        record("Phiếu yêu cầu hành động phòng ngừa", "Thư ký ISO", 3),
                    ],
                },
                clauses="preventive",
            )
        )
    cited = ctx.base_cited()
    for spec in specs:
        spec.cited = cited + (("10/2022/TT-BNV",) if spec.code == "QT-02" else ())
    return specs


def _standard_set(ctx: Ctx) -> list[Spec]:
    return [_policy(ctx), _objectives(ctx), _manual(ctx), *_system_procedures(ctx)]


# Sở Tư pháp ---------------------------------------------------------------------------------


def _one_stop(ctx: Ctx, code: str, desk: str, unit: str) -> Spec:
    """The one-stop desk procedure, still citing Decree 61/2018 (replaced on 01/07/2025)."""
    return Spec(
        code,
        "Quy trình tiếp nhận và trả kết quả giải quyết thủ tục hành chính theo cơ chế một cửa, "
        "một cửa liên thông",
        {
            "purpose": (
                "Quy định thống nhất việc hướng dẫn, tiếp nhận, chuyển xử lý, theo dõi và trả "
                "kết quả giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông "
                f"tại {ctx.short}."
            ),
            "scope": (
                "Áp dụng đối với các thủ tục hành chính thuộc thẩm quyền giải quyết của "
                f"{ctx.short} "
                "được tiếp nhận trực tiếp, qua dịch vụ bưu chính công ích hoặc trực tuyến."
            ),
            "references": ctx.refs(
                "- Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một "
                "cửa, một cửa liên thông trong giải quyết thủ tục hành chính;"
            ),
            "definitions": ctx.defs(
                "- TTHC: Thủ tục hành chính.",
                f"- BPMC: {desk}.",
            ),
            "steps": [
                step(
                    "Hướng dẫn, kiểm tra tính đầy đủ, hợp lệ của hồ sơ",
                    f"Công chức {desk}",
                    0.5,
                    f"Phiếu hướng dẫn hoàn thiện hồ sơ (BM-01-{code})",
                ),
                step(
                    "Tiếp nhận hồ sơ, cập nhật vào Hệ thống thông tin giải quyết TTHC; lập Phiếu "
                    "tiếp nhận hồ sơ và hẹn trả kết quả",
                    f"Công chức {desk}",
                    0.5,
                    f"BM-02-{code}",
                ),
                step(
                    "Chuyển hồ sơ đến bộ phận chuyên môn giải quyết",
                    f"Công chức {desk}",
                    0.5,
                    "Phiếu kiểm soát quá trình giải quyết hồ sơ",
                ),
                step(
                    "Giải quyết hồ sơ theo quy trình nội bộ của từng thủ tục hành chính",
                    "Bộ phận chuyên môn",
                    None,
                    "Kết quả giải quyết",
                ),
                step(
                    "Nhận kết quả, trả kết quả cho tổ chức, cá nhân; gửi văn bản xin lỗi và hẹn "
                    "lại ngày trả kết quả nếu hồ sơ trễ hạn",
                    f"Công chức {desk}",
                    0.5,
                    f"BM-03-{code}",
                ),
                step(
                    "Thống kê, báo cáo tình hình tiếp nhận, giải quyết hồ sơ hằng tháng",
                    f"Công chức {desk}; {ctx.office}",
                    1,
                    "Báo cáo tình hình giải quyết TTHC",
                ),
            ],
            "records": [
                record("Sổ theo dõi hồ sơ (điện tử)", desk, 5),
                record("Phiếu kiểm soát quá trình giải quyết hồ sơ", "Kèm hồ sơ TTHC", 5),
                record("Báo cáo tình hình giải quyết TTHC", ctx.office, 10),
            ],
        },
        unit=unit,
        clauses="service",
        cited=(ctx.standard, "61/2018/NĐ-CP"),
        forms=[
            _form(
                f"BM-01-{code}",
                "Phiếu hướng dẫn hoàn thiện hồ sơ",
                "Tên thủ tục | Giấy tờ cần bổ sung, hoàn thiện | Lý do | Công chức hướng dẫn",
            ),
            _form(
                f"BM-02-{code}",
                "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả",
                "Mã hồ sơ | Tên thủ tục | Thành phần hồ sơ | Ngày nhận | Ngày hẹn trả | Công chức "
                "tiếp nhận",
            ),
            _form(
                f"BM-03-{code}",
                "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                "Mã hồ sơ | Lý do trễ hạn | Ngày hẹn trả lại | Người ký",
            ),
        ],
    )


def _sotp(ctx: Ctx) -> list[Spec]:
    tthc_defs = (
        "- TTHC: Thủ tục hành chính.",
        "- BPMC: Bộ phận Một cửa.",
        "- HCTP: Phòng Hành chính tư pháp.",
    )
    hotich_refs = (
        "- Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014;",
        "- Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết một số "
        "điều và biện pháp thi hành Luật Hộ tịch;",
        "- Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của Bộ trưởng Bộ Tư pháp quy định chi tiết "
        "thi hành một số điều của Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP;",
        "- Quyết định số 2156/QĐ-UBND ngày 15/7/2025 của Chủ tịch UBND tỉnh Lâm Đồng công bố "
        "danh mục thủ tục hành chính thuộc phạm vi chức năng quản lý của Sở Tư pháp;",
    )
    return [
        Spec(
            "QT-07",
            "Quy trình cấp bản sao trích lục hộ tịch",
            {
                "purpose": (
                    "Quy định trình tự, cách thức và thời hạn giải quyết thủ tục cấp bản sao "
                    "trích lục hộ tịch tại Sở Tư pháp tỉnh Lâm Đồng, bảo đảm đúng quy định của "
                    "pháp luật về hộ tịch và yêu cầu của TCVN ISO 9001:2015."
                ),
                "scope": (
                    "Áp dụng đối với cá nhân có yêu cầu cấp bản sao trích lục về sự kiện hộ tịch "
                    "đã đăng ký, được lưu trong Sổ hộ tịch và Cơ sở dữ liệu hộ tịch điện tử do "
                    "Sở Tư pháp quản lý; áp dụng cho Phòng Hành chính tư pháp và công chức Bộ "
                    "phận Một cửa."
                ),
                "references": ctx.refs(*hotich_refs),
                "definitions": ctx.defs(*tthc_defs, "- CSDLHT: Cơ sở dữ liệu hộ tịch điện tử."),
                "body": (
                    "Cơ sở pháp lý: Luật Hộ tịch năm 2014; Nghị định số 123/2015/NĐ-CP; "
                    "Thông tư số 04/2020/TT-BTP.\n"
                    "Thành phần hồ sơ: Tờ khai cấp bản sao trích lục hộ tịch; giấy tờ tùy "
                    "thân hoặc thông tin định danh điện tử của người yêu cầu; văn bản ủy quyền "
                    "nếu ủy quyền.\n"
                    "Số lượng hồ sơ: 01 bộ.\n"
                    "Thời hạn giải quyết: ngay trong ngày tiếp nhận yêu cầu; nhận yêu cầu "
                    "sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.\n"
                    "Nơi tiếp nhận, trả kết quả: Bộ phận Một cửa hoặc trực tuyến trên Cổng "
                    "Dịch vụ công.\n"
                    "Phí: 8.000 đồng/bản sao trích lục."
                ),
                # Five half-days of work against a one-day limit: the register shows the warning.
                "steps": [
                    step(
                        "Tiếp nhận, kiểm tra hồ sơ; cập nhật vào Hệ thống thông tin giải quyết "
                        "TTHC",
                        "Công chức BPMC",
                        0.5,
                        "BM-02-QT-09",
                    ),
                    step(
                        "Tra cứu Sổ hộ tịch, CSDLHT; in bản sao trích lục",
                        "Chuyên viên Phòng HCTP",
                        0.5,
                        "Dự thảo bản sao trích lục",
                    ),
                    step(
                        "Kiểm tra, trình ký",
                        "Trưởng phòng HCTP",
                        0.5,
                        "Hồ sơ trình ký",
                    ),
                    step(
                        "Ký bản sao trích lục hộ tịch", "Phó Giám đốc Sở", 0.3, "Bản sao trích lục"
                    ),
                    step(
                        "Vào sổ, đóng dấu; chuyển kết quả và trả cho người yêu cầu",
                        "Văn thư; công chức BPMC",
                        0.2,
                        "BM-01-QT-07",
                    ),
                ],
                "records": [
                    record("Hồ sơ yêu cầu cấp bản sao trích lục hộ tịch", "Phòng HCTP", 5),
                    record(
                        "Sổ theo dõi cấp bản sao trích lục hộ tịch (BM-01-QT-07)", "Phòng HCTP", 10
                    ),
                ],
            },
            unit="Phòng Hành chính tư pháp",
            clauses="service",
            cited=(
                ctx.standard,
                "60/2014/QH13",
                "123/2015/NĐ-CP",
                "04/2020/TT-BTP",
                "2156/QĐ-UBND",
            ),
            tthc="2.000635",
            drafter="drafter",
            forms=[
                _form(
                    "BM-01-QT-07",
                    "Sổ theo dõi cấp bản sao trích lục hộ tịch",
                    "STT | Họ tên người yêu cầu | Loại trích lục | Số bản | Ngày cấp | Người ký | "
                    "Ghi chú",
                ),
            ],
        ),
        Spec(
            "QT-08",
            "Quy trình cấp Phiếu lý lịch tư pháp",
            {
                "purpose": (
                    "Quy định trình tự tiếp nhận, tra cứu, xác minh thông tin và cấp Phiếu lý "
                    "lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt "
                    "Nam."
                ),
                "scope": (
                    "Áp dụng đối với Phòng Hành chính tư pháp, bộ phận quản lý cơ sở dữ liệu lý "
                    "lịch tư pháp và công chức Bộ phận Một cửa của Sở Tư pháp."
                ),
                "references": ctx.refs("- Luật Lý lịch tư pháp số 28/2009/QH12 ngày 17/6/2009;"),
                "definitions": ctx.defs(*tthc_defs, "- LLTP: Lý lịch tư pháp."),
                "body": (
                    "Cơ sở pháp lý: Luật Lý lịch tư pháp năm 2009.\n"
                    "Thời hạn giải quyết: không quá 10 ngày kể từ ngày nhận được yêu cầu "
                    "hợp lệ; trường hợp phải xác minh thì không quá 15 ngày."
                ),
                "steps": [
                    step("Tiếp nhận, kiểm tra hồ sơ", "Công chức BPMC", 0.5, "BM-02-QT-09"),
                    step("Tra cứu cơ sở dữ liệu LLTP", "Chuyên viên Phòng HCTP", 2),
                    step(
                        "Xác minh thông tin tại cơ quan công an, tòa án (nếu cần)",
                        "Chuyên viên Phòng HCTP",
                        5,
                        "Văn bản xác minh",
                    ),
                    step("Lập Phiếu LLTP, trình ký", "Trưởng phòng HCTP", 1.5, "Dự thảo Phiếu"),
                    step("Ký Phiếu LLTP", "Phó Giám đốc Sở", 0.5, "Phiếu LLTP"),
                    step("Trả kết quả", "Công chức BPMC", 0.5, "Phiếu LLTP"),
                ],
                "records": [
                    record("Hồ sơ yêu cầu cấp Phiếu LLTP", "Phòng HCTP", 10),
                    record("Sổ cấp Phiếu LLTP", "Phòng HCTP", None),
                ],
            },
            unit="Phòng Hành chính tư pháp",
            clauses="service",
            cited=(ctx.standard, "28/2009/QH12"),
            drafter="drafter",
            story=(
                ("effective",),
                (
                    "withdraw",
                    "Nhiệm vụ cấp Phiếu lý lịch tư pháp đã chuyển giao cho Công an tỉnh; Sở Tư "
                    "pháp không còn tiếp nhận, giải quyết thủ tục này.",
                ),
            ),
        ),
        replace(
            _one_stop(ctx, "QT-09", "Bộ phận Một cửa", "Văn phòng"),
            story=(
                ("effective",),
                (
                    "request",
                    "Nghị định số 61/2018/NĐ-CP đã được thay thế bởi Nghị định số "
                    "118/2025/NĐ-CP, có hiệu lực từ ngày 01/7/2025; quy trình còn viện dẫn văn bản "
                    "hết hiệu lực.",
                    "Cập nhật mục 3 (Tài liệu viện dẫn), bước 2 và bước 5 theo Nghị định số "
                    "118/2025/NĐ-CP; rà soát lại các biểu mẫu phiếu tiếp nhận, phiếu xin lỗi.",
                    "legal_change",
                ),
            ),
        ),
        Spec(
            "QT-10",
            "Quy trình quản lý văn bản đi, văn bản đến",
            {
                "purpose": (
                    "Quy định trình tự tiếp nhận, đăng ký, trình, chuyển giao văn bản đến và "
                    "soạn thảo, kiểm tra thể thức, ký ban hành, phát hành văn bản đi tại Sở Tư "
                    "pháp."
                ),
                "scope": (
                    "Áp dụng cho văn bản giấy và văn bản điện tử trên Hệ thống quản lý văn bản "
                    f"và điều hành; áp dụng cho {ctx.units}."
                ),
                "references": ctx.refs(
                    "- Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;"
                ),
                "definitions": ctx.defs("- Hệ thống: Hệ thống quản lý văn bản và điều hành."),
                "steps": [
                    step(
                        "Tiếp nhận, kiểm tra, đăng ký văn bản đến trên Hệ thống",
                        "Văn thư",
                        0.5,
                        "Sổ đăng ký văn bản đến",
                    ),
                    step(
                        "Trình Lãnh đạo Sở cho ý kiến phân phối, chỉ đạo giải quyết",
                        "Chánh Văn phòng; Lãnh đạo Sở",
                        0.5,
                        "Ý kiến chỉ đạo",
                    ),
                    step(
                        "Chuyển văn bản đến phòng, đơn vị chủ trì giải quyết",
                        "Văn thư",
                        0.5,
                    ),
                    step(
                        "Soạn thảo văn bản đi; kiểm tra nội dung",
                        "Chuyên viên; Trưởng phòng chủ trì",
                        2,
                        "Dự thảo văn bản",
                    ),
                    step(
                        "Kiểm tra thể thức, kỹ thuật trình bày văn bản",
                        "Chánh Văn phòng",
                        0.5,
                    ),
                    step("Ký ban hành văn bản (ký số)", "Lãnh đạo Sở", 1, "Văn bản đã ký"),
                    step(
                        "Cấp số, ngày, tháng; ký số của cơ quan; phát hành và lưu văn bản đi",
                        "Văn thư",
                        0.5,
                        "Sổ đăng ký văn bản đi",
                    ),
                ],
                "records": [
                    record("Sổ đăng ký văn bản đến, văn bản đi (điện tử)", "Văn thư", 20),
                    record("Bản lưu văn bản đi", "Văn thư", 10),
                ],
            },
            unit="Văn phòng",
            clauses="support",
            cited=(ctx.standard, "30/2020/NĐ-CP"),
            story=(
                ("effective",),
                (
                    "review",
                    DocumentReview.Outcome.NO_CHANGE,
                    "Rà soát định kỳ: quy trình vẫn phù hợp với Nghị định số 30/2020/NĐ-CP và "
                    "thực tế vận hành Hệ thống quản lý văn bản và điều hành; không cần sửa đổi.",
                ),
                (
                    "refuse",
                    "Đề nghị bỏ bước kiểm tra thể thức văn bản tại Văn phòng (bước 5) để rút "
                    "ngắn thời gian phát hành văn bản.",
                    "Bỏ bước 5 của quy trình.",
                    "Không chấp thuận: Chánh Văn phòng kiểm tra thể thức, kỹ thuật trình bày "
                    "trước khi trình ký theo Nghị định số 30/2020/NĐ-CP; thời gian 0,5 ngày "
                    "của bước này là hợp lý.",
                ),
            ),
        ),
        Spec(
            "QT-11",
            "Quy trình thẩm định dự thảo văn bản quy phạm pháp luật",
            {
                "purpose": (
                    "Quy định trình tự tiếp nhận, phân công, tổ chức thẩm định và phát hành báo "
                    "cáo thẩm định dự thảo quyết định quy phạm pháp luật của UBND tỉnh Lâm Đồng."
                ),
                "scope": (
                    "Áp dụng cho Phòng Xây dựng và kiểm tra văn bản và các phòng liên quan khi "
                    "thẩm định dự thảo văn bản quy phạm pháp luật do các sở, ngành gửi đến."
                ),
                "references": ctx.refs(),
                "definitions": ctx.defs("- VBQPPL: Văn bản quy phạm pháp luật."),
                "steps": [
                    step(
                        "Tiếp nhận hồ sơ đề nghị thẩm định, kiểm tra tính đầy đủ",
                        "Văn thư; Phòng Xây dựng và kiểm tra văn bản",
                        0.5,
                    ),
                    step("Phân công chuyên viên thẩm định", "Trưởng phòng", 0.5),
                    step(
                        "Nghiên cứu, lấy ý kiến chuyên gia hoặc họp tư vấn thẩm định khi cần",
                        "Chuyên viên được phân công",
                        5,
                    ),
                    step("Dự thảo báo cáo thẩm định", "Chuyên viên được phân công", 2),
                    step("Kiểm tra dự thảo báo cáo", "Trưởng phòng", 1),
                    step("Ký báo cáo thẩm định", "Lãnh đạo Sở", 1, "Báo cáo thẩm định"),
                    step("Phát hành báo cáo thẩm định", "Văn thư", 0.5),
                ],
                "records": [
                    record(
                        "Hồ sơ thẩm định dự thảo VBQPPL", "Phòng Xây dựng và kiểm tra văn bản", 10
                    ),
                    record("Báo cáo thẩm định", "Văn thư", None),
                ],
            },
            unit="Phòng Xây dựng và kiểm tra văn bản",
            clauses="service",
            cited=(ctx.standard,),
            drafter="drafter",
            story=(("in_review",),),
        ),
        Spec(
            "QT-12",
            "Quy trình kiểm tra, xử lý văn bản quy phạm pháp luật",
            {
                "purpose": (
                    "Quy định trình tự kiểm tra văn bản quy phạm pháp luật do HĐND, UBND cấp xã "
                    "ban hành và kiến nghị xử lý văn bản có nội dung trái pháp luật."
                ),
                "scope": "Áp dụng cho Phòng Xây dựng và kiểm tra văn bản.",
                "references": ctx.refs(),
                "definitions": ctx.defs("- VBQPPL: Văn bản quy phạm pháp luật."),
                "steps": [
                    step("Lập kế hoạch kiểm tra văn bản năm", "Trưởng phòng", 2, "Kế hoạch"),
                    step("Thu thập văn bản thuộc đối tượng kiểm tra", "Chuyên viên", 3),
                    step(
                        "Kiểm tra, lập phiếu kiểm tra văn bản", "Chuyên viên", 10, "Phiếu kiểm tra"
                    ),
                    step(
                        "Báo cáo, kiến nghị xử lý văn bản trái pháp luật",
                        "Trưởng phòng; Lãnh đạo Sở",
                        3,
                        "Văn bản kiến nghị",
                    ),
                    step("Theo dõi kết quả xử lý", "Chuyên viên", None),
                ],
                "records": [
                    record("Phiếu kiểm tra văn bản", "Phòng Xây dựng và kiểm tra văn bản", 10),
                    record("Văn bản kiến nghị xử lý", "Phòng Xây dựng và kiểm tra văn bản", 10),
                ],
            },
            unit="Phòng Xây dựng và kiểm tra văn bản",
            clauses="service",
            cited=(ctx.standard,),
            drafter="drafter",
            story=(("in_approval",),),
        ),
        Spec(
            "QT-13",
            "Quy trình tiếp công dân, xử lý đơn khiếu nại, tố cáo, kiến nghị, phản ánh",
            {
                "purpose": (
                    "Quy định trình tự tiếp công dân, tiếp nhận, phân loại và xử lý đơn khiếu "
                    "nại, tố cáo, kiến nghị, phản ánh gửi đến Sở Tư pháp."
                ),
                "scope": "Áp dụng cho Thanh tra Sở và các phòng, đơn vị liên quan.",
                "references": ctx.refs(),
                "definitions": ctx.defs(),
                "steps": [
                    step(
                        "Tiếp công dân; tiếp nhận đơn, vào sổ",
                        "Thanh tra Sở",
                        1,
                        "Sổ tiếp công dân",
                    ),
                    step("Phân loại, đề xuất xử lý đơn", "Thanh tra Sở", 5, "Phiếu đề xuất"),
                    step(
                        "Quyết định thụ lý hoặc chuyển đơn đến cơ quan có thẩm quyền",
                        "Giám đốc Sở",
                        2,
                    ),
                    step("Thông báo cho người gửi đơn", "Thanh tra Sở", 2, "Văn bản thông báo"),
                    step("Theo dõi, tổng hợp, báo cáo", "Thanh tra Sở", None),
                ],
                "records": [
                    record("Sổ tiếp công dân", "Thanh tra Sở", 20),
                    record("Hồ sơ xử lý đơn", "Thanh tra Sở", 15),
                ],
            },
            unit="Thanh tra",
            clauses="service",
            cited=(ctx.standard,),
            story=(("approved", 14),),
        ),
        Spec(
            "QT-14",
            "Quy trình theo dõi tình hình thi hành pháp luật",
            {
                "purpose": (
                    "Quy định việc theo dõi, đánh giá tình hình thi hành pháp luật trên địa bàn "
                    "tỉnh trong các lĩnh vực được giao."
                ),
                "scope": "Áp dụng cho Phòng Xây dựng và kiểm tra văn bản.",
                "references": ctx.refs(),
                "steps": [
                    step("Xây dựng kế hoạch theo dõi thi hành pháp luật", "Trưởng phòng", 5),
                    step("Thu thập thông tin, điều tra, khảo sát", "Chuyên viên", 10),
                    step("Tổng hợp, báo cáo kết quả", "Chuyên viên", None),
                ],
            },
            unit="Phòng Xây dựng và kiểm tra văn bản",
            cited=(ctx.standard,),
            drafter="drafter",
            story=(
                (
                    "returned",
                    "Bước 3 chưa nêu rõ thời gian và trách nhiệm phối hợp của các sở, ngành; đề "
                    "nghị bổ sung mục Hồ sơ cần lưu (kế hoạch, báo cáo theo dõi thi hành pháp "
                    "luật) và viện dẫn văn bản hướng dẫn hiện hành.",
                ),
            ),
        ),
        Spec(
            "QT-15",
            "Quy trình quản lý hồ sơ cán bộ, công chức, viên chức",
            {
                "purpose": (
                    "Quy định việc lập, bổ sung, bảo quản, khai thác và chuyển giao hồ sơ cán "
                    "bộ, công chức, viên chức của Sở Tư pháp, bảo đảm bí mật thông tin cá nhân."
                ),
                "scope": "Áp dụng cho Văn phòng Sở và người được giao quản lý hồ sơ.",
                "references": ctx.refs(),
                "definitions": ctx.defs("- CBCCVC: Cán bộ, công chức, viên chức."),
                "steps": [
                    step(
                        "Tiếp nhận, lập hồ sơ CBCCVC mới tuyển dụng, tiếp nhận",
                        "Văn phòng",
                        5,
                        "Hồ sơ CBCCVC",
                    ),
                    step(
                        "Cập nhật thông tin biến động vào phần mềm quản lý CBCCVC",
                        "Văn phòng",
                        None,
                    ),
                    step(
                        "Bảo quản hồ sơ trong tủ có khóa; phân quyền truy cập phần mềm",
                        "Văn phòng",
                        None,
                    ),
                    step(
                        "Khai thác, sử dụng hồ sơ theo phê duyệt của Giám đốc Sở",
                        "Văn phòng; Giám đốc Sở",
                        1,
                        "Sổ theo dõi khai thác hồ sơ",
                    ),
                    step(
                        "Chuyển giao hồ sơ khi CBCCVC chuyển công tác",
                        "Văn phòng",
                        3,
                        "Biên bản giao nhận",
                    ),
                ],
                "records": [
                    record("Hồ sơ CBCCVC", "Văn phòng", None),
                    record("Sổ theo dõi khai thác hồ sơ", "Văn phòng", 10),
                ],
            },
            unit="Văn phòng",
            clauses="support",
            cited=(ctx.standard,),
            restricted=True,
        ),
        Spec(
            "HD-01",
            "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng Dịch vụ công",
            {
                "body": (
                    "1. Đăng nhập Cổng Dịch vụ công bằng tài khoản định danh điện tử.\n"
                    "2. Chọn thủ tục, điền tờ khai điện tử và đính kèm bản điện tử của giấy "
                    "tờ.\n"
                    "3. Theo dõi trạng thái hồ sơ, nộp phí trực tuyến và nhận kết quả."
                ),
            },
            unit="Văn phòng",
            story=(("draft",),),
        ),
    ]


def _sotp_revisions(ctx: Ctx, specs: list[Spec]) -> None:
    """Issue 2 of the document control procedure: the agency moved to electronic ISO."""
    qt01 = next(spec for spec in specs if spec.code == "QT-01")
    qt01.story = (
        ("effective",),
        (
            "revise",
            Revise(
                reason=(
                    "Sở đã đưa phần mềm ISO điện tử vào sử dụng; đề nghị sửa quy trình để tài "
                    "liệu được xem xét, phê duyệt và phân phối trên phần mềm thay cho bản giấy."
                ),
                description="Sửa các bước 3 đến 7 và mục Hồ sơ cần lưu.",
                summary=(
                    "Bước 3–6: tài liệu được soạn thảo, xem xét, phê duyệt và phân phối trên phần "
                    "mềm ISO điện tử.\n"
                    "Bước 7: phần mềm tự động đánh dấu, thu hồi tài liệu hết hiệu lực; bỏ việc "
                    "đóng dấu trên bản giấy.\n"
                    "Mục 7: bổ sung nhật ký xem xét, phê duyệt, phân phối trên phần mềm."
                ),
                content=_document_control(ctx, electronic=True),
                by="reviewer",
            ),
        ),
    )


# UBND phường Xuân Hương ------------------------------------------------------------------------

DESK = "Trung tâm Phục vụ hành chính công"
CLERK = "Công chức tư pháp - hộ tịch"
SIGNER = "Chủ tịch hoặc Phó Chủ tịch UBND phường"


def _ward_tthc(
    ctx: Ctx,
    code: str,
    title: str,
    tthc: str,
    *,
    action: str,
    dossier: str,
    deadline: str,
    fee: str,
    legal: tuple[str, ...],
    steps: list[dict],
    records: list[dict],
    story: tuple = (("effective",),),
) -> Spec:
    refs = {
        "60/2014/QH13": "- Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014;",
        "123/2015/NĐ-CP": "- Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy "
        "định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch;",
        "04/2020/TT-BTP": "- Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của Bộ trưởng Bộ Tư pháp;",
        "23/2015/NĐ-CP": "- Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ về cấp "
        "bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực "
        "hợp đồng, giao dịch;",
        "2157/QĐ-UBND": "- Quyết định số 2157/QĐ-UBND ngày 15/7/2025 của Chủ tịch UBND tỉnh Lâm "
        "Đồng công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của UBND cấp xã;",
    }
    return Spec(
        code,
        title,
        {
            "purpose": (
                f"Quy định trình tự, cách thức và thời hạn {action} tại {ctx.name}, bảo đảm đúng "
                "quy định của pháp luật và yêu cầu của TCVN ISO 9001:2015."
            ),
            "scope": (
                f"Áp dụng đối với cá nhân có yêu cầu {action} thuộc thẩm quyền của UBND phường; "
                f"áp dụng cho {DESK}, {CLERK.lower()} và lãnh đạo UBND phường."
            ),
            "references": ctx.refs(*(refs[number] for number in legal)),
            "definitions": ctx.defs(
                "- TTHC: Thủ tục hành chính.",
                f"- TTPVHCC: {DESK} phường.",
                "- CSDLHT: Cơ sở dữ liệu hộ tịch điện tử.",
            ),
            "body": (
                f"Thành phần hồ sơ: {dossier}\n"
                "Số lượng hồ sơ: 01 bộ.\n"
                f"Thời hạn giải quyết: {deadline}\n"
                f"Nơi tiếp nhận, trả kết quả: {DESK} phường hoặc trực tuyến trên Cổng Dịch "
                "vụ công quốc gia.\n"
                f"Lệ phí: {fee}"
            ),
            "steps": steps,
            "records": records,
        },
        unit="Văn phòng HĐND và UBND",
        clauses="service",
        cited=(ctx.standard, *legal),
        tthc=tthc,
        drafter="drafter",
        story=story,
    )


def _birth(ctx: Ctx, *, linked: bool) -> dict:
    steps = [
        step(
            "Tiếp nhận, kiểm tra hồ sơ"
            + (" (cả hồ sơ liên thông trực tuyến trên Cổng Dịch vụ công)" if linked else ""),
            f"Công chức {DESK}",
            0.2,
            "BM-02-QT-12",
        ),
        step(
            "Kiểm tra thông tin; ghi Sổ đăng ký khai sinh, cập nhật CSDLHT; in Giấy khai sinh",
            CLERK,
            0.5,
            "Dự thảo Giấy khai sinh",
        ),
        step("Ký Giấy khai sinh", SIGNER, 0.2, "Giấy khai sinh"),
        step(
            "Trả kết quả; người đi đăng ký ký Sổ đăng ký khai sinh"
            + (
                "; chuyển thông tin để đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ"
                if linked
                else ""
            ),
            f"Công chức {DESK}",
            0.1,
            "Giấy khai sinh",
        ),
    ]
    dossier = (
        "Tờ khai đăng ký khai sinh; giấy chứng sinh hoặc giấy tờ thay giấy chứng sinh; giấy tờ "
        "tùy thân hoặc thông tin định danh điện tử của người đi đăng ký."
    )
    if linked:
        dossier += (
            " Khi yêu cầu liên thông: tờ khai điện tử liên thông đăng ký khai sinh, đăng ký "
            "thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi."
        )
    spec = _ward_tthc(
        ctx,
        "QT-07",
        "Quy trình đăng ký khai sinh",
        "1.001193",
        action="đăng ký khai sinh",
        dossier=dossier,
        deadline=(
            "ngay sau khi nhận đủ giấy tờ theo quy định; nhận hồ sơ sau 15 giờ thì trả kết quả "
            "trong ngày làm việc tiếp theo."
        ),
        fee="miễn lệ phí đối với đăng ký khai sinh đúng hạn.",
        legal=("60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP", "2157/QĐ-UBND"),
        steps=steps,
        records=[
            record("Sổ đăng ký khai sinh", CLERK, None),
            record("Tờ khai và giấy tờ kèm theo", CLERK, None),
        ],
    )
    return spec


def _xuanhuong(ctx: Ctx) -> list[Spec]:
    birth = _birth(ctx, linked=False)
    birth.story = (
        ("effective",),
        (
            "revise",
            Revise(
                reason=(
                    "Phường triển khai liên thông điện tử nhóm thủ tục đăng ký khai sinh – đăng "
                    "ký thường trú – cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi; quy trình "
                    "chưa có bước tiếp nhận hồ sơ liên thông."
                ),
                description="Bổ sung thành phần hồ sơ liên thông, sửa bước 1 và bước 4.",
                summary=(
                    "Thành phần hồ sơ: bổ sung tờ khai điện tử khi người dân yêu cầu liên thông.\n"
                    "Bước 1: tiếp nhận cả hồ sơ liên thông trực tuyến trên Cổng Dịch vụ công.\n"
                    "Bước 4: chuyển thông tin để đăng ký thường trú, cấp thẻ bảo hiểm y tế cho "
                    "trẻ.\n"
                    "Tổng thời gian giải quyết không đổi: 01 ngày làm việc."
                ),
                content=_birth(ctx, linked=True).content,
            ),
        ),
    )
    quick = [
        step("Tiếp nhận, kiểm tra hồ sơ", f"Công chức {DESK}", 0.2, "BM-02-QT-12"),
        step("Kiểm tra thông tin, ghi sổ, cập nhật CSDLHT; trình ký", CLERK, 0.5),
        step("Ký kết quả", SIGNER, 0.2),
        step("Trả kết quả cho người yêu cầu", f"Công chức {DESK}", 0.1),
    ]
    return [
        birth,
        _ward_tthc(
            ctx,
            "QT-08",
            "Quy trình đăng ký kết hôn",
            "1.000894",
            action="đăng ký kết hôn",
            dossier=(
                "Tờ khai đăng ký kết hôn; giấy tờ tùy thân hoặc thông tin định danh điện tử của "
                "hai bên; giấy xác nhận tình trạng hôn nhân nếu không đăng ký thường trú tại "
                "phường."
            ),
            deadline=(
                "ngay sau khi nhận đủ giấy tờ theo quy định; trường hợp cần xác minh điều kiện "
                "kết hôn thì không quá 05 ngày làm việc."
            ),
            fee="theo Nghị quyết của HĐND tỉnh Lâm Đồng về lệ phí hộ tịch.",
            legal=("60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP", "2157/QĐ-UBND"),
            steps=[
                step("Tiếp nhận, kiểm tra hồ sơ", f"Công chức {DESK}", 0.5, "BM-02-QT-12"),
                step(
                    "Kiểm tra, xác minh điều kiện kết hôn (nếu cần)",
                    CLERK,
                    3,
                    "Văn bản xác minh",
                ),
                step(
                    "Ghi Sổ đăng ký kết hôn, cập nhật CSDLHT; in Giấy chứng nhận kết hôn, trình ký",
                    CLERK,
                    0.5,
                ),
                step("Ký Giấy chứng nhận kết hôn", SIGNER, 0.5, "Giấy chứng nhận kết hôn"),
                step(
                    "Tổ chức trao Giấy chứng nhận kết hôn; hai bên ký Sổ đăng ký kết hôn",
                    CLERK,
                    0.5,
                    "Giấy chứng nhận kết hôn",
                ),
            ],
            records=[
                record("Sổ đăng ký kết hôn", CLERK, None),
                record("Tờ khai và giấy tờ kèm theo", CLERK, None),
            ],
            story=(
                ("effective",),
                (
                    "refuse",
                    "Đề nghị bỏ bước 2 (xác minh) vì thông tin của công dân đã được khai thác "
                    "trực tiếp từ Cơ sở dữ liệu quốc gia về dân cư.",
                    "Bỏ bước 2 của quy trình.",
                    "Không chấp thuận: Luật Hộ tịch cho phép xác minh khi cần thiết (không quá "
                    "05 ngày làm việc); bước 2 chỉ thực hiện khi cần xác minh, giữ nguyên quy "
                    "trình.",
                ),
            ),
        ),
        _ward_tthc(
            ctx,
            "QT-09",
            "Quy trình đăng ký khai tử",
            "1.000656",
            action="đăng ký khai tử",
            dossier=(
                "Tờ khai đăng ký khai tử; giấy báo tử hoặc giấy tờ thay giấy báo tử; giấy tờ "
                "tùy thân của người đi đăng ký."
            ),
            deadline=(
                "ngay sau khi nhận đủ giấy tờ; nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày "
                "làm việc tiếp theo."
            ),
            fee="miễn lệ phí đối với đăng ký khai tử đúng hạn.",
            legal=("60/2014/QH13", "123/2015/NĐ-CP", "2157/QĐ-UBND"),
            steps=quick,
            records=[
                record("Sổ đăng ký khai tử", CLERK, None),
                record("Tờ khai và giấy tờ kèm theo", CLERK, None),
            ],
            story=(("in_approval",),),
        ),
        _ward_tthc(
            ctx,
            "QT-10",
            "Quy trình chứng thực bản sao từ bản chính",
            "2.000815",
            action="chứng thực bản sao từ bản chính",
            dossier="bản chính giấy tờ, văn bản và bản sao cần chứng thực.",
            deadline=(
                "trong ngày tiếp nhận yêu cầu; nhận yêu cầu sau 15 giờ thì trả kết quả trong "
                "ngày làm việc tiếp theo."
            ),
            fee=(
                "2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa không "
                "quá 200.000 đồng/bản."
            ),
            legal=("23/2015/NĐ-CP", "2157/QĐ-UBND"),
            steps=[
                step(
                    "Tiếp nhận, đối chiếu bản chính với bản sao",
                    f"Công chức {DESK}",
                    0.5,
                    "BM-02-QT-12",
                ),
                step("Ghi lời chứng, trình ký", CLERK, 0.2),
                step("Ký chứng thực", SIGNER, 0.2, "Bản sao đã chứng thực"),
                step(
                    "Đóng dấu, vào Sổ chứng thực; thu phí, trả kết quả",
                    f"Công chức {DESK}",
                    0.1,
                    "Bản sao đã chứng thực",
                ),
            ],
            records=[
                record("Sổ chứng thực bản sao từ bản chính", CLERK, None),
                record("Biên lai thu phí", "Kế toán", 10),
            ],
            story=(
                ("effective",),
                (
                    "review",
                    DocumentReview.Outcome.NO_CHANGE,
                    "Rà soát định kỳ: quy trình phù hợp với Nghị định số 23/2015/NĐ-CP và danh "
                    "mục thủ tục hành chính đã công bố; không cần sửa đổi.",
                ),
            ),
        ),
        _ward_tthc(
            ctx,
            "QT-11",
            "Quy trình chứng thực chữ ký",
            "2.000884",
            action="chứng thực chữ ký",
            dossier="giấy tờ tùy thân của người yêu cầu chứng thực; giấy tờ, văn bản sẽ ký.",
            deadline=(
                "trong ngày tiếp nhận yêu cầu; nhận yêu cầu sau 15 giờ thì trả kết quả trong "
                "ngày làm việc tiếp theo."
            ),
            fee="10.000 đồng/trường hợp.",
            legal=("23/2015/NĐ-CP", "2157/QĐ-UBND"),
            steps=[
                step("Tiếp nhận, kiểm tra giấy tờ", f"Công chức {DESK}", 0.5),
                step("Ghi lời chứng, trình ký", CLERK, 0.3),
                step("Ký chứng thực, trả kết quả", SIGNER, 0.2),
            ],
            records=[],
            story=(
                (
                    "returned",
                    "Bước 2 thiếu nội dung kiểm tra người yêu cầu chứng thực ký trước mặt người "
                    "thực hiện chứng thực; đề nghị bổ sung mục Hồ sơ cần lưu (Sổ chứng thực chữ "
                    "ký, bản lưu giấy tờ đã chứng thực).",
                ),
            ),
        ),
        replace(
            _one_stop(ctx, "QT-12", DESK, DESK),
            story=(
                ("effective",),
                (
                    "review",
                    DocumentReview.Outcome.CHANGE_NEEDED,
                    "Rà soát định kỳ: quy trình còn viện dẫn Nghị định số 61/2018/NĐ-CP đã được "
                    "thay thế bởi Nghị định số 118/2025/NĐ-CP; cần cập nhật căn cứ pháp lý và "
                    "cách tiếp nhận hồ sơ trực tuyến.",
                ),
            ),
        ),
        Spec(
            "QT-13",
            "Quy trình tiếp nhận, xử lý phản ánh, kiến nghị của người dân",
            {
                "purpose": (
                    "Quy định trình tự tiếp nhận, xử lý và trả lời phản ánh, kiến nghị của "
                    "người dân, tổ chức về thủ tục hành chính và hoạt động của UBND phường."
                ),
                "scope": f"Áp dụng cho {ctx.units}.",
                "references": ctx.refs(),
                "definitions": ctx.defs(),
                "steps": [
                    step(
                        "Tiếp nhận phản ánh, kiến nghị (trực tiếp, hộp thư góp ý, Cổng Dịch vụ "
                        "công, ứng dụng phản ánh hiện trường)",
                        f"Công chức {DESK}",
                        0.5,
                        "Sổ theo dõi phản ánh, kiến nghị",
                    ),
                    step("Phân loại, chuyển bộ phận xử lý", "Văn phòng HĐND và UBND", 1),
                    step("Xem xét, đề xuất phương án xử lý", "Bộ phận chuyên môn", 5),
                    step("Phê duyệt nội dung trả lời", SIGNER, 1, "Văn bản trả lời"),
                    step("Trả lời, công khai kết quả xử lý", "Văn phòng HĐND và UBND", 1),
                ],
                "records": [
                    record("Sổ theo dõi phản ánh, kiến nghị", "Văn phòng HĐND và UBND", 5),
                    record("Văn bản trả lời", "Văn phòng HĐND và UBND", 10),
                ],
            },
            unit="Văn phòng HĐND và UBND",
            clauses="service",
            cited=(ctx.standard,),
            story=(("approved", 14),),
        ),
        Spec(
            "QT-14",
            "Quy trình quản lý văn bản đi, văn bản đến",
            {
                "purpose": (
                    "Quy định trình tự tiếp nhận, đăng ký, chuyển giao văn bản đến và soạn "
                    "thảo, ký ban hành, phát hành văn bản đi của UBND phường."
                ),
                "scope": f"Áp dụng cho {ctx.units}.",
                "references": ctx.refs(
                    "- Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;"
                ),
                "definitions": ctx.defs(),
                "steps": [
                    step("Tiếp nhận, đăng ký văn bản đến", "Văn thư", 0.5),
                    step(
                        "Trình lãnh đạo phân phối, chỉ đạo giải quyết",
                        "Văn phòng HĐND và UBND",
                        0.5,
                    ),
                    step("Soạn thảo văn bản đi", "Công chức chủ trì", 2, "Dự thảo văn bản"),
                    step("Kiểm tra thể thức, trình ký", "Chánh Văn phòng HĐND và UBND", 0.5),
                    step("Ký ban hành", SIGNER, 1, "Văn bản đã ký"),
                    step("Phát hành, lưu văn bản đi", "Văn thư", 0.5),
                ],
                "records": [
                    record("Sổ đăng ký văn bản đến, văn bản đi", "Văn thư", 20),
                    record("Bản lưu văn bản đi", "Văn thư", 10),
                ],
            },
            unit="Văn phòng HĐND và UBND",
            clauses="support",
            cited=(ctx.standard, "30/2020/NĐ-CP"),
            story=(("in_review",),),
        ),
        Spec(
            "HD-01",
            "Hướng dẫn tiếp nhận hồ sơ liên thông khai tử – xóa đăng ký thường trú – trợ cấp "
            "mai táng",
            {
                "body": (
                    "1. Kiểm tra tờ khai điện tử liên thông trên Cổng Dịch vụ công.\n"
                    "2. Giải quyết đăng ký khai tử theo QT-09.\n"
                    "3. Chuyển thông tin cho Công an phường và bộ phận chính sách xã hội."
                ),
            },
            unit=DESK,
            drafter="drafter",
            story=(("draft",),),
        ),
    ]


# Execution -----------------------------------------------------------------------------------


@contextmanager
def _mail_off() -> Iterator[None]:
    """Keep the demo from mailing its made-up addresses.

    The services queue mail with ``transaction.on_commit``; each agency's transaction commits
    inside this block, so the queued mail goes to the dummy backend. (override_settings is test
    machinery; this swaps the one setting and always puts it back.) Call ``load()`` outside any
    transaction, as ``manage.py load_demo`` does, or the mail would wait past this block.
    """
    previous = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = previous


def load() -> None:
    province = Agency.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return
    agencies = (
        Agency.objects.in_province(province)
        .filter(is_active=True)
        .exclude(pk=province.pk)
        .order_by("code")
    )
    clauses = {
        version: {clause.number: clause for clause in IsoClause.objects.filter(version=version)}
        for version in CLAUSES
    }
    with translation.override("vi"), _mail_off():
        for agency in agencies:
            with transaction.atomic():
                cast = _cast(agency)
                # Sở KH&CN's only demo person is the province supervisor: nobody to act there.
                if cast is not None:
                    _load_agency(agency, cast, clauses[agency.iso_version])


def _cast(agency: Agency) -> Cast | None:
    names = CASTS.get(agency.code) or {
        "secretary": f"secretary.{agency.code}",
        "drafter": f"secretary.{agency.code}",
        "reviewer": f"admin.{agency.code}",
        "approver": f"approver.{agency.code}",
        "requester": f"admin.{agency.code}",
    }
    users = {user.username: user for user in User.objects.filter(username__in=names.values())}
    if set(names.values()) - set(users):
        return None
    cast = Cast(**{part: users[username] for part, username in names.items()})
    if agency.code not in CASTS:
        # Agencies outside the cast have only a secretary, a leader and an administrator; the
        # administrator also reviews so that nobody reviews their own draft. (The ISO secretary's
        # role already grants drafting.)
        held = set(
            AgencyRole.objects.filter(agency=agency, group__user=cast.reviewer).values_list(
                "role", flat=True
            )
        )
        if Role.REVIEWER not in held:
            agency_roles_assign(
                agency=agency, user=cast.reviewer, roles=sorted(held | {Role.REVIEWER})
            )
    return cast


def _load_agency(agency: Agency, cast: Cast, clauses: dict[str, IsoClause]) -> None:
    types = _load_types(agency, cast.secretary)
    externals = _load_externals(agency, cast.secretary)
    units = {unit.name: unit for unit in agency.units.order_by("pk")}
    ctx = _context(agency, units)
    specs = _standard_set(ctx)
    if agency.code == "sotp":
        _sotp_revisions(ctx, specs)
        specs += _sotp(ctx)
    elif agency.code == "p-xuanhuong":
        specs += _xuanhuong(ctx)
    existing = set(Document.objects.filter(agency=agency).values_list("code", flat=True))
    builder = _Builder(ctx, cast, types, externals, units, clauses, existing)
    for spec in specs:
        builder.build(spec)
    _end_externals(agency, cast.secretary, externals)


def _load_types(agency: Agency, by: User) -> dict[str, DocumentType]:
    types = {t.prefix: t for t in DocumentType.objects.filter(agency=agency)}
    for kind, name, prefix, pattern in TYPES:
        if prefix not in types:
            types[prefix] = document_type_save(
                agency=agency, by=by, kind=kind, name=name, prefix=prefix, code_pattern=pattern
            )
    return types


def _load_externals(agency: Agency, by: User) -> dict[str, ExternalDocument]:
    """The agency's external documents by number, registering those missing."""
    wanted = _external_numbers(agency)
    registered = {
        (e.kind, e.number): e
        for e in ExternalDocument.objects.filter(agency=agency, number__in=wanted)
    }
    found = {}
    for number in wanted:
        kind, title, issuer, issued_on, effective_on, limit = EXTERNAL[number]
        if (kind, number) in registered:
            found[number] = registered[kind, number]
            continue
        found[number] = external_document_save(
            agency=agency,
            by=by,
            kind=kind,
            number=number,
            title=title,
            issuer=issuer,
            issued_on=issued_on,
            effective_on=effective_on,
            time_limit_days=limit,
        )
    return found


def _end_externals(agency: Agency, by: User, externals: dict[str, ExternalDocument]) -> None:
    """End what is no longer in force once the documents citing it exist, as it happened."""
    for number, status, on, successor in ENDED:
        external = externals.get(number)
        if external is None or external.status != ExternalDocument.Status.IN_FORCE:
            continue
        if successor not in externals:
            continue
        external_document_end(
            external=external, by=by, status=status, on=on, replaced_by=externals[successor]
        )


@dataclass
class _Builder:
    ctx: Ctx
    cast: Cast
    types: dict[str, DocumentType]
    externals: dict[str, ExternalDocument]
    units: dict[str, Unit]
    clauses: dict[str, IsoClause]
    existing: set[str]

    def build(
        self, spec: Spec, parent: Document | None = None, clauses_of_parent: str = ""
    ) -> Document | None:
        """Register the document (and its forms) and play its story, unless it exists."""
        if spec.code in self.existing:
            return None
        drafter = getattr(self.cast, spec.drafter)
        if parent is not None and not spec.unit:
            unit = parent.owner_unit  # a form belongs where its procedure belongs
        else:
            unit = self.units.get(spec.unit or self.ctx.office)
        clauses = self.ctx.clauses(spec.clauses or clauses_of_parent)
        document = document_create(
            agency=self.ctx.agency,
            by=drafter,
            type=self.types[spec.prefix],
            title=spec.title,
            owner_unit=unit,
            parent=parent,
            code=spec.code,
            clauses=[self.clauses[n] for n in clauses if n in self.clauses],
            cited=[self.externals[n] for n in spec.cited if n in self.externals],
            administrative_procedure=self.externals.get(spec.tthc),
            restricted=spec.restricted,
        )
        self.existing.add(spec.code)
        forms = [self.build(form, document, spec.clauses) for form in spec.forms]
        content = dict(spec.content)
        if forms:
            content["forms"] = [form for form in forms if form is not None]
        self._tell(document, spec, drafter, content)
        return document

    def _tell(self, document: Document, spec: Spec, drafter: User, content: dict) -> None:
        (first, *args), *later = spec.story
        revision = document.revisions.get()
        if first == "approved":
            self._issue(revision, drafter, content, "effective", effective_in=args[0])
        else:
            self._issue(revision, drafter, content, first, comment=args[0] if args else "")
        cast = self.cast
        for event, *args in later:
            document.refresh_from_db()
            if event == "revise":
                change: Revise = args[0]
                request = change_request_create(
                    document=document,
                    by=getattr(cast, change.by),
                    reason=change.reason,
                    description=change.description,
                    source=change.source,
                )
                revision = change_request_decide(
                    change_request=request,
                    by=cast.secretary,
                    accept=True,
                    note=change.note,
                    drafter=drafter,
                )
                new = dict(change.content, change_summary=change.summary)
                if "forms" in content:
                    new["forms"] = content["forms"]
                self._issue(revision, drafter, new, "effective")
            elif event == "request":
                reason, description, source = args
                change_request_create(
                    document=document,
                    by=cast.requester,
                    reason=reason,
                    description=description,
                    source=source,
                )
            elif event == "refuse":
                reason, description, note = args
                request = change_request_create(
                    document=document, by=cast.requester, reason=reason, description=description
                )
                change_request_decide(
                    change_request=request, by=cast.secretary, accept=False, note=note
                )
            elif event == "review":
                outcome, note = args
                document_review_record(
                    document=document, by=cast.secretary, outcome=outcome, note=note
                )
            elif event == "withdraw":
                flow.revision_withdraw(
                    revision=document.effective_revision, by=cast.secretary, reason=args[0]
                )

    def _issue(
        self,
        revision: Revision,
        drafter: User,
        content: dict,
        until: str,
        *,
        effective_in: int = 0,
        comment: str = "",
    ) -> None:
        """Take one issue through edit → submit → review → approval, stopping at ``until``."""
        cast = self.cast
        flow.revision_update_content(revision=revision, by=drafter, **content)
        if until == "draft":
            return
        flow.revision_submit(
            revision=revision, by=drafter, reviewers=[cast.reviewer], approver=cast.approver
        )
        if until == "in_review":
            return
        if until == "returned":
            flow.revision_return(revision=revision, by=cast.reviewer, comment=comment)
            return
        flow.revision_review_pass(revision=revision, by=cast.reviewer, comment=REVIEW_OK)
        if until == "in_approval":
            return
        effective_date = timezone.localdate() + timedelta(days=effective_in)
        flow.revision_approve(
            revision=revision, by=cast.approver, comment=APPROVE_OK, effective_date=effective_date
        )
