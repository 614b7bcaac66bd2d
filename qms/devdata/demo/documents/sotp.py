"""Sở Tư pháp ("sotp"): the TTHC procedures it implements, its one-stop desk, a guide, and
issue 2 of its document control procedure. Its procedures for its own work are in
``sotp_internal``."""

from dataclasses import replace

from qms.devdata.demo.documents import sotp_internal
from qms.devdata.demo.documents.one_stop import one_stop
from qms.devdata.demo.documents.specs import Ctx, Revise, Spec, form, record, step
from qms.devdata.demo.documents.system import document_control


def specs(ctx: Ctx) -> list[Spec]:
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
                form(
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
            one_stop(ctx, "QT-09", "Bộ phận Một cửa", "Văn phòng"),
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
        *sotp_internal.procedures(ctx),  # QT-10 to QT-15
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


def revise_document_control(ctx: Ctx, specs: list[Spec]) -> None:
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
                content=document_control(ctx, electronic=True),
                by="reviewer",
            ),
        ),
    )
