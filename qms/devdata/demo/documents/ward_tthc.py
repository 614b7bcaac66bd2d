"""UBND phường Xuân Hương ("p-xuanhuong"): the procedures implementing its TTHC of civil
status (hộ tịch) and certification (chứng thực)."""

from documents.models import DocumentReview
from qms.devdata.demo.documents.specs import Ctx, Revise, Spec, record, step

DESK = "Trung tâm Phục vụ hành chính công"
CLERK = "Công chức tư pháp - hộ tịch"
SIGNER = "Chủ tịch hoặc Phó Chủ tịch UBND phường"


def _procedure(
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
    spec = _procedure(
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


def procedures(ctx: Ctx) -> list[Spec]:
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
        _procedure(
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
        _procedure(
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
        _procedure(
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
        _procedure(
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
    ]
