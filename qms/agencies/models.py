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
        PROVINCE = "province", _("Provincial People's Committee")
        DEPARTMENT = "department", _("Provincial department")
        SUB_DEPARTMENT = "sub_department", _("Sub-department")
        DISTRICT = "district", _("District People's Committee (before 01/07/2025)")
        COMMUNE = "commune", _("Commune, ward or special zone People's Committee")
        PUBLIC_SERVICE = "public_service", _("Public service unit")
        # Outside every province: its supervisors read every province (see roles.py).
        MINISTRY = "ministry", _("Ministry of Science and Technology")

    class IsoVersion(models.TextChoices):
        V2008 = "2008", _("TCVN ISO 9001:2008")
        V2015 = "2015", _("TCVN ISO 9001:2015")
        V2026 = "2026", _("TCVN ISO 9001:2026")

    name = models.CharField(_("agency name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.SlugField(
        _("agency code"),
        max_length=50,
        unique=True,
        help_text=_(
            "A short unaccented code used in addresses and document codes, for example: sokhcn."
        ),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The province root, denormalised so that "every agency of a province" is one indexed
    # filter. Empty on the root itself.
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="province_agencies",
    )
    # The edition's code (2008, 2015, 2026…): the editions are data, the clause catalogues
    # ``documents.IsoEdition`` holds, so a newly loaded edition needs no new choice here.
    iso_version = models.CharField(_("ISO version applied"), max_length=4, default=IsoVersion.V2015)
    iso_mandatory = models.BooleanField(
        _("ISO mandatory"),
        default=True,
        help_text=_(
            "Bound to apply ISO by Decision 19/2014/QĐ-TTg; clear it where applying is only encouraged."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_agencies",
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    # Many agencies' QT-01 gives the decision on a change request to the leader alone.
    leader_decides_changes = models.BooleanField(
        _("the leader decides change requests"),
        default=False,
        help_text=_(
            "Set it where the agency's document control procedure gives the decision on a "
            "change request to the leader; otherwise the ISO secretary may decide too."
        ),
    )
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agency")
        ordering = ["name"]
        permissions = AGENCY_PERMISSIONS
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(is_active=False),
                name="agency_merged_is_inactive",
                violation_error_message=_("A merged agency is no longer active."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def iso_standard(self) -> str:
        """The standard the agency applies, as papers name it: "TCVN ISO 9001:2015"."""
        return f"TCVN ISO 9001:{self.iso_version}"

    @property
    def province_root_id(self) -> int:
        return self.province_id or self.pk


class Unit(models.Model):
    """A phòng/ban inside an agency."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("unit name"), max_length=255)
    code = models.CharField(_("unit code"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"],
                name="unit_name_unique_per_agency",
                violation_error_message=_("The agency already has a unit with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    # The agency where the account was created. Its administrator, the person and a system
    # administrator change the account's name, e-mail and position; other agencies hold only
    # roles and a unit of their own (MemberUnit). ``unit`` is the unit in this agency.
    home_agency = models.ForeignKey(
        "Agency",
        verbose_name=_("home agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="home_accounts",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("user")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username


class AgencyRole(models.Model):
    """The group that holds one role in one agency; its members have that role there."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="agency_role")

    class Meta:
        verbose_name = _("agency role")
        verbose_name_plural = _("agency role")
        constraints = [
            models.UniqueConstraint(fields=["agency", "role"], name="one_group_per_agency_role"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.role_label}"

    @property
    def role_label(self) -> str:
        """The role as people read it: a supervisor is named after the body he works for,
        the province's Sở KH&CN or the Ministry."""
        if self.role == Role.SUPERVISOR and self.agency.level == Agency.Level.MINISTRY:
            return str(_("Supervisor (Ministry of Science and Technology)"))
        return str(self.get_role_display())


class MemberUnit(models.Model):
    """The unit a person holds in an agency other than their home agency.

    Set by that agency's administrator; ``User.unit`` stays the unit in the home agency, which
    only the home agency sets. Read through ``selectors.unit_in``.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="member_units"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="member_units"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="guest_members"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit in another agency")
        verbose_name_plural = _("unit in another agency")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="one_unit_per_member_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit}"


class Invitation(models.Model):
    """An agency's offer of roles to a person whose account belongs elsewhere.

    The roles take effect only when the person accepts, after signing in. Status changes only
    through ``qms.agencies.invitations``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        User, verbose_name=_("invited person"), on_delete=models.CASCADE, related_name="invitations"
    )
    roles = models.JSONField(_("roles offered"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitation")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "user"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.user}"

    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels[role]) for role in self.roles if role in labels]


class SignInFailure(models.Model):
    """One failed sign-in, kept to slow down password guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-in")

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip_address} ({self.at:%d/%m/%Y %H:%M})"


class AgencyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Agency, on_delete=models.CASCADE)


class AgencyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Agency, on_delete=models.CASCADE)
