"""The texts of the demo improvement cycle (see ``qms.devdata.demo.audits.improvement``): nonconformities, objectives,
risks and management review minutes as Vietnamese agencies write them. Document and dossier
numbers are made up."""

from dataclasses import dataclass, field

from qms.agencies.models import Agency

AT_LEAST, AT_MOST = "at_least", "at_most"


@dataclass
class Act:
    kind: str
    title: str
    owner: str  # a part of the cast
    due_in: int  # days from today (negative: overdue)
    done: str = ""  # the evidence, when the owner has done it


@dataclass
class Story:
    """A nonconformity and how far it went: open, analysed, planned, started, awaiting,
    verified, closed, reopened (verified not effective) or cancelled."""

    title: str
    source: str
    description: str
    days_ago: int
    end: str
    reference: str = ""
    unit: str = ""
    clause: str = ""
    document: bool = False
    correction: str = ""
    whys: list[str] = field(default_factory=list)
    acts: list[Act] = field(default_factory=list)
    verification: str = ""
    change: str = ""  # the reason of a document change request
    cancel: str = ""


# How far a story goes, in order ("reopened" and "cancelled" are their own endings).
STEPS = ["open", "analysed", "planned", "started", "awaiting", "verified", "closed"]


def stories(code: str) -> list[Story]:
    return SOTP if code == "sotp" else WARD


SOTP = [
    Story(
        title="Phiếu theo dõi hồ sơ không ghi đủ ngày chuyển giữa các bước",
        source="audit",
        reference="Báo cáo đánh giá nội bộ số 02/BC-ĐGNB",
        description=(
            "Kiểm tra 30 hồ sơ chứng thực tháng 6: 11 phiếu theo dõi quá trình giải quyết hồ sơ "
            "không ghi ngày chuyển từ bộ phận một cửa sang phòng chuyên môn."
        ),
        days_ago=120,
        end="closed",
        unit="Phòng Hành chính tư pháp",
        clause="7.5.3",
        correction="Bổ sung ngay ngày chuyển cho 14 hồ sơ đang giải quyết.",
        whys=[
            "Công chức quên ghi ngày khi chuyển hồ sơ",
            "Phiếu theo dõi không có cột ngày chuyển, phải ghi vào phần ghi chú",
            "Biểu mẫu chưa được cập nhật khi sửa đổi quy trình",
        ],
        acts=[
            Act(
                "corrective",
                "Cập nhật biểu mẫu phiếu theo dõi, bổ sung cột ngày chuyển",
                "drafter",
                -95,
                "Đã ban hành phiếu theo dõi mới kèm quy trình, áp dụng từ tháng 8.",
            ),
            Act(
                "correction",
                "Hướng dẫn lại cách ghi phiếu cho công chức Phòng Hành chính tư pháp",
                "staff",
                -100,
                "Đã hướng dẫn tại cuộc họp giao ban phòng, có biên bản.",
            ),
        ],
        verification="Kiểm tra ngẫu nhiên 20 hồ sơ tháng 9: 20/20 phiếu ghi đủ ngày chuyển.",
    ),
    Story(
        title="Hồ sơ cấp Phiếu lý lịch tư pháp trả kết quả trễ hạn 03 ngày",
        source="late_dossier",
        reference="Hồ sơ số 000.00.31.H39-261012-0012",
        description=(
            "Hồ sơ cấp Phiếu lý lịch tư pháp số 1 của công dân tiếp nhận ngày 12/10 trả kết quả "
            "trễ 03 ngày làm việc so với thời hạn quy định."
        ),
        days_ago=40,
        end="started",
        unit="Phòng Hành chính tư pháp",
        clause="8.5.1",
        correction="Liên hệ xin lỗi công dân, trả kết quả ngay trong ngày; báo cáo lãnh đạo Sở.",
        whys=[
            "Chờ kết quả xác minh từ Công an tỉnh quá thời hạn",
            "Không có người theo dõi thời hạn trả lời xác minh",
            "Quy trình chưa có bước đôn đốc khi quá hạn xác minh",
        ],
        acts=[
            Act(
                "corrective",
                "Đề xuất sửa quy trình, bổ sung bước đôn đốc xác minh sau 05 ngày làm việc",
                "drafter",
                -5,
            ),
            Act("corrective", "Lập sổ theo dõi hồ sơ gửi xác minh", "staff", 2),
        ],
    ),
    Story(
        title="Người dân phản ánh không được hướng dẫn đầy đủ thành phần hồ sơ chứng thực",
        source="complaint",
        reference="Phiếu góp ý số 07/2026",
        description=(
            "Công dân phản ánh phải đi lại 02 lần do không được hướng dẫn nộp kèm bản chính "
            "giấy tờ khi chứng thực bản sao."
        ),
        days_ago=60,
        end="awaiting",
        unit="Văn phòng",
        clause="8.2.1",
        correction="Gọi điện hướng dẫn lại công dân; tiếp nhận hồ sơ bổ sung qua bưu chính.",
        whys=[
            "Công chức tiếp nhận mới chưa nắm thành phần hồ sơ",
            "Chưa có bảng hướng dẫn thành phần hồ sơ niêm yết tại quầy",
        ],
        acts=[
            Act(
                "corrective",
                "Niêm yết bảng thành phần hồ sơ chứng thực tại quầy một cửa",
                "staff",
                -20,
                "Đã niêm yết bảng hướng dẫn tại quầy số 2, có ảnh chụp kèm theo.",
            ),
        ],
    ),
    Story(
        title="Quy trình chưa cập nhật văn bản pháp luật mới ban hành",
        source="inspection",
        reference="Biên bản kiểm tra việc áp dụng HTQLCL của Sở KH&CN",
        description=(
            "Đoàn kiểm tra của Sở KH&CN ghi nhận quy trình còn viện dẫn văn bản đã được thay thế."
        ),
        days_ago=6,
        end="analysed",
        clause="7.5.2",
        document=True,
        correction="Rà soát ngay danh mục văn bản viện dẫn của các quy trình đang áp dụng.",
        whys=[
            "Không ai theo dõi văn bản pháp luật mới ban hành",
            "Chưa phân công trách nhiệm cập nhật văn bản bên ngoài",
        ],
        change="Cập nhật căn cứ pháp lý theo kết luận kiểm tra của Sở KH&CN.",
    ),
    Story(
        title="Tỷ lệ hồ sơ trực tuyến bị trả lại do thiếu giấy tờ còn cao",
        source="self_detected",
        description="Quý III có 21% hồ sơ nộp trực tuyến bị trả lại để bổ sung giấy tờ.",
        days_ago=75,
        end="reopened",
        unit="Phòng Bổ trợ tư pháp",
        clause="9.1.3",
        correction="Gọi điện hướng dẫn từng người nộp hồ sơ bị trả lại.",
        whys=[
            "Người dân không biết phải tải lên bản chụp giấy tờ nào",
            "Hướng dẫn trên Cổng dịch vụ công chỉ chép lại quyết định công bố thủ tục",
        ],
        acts=[
            Act(
                "corrective",
                "Đăng hướng dẫn thành phần hồ sơ bằng hình ảnh lên Cổng dịch vụ công",
                "staff",
                -40,
                "Đã đăng hướng dẫn cho 12 thủ tục.",
            ),
        ],
        verification=(
            "Tháng 10 vẫn có 18% hồ sơ trực tuyến bị trả lại: nguyên nhân chưa được loại bỏ, "
            "cần hành động khác."
        ),
    ),
    Story(
        title="Sổ theo dõi công văn đến ghi thiếu người xử lý",
        source="self_detected",
        description="Sổ công văn đến tháng 11 có 9 văn bản không ghi người được giao xử lý.",
        days_ago=3,
        end="open",
        unit="Văn phòng",
    ),
    Story(
        title="Hồ sơ lý lịch tư pháp trễ hạn (nhập trùng)",
        source="late_dossier",
        description="Nhập trùng hồ sơ cấp Phiếu lý lịch tư pháp trễ hạn.",
        days_ago=30,
        end="cancelled",
        cancel="Nhập trùng với sự không phù hợp về hồ sơ cấp Phiếu lý lịch tư pháp trễ hạn.",
    ),
]

WARD = [
    Story(
        title="Hồ sơ đăng ký khai sinh trả kết quả trễ hạn 01 ngày",
        source="late_dossier",
        reference="Hồ sơ số H39.105-261103-0041",
        description="Công chức tư pháp - hộ tịch đi tập huấn, không có người thay thế ký trình.",
        days_ago=20,
        end="started",
        unit="Trung tâm Phục vụ hành chính công",
        clause="8.5.1",
        correction="Trả kết quả trong buổi sáng hôm sau, xin lỗi công dân.",
        whys=[
            "Không có người ký trình thay khi công chức vắng mặt",
            "Chưa phân công người dự phòng cho lĩnh vực hộ tịch",
        ],
        acts=[
            Act(
                "corrective",
                "Phân công công chức dự phòng lĩnh vực tư pháp - hộ tịch",
                "secretary",
                -3,
            ),
            Act(
                "correction",
                "Gửi thư xin lỗi công dân",
                "staff",
                -15,
                "Đã gửi thư xin lỗi ngày hôm sau.",
            ),
        ],
    ),
    Story(
        title="Phản ánh thời gian chờ tại bộ phận một cửa quá lâu",
        source="complaint",
        reference="Phản ánh qua đường dây nóng",
        description="Người dân chờ hơn 60 phút vào sáng thứ Hai đầu tháng.",
        days_ago=90,
        end="closed",
        unit="Trung tâm Phục vụ hành chính công",
        clause="9.1.2",
        correction="Mở thêm quầy tiếp nhận trong buổi sáng hôm đó.",
        whys=["Lượng hồ sơ dồn vào đầu tuần", "Chưa có hệ thống xếp hàng tự động"],
        acts=[
            Act(
                "corrective",
                "Lắp đặt máy lấy số thứ tự tự động",
                "secretary",
                -45,
                "Đã lắp đặt và vận hành từ ngày 01/9.",
            ),
        ],
        verification="Khảo sát tháng 10: thời gian chờ bình quân 12 phút, không còn phản ánh.",
    ),
    Story(
        title="Biểu mẫu niêm yết còn ghi tên đơn vị hành chính cũ",
        source="self_detected",
        description="Một số tờ khai niêm yết tại quầy còn ghi tên phường trước sắp xếp.",
        days_ago=4,
        end="open",
        unit="Văn phòng HĐND và UBND",
    ),
]


def small_stories(agency: Agency) -> list[Story]:
    old = agency.iso_version == "2008"
    return [
        Story(
            title="Một số hồ sơ thủ tục hành chính giải quyết trễ hạn trong quý",
            source="late_dossier",
            description="Phần mềm một cửa ghi nhận 03 hồ sơ trả kết quả trễ hạn trong quý.",
            days_ago=30,
            end="started",
            # A dossier returned late fails the control of service provision.
            clause="7.5" if old else "8.5.1",
            correction="Thông báo và xin lỗi người nộp hồ sơ; ưu tiên giải quyết ngay.",
            whys=["Chưa theo dõi hạn giải quyết trên phần mềm hằng ngày"],
            acts=[
                Act(
                    "preventive" if old else "corrective",
                    "Giao bộ phận một cửa rà soát hồ sơ sắp đến hạn mỗi sáng",
                    "staff",
                    -2,
                ),
            ],
        ),
    ]


# (title, indicator, unit of measure, target, direction, quarterly values)
OBJECTIVES = [
    (
        "Giải quyết 100% hồ sơ thủ tục hành chính đúng hoặc trước hạn",
        "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "%",
        "100",
        AT_LEAST,
        ["99.2", "98.7", "100", "100"],
    ),
    (
        "Ít nhất 95% người dân hài lòng với việc giải quyết thủ tục hành chính",
        "Tỷ lệ người dân hài lòng qua phiếu khảo sát",
        "%",
        "95",
        AT_LEAST,
        ["96.5", "97", "94.2", "96"],
    ),
    (
        "Không quá 02 phản ánh về thái độ phục vụ mỗi quý",
        "Số phản ánh về thái độ phục vụ",
        "phản ánh",
        "2",
        AT_MOST,
        ["1", "3", "1", "0"],
    ),
]


def objectives(code: str, full: bool) -> list[tuple]:
    return OBJECTIVES if full else OBJECTIVES[:1]


def risks(code: str) -> list[tuple]:
    """(kind, title, description, likelihood, impact, next review in days, actions)."""
    return [
        (
            "risk",
            "Văn bản pháp luật thay đổi nhưng quy trình chưa được cập nhật kịp thời",
            "Nhiều thủ tục hành chính thay đổi sau sắp xếp tổ chức bộ máy năm 2025.",
            4,
            4,
            20,
            [Act("preventive", "Theo dõi văn bản pháp luật mới hằng tuần", "secretary", 10)],
        ),
        (
            "risk",
            "Hồ sơ giấy bị thất lạc khi chuyển giữa các bộ phận",
            "Hồ sơ chuyển tay giữa bộ phận một cửa và phòng chuyên môn không có ký nhận.",
            2,
            4,
            60,
            [
                Act(
                    "preventive",
                    "Áp dụng phiếu kiểm soát quá trình giải quyết hồ sơ có ký nhận",
                    "staff",
                    5,
                    "Đã áp dụng cho toàn bộ hồ sơ từ tháng 10.",
                )
            ],
        ),
        (
            "risk",
            "Mất dữ liệu phần mềm một cửa do sự cố máy chủ",
            "Máy chủ đặt tại cơ quan, chưa có bản sao lưu ở nơi khác.",
            2,
            5,
            -5,
            [],
        ),
        (
            "opportunity",
            "Tăng tỷ lệ nộp hồ sơ trực tuyến toàn trình",
            "Người dân đã quen dùng ứng dụng VNeID để xác thực.",
            4,
            3,
            45,
            [
                Act(
                    "improvement",
                    "Bố trí công chức hướng dẫn nộp hồ sơ trực tuyến tại quầy",
                    "staff",
                    30,
                )
            ],
        ),
    ]


MINUTES = {
    "previous_followup": (
        "Các quyết định của lần xem xét trước đã cơ bản hoàn thành; việc rà soát quy trình theo "
        "văn bản mới còn chậm, giao Thư ký ISO đôn đốc."
    ),
    "changes": (
        "Sắp xếp tổ chức bộ máy và thay đổi danh mục thủ tục hành chính làm thay đổi phạm vi áp "
        "dụng; cần công bố lại HTQLCL sau khi cập nhật quy trình."
    ),
    "customer_feedback": (
        "Người dân đánh giá cao thái độ phục vụ; phản ánh tập trung vào thời gian chờ và hướng "
        "dẫn thành phần hồ sơ."
    ),
    "objectives": (
        "Mục tiêu về tỷ lệ hài lòng chưa đạt ở quý III do thiếu nhân sự tiếp nhận; các mục tiêu "
        "khác đạt."
    ),
    "process_performance": (
        "Tỷ lệ hồ sơ đúng hạn đạt trên 98%; còn hồ sơ trễ hạn do chờ kết quả xác minh của cơ "
        "quan khác."
    ),
    "nonconformities": (
        "Các sự không phù hợp đều được phân tích nguyên nhân; một trường hợp hành động chưa có "
        "hiệu lực phải lập lại kế hoạch."
    ),
    "actions_status": (
        "Các hành động khắc phục, phòng ngừa cơ bản đúng hạn; còn hành động quá hạn cần đôn đốc."
    ),
    "audit_results": (
        "Đánh giá nội bộ phát hiện sự không phù hợp nhẹ về kiểm soát hồ sơ; đã khắc phục và "
        "kiểm tra xác nhận hiệu lực."
    ),
    "external_providers": "Đơn vị cung cấp phần mềm một cửa hỗ trợ kịp thời khi có sự cố.",
    "resources": "Cần bổ sung 01 công chức tiếp nhận hồ sơ và thiết bị quét tài liệu.",
    "risks": (
        "Rủi ro về cập nhật văn bản pháp luật vẫn ở mức cao; các hành động xử lý đang thực hiện."
    ),
    "improvement": "Đẩy mạnh hướng dẫn nộp hồ sơ trực tuyến toàn trình.",
    "recommendations": "Đề xuất ứng dụng chữ ký số trong ban hành tài liệu HTQLCL.",
}
# Minutes already written in this year's review, still a draft.
DRAFT_MINUTES = ("previous_followup", "changes")
CONCLUSION = (
    "HTQLCL của cơ quan phù hợp với TCVN ISO 9001 và được duy trì có hiệu lực. Tiếp tục cải "
    "tiến việc giải quyết hồ sơ đúng hạn và cập nhật văn bản pháp luật."
)
# (decision, owner, due days after the meeting, evidence when done)
DECISIONS = [
    (
        "Trang bị 01 máy quét tài liệu cho bộ phận một cửa",
        "secretary",
        60,
        "Đã trang bị và đưa vào sử dụng.",
    ),
    (
        "Tập huấn kỹ năng giao tiếp cho công chức tiếp nhận hồ sơ",
        "staff",
        120,
        "Đã tổ chức tập huấn 01 buổi, có danh sách tham dự.",
    ),
    ("Rà soát, cập nhật toàn bộ quy trình theo văn bản pháp luật mới", "drafter", 300, ""),
]


# The context register of the showcase agencies (4.1, 4.2 and Amd 1:2024).
CONTEXT = {
    "climate": (
        True,
        "Mưa lớn, lũ quét và sạt lở trong mùa mưa làm gián đoạn việc tiếp nhận, trả hồ sơ tại "
        "bộ phận một cửa và đường truyền của phần mềm; cơ quan xác định đây là vấn đề liên quan.",
    ),
    "issues": [
        (
            "external",
            "Sắp xếp đơn vị hành chính và chính quyền địa phương hai cấp từ 01/7/2025",
            "Thay đổi địa bàn, thẩm quyền và danh mục TTHC; phải rà soát lại các quy trình.",
        ),
        (
            "external",
            "Văn bản pháp luật về hộ tịch, chứng thực thay đổi thường xuyên",
            "Quy trình phải cập nhật trong 3 tháng kể từ ngày văn bản có hiệu lực.",
        ),
        (
            "internal",
            "Ít công chức có chứng chỉ đánh giá viên nội bộ",
            "Khó bố trí đoàn đánh giá độc lập với đơn vị được đánh giá.",
        ),
        (
            "internal",
            "Chuyển đổi số: hồ sơ điện tử trên Cổng dịch vụ công",
            "Thay đổi cách lưu hồ sơ và kiểm soát thông tin dạng văn bản.",
        ),
    ],
    "parties": [
        (
            "Người dân, tổ chức nộp hồ sơ TTHC",
            "Hồ sơ giải quyết đúng hạn, hướng dẫn rõ ràng, được xin lỗi khi trễ hạn.",
            "",
        ),
        (
            "UBND tỉnh, Sở Khoa học và Công nghệ",
            "Duy trì và cải tiến hệ thống theo TCVN ISO 9001; báo cáo năm đúng hạn.",
            "Lồng ghép kế hoạch ứng phó biến đổi khí hậu của tỉnh vào hoạt động của cơ quan.",
        ),
        (
            "Công chức, viên chức của cơ quan",
            "Quy trình rõ ràng, được đào tạo, điều kiện làm việc an toàn.",
            "",
        ),
    ],
}

# Planning of changes (6.3): (the change, purpose and consequences, keeping the system whole,
# resources, who answers ("leader" or "secretary"), days from today to the due date, the
# effectiveness found (None: not made yet)).
PLANNED_CHANGES = [
    (
        "Tiếp nhận hồ sơ trực tuyến toàn trình cho các thủ tục mức độ toàn trình",
        "Người dân không phải đến nộp hồ sơ giấy; có thể phát sinh hồ sơ điện tử thiếu thành "
        "phần, cần hướng dẫn lại qua điện thoại.",
        "Bộ phận một cửa vẫn nhận hồ sơ giấy trong thời gian chuyển đổi.",
        "Tài khoản trên Cổng dịch vụ công; 2 máy quét tại bộ phận một cửa.",
        "leader",
        -120,
        "Ba tháng sau: 61% hồ sơ nộp trực tuyến, không hồ sơ nào bị trả vì thiếu thành phần.",
    ),
    (
        "Sắp xếp lại phòng chuyên môn theo quyết định tổ chức bộ máy mới",
        "Thay đổi phân công xử lý hồ sơ; các quy trình nêu tên phòng cũ phải sửa.",
        "Giữ nguyên người xử lý hồ sơ đang giải quyết cho đến khi trả kết quả.",
        "",
        "secretary",
        45,
        None,
    ),
]
