"""The documents every agency has: quality policy, objectives, manual, and the system
procedures for controlling documents and records (the rest are in ``improvement``)."""

from qms.devdata.demo.documents import improvement
from qms.devdata.demo.documents.specs import Ctx, Spec, form, record, step


def standard_set(ctx: Ctx) -> list[Spec]:
    procedures = [*_control_procedures(ctx), *improvement.procedures(ctx)]
    # The system procedures rest on the standard and the decisions applying it; record control
    # also on the circular setting retention periods.
    cited = ctx.base_cited()
    for spec in procedures:
        spec.cited = cited + (("10/2022/TT-BNV",) if spec.code == "QT-02" else ())
    return [_policy(ctx), _objectives(ctx), _manual(ctx), *procedures]


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


def document_control(ctx: Ctx, *, electronic: bool = False) -> dict:
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


def _control_procedures(ctx: Ctx) -> list[Spec]:
    leader, units = ctx.leader, ctx.units
    return [
        Spec(
            "QT-01",
            "Quy trình kiểm soát tài liệu",
            document_control(ctx),
            clauses="documents",
            forms=[
                form(
                    "BM-01-QT-01",
                    "Danh mục tài liệu nội bộ",
                    "STT | Tên tài liệu | Mã hiệu | Lần ban hành | Ngày ban hành | Nơi nhận | "
                    "Ghi chú",
                ),
                form(
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
                form(
                    "BM-01-QT-02",
                    "Danh mục hồ sơ",
                    "STT | Tên hồ sơ | Nơi lưu | Người lưu | Thời gian lưu | Ghi chú",
                ),
            ],
        ),
    ]
