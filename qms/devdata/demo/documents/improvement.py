"""The system procedures that check and improve the system: internal audit, nonconformity
and corrective action, then risk and management review (ISO 9001:2015) or preventive action
(ISO 9001:2008)."""

from qms.devdata.demo.documents.specs import Ctx, Spec, form, record, step


def procedures(ctx: Ctx) -> list[Spec]:
    leader, units = ctx.leader, ctx.units
    specs = [
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
                form(
                    "BM-01-QT-03",
                    "Chương trình, kế hoạch đánh giá nội bộ",
                    "Đơn vị được đánh giá | Quá trình, điều khoản | Thời gian | Chuyên gia đánh "
                    "giá | Người tiếp đoàn",
                ),
                form(
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
                form(
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
    return specs
