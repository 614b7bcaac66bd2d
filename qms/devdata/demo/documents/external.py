"""External documents of the demo: standards, laws, decrees, circulars, the provincial
decisions announcing TTHC lists and the TTHC themselves, and which agency registers which."""

from datetime import date
from decimal import Decimal

from documents.models import ExternalDocument
from qms.agencies.models import Agency

K = ExternalDocument.Kind

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


def external_numbers(agency: Agency) -> list[str]:
    standards = ["TCVN ISO 9001:2015"]
    if agency.iso_version == "2008":
        standards.insert(0, "TCVN ISO 9001:2008")
    if agency.iso_version == "2015":
        standards.append("101/QĐ-BKHCN")
    return standards + COMMON_EXTERNAL + IN_DEPTH_EXTERNAL.get(agency.code, [])
