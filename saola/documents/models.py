"""Official documents (văn bản đến, văn bản đi), their registers, assignments and work dossiers.

Presentation and numbering rules come from Decree 30/2020/NĐ-CP on clerical work (công tác văn
thư): document-type abbreviations of Phụ lục III, yearly number series per register, notation
``number/TYPE-AGENCY`` (công văn: ``number/AGENCY-UNIT``).
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from saola.core.models import Organization, User
from saola.documents.states import Direction, DossierState, Status


class DocumentType(models.Model):
    """A type of document with its abbreviation (Phụ lục III, Decree 30/2020); công văn has none."""

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên loại văn bản"), max_length=128)
    abbreviation = models.CharField(_("chữ viết tắt"), max_length=8, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering: ClassVar = ["position", "name"]
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class OrganizationSetting(models.Model):
    """What the documents module needs to know about an organisation and core does not hold.

    `abbreviation` is the agency (or drafting unit) abbreviation printed in notations ("UBND",
    "STP", "VP"). `records_office` is the unit whose clerks keep this organisation's registers
    (the People's Committee's văn thư sits in its Office): its clerks act for this organisation.
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="document_setting", verbose_name=_("cơ quan, đơn vị")
    )
    abbreviation = models.CharField(
        _("chữ viết tắt trong ký hiệu văn bản"),
        max_length=16,
        help_text=_("Ví dụ: UBND, STP, VP. Chữ in hoa, không dấu cách."),
    )
    records_office = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị văn thư"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thiết lập văn bản của cơ quan")
        verbose_name_plural = _("thiết lập văn bản của cơ quan")

    def __str__(self) -> str:
        return f"{self.organization.name}: {self.abbreviation}"

    def clean(self) -> None:
        value = self.abbreviation or ""
        if not value or any(ch.isspace() or ch in "/-" for ch in value):
            raise ValidationError(
                {"abbreviation": _("Chữ viết tắt không được để trống, không chứa dấu cách, “/” hay “-”.")}
            )


class Register(models.Model):
    """A register (sổ văn bản) of one organisation, one direction and one year, with its counter.

    Decree 30/2020 keeps separate number series for each type of legal normative document and for
    confidential documents; everything else shares the general series. `next_number` is the
    number the next registration takes; it only grows, under a row lock, so numbers are never
    reused and never skipped.
    """

    class Series(models.TextChoices):
        GENERAL = "general", _("Sổ chung")
        CONFIDENTIAL = "confidential", _("Sổ văn bản mật")
        TYPE = "type", _("Sổ theo loại văn bản quy phạm pháp luật")

    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="document_registers"
    )
    direction = models.CharField(_("loại sổ"), max_length=8, choices=Direction.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    series = models.CharField(_("dãy số"), max_length=16, choices=Series.choices, default=Series.GENERAL)
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # "general", "confidential" or "type:<code>": one key so the uniqueness holds without NULLs.
    series_key = models.CharField(max_length=48, editable=False)
    name = models.CharField(_("tên sổ"), max_length=255, blank=True)
    next_number = models.PositiveIntegerField(_("số tiếp theo"), default=1)

    class Meta:
        ordering: ClassVar = ["organization", "-year", "direction", "series_key"]
        verbose_name = _("sổ văn bản")
        verbose_name_plural = _("sổ văn bản")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organization", "direction", "year", "series_key"], name="uniq_document_register"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_direction_display()} {self.year}"

    def clean(self) -> None:
        if (self.series == self.Series.TYPE) != (self.document_type_id is not None):
            raise ValidationError({"document_type": _("Chỉ sổ theo loại văn bản mới chọn loại văn bản.")})


class Document(models.Model):
    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Thường")
        URGENT = "urgent", _("Khẩn")
        VERY_URGENT = "very_urgent", _("Thượng khẩn")
        FLASH = "flash", _("Hỏa tốc")

    class Confidentiality(models.TextChoices):
        NORMAL = "normal", _("Thường")
        CONFIDENTIAL = "confidential", _("Mật")
        SECRET = "secret", _("Tối mật")
        TOP_SECRET = "top_secret", _("Tuyệt mật")

    class Authority(models.TextChoices):
        """Signing-authority prefixes (Phụ lục I, Decree 30/2020)."""

        NONE = "", _("Ký trực tiếp")
        ON_BEHALF = "TM.", _("TM. — Thay mặt tập thể")
        DEPUTY = "KT.", _("KT. — Ký thay người đứng đầu")
        ACTING = "Q.", _("Q. — Quyền")
        BY_ORDER = "TL.", _("TL. — Thừa lệnh")
        AUTHORIZED = "TUQ.", _("TUQ. — Thừa ủy quyền")

    direction = models.CharField(_("loại"), max_length=8, choices=Direction.choices, db_index=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="documents"
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, db_index=True)
    register = models.ForeignKey(
        Register, verbose_name=_("sổ"), null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    # Số đến of an incoming document; the number of an issued outgoing one.
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    # Outgoing: our notation once issued. Incoming: the sender's number and notation as printed.
    notation = models.CharField(_("số, ký hiệu"), max_length=64, blank=True, db_index=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="documents"
    )
    # Legal normative documents (văn bản quy phạm pháp luật) are numbered in a series per type.
    legal_normative = models.BooleanField(_("văn bản quy phạm pháp luật"), default=False)
    summary = models.CharField(_("trích yếu"), max_length=1000)
    body = models.TextField(_("nội dung"), blank=True)
    template = models.CharField(_("mẫu"), max_length=32, blank=True)
    sender_name = models.CharField(_("cơ quan gửi"), max_length=255, blank=True)
    sender_code = models.CharField(_("mã định danh cơ quan gửi"), max_length=13, blank=True)
    drafting_unit = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị soạn thảo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer = models.ForeignKey(
        User, verbose_name=_("người ký"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=8, choices=Authority.choices, blank=True, default=""
    )
    authority_title = models.CharField(
        _("chức danh thẩm quyền"), max_length=255, blank=True, help_text=_("Ví dụ: ỦY BAN NHÂN DÂN, CHỦ TỊCH.")
    )
    urgency = models.CharField(_("độ khẩn"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    confidentiality = models.CharField(
        _("độ mật"), max_length=16, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    recipients_text = models.TextField(_("nơi nhận"), blank=True)
    received_at = models.DateTimeField(_("thời điểm đến"), null=True, blank=True)
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    completed_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)
    # When the document counts as dated for lists and ranking: received for incoming, issued (or
    # created, while a draft) for outgoing.
    dated_at = models.DateTimeField(db_index=True)
    # Folded metadata and attachment text (saola.core.text.fold): the source of full-text search.
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-dated_at", "-id"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["register", "number"], condition=models.Q(number__isnull=False), name="uniq_document_number"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["organization", "direction", "dated_at"], name="document_org_direction_date"),
        ]

    def __str__(self) -> str:
        label = self.notation or (f"{self.number:02d}" if self.number else "")
        return f"{label} {self.summary[:80]}".strip()


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"private/documents/{instance.document_id}/{filename}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Văn bản chính")
        APPENDIX = "appendix", _("Phụ lục, tài liệu kèm theo")
        DRAFT = "draft", _("Bản dự thảo")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tệp"), max_length=16, choices=Kind.choices, default=Kind.MAIN)
    name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(upload_to=attachment_path, max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(blank=True)
    signed = models.BooleanField(_("đã ký số"), default=False)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["document", "uploaded_at", "id"]
        verbose_name = _("tệp văn bản")
        verbose_name_plural = _("tệp văn bản")

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A leader's (or a main handler's) instruction to a unit or a person to handle a document."""

    class Role(models.TextChoices):
        MAIN = "main", _("Xử lý chính")
        COOPERATING = "cooperating", _("Phối hợp")
        FOR_INFORMATION = "for_information", _("Để biết")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xử lý")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        DONE = "done", _("Đã xong")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assignments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("giao từ")
    )
    unit = models.ForeignKey(
        Organization, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        User, verbose_name=_("người xử lý"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.MAIN)
    instruction = models.TextField(_("ý kiến chỉ đạo"), blank=True)
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    assigned_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(_("kết quả xử lý"), blank=True)

    class Meta:
        ordering: ClassVar = ["document", "assigned_at", "id"]
        verbose_name = _("phân công xử lý")
        verbose_name_plural = _("phân công xử lý")
        indexes: ClassVar = [models.Index(fields=["assignee", "status"], name="assignment_inbox")]

    def __str__(self) -> str:
        target = self.assignee or self.unit
        return f"{self.document_id} → {target}"

    def clean(self) -> None:
        if (self.unit_id is None) == (self.assignee_id is None):
            raise ValidationError({"assignee": _("Chọn một đơn vị hoặc một người xử lý.")})


class ProcessingNote(models.Model):
    """A comment in the document's processing thread: instructions, opinions, review comments."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("nội dung ý kiến"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["document", "created_at", "id"]
        verbose_name = _("ý kiến xử lý")
        verbose_name_plural = _("ý kiến xử lý")

    def __str__(self) -> str:
        return self.text[:60]


class DocumentEvent(models.Model):
    """The document's history, shown on its page (the audit log keeps the full record)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["document", "at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.action}"


class Distribution(models.Model):
    """One recipient of an issued document: an internal unit or person, or an external agency.

    External agencies are kept by name and code for the document-exchange module to send later.
    """

    class Status(models.TextChoices):
        DELIVERED = "delivered", _("Đã gửi")
        WAITING_EXCHANGE = "waiting_exchange", _("Chờ gửi qua trục liên thông")
        SENT = "sent", _("Đã gửi qua trục liên thông")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="distributions")
    unit = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    external_name = models.CharField(_("cơ quan nhận"), max_length=255, blank=True)
    external_code = models.CharField(_("mã định danh cơ quan nhận"), max_length=13, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    sent_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["document", "sent_at", "id"]
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")

    def __str__(self) -> str:
        return str(self.unit or self.person or self.external_name)


class WorkDossier(models.Model):
    """A work dossier (hồ sơ công việc): the documents of one matter, kept and then archived."""

    title = models.CharField(_("tiêu đề hồ sơ"), max_length=500)
    code = models.CharField(_("số và ký hiệu hồ sơ"), max_length=64)
    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="work_dossiers"
    )
    owner = models.ForeignKey(
        User, verbose_name=_("người lập hồ sơ"), on_delete=models.PROTECT, related_name="work_dossiers"
    )
    opened_on = models.DateField(_("ngày mở"))
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    archived_at = models.DateTimeField(_("thời điểm nộp lưu"), null=True, blank=True)
    # Retention in years; None with `permanent` for documents kept forever (vĩnh viễn).
    retention_years = models.PositiveSmallIntegerField(_("thời hạn bảo quản (năm)"), null=True, blank=True)
    permanent = models.BooleanField(_("bảo quản vĩnh viễn"), default=False)
    state = models.CharField(_("trạng thái"), max_length=16, choices=DossierState.choices, default=DossierState.OPEN)
    note = models.TextField(_("ghi chú"), blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="work_dossiers", verbose_name=_("văn bản"))

    class Meta:
        ordering: ClassVar = ["-opened_on", "-id"]
        verbose_name = _("hồ sơ công việc")
        verbose_name_plural = _("hồ sơ công việc")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "code"], name="uniq_work_dossier_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"

    def clean(self) -> None:
        if self.permanent and self.retention_years:
            raise ValidationError({"retention_years": _("Hồ sơ bảo quản vĩnh viễn không ghi số năm.")})
        if not self.permanent and not self.retention_years:
            raise ValidationError({"retention_years": _("Cần chọn thời hạn bảo quản hoặc bảo quản vĩnh viễn.")})
        if self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("Ngày kết thúc phải sau ngày mở hồ sơ.")})
