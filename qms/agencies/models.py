"""Agencies, their units, users and per-agency roles."""

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from qms.agencies.roles import AGENCY_PERMISSIONS, Role


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_province(self, province: "Agency"):
        """The province root and every agency below it."""
        return self.filter(Q(pk=province.pk) | Q(province=province))


class Agency(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("UBND tỉnh/thành phố")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        SUB_DEPARTMENT = "sub_department", _("Chi cục")
        DISTRICT = "district", _("UBND huyện (trước 01/7/2025)")
        COMMUNE = "commune", _("UBND xã, phường, đặc khu")
        PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")

    class IsoVersion(models.TextChoices):
        V2008 = "2008", _("TCVN ISO 9001:2008")
        V2015 = "2015", _("TCVN ISO 9001:2015")

    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    code = models.SlugField(
        _("mã cơ quan"),
        max_length=50,
        unique=True,
        help_text=_("Mã ngắn, không dấu, dùng trong địa chỉ và mã tài liệu, ví dụ: sokhcn."),
    )
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The province root, denormalised so that "every agency of a province" is one indexed
    # filter. Empty on the root itself.
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="province_agencies",
    )
    iso_version = models.CharField(
        _("phiên bản ISO áp dụng"),
        max_length=4,
        choices=IsoVersion.choices,
        default=IsoVersion.V2015,
    )
    iso_mandatory = models.BooleanField(
        _("bắt buộc áp dụng ISO"),
        default=True,
        help_text=_(
            "Thuộc đối tượng bắt buộc theo Quyết định 19/2014/QĐ-TTg; bỏ chọn nếu chỉ khuyến khích."
        ),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("đã sáp nhập vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_agencies",
    )
    merged_on = models.DateField(_("ngày sáp nhập"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]
        permissions = AGENCY_PERMISSIONS
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(is_active=False),
                name="agency_merged_is_inactive",
                violation_error_message=_("Cơ quan đã sáp nhập thì không còn hoạt động."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def province_root_id(self) -> int:
        return self.province_id or self.pk


class Unit(models.Model):
    """A phòng/ban inside an agency."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("tên phòng/ban"), max_length=255)
    code = models.CharField(_("mã phòng/ban"), max_length=30, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phòng/ban")
        verbose_name_plural = _("phòng/ban")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"],
                name="unit_name_unique_per_agency",
                violation_error_message=_("Cơ quan đã có phòng/ban với tên này."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("phòng/ban"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username


class AgencyRole(models.Model):
    """The group that holds one role in one agency; its members have that role there."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="agency_role")

    class Meta:
        verbose_name = _("vai trò trong cơ quan")
        verbose_name_plural = _("vai trò trong cơ quan")
        constraints = [
            models.UniqueConstraint(fields=["agency", "role"], name="one_group_per_agency_role"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_role_display()}"


class SignInFailure(models.Model):
    """One failed sign-in, kept to slow down password guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lần đăng nhập sai")
        verbose_name_plural = _("lần đăng nhập sai")

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip_address} ({self.at:%d/%m/%Y %H:%M})"


class AgencyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Agency, on_delete=models.CASCADE)


class AgencyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Agency, on_delete=models.CASCADE)
