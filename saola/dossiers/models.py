"""One-stop dossiers (hồ sơ thủ tục hành chính), their papers, steps, history and outcomes."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from saola.catalog.models import Paper, Procedure
from saola.core.models import Organization, User
from saola.core.text import fold
from saola.dossiers.states import Status, national_code


class Dossier(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        COUNTER = "counter", _("Trực tiếp tại Bộ phận Một cửa")
        POST = "post", _("Qua bưu chính công ích")

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name=_("đơn vị tiếp nhận"), on_delete=models.PROTECT, related_name="dossiers"
    )
    applicant = models.ForeignKey(User, verbose_name=_("người nộp"), on_delete=models.PROTECT, related_name="dossiers")
    # Personal data as given on this dossier (never shown by the public lookup).
    applicant_name = models.CharField(_("họ tên người nộp"), max_length=255)
    # The name folded (no diacritics, lower case), so officers find "Hùng" by typing "hung".
    applicant_folded = models.CharField(max_length=255, blank=True, default="", editable=False)
    applicant_id_number = models.CharField(_("số định danh/mã số thuế"), max_length=14, blank=True)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    form_data = models.JSONField(_("nội dung tờ khai"), default=dict, blank=True)
    channel = models.CharField(_("hình thức nộp"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=32, choices=Status.choices, db_index=True)
    # The procedure as it was when the dossier was received: later catalogue edits don't
    # change an open dossier's deadline or papers.
    procedure_snapshot = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng tính thời gian từ"), null=True, blank=True)
    ended_at = models.DateTimeField(_("thời điểm kết thúc xử lý"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    workflow_state = models.TextField(blank=True, default="")
    current_step = models.CharField(_("bước hiện tại"), max_length=128, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-submitted_at", "-id"]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="uniq_dossier_idempotency",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["organization", "status", "due_at"], name="dossier_unit_status_due")]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.applicant_folded = fold(self.applicant_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "applicant_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "applicant_folded"}
        super().save(*args, **kwargs)

    @property
    def national_status(self) -> int:
        return national_code(self.status)


class DossierCodeCounter(models.Model):
    """The last sequence number issued for one prefix (agency and day)."""

    prefix = models.CharField(max_length=40, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


def dossier_file_path(instance: DossierFile, filename: str) -> str:
    return f"private/dossiers/{instance.dossier.code}/{instance.kind}/{filename}"


class DossierFile(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Giấy tờ nộp")
        SUPPLEMENT = "supplement", _("Giấy tờ bổ sung")
        RESULT = "result", _("Kết quả")
        WORKING = "working", _("Tài liệu xử lý")
        LETTER = "letter", _("Phiếu, văn bản gửi người nộp")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    paper = models.ForeignKey(Paper, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(_("tên giấy tờ"), max_length=255)
    file = models.FileField(upload_to=dossier_file_path, max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["dossier", "uploaded_at", "id"]
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")

    def __str__(self) -> str:
        return self.name


class DossierStep(models.Model):
    """One user task of the flow for one dossier: who must act, by when, and what they did."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    task_id = models.CharField(max_length=128)
    name = models.CharField(_("bước"), max_length=255)
    role = models.CharField(_("vai trò"), max_length=32)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    completed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=32, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["dossier", "started_at", "id"]
        indexes: ClassVar = [
            models.Index(fields=["organization", "role", "completed_at"], name="step_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.name}"


class DossierEvent(models.Model):
    """The dossier's history, shown to its applicant and (without names) on the public lookup."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32)
    step_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.action}"


class SupplementRequest(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("nội dung yêu cầu bổ sung"))
    items = models.JSONField(_("giấy tờ cần bổ sung"), default=list, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.reason[:50]}"


class Apology(models.Model):
    """Văn bản xin lỗi và đề nghị gia hạn (Mẫu 04, TT 03/2025) for a late dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="apologies")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("lý do chậm"))
    previous_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField(_("hẹn trả mới"))

    class Meta:
        ordering: ClassVar = ["dossier", "created_at"]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.new_due_at:%d/%m/%Y}"


class Rating(models.Model):
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(
        _("mức độ hài lòng"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("góp ý"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.score}"


class CounterRefusal(models.Model):
    """A walk-in request refused at the counter (Phiếu từ chối tiếp nhận, Mẫu 03).

    No dossier is opened for it, but the refusal is kept: the slip can be printed again, and
    the one-stop statistics count it beside the dossiers refused online.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("đơn vị tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    applicant_name = models.CharField(_("họ tên người nộp"), max_length=255)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    reason = models.TextField(_("lý do từ chối"), max_length=2000)
    missing_papers = models.JSONField(_("giấy tờ còn thiếu"), default=list, blank=True)
    refused_at = models.DateTimeField(_("thời điểm từ chối"), db_index=True)
    refused_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering: ClassVar = ["-refused_at", "-id"]
        verbose_name = _("từ chối tiếp nhận tại quầy")
        verbose_name_plural = _("từ chối tiếp nhận tại quầy")

    def __str__(self) -> str:
        return f"{self.organization.code}: {self.applicant_name} ({self.refused_at:%d/%m/%Y})"
