"""The one-stop desk procedure, which Sở Tư pháp and the ward both have."""

from qms.devdata.demo.documents.specs import Ctx, Spec, form, record, step


def one_stop(ctx: Ctx, code: str, desk: str, unit: str) -> Spec:
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
            form(
                f"BM-01-{code}",
                "Phiếu hướng dẫn hoàn thiện hồ sơ",
                "Tên thủ tục | Giấy tờ cần bổ sung, hoàn thiện | Lý do | Công chức hướng dẫn",
            ),
            form(
                f"BM-02-{code}",
                "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả",
                "Mã hồ sơ | Tên thủ tục | Thành phần hồ sơ | Ngày nhận | Ngày hẹn trả | Công chức "
                "tiếp nhận",
            ),
            form(
                f"BM-03-{code}",
                "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                "Mã hồ sơ | Lý do trễ hạn | Ngày hẹn trả lại | Người ký",
            ),
        ],
    )
