"""Scale data set, organisation part: provinces with agencies at every level, their units,
people in every role and the role groups with their guardian permissions.

Each province has its People's Committee (the root, where the supervisors of the Sở KH&CN
hold their role), up to 14 departments (Sở, after 01/07/2025), sub-departments (Chi cục) under
them, public service units, former districts merged into communes (inactive, as the 2025
reorganisation left them) and communes, wards and special zones for the rest. Every active
agency below the root gets an ISO team (secretary, drafter, reviewer, approver, internal
auditor, administrator) and ``plan.staff`` staff members, spread over its units. Outside the
provinces, the Ministry (Bộ KH&CN) and its supervisor read the national roll-up.
"""

from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from qms.agencies.models import Agency, AgencyGroupObjectPermission, AgencyRole, Unit, User
from qms.agencies.roles import ROLE_PERMISSIONS, Role
from qms.agencies.services import agency_create, agency_roles_assign
from qms.devdata.demo.agencies import DEMO_PASSWORD
from qms.devdata.scale.seeding import Seeding, stamp

L = Agency.Level
REASON = "Dữ liệu quy mô"
REORGANISED_ON = date(2025, 7, 1)

PROVINCES = [
    "Lâm Đồng", "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Lai Châu",
    "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Đắk Lắk", "Đồng Nai",
    "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip
DEPARTMENTS = [
    ("sonv", "Sở Nội vụ"), ("sotc", "Sở Tài chính"), ("sotp", "Sở Tư pháp"),
    ("soct", "Sở Công Thương"), ("sonnmt", "Sở Nông nghiệp và Môi trường"),
    ("soxd", "Sở Xây dựng"), ("sogddt", "Sở Giáo dục và Đào tạo"), ("soyt", "Sở Y tế"),
    ("sovhttdl", "Sở Văn hóa, Thể thao và Du lịch"), ("sokhcn", "Sở Khoa học và Công nghệ"),
    ("sodttg", "Sở Dân tộc và Tôn giáo"), ("songv", "Sở Ngoại vụ"),
    ("vp-ubnd", "Văn phòng Ủy ban nhân dân tỉnh"), ("ttr", "Thanh tra tỉnh"),
]  # fmt: skip
SUB_DEPARTMENTS = [
    ("cc-tdc", "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
    ("cc-kl", "Chi cục Kiểm lâm"),
    ("cc-tl", "Chi cục Thủy lợi"),
    ("cc-ts", "Chi cục Thủy sản"),
]
PUBLIC_SERVICE = [
    ("ttphcc", "Trung tâm Phục vụ hành chính công tỉnh"),
    ("ttcntt", "Trung tâm Công nghệ thông tin và Truyền thông"),
    ("ttqtdd", "Văn phòng Đăng ký đất đai"),
]
PLACE_FIRST = [
    "Tân", "Phú", "Bình", "An", "Hòa", "Long", "Thạnh", "Xuân", "Đức", "Hưng",
    "Phước", "Vĩnh", "Quảng", "Thuận", "Minh", "Đông", "Tây", "Nam", "Bắc", "Trung",
]  # fmt: skip
PLACE_SECOND = [
    "Lợi", "Thành", "Hiệp", "Lộc", "Phong", "Sơn", "Hà", "Hải",
    "Thịnh", "Bình", "Mỹ", "Khánh", "Hòa", "An", "Tiến", "Hưng",
]  # fmt: skip
DEPARTMENT_UNITS = [
    ("VP", "Văn phòng"),
    ("TTr", "Thanh tra"),
    ("KHTC", "Phòng Kế hoạch - Tài chính"),
    ("NV", "Phòng Nghiệp vụ"),
]
COMMUNE_UNITS = [
    ("VP", "Văn phòng HĐND và UBND"),
    ("KT", "Phòng Kinh tế"),
    ("VHXH", "Phòng Văn hóa - Xã hội"),
    ("PVHCC", "Trung tâm Phục vụ hành chính công"),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hữu", "Ngọc", "Quốc", "Thu", "Đức", "Hải"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm",
    "Thảo", "Thắng", "Trang", "Tuấn", "Vân", "Yến",
]  # fmt: skip
# (role name in usernames, roles held, position)
TEAM = [
    ("secretary", [Role.ISO_SECRETARY, Role.STAFF], "Chuyên viên, Thư ký ISO"),
    ("drafter", [Role.DRAFTER, Role.STAFF], "Chuyên viên"),
    ("reviewer", [Role.REVIEWER, Role.STAFF], "Trưởng phòng"),
    ("approver", [Role.APPROVER, Role.STAFF], "Phó Giám đốc"),
    ("auditor", [Role.AUDITOR, Role.STAFF], "Chuyên gia đánh giá nội bộ"),
    ("admin", [Role.ADMIN, Role.STAFF], "Chánh Văn phòng"),
]


def seed(seeding: Seeding) -> None:
    plan = seeding.plan
    password = make_password(DEMO_PASSWORD)  # slow on purpose: hash once for everyone
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="qms", content_type__model="agency"
        )
    }
    agencies, people = [], {}
    for index in range(plan.provinces):
        province_agencies = _agencies(seeding, index)
        agencies += province_agencies
        _roles(seeding, province_agencies, permissions)
        _units(seeding, province_agencies)
        people.update(_people(seeding, province_agencies, password))
        seeding.log(f"  {province_agencies[0].name}: {len(province_agencies)} agencies")
    _ministry(password)
    seeding.data["agencies"] = agencies
    seeding.data["people"] = people  # agency pk -> {"secretary": User, …, "staff": [User]}


def _level_sizes(total: int) -> dict[str, int]:
    """How many agencies of each level a province of ``total`` gets; every level at least once."""
    below = max(total - 1, 5)
    sizes = {
        L.DEPARTMENT: min(len(DEPARTMENTS), max(1, round(below * 0.07))),
        L.SUB_DEPARTMENT: min(len(SUB_DEPARTMENTS), max(1, round(below * 0.015))),
        L.PUBLIC_SERVICE: min(len(PUBLIC_SERVICE), max(1, round(below * 0.015))),
        L.DISTRICT: max(1, round(below * 0.02)),
    }
    sizes[L.COMMUNE] = max(1, below - sum(sizes.values()))
    return sizes


def _agencies(seeding: Seeding, index: int) -> list[Agency]:
    plan = seeding.plan
    prefix = plan.province_code if index == 0 else f"{plan.province_code}{index + 1}"
    place = PROVINCES[index % len(PROVINCES)]
    suffix = f" tỉnh {place}"
    sizes = _level_sizes(plan.agencies)
    root = stamp(
        Agency(
            name=f"Ủy ban nhân dân tỉnh {place}",
            short_name=f"UBND tỉnh {place}",
            code=prefix,
            level=L.PROVINCE,
        ),
        by=None,
        reason=REASON,
    )
    seeding.insert(Agency, [root], history=True)
    make = _maker(seeding, prefix, root)
    first = [make(c, n + suffix, L.DEPARTMENT, root) for c, n in DEPARTMENTS[: sizes[L.DEPARTMENT]]]
    first += [
        make(c, n + suffix, L.PUBLIC_SERVICE, root)
        for c, n in PUBLIC_SERVICE[: sizes[L.PUBLIC_SERVICE]]
    ]
    communes = [
        make(f"x{number + 1:03}", name, L.COMMUNE, root)
        for number, name in enumerate(_commune_names(sizes[L.COMMUNE]))
    ]
    seeding.insert(Agency, first + communes, history=True)
    second = _second_level(make, sizes, suffix, root, first, communes)
    seeding.insert(Agency, second, history=True)
    return [root, *first, *communes, *second]


def _maker(seeding: Seeding, prefix: str, root: Agency):
    """A builder of the province's agencies; one in ten still applies ISO 9001:2008."""

    def make(code, name, level, parent, **extra):
        return stamp(
            Agency(
                name=name,
                short_name=name.replace("Ủy ban nhân dân", "UBND"),
                code=f"{prefix}-{code}",
                level=level,
                parent=parent,
                province=root,
                iso_version="2008" if seeding.rng.random() < 0.1 else "2015",
                **extra,
            ),
            by=None,
            reason=REASON,
        )

    return make


def _commune_names(count: int) -> list[str]:
    """Communes, wards and one special zone, named from two lists of place words."""
    names = []
    for number in range(count):
        name = (
            PLACE_FIRST[number % len(PLACE_FIRST)]
            + " "
            + PLACE_SECOND[(number // len(PLACE_FIRST)) % len(PLACE_SECOND)]
        )
        if number >= len(PLACE_FIRST) * len(PLACE_SECOND):
            name += f" {number // (len(PLACE_FIRST) * len(PLACE_SECOND)) + 1}"
        kind = "phường" if number % 4 == 1 else ("đặc khu" if number == 7 else "xã")
        names.append(f"Ủy ban nhân dân {kind} {name}")
    return names


def _second_level(make, sizes, suffix: str, root, first, communes) -> list[Agency]:
    """Sub-departments under the departments, and the districts that ended on 01/07/2025:
    inactive, merged into the commune that took over."""
    departments = [a for a in first if a.level == L.DEPARTMENT]
    second = [
        make(c, n + suffix, L.SUB_DEPARTMENT, departments[i % len(departments)])
        for i, (c, n) in enumerate(SUB_DEPARTMENTS[: sizes[L.SUB_DEPARTMENT]])
    ]
    second += [
        make(
            f"h{number + 1:02}",
            f"Ủy ban nhân dân huyện {PLACE_SECOND[number % len(PLACE_SECOND)]} {PLACE_FIRST[number % len(PLACE_FIRST)]}",
            L.DISTRICT,
            root,
            is_active=False,
            merged_into=communes[number % len(communes)],
            merged_on=REORGANISED_ON,
        )
        for number in range(sizes[L.DISTRICT])
    ]
    return second


def _roles(seeding: Seeding, agencies: list[Agency], permissions: dict) -> None:
    """The role groups of every agency, as ``agency_roles_ensure`` makes them."""
    pairs = [
        (agency, role)
        for agency in agencies
        for role in Role
        if role != Role.SUPERVISOR or agency.province_id is None
    ]
    groups = seeding.insert(Group, [Group(name=f"{a.code}:{r}") for a, r in pairs])
    seeding.insert(
        AgencyRole,
        [AgencyRole(agency=a, role=r, group=g) for (a, r), g in zip(pairs, groups, strict=True)],
    )
    seeding.insert_plain(
        AgencyGroupObjectPermission,
        [
            AgencyGroupObjectPermission(group=g, permission=permissions[c], content_object=a)
            for (a, r), g in zip(pairs, groups, strict=True)
            for c in sorted(ROLE_PERMISSIONS[r])
        ],
    )
    seeding.data.setdefault("groups", {}).update(
        {(a.pk, r): g for (a, r), g in zip(pairs, groups, strict=True)}
    )


def _units(seeding: Seeding, agencies: list[Agency]) -> None:
    units = []
    for agency in agencies:
        if agency.level == L.PROVINCE:
            continue
        names = COMMUNE_UNITS if agency.level == L.COMMUNE else DEPARTMENT_UNITS
        units += [
            stamp(Unit(agency=agency, name=n, code=c), by=None, reason="Dữ liệu quy mô")
            for c, n in names
        ]
    seeding.insert(Unit, units, history=True)
    by_agency = seeding.data.setdefault("units", {})
    for unit in units:
        by_agency.setdefault(unit.agency_id, []).append(unit)


def _name(rng) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _people(seeding: Seeding, agencies: list[Agency], password: str) -> dict:
    rng, plan = seeding.rng, seeding.plan
    groups = seeding.data["groups"]
    users, memberships, people = [], [], {}
    root = agencies[0]

    def person(username, agency, position, unit, roles):
        user = stamp(
            User(
                username=username,
                full_name=_name(rng),
                position=position,
                unit=unit,
                email=f"{username}@{root.code}.gov.vn",
                password=password,
            ),
            by=None,
            reason="Dữ liệu quy mô",
        )
        users.append(user)
        memberships.extend((user, groups[agency.pk, role]) for role in roles)
        return user

    for number in range(2):
        person(
            f"supervisor{number + 1}.{root.code}",
            root,
            "Chuyên viên Sở KH&CN",
            None,
            [Role.SUPERVISOR],
        )
    for agency in agencies:
        if agency.level == L.PROVINCE or not agency.is_active:
            continue
        units = seeding.data["units"][agency.pk]
        team = {
            part: person(f"{part}.{agency.code}", agency, position, units[i % len(units)], roles)
            for i, (part, roles, position) in enumerate(TEAM)
        }
        team["staff"] = [
            person(
                f"staff{n + 1}.{agency.code}",
                agency,
                "Chuyên viên",
                units[(n + 1) % len(units)],
                [Role.STAFF],
            )
            for n in range(plan.staff)
        ]
        people[agency.pk] = team
    seeding.insert(User, users, history=True)
    Membership = User.groups.through
    seeding.insert_plain(
        Membership, [Membership(user_id=u.pk, group_id=g.pk) for u, g in memberships]
    )
    return people


def _ministry(password: str) -> None:
    """The Ministry and its supervisor ``supervisor.bokhcn`` (the national roll-up's reader),
    once per database; not in ``seeding.data["agencies"]``: it has no documents of its own."""
    if Agency.objects.filter(level=L.MINISTRY).exists():
        return
    ministry = agency_create(
        name="Bộ Khoa học và Công nghệ", code="bokhcn", short_name="Bộ KH&CN", level=L.MINISTRY
    )
    user = User(
        username="supervisor.bokhcn",
        full_name="Phạm Quang Hưng",
        position="Chuyên viên",
        email="supervisor.bokhcn@most.gov.vn",
        password=password,
    )
    user._change_reason = "Dữ liệu quy mô"
    user.save()
    agency_roles_assign(agency=ministry, user=user, roles=[Role.SUPERVISOR])
