"""The lists of administrative procedures (TTHC) the demo agencies import, as a secretary would
from the province's published list: the import updates the TTHC already registered (adding
their level and field) and registers the others.

Codes and names follow the national TTHC database as quoted in public sources (provincial
2025 lists of the civil status and certification fields); the legal time limits are those of
the Luật Hộ tịch 2014, Nghị định 123/2015/NĐ-CP and 23/2015/NĐ-CP.
"""

from decimal import Decimal

from documents.services.tthc import tthc_import
from documents.tthc import TthcRow
from qms.agencies.models import Agency, User

COMMUNE, CIVIL, CERTIFY = "Cấp xã", "Hộ tịch", "Chứng thực"


def _row(code: str, name: str, sector: str, days: str, level: str = COMMUNE) -> TthcRow:
    return TthcRow(code=code, name=name, level=level, sector=sector, time_limit_days=Decimal(days))


LISTS = {
    "p-xuanhuong": [
        _row("1.001193", "Đăng ký khai sinh", CIVIL, "1"),
        _row("1.004884", "Đăng ký lại khai sinh", CIVIL, "5"),
        _row("1.000894", "Đăng ký kết hôn", CIVIL, "5"),
        _row("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", CIVIL, "3"),
        _row("1.000656", "Đăng ký khai tử", CIVIL, "1"),
        _row("1.004837", "Đăng ký giám hộ", CIVIL, "3"),
        _row("1.004845", "Đăng ký chấm dứt giám hộ", CIVIL, "2"),
        _row("1.001022", "Đăng ký nhận cha, mẹ, con", CIVIL, "3"),
        _row("1.004859", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", CIVIL, "3"),
        _row("2.000635", "Cấp bản sao Trích lục hộ tịch", CIVIL, "1"),
        _row(
            "2.000815",
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm "
            "quyền của Việt Nam cấp hoặc chứng nhận",
            CERTIFY,
            "1",
        ),
        _row(
            "2.000884",
            "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng "
            "thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm "
            "chỉ được)",
            CERTIFY,
            "1",
        ),
    ],
    "sotp": [
        _row("2.000635", "Cấp bản sao Trích lục hộ tịch", CIVIL, "1", level="Cấp tỉnh"),
    ],
}


def load(agency: Agency, by: User) -> None:
    """Import the agency's list, if it has one; a second run changes nothing."""
    rows = LISTS.get(agency.code)
    if rows:
        tthc_import(agency=agency, by=by, rows=rows)
