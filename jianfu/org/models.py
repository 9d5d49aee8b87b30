"""The organisation: the county (tenant), its units, their aliases, and users with roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """The tenant. Every county-scoped table carries `county_id`."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("县（区）")
        verbose_name_plural = _("县（区）")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    COUNTY = "county", _("县级")
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇")
    HIGHER = "higher", _("上级")


# The order units are listed in, as county offices list them: leadership, departments,
# townships, then higher-level bodies.
KIND_ORDER = models.Case(
    models.When(kind="county", then=models.Value(0)),
    models.When(kind="department", then=models.Value(1)),
    models.When(kind="township", then=models.Value(2)),
    default=models.Value(3),
)


class Unit(models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("编码"), max_length=32)
    name = models.CharField(_("单位名称"), max_length=128)
    short_name = models.CharField(_("简称"), max_length=64, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices)
    system = models.CharField(_("系统"), max_length=64, blank=True)
    area = models.CharField(_("片区"), max_length=64, blank=True)
    is_observation_point = models.BooleanField(_("观测点"), default=False)
    is_pilot = models.BooleanField(_("试点"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="unit_code_unique_in_county"),
            models.UniqueConstraint(fields=["county", "name"], name="unit_name_unique_in_county"),
        ]
        indexes = [models.Index(fields=["county", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class UnitAlias(models.Model):
    """Another name a unit goes by in ledgers (`县委办` for `县委办公室`)."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("别名"), max_length=128)

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="alias_unique_in_county"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLERK = "clerk", _("经办人")
    LEADER = "leader", _("单位领导")
    COORDINATOR = "coordinator", _("县委办/政府办（工作专班）")
    APPROVER = "approver", _("县领导")
    INSPECTOR = "inspector", _("督导组成员")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITADMIN = "auditadmin", _("审计管理员")


ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
BUSINESS_ROLES = frozenset(set(Role) - ADMIN_ROLES)


class DataScope(models.TextChoices):
    OWN_UNIT = "unit", _("本单位")
    UNIT_TREE = "tree", _("本单位及下属")
    ASSIGNED = "assigned", _("分管单位")
    COUNTY = "county", _("全县")
    NONE = "none", _("无业务数据")


# The data scope each role has unless an account is given a narrower one.
DEFAULT_SCOPE = {
    Role.CLERK: DataScope.OWN_UNIT,
    Role.LEADER: DataScope.UNIT_TREE,
    Role.COORDINATOR: DataScope.COUNTY,
    Role.APPROVER: DataScope.COUNTY,
    Role.INSPECTOR: DataScope.ASSIGNED,
    Role.SYSADMIN: DataScope.NONE,
    Role.SECADMIN: DataScope.NONE,
    Role.AUDITADMIN: DataScope.NONE,
}


class JianfuUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra):
        # Django's superuser would hold every power at once; 三员分立 forbids it.
        extra.setdefault("role", Role.SYSADMIN)
        extra["is_superuser"] = False
        extra["is_staff"] = False
        return self._create_user(username, email, password, **extra)


class User(AbstractUser):
    """An account. One role per account, so no account can hold two administrator roles."""

    county = models.ForeignKey(
        County,
        verbose_name=_("县（区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.CLERK)
    data_scope = models.CharField(
        _("数据范围"),
        max_length=16,
        choices=DataScope.choices,
        blank=True,
        help_text=_("留空则按角色默认"),
    )
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    title = models.CharField(_("职务"), max_length=64, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    assigned_units = models.ManyToManyField(
        Unit, verbose_name=_("分管单位"), blank=True, related_name="assigned_users"
    )

    objects = JianfuUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_superuser=True), name="no_superuser_accounts"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def scope(self) -> str:
        return self.data_scope or DEFAULT_SCOPE[Role(self.role)]

    @property
    def is_admin_role(self) -> bool:
        return self.role in ADMIN_ROLES

    def get_session_auth_hash(self) -> str:
        # Moving a user to another unit or role ends every session they had (R4).
        key_salt = "jianfu.org.User.get_session_auth_hash"
        value = f"{self.password}|{self.unit_id}|{self.role}|{self.data_scope}|{self.county_id}"
        return salted_hmac(key_salt, value, algorithm="sha256").hexdigest()
