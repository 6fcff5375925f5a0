"""The catalogue of administrative procedures (thủ tục hành chính, TTHC).

Field names follow the national procedure database (CSDL quốc gia về TTHC): MATTHC → code,
TENTTHC → name, LINHVUCTHUCHIEN → field, THANHPHANHOSO → papers, CANCUPHAPLY → legal bases,
COQUANTHUCHIEN → agencies, KETQUATHUCHIEN → result.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from saola.core.models import Organization
from saola.core.text import fold

# National procedure code: a one-digit prefix, a dot and six digits (e.g. 1.001193).
PROCEDURE_CODE_RE = re.compile(r"^\d\.\d{6}$")


def validate_procedure_code(value: str) -> None:
    if not PROCEDURE_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Mã thủ tục “%(value)s” không đúng dạng N.NNNNNN (ví dụ 1.001193)."),
            params={"value": value},
            code="invalid_procedure_code",
        )


class Field(models.Model):
    """A sector (lĩnh vực) such as Hộ tịch, Đất đai, Xây dựng."""

    code = models.CharField(_("mã lĩnh vực"), max_length=32, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Flow(models.Model):
    """A BPMN 2.0 processing flow, validated with SpiffWorkflow when saved through a service."""

    code = models.SlugField(_("mã quy trình"), max_length=64, unique=True)
    name = models.CharField(_("tên quy trình"), max_length=255)
    process_id = models.CharField(_("mã tiến trình BPMN"), max_length=128)
    bpmn_xml = models.TextField(_("nội dung BPMN 2.0"))
    # Task ids of the flow's user tasks, with the role that performs each (filled at validation).
    user_tasks = models.JSONField(_("các bước"), default=list, blank=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("quy trình xử lý")
        verbose_name_plural = _("quy trình xử lý")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    class OnlineCategory(models.TextChoices):
        # NĐ 42/2022/NĐ-CP: two online categories; legacy levels 4/3/2 kept for imports.
        FULL = "full", _("Dịch vụ công trực tuyến toàn trình")
        PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
        NONE = "none", _("Không cung cấp trực tuyến")

    LEGACY_LEVEL: ClassVar[dict[str, int]] = {"full": 4, "partial": 3, "none": 2}

    code = models.CharField(_("mã thủ tục"), max_length=16, unique=True, validators=[validate_procedure_code])
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures")
    levels = models.JSONField(_("cấp thực hiện"), default=list)
    agencies = models.ManyToManyField(
        Organization, verbose_name=_("cơ quan thực hiện"), related_name="procedures", blank=True
    )
    processing_days = models.DecimalField(_("thời hạn giải quyết (ngày làm việc)"), max_digits=6, decimal_places=1)
    # Receipts after this local hour count from the next working day; per procedure because
    # the 15:00 rule is sector-specific (certified copies, civil-status extracts...).
    cut_off_hour = models.PositiveSmallIntegerField(_("giờ tiếp nhận muộn nhất trong ngày"), null=True, blank=True)
    online_category = models.CharField(_("mức độ trực tuyến"), max_length=16, choices=OnlineCategory.choices)
    channels = models.JSONField(_("cách thức thực hiện"), default=list, blank=True)
    applicants = models.TextField(_("đối tượng thực hiện"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    steps = models.TextField(_("trình tự thực hiện"), blank=True)
    result = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)
    flow = models.ForeignKey(Flow, verbose_name=_("quy trình xử lý"), null=True, blank=True, on_delete=models.PROTECT)
    form_schema = models.JSONField(_("biểu mẫu điện tử (JSON Schema)"), default=dict, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Name first: lists sort on this column, so "Đăng ký…" sorts with "D", not after "Z".
        self.search_text = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)

    @property
    def legacy_level(self) -> int:
        return self.LEGACY_LEVEL[self.online_category]

    @property
    def total_fee(self) -> Decimal:
        return sum((fee.amount for fee in self.fees.all()), Decimal(0))


class Paper(models.Model):
    """A required paper (thành phần hồ sơ), optionally with a form to download."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="papers")
    code = models.CharField(_("mã giấy tờ"), max_length=64, blank=True)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=1)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    required = models.BooleanField(_("bắt buộc"), default=True)
    form_name = models.CharField(_("tên mẫu đơn, tờ khai"), max_length=255, blank=True)
    form_file = models.FileField(_("tệp mẫu"), upload_to="catalog/forms/", blank=True)
    form_url = models.URLField(_("đường dẫn mẫu"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["procedure", "order", "id"]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    class Collection(models.IntegerChoices):
        # HinhThucThu codes of the national portal.
        AT_INTAKE = 1, _("Thu khi tiếp nhận")
        AT_SUPPLEMENT = 2, _("Thu khi bổ sung")
        AT_RESULT = 4, _("Thu khi trả kết quả")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("tên phí, lệ phí"), max_length=255)
    amount = models.DecimalField(_("mức thu (đồng)"), max_digits=14, decimal_places=0)
    description = models.CharField(_("mô tả"), max_length=500, blank=True)
    collection = models.PositiveSmallIntegerField(
        _("thời điểm thu"), choices=Collection.choices, default=Collection.AT_INTAKE
    )

    class Meta:
        ordering: ClassVar = ["procedure", "id"]
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} đ"


class LegalBasis(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="legal_bases")
    number = models.CharField(_("số hiệu văn bản"), max_length=64)
    title = models.CharField(_("trích yếu"), max_length=500)

    class Meta:
        ordering: ClassVar = ["procedure", "id"]
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
