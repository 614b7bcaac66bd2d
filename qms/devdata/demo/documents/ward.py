"""UBND phường Xuân Hương ("p-xuanhuong"): its TTHC procedures (in ``ward_tthc``), its
one-stop desk, its own work and a guide."""

from dataclasses import replace

from documents.models import DocumentReview
from qms.devdata.demo.documents import ward_tthc
from qms.devdata.demo.documents.one_stop import one_stop
from qms.devdata.demo.documents.specs import Ctx, Spec, record, step
from qms.devdata.demo.documents.ward_tthc import DESK, SIGNER


def specs(ctx: Ctx) -> list[Spec]:
    return [
        *ward_tthc.procedures(ctx),  # QT-07 to QT-11
        replace(
            one_stop(ctx, "QT-12", DESK, DESK),
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
