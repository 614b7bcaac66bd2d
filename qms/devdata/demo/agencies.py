"""Demo province: the People's Committee of Lâm Đồng with its departments, the former cities
Đà Lạt and Bảo Lộc, former districts and the communes and wards that replaced them on
01/07/2025, their units and people in every role. Idempotent: rows are found by their codes.
"""

from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, Unit, User
from qms.agencies.roles import Role
from qms.agencies.services import agency_create, agency_roles_assign
from qms.devdata.demo.run import PROVINCE_CODE, WHOLE_PROVINCE, DemoRun

DEMO_PASSWORD = "qms-demo-2026"
L = Agency.Level
DEPARTMENT_UNITS = ["Văn phòng", "Thanh tra", "Phòng Kế hoạch - Tài chính"]
COMMUNE_UNITS = [
    "Văn phòng HĐND và UBND",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
    "Trung tâm Phục vụ hành chính công",
]

# (code, name, short name, level, parent code, ISO version, mandatory, own units)
AGENCIES = [
    (
        "lamdong",
        "Ủy ban nhân dân tỉnh Lâm Đồng",
        "UBND tỉnh Lâm Đồng",
        L.PROVINCE,
        None,
        "2015",
        True,
        [],
    ),
    (
        "vp-ubnd",
        "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng",
        "Văn phòng UBND tỉnh",
        L.DEPARTMENT,
        "lamdong",
        "2015",
        True,
        ["Phòng Hành chính - Tổ chức", "Phòng Kinh tế", "Phòng Khoa giáo - Văn xã"],
    ),
    (
        "sonv",
        "Sở Nội vụ tỉnh Lâm Đồng",
        "Sở Nội vụ",
        L.DEPARTMENT,
        "lamdong",
        "2015",
        True,
        ["Phòng Tổ chức, biên chế", "Phòng Cải cách hành chính"],
    ),
    (
        "sotp",
        "Sở Tư pháp tỉnh Lâm Đồng",
        "Sở Tư pháp",
        L.DEPARTMENT,
        "lamdong",
        "2015",
        True,
        ["Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp", "Phòng Xây dựng và kiểm tra văn bản"],
    ),
    (
        "sokhcn",
        "Sở Khoa học và Công nghệ tỉnh Lâm Đồng",
        "Sở KH&CN",
        L.DEPARTMENT,
        "lamdong",
        "2015",
        True,
        [
            "Phòng Quản lý khoa học",
            "Phòng Quản lý công nghệ và thị trường công nghệ",
            "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        ],
    ),
    (
        "sotc",
        "Sở Tài chính tỉnh Lâm Đồng",
        "Sở Tài chính",
        L.DEPARTMENT,
        "lamdong",
        "2015",
        True,
        ["Phòng Quản lý ngân sách", "Phòng Đăng ký kinh doanh"],
    ),
    (
        "sokhdt",
        "Sở Kế hoạch và Đầu tư tỉnh Lâm Đồng (trước 01/3/2025)",
        "Sở KH&ĐT",
        L.DEPARTMENT,
        "lamdong",
        "2008",
        True,
        ["Phòng Đăng ký kinh doanh"],
    ),
    (
        "soyt",
        "Sở Y tế tỉnh Lâm Đồng",
        "Sở Y tế",
        L.DEPARTMENT,
        "lamdong",
        "2015",
        True,
        ["Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược"],
    ),
    (
        "sogddt",
        "Sở Giáo dục và Đào tạo tỉnh Lâm Đồng",
        "Sở GD&ĐT",
        L.DEPARTMENT,
        "lamdong",
        "2015",
        True,
        ["Phòng Giáo dục Trung học", "Phòng Khảo thí và Kiểm định chất lượng"],
    ),
    (
        "sotttt",
        "Sở Thông tin và Truyền thông tỉnh Lâm Đồng (trước 01/3/2025)",
        "Sở TT&TT",
        L.DEPARTMENT,
        "lamdong",
        "2008",
        True,
        ["Phòng Bưu chính, Viễn thông"],
    ),
    (
        "sotnmt",
        "Sở Tài nguyên và Môi trường tỉnh Lâm Đồng (trước 01/3/2025)",
        "Sở TN&MT",
        L.DEPARTMENT,
        "lamdong",
        "2015",
        True,
        ["Phòng Quản lý đất đai", "Phòng Môi trường"],
    ),
    (
        "sonnmt",
        "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
        "Sở NN&MT",
        L.DEPARTMENT,
        "lamdong",
        "2015",
        True,
        ["Phòng Quản lý đất đai", "Phòng Trồng trọt và Bảo vệ thực vật"],
    ),
    (
        "cc-tdc",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng tỉnh Lâm Đồng",
        "Chi cục TĐC",
        L.SUB_DEPARTMENT,
        "sokhcn",
        "2015",
        False,
        ["Phòng Quản lý Tiêu chuẩn Chất lượng"],
    ),
    (
        "ttcntt",
        "Trung tâm Công nghệ thông tin tỉnh Lâm Đồng",
        "Trung tâm CNTT",
        L.PUBLIC_SERVICE,
        "sokhcn",
        "2015",
        False,
        ["Phòng Kỹ thuật"],
    ),
    (
        "tp-dalat",
        "Ủy ban nhân dân thành phố Đà Lạt",
        "UBND TP Đà Lạt",
        L.DISTRICT,
        "lamdong",
        "2015",
        True,
        [],
    ),
    (
        "tp-baoloc",
        "Ủy ban nhân dân thành phố Bảo Lộc",
        "UBND TP Bảo Lộc",
        L.DISTRICT,
        "lamdong",
        "2015",
        True,
        [],
    ),
    (
        "h-ductrong",
        "Ủy ban nhân dân huyện Đức Trọng",
        "UBND huyện Đức Trọng",
        L.DISTRICT,
        "lamdong",
        "2008",
        True,
        [],
    ),
    (
        "h-dilinh",
        "Ủy ban nhân dân huyện Di Linh",
        "UBND huyện Di Linh",
        L.DISTRICT,
        "lamdong",
        "2008",
        True,
        [],
    ),
    (
        "p-xuanhuong",
        "Ủy ban nhân dân phường Xuân Hương - Đà Lạt",
        "UBND phường Xuân Hương - Đà Lạt",
        L.COMMUNE,
        "lamdong",
        "2015",
        True,
        COMMUNE_UNITS,
    ),
    (
        "p-lamvien",
        "Ủy ban nhân dân phường Lâm Viên - Đà Lạt",
        "UBND phường Lâm Viên - Đà Lạt",
        L.COMMUNE,
        "lamdong",
        "2015",
        True,
        COMMUNE_UNITS,
    ),
    (
        "p-camly",
        "Ủy ban nhân dân phường Cam Ly - Đà Lạt",
        "UBND phường Cam Ly - Đà Lạt",
        L.COMMUNE,
        "lamdong",
        "2015",
        True,
        COMMUNE_UNITS,
    ),
    (
        "p-blao",
        "Ủy ban nhân dân phường B'Lao",
        "UBND phường B'Lao",
        L.COMMUNE,
        "lamdong",
        "2015",
        True,
        COMMUNE_UNITS,
    ),
    (
        "x-ductrong",
        "Ủy ban nhân dân xã Đức Trọng",
        "UBND xã Đức Trọng",
        L.COMMUNE,
        "lamdong",
        "2015",
        True,
        COMMUNE_UNITS,
    ),
    (
        "x-hiepthanh",
        "Ủy ban nhân dân xã Hiệp Thạnh",
        "UBND xã Hiệp Thạnh",
        L.COMMUNE,
        "lamdong",
        "2015",
        True,
        COMMUNE_UNITS,
    ),
    (
        "x-dilinh",
        "Ủy ban nhân dân xã Di Linh",
        "UBND xã Di Linh",
        L.COMMUNE,
        "lamdong",
        "2015",
        False,
        COMMUNE_UNITS,
    ),
    (
        "x-langbiang",
        "Ủy ban nhân dân xã Lang Biang - Đà Lạt",
        "UBND xã Lang Biang - Đà Lạt",
        L.COMMUNE,
        "lamdong",
        "2008",
        False,
        COMMUNE_UNITS,
    ),
]

# Former agencies and where their work went on the date the reorganisation took effect.
MERGERS = [
    ("sokhdt", "sotc", date(2025, 3, 1)),
    ("sotttt", "sokhcn", date(2025, 3, 1)),
    ("sotnmt", "sonnmt", date(2025, 3, 1)),
    ("tp-dalat", "p-xuanhuong", date(2025, 7, 1)),
    ("tp-baoloc", "p-blao", date(2025, 7, 1)),
    ("h-ductrong", "x-ductrong", date(2025, 7, 1)),
    ("h-dilinh", "x-dilinh", date(2025, 7, 1)),
]

# (username, full name, position, agency code, unit name, roles). The first block is the cast
# the README introduces; the rest give every agency a secretary, a leader and an administrator.
# Communes and wards of the merged province that have not started their system yet: no ISO
# team, no documents. They make the province as long as a real one in the pickers and the
# dashboard's list (after 01/07/2025 Lâm Đồng has more than a hundred). (code, name)
NOT_STARTED_COMMUNES = [
    ("p-xuantruong", "Ủy ban nhân dân phường Xuân Trường - Đà Lạt"),
    ("p-1-baoloc", "Ủy ban nhân dân phường 1 Bảo Lộc"),
    ("p-2-baoloc", "Ủy ban nhân dân phường 2 Bảo Lộc"),
    ("p-3-baoloc", "Ủy ban nhân dân phường 3 Bảo Lộc"),
    ("p-phanthiet", "Ủy ban nhân dân phường Phan Thiết"),
    ("p-muine", "Ủy ban nhân dân phường Mũi Né"),
    ("p-hamthang", "Ủy ban nhân dân phường Hàm Thắng"),
    ("p-phuthuy", "Ủy ban nhân dân phường Phú Thủy"),
    ("p-lagi", "Ủy ban nhân dân phường La Gi"),
    ("p-bacgianghia", "Ủy ban nhân dân phường Bắc Gia Nghĩa"),
    ("p-namgianghia", "Ủy ban nhân dân phường Nam Gia Nghĩa"),
    ("p-donggianghia", "Ủy ban nhân dân phường Đông Gia Nghĩa"),
    ("x-lacduong", "Ủy ban nhân dân xã Lạc Dương"),
    ("x-donduong", "Ủy ban nhân dân xã Đơn Dương"),
    ("x-kado", "Ủy ban nhân dân xã Ka Đô"),
    ("x-dran", "Ủy ban nhân dân xã D'Ran"),
    ("x-lamha", "Ủy ban nhân dân xã Lâm Hà"),
    ("x-cattien", "Ủy ban nhân dân xã Cát Tiên"),
    ("x-tuyphong", "Ủy ban nhân dân xã Tuy Phong"),
    ("x-hamthuanbac", "Ủy ban nhân dân xã Hàm Thuận Bắc"),
    ("x-baolam", "Ủy ban nhân dân xã Bảo Lâm"),
    ("dk-phuquy", "Ủy ban nhân dân đặc khu Phú Quý"),
]

PEOPLE = [
    (
        "lan.tk",
        "Nguyễn Thị Lan",
        "Chuyên viên, Thư ký ISO",
        "sotp",
        "Văn phòng",
        [Role.ISO_SECRETARY, Role.STAFF],
    ),
    (
        "hung.st",
        "Trần Văn Hùng",
        "Chuyên viên",
        "sotp",
        "Phòng Hành chính tư pháp",
        [Role.DRAFTER, Role.STAFF],
    ),
    (
        "mai.xx",
        "Lê Thị Mai",
        "Trưởng phòng Hành chính tư pháp",
        "sotp",
        "Phòng Hành chính tư pháp",
        [Role.REVIEWER, Role.STAFF],
    ),
    ("minh.ld", "Phạm Văn Minh", "Phó Giám đốc", "sotp", "Văn phòng", [Role.APPROVER]),
    ("thao.dg", "Võ Thị Thảo", "Chánh Thanh tra", "sotp", "Thanh tra", [Role.AUDITOR, Role.STAFF]),
    ("hoa.cb", "Đỗ Thị Hoa", "Chuyên viên", "sotp", "Phòng Bổ trợ tư pháp", [Role.STAFF]),
    (
        "quan.qt",
        "Hoàng Minh Quân",
        "Chánh Văn phòng",
        "sotp",
        "Văn phòng",
        [Role.ADMIN, Role.STAFF],
    ),
    (
        "tuan.gs",
        "Ngô Anh Tuấn",
        "Phó Chi cục trưởng Chi cục TĐC",
        "sokhcn",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        [Role.STAFF],
    ),
    (
        "yen.tk",
        "Bùi Thị Hải Yến",
        "Công chức Văn phòng - Thống kê",
        "p-xuanhuong",
        "Văn phòng HĐND và UBND",
        [Role.ISO_SECRETARY, Role.DRAFTER, Role.ADMIN],
    ),
    (
        "dung.ct",
        "Đặng Quốc Dũng",
        "Chủ tịch UBND phường",
        "p-xuanhuong",
        "Văn phòng HĐND và UBND",
        [Role.APPROVER],
    ),
    (
        "phuong.cc",
        "Lý Thị Phương",
        "Công chức Tư pháp - Hộ tịch",
        "p-xuanhuong",
        "Trung tâm Phục vụ hành chính công",
        [Role.DRAFTER, Role.AUDITOR, Role.STAFF],
    ),
    (
        "son.tp",
        "Trịnh Văn Sơn",
        "Trưởng phòng Kinh tế",
        "p-xuanhuong",
        "Phòng Kinh tế",
        [Role.REVIEWER, Role.AUDITOR, Role.STAFF],
    ),
]
# The supervisor's role sits on the province root; he also belongs to Sở KH&CN above.
SUPERVISORS = [("tuan.gs", PROVINCE_CODE)]

# The Ministry of Science and Technology, outside every province; its supervisor reads every
# province (the national roll-up) and changes nothing.
MINISTRY = ("bokhcn", "Bộ Khoa học và Công nghệ", "Bộ KH&CN")
MINISTRY_UNIT = "Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia"
NATIONAL_SUPERVISORS = [("hung.bo", "Phạm Quang Hưng", "Chuyên viên")]

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
_GIVEN = [
    "Thị Thu Hà",
    "Văn Long",
    "Thị Ngọc Anh",
    "Minh Đức",
    "Thị Hương",
    "Quang Vinh",
    "Thị Kim Oanh",
    "Văn Toàn",
    "Thị Bích Ngọc",
    "Hữu Phước",
    "Thị Thanh Tâm",
    "Đức Thắng",
]


@transaction.atomic
def load(run: DemoRun = WHOLE_PROVINCE) -> None:
    agencies = _load_agencies()
    # Hashing is slow on purpose; every demo account shares one password, so hash it once.
    password = make_password(DEMO_PASSWORD)
    _load_people(agencies, password)
    _load_ministry(password)
    if not User.objects.filter(username="admin").exists():
        User.objects.create(
            username="admin",
            full_name="Quản trị hệ thống",
            password=password,
            is_staff=True,
            is_superuser=True,
        )
    run.say(
        _("Province and people: %(agencies)s agencies, %(units)s units, %(users)s accounts")
        % {
            "agencies": Agency.objects.count(),
            "units": Unit.objects.count(),
            "users": User.objects.count(),
        }
    )


def _load_agencies() -> dict[str, Agency]:
    agencies = {
        agency.code: agency for agency in Agency.objects.filter(code__in=[a[0] for a in AGENCIES])
    }
    for code, name, short, level, parent_code, version, mandatory, units in AGENCIES:
        if code not in agencies:
            agencies[code] = agency_create(
                name=name,
                code=code,
                short_name=short,
                level=level,
                parent=agencies[parent_code] if parent_code else None,
                iso_version=version,
                iso_mandatory=mandatory,
            )
        unit_names = units or (DEPARTMENT_UNITS if level == L.DEPARTMENT else [])
        for unit_name in DEPARTMENT_UNITS + unit_names if level == L.DEPARTMENT else unit_names:
            Unit.objects.get_or_create(agency=agencies[code], name=unit_name)
    existing = set(
        Agency.objects.filter(code__in=[c for c, _n in NOT_STARTED_COMMUNES]).values_list(
            "code", flat=True
        )
    )
    for code, name in NOT_STARTED_COMMUNES:
        if code not in existing:
            agency_create(
                name=name,
                code=code,
                short_name=name.replace("Ủy ban nhân dân", "UBND"),
                level=L.COMMUNE,
                parent=agencies[PROVINCE_CODE],
                iso_version="2015",
                iso_mandatory=False,
            )
    for code, into, on in MERGERS:
        agency = agencies[code]
        if agency.merged_into_id is None:
            agency.is_active, agency.merged_into, agency.merged_on = False, agencies[into], on
            agency._change_reason = "Sắp xếp tổ chức bộ máy"
            agency.save(update_fields=["is_active", "merged_into", "merged_on"])
    return agencies


def _person(username, full_name, position, agency, unit_name, password) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        unit = Unit.objects.filter(agency=agency, name=unit_name).first()
        user = User(
            username=username,
            full_name=full_name,
            position=position,
            unit=unit,
            email=f"{username}@{agency.code}.lamdong.gov.vn",
        )
        user.password = password
        user._change_reason = "Dữ liệu mẫu"
        user.save()
    return user


def _load_people(agencies: dict[str, Agency], password: str) -> None:
    for username, full_name, position, code, unit_name, roles in PEOPLE:
        user = _person(username, full_name, position, agencies[code], unit_name, password)
        agency_roles_assign(agency=agencies[code], user=user, roles=roles)
    for username, code in SUPERVISORS:
        agency_roles_assign(
            agency=agencies[code], user=User.objects.get(username=username), roles=[Role.SUPERVISOR]
        )
    # Agencies whose ISO team is in PEOPLE; the others get a secretary, a leader and an
    # administrator who also reviews, so that nobody reviews their own drafts. The secretary
    # and the administrator are the agency's two trained internal auditors.
    cast = {code for _u, _n, _p, code, _unit, roles in PEOPLE if Role.ISO_SECRETARY in roles}
    for index, (code, *_rest) in enumerate(AGENCIES):
        agency = agencies[code]
        if code in cast or not agency.is_active or agency.level == L.PROVINCE:
            continue
        first_unit = agency.units.order_by("pk").first()
        for offset, (role, position, extra) in enumerate(
            [
                (Role.ISO_SECRETARY, "Chuyên viên, Thư ký ISO", [Role.AUDITOR]),
                (Role.APPROVER, "Lãnh đạo cơ quan", []),
                (Role.ADMIN, "Chánh Văn phòng", [Role.REVIEWER, Role.AUDITOR]),
            ]
        ):
            name = f"{_FAMILY[(index + offset) % len(_FAMILY)]} {_GIVEN[(index * 3 + offset) % len(_GIVEN)]}"
            user = _person(
                f"{role.value.split('_')[-1]}.{code}",
                name,
                position,
                agency,
                first_unit.name if first_unit else "",
                password,
            )
            agency_roles_assign(agency=agency, user=user, roles=[role, *extra, Role.STAFF])


def _load_ministry(password: str) -> None:
    code, name, short_name = MINISTRY
    ministry = Agency.objects.filter(code=code).first() or agency_create(
        name=name, code=code, short_name=short_name, level=L.MINISTRY
    )
    Unit.objects.get_or_create(agency=ministry, name=MINISTRY_UNIT)
    for username, full_name, position in NATIONAL_SUPERVISORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                position=position,
                unit=Unit.objects.get(agency=ministry, name=MINISTRY_UNIT),
                email=f"{username}@most.gov.vn",
                password=password,
            )
            user._change_reason = "Dữ liệu mẫu"
            user.save()
        agency_roles_assign(agency=ministry, user=user, roles=[Role.SUPERVISOR])
