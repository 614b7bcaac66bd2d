"""Sở Tư pháp: the procedures of its own work, which no TTHC governs: correspondence, legal
documents, citizens' complaints, personnel files."""

from documents.models import DocumentReview
from qms.devdata.demo.documents.specs import Ctx, Spec, record, step


def procedures(ctx: Ctx) -> list[Spec]:
    return [
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
    ]
