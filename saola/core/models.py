"""Organisations, people and roles, the working-day calendar, legal rules and the audit log."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from saola.core.text import fold

# Electronic identifier of an agency (mã định danh điện tử, QĐ 20/2020/QĐ-TTg, QCVN 102:2016
# Phụ lục D): four groups NNN.NN.NN.XNN, the rightmost being the level-1 code (G = central
# ministries and agencies, H = provinces, plus a few other letters for other bodies).
AGENCY_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


def validate_agency_code(value: str) -> None:
    if not AGENCY_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Mã định danh “%(value)s” không đúng dạng NNN.NN.NN.XNN (13 ký tự)."),
            params={"value": value},
            code="invalid_agency_code",
        )


class Organization(models.Model):
    class Level(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")
        UNIT = "unit", _("Đơn vị trực thuộc")

    # Which level may sit under which: the district tier is optional (abolished 1/7/2025
    # by the two-tier reform, kept for historical data), units sit inside any level.
    ALLOWED_PARENT_LEVELS: ClassVar[dict[str, set[str | None]]] = {
        "central": {None, "central"},
        "province": {None, "central"},
        "district": {"province"},
        "commune": {"province", "district"},
        "unit": {"central", "province", "district", "commune", "unit"},
    }

    code = models.CharField(_("mã định danh"), max_length=13, unique=True, validators=[validate_agency_code])
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Statistical administrative-unit code (QĐ 19/2025/QĐ-TTg: 2 digits for a province,
    # 5 for a commune); a different code system from the agency identifier.
    admin_unit_code = models.CharField(_("mã đơn vị hành chính"), max_length=8, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # Materialised path of ids ("/1/5/9/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=512, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering: ClassVar = ["path"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.code} {self.name} {self.short_name}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu.")})
        parent_level = self.parent.level if self.parent_id and self.parent else None
        if parent_level not in self.ALLOWED_PARENT_LEVELS.get(self.level, set()):
            raise ValidationError(
                {
                    "parent": _("Cấp “%(level)s” không thể trực thuộc cấp “%(parent)s”.")
                    % {"level": self.get_level_display(), "parent": parent_level or "—"}
                }
            )


class User(AbstractUser):
    """Every login: officers, citizens and businesses. Logs in with email or phone."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        BUSINESS = "business", _("Doanh nghiệp, tổ chức")
        OFFICER = "officer", _("Cán bộ, công chức")

    kind = models.CharField(_("loại tài khoản"), max_length=16, choices=Kind.choices, default=Kind.CITIZEN)
    full_name = models.CharField(_("họ và tên"), max_length=255, blank=True)
    email = models.EmailField(_("thư điện tử"), null=True, blank=True, unique=True)  # type: ignore[assignment]
    phone = models.CharField(_("số điện thoại"), max_length=15, null=True, blank=True, unique=True)
    # Personal identifier (số định danh cá nhân / CCCD, 12 digits) or tax code (10 or 13 digits).
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, null=True, blank=True, unique=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, null=True, blank=True, unique=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị công tác"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    position = models.CharField(_("chức vụ"), max_length=128, blank=True)

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        # AbstractUser.clean() turns a missing email into "", which would collide on the
        # unique constraint; logins without email keep NULL.
        self.email = self.email or None


class RoleAssignment(models.Model):
    """A role held by an officer over one organisation and its whole subtree."""

    class Role(models.TextChoices):
        RECEIVING_OFFICER = "receiving_officer", _("Cán bộ tiếp nhận")
        PROCESSING_OFFICER = "processing_officer", _("Cán bộ xử lý")
        UNIT_LEADER = "unit_leader", _("Lãnh đạo đơn vị")
        CLERK = "clerk", _("Văn thư")
        UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")
        PLATFORM_ADMIN = "platform_admin", _("Quản trị hệ thống")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="uniq_role_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization.code}"


class CalendarOverride(models.Model):
    """A day that differs from the statutory calendar: a swapped day off or a worked weekend."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        ordering: ClassVar = ["date"]
        verbose_name = _("ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("ngày điều chỉnh lịch làm việc")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"


class LegalRule(models.Model):
    """A rule fixed by law, as data: its value applies from `effective_from` until replaced."""

    key = models.CharField(_("khóa"), max_length=100, db_index=True)
    value = models.JSONField(_("giá trị"))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source = models.CharField(_("văn bản quy định"), max_length=255)
    confidence = models.CharField(_("độ tin cậy"), max_length=16, default="high")
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering: ClassVar = ["key", "-effective_from"]
        verbose_name = _("quy định pháp lý")
        verbose_name_plural = _("quy định pháp lý")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="uniq_legal_rule_version"),
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.effective_from:%d/%m/%Y} ({self.source})"


class AuditEntry(models.Model):
    """Append-only record of every write made through a service."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("người thực hiện (tên)"), max_length=255, blank=True)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, db_index=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, db_index=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Nhật ký thao tác chỉ được ghi thêm, không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Nhật ký thao tác không được xóa."))


class ApiToken(models.Model):
    """A bearer token for API clients; only a SHA-256 hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(_("đã thu hồi"), default=False)

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class NotificationTemplate(models.Model):
    """The text of one kind of notification on one channel, editable by administrators.

    `subject` and `body` are Django template strings; the variables each key receives are
    listed in `saola.core.notification_texts.VARIABLES`.
    """

    key = models.CharField(_("loại thông báo"), max_length=64)
    channel = models.CharField(_("kênh"), max_length=8, choices=NotificationChannel.choices)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True, help_text=_("Chỉ dùng cho thư điện tử."))
    body = models.TextField(_("nội dung"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering: ClassVar = ["key", "channel", "language"]
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["key", "channel", "language"], name="uniq_notification_template"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_channel_display()}, {self.language})"

    def clean(self) -> None:
        from django.template import Template, TemplateSyntaxError

        errors: dict[str, str] = {}
        for name in ("subject", "body"):
            try:
                Template(getattr(self, name))
            except TemplateSyntaxError as exc:
                errors[name] = _("Mẫu không hợp lệ: %(error)s") % {"error": exc}
        if errors:
            raise ValidationError(errors)


class Notification(models.Model):
    """One message to one recipient (outbox row): written in the transaction of the change it
    announces, sent afterwards by the `send_notification` task, at most once per row."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không thành công")

    channel = models.CharField(_("kênh"), max_length=8, choices=NotificationChannel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    template_key = models.CharField(_("loại thông báo"), max_length=64, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    # Set while one worker is sending: another worker (a duplicate task) leaves the row alone
    # until this lease runs out.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The provider's id for an SMS, for reconciliation with its delivery reports.
    external_id = models.CharField(_("mã của nhà cung cấp"), max_length=128, blank=True)
    idempotency_key = models.CharField(_("khóa chống trùng"), max_length=128, unique=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes: ClassVar = [models.Index(fields=["status", "created_at"], name="notification_status")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.body[:40]}"
