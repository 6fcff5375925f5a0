"""Back-office forms of the documents pages. They only parse; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from saola.core.exceptions import SaolaError
from saola.core.models import Organization, User
from saola.documents.drafts import TEMPLATES
from saola.documents.models import Assignment, Attachment, Document, DocumentType, OrganizationSetting
from saola.documents.services.incoming import AssignmentTarget
from saola.documents.services.outgoing import ExternalRecipient
from saola.documents.states import Direction, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the service, not here."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


def _types() -> list[tuple[str, str]]:
    return [(t.code, str(t)) for t in DocumentType.objects.filter(active=True).order_by("position")]


def _organizations_for(user: User) -> list[tuple[str, str]]:
    """The organisations whose registers the user's units keep (first: a People's Committee's clerk
    sits in its Office), then the user's own organisations."""
    kept: dict[str, str] = {}
    own: dict[str, str] = {}
    for assignment in user.roles.select_related("organization"):
        org = assignment.organization
        own[org.code] = org.name
        for setting in OrganizationSetting.objects.filter(records_office=org).select_related("organization"):
            kept[setting.organization.code] = setting.organization.name
    if user.organization:
        own.setdefault(user.organization.code, user.organization.name)
    return [*kept.items(), *((code, name) for code, name in own.items() if code not in kept)]


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _model_field(form: forms.Form, name: str) -> forms.ModelChoiceField[Any]:
    return cast(forms.ModelChoiceField[Any], form.fields[name])


class ServiceErrorsMixin:
    def add_service_error(self, exc: SaolaError) -> None:
        form: Any = self
        if not exc.fields:
            form.add_error(None, str(exc.message))
        for name, errors in exc.fields.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)

    def values(self) -> dict[str, Any]:
        form: Any = self
        return {k: (v.code if isinstance(v, Organization) else v) for k, v in form.cleaned_data.items()}


class ListForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    direction = forms.ChoiceField(label=_("Sổ"), choices=Direction.choices, required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    type = forms.ChoiceField(label=_("Loại văn bản"), required=False)
    urgency = forms.ChoiceField(
        label=_("Độ khẩn"), choices=[("", _("Tất cả")), *list(Document.Urgency.choices)], required=False
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE)
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[
            ("-date", _("Mới nhất trước")),
            ("date", _("Cũ nhất trước")),
            ("-number", _("Số giảm dần")),
            ("number", _("Số tăng dần")),
            ("due", _("Hạn xử lý")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "status").choices = [("", _("Tất cả")), *list(Status.choices)]
        _choice_field(self, "type").choices = [("", _("Tất cả")), *_types()]


class IncomingForm(ServiceErrorsMixin, forms.Form):
    organization = forms.ChoiceField(label=_("Cơ quan nhận"))
    type = forms.ChoiceField(label=_("Loại văn bản"))
    notation = forms.CharField(label=_("Số, ký hiệu của văn bản"), max_length=64, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE)
    sender_name = forms.CharField(label=_("Cơ quan, tổ chức gửi"), max_length=255)
    sender_code = forms.CharField(label=_("Mã định danh cơ quan gửi"), max_length=13, required=False)
    summary = forms.CharField(label=_("Trích yếu nội dung"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    signer_name = forms.CharField(label=_("Người ký"), max_length=255, required=False)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Document.Urgency.choices, initial="normal")
    confidentiality = forms.ChoiceField(label=_("Độ mật"), choices=Document.Confidentiality.choices, initial="normal")
    due_on = forms.DateField(label=_("Hạn xử lý"), required=False, widget=DATE)
    attachments = MultipleFileField(
        label=_("Tệp văn bản (PDF, DOCX, JPEG, PNG)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "organization").choices = _organizations_for(user)
        _choice_field(self, "type").choices = _types()

    def values(self) -> dict[str, Any]:
        values = super().values()
        values.pop("attachments", None)
        return values


class DraftForm(ServiceErrorsMixin, forms.Form):
    organization = forms.ChoiceField(label=_("Cơ quan ban hành"))
    template = forms.ChoiceField(label=_("Mẫu văn bản"))
    type = forms.ChoiceField(label=_("Loại văn bản"))
    summary = forms.CharField(label=_("Trích yếu"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Để trống để bắt đầu từ nội dung mẫu."),
    )
    recipients_text = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi; dòng “Lưu: VT, …” được thêm tự động)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signing_authority = forms.ChoiceField(label=_("Thẩm quyền ký"), choices=Document.Authority.choices, required=False)
    authority_title = forms.CharField(label=_("Tập thể, người đứng đầu"), max_length=255, required=False)
    signer = forms.ChoiceField(label=_("Người ký"), required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=255, required=False)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Document.Urgency.choices, initial="normal")
    confidentiality = forms.ChoiceField(label=_("Độ mật"), choices=Document.Confidentiality.choices, initial="normal")
    legal_normative = forms.BooleanField(label=_("Văn bản quy phạm pháp luật"), required=False)

    def __init__(self, *args: Any, user: User, document: Document | None = None, **kwargs: Any) -> None:
        if document is not None and not args[0]:
            kwargs["initial"] = {
                "organization": document.organization.code,
                "template": document.template,
                "type": document.document_type.code,
                "summary": document.summary,
                "body": document.body,
                "recipients_text": document.recipients_text,
                "signing_authority": document.signing_authority,
                "authority_title": document.authority_title,
                "signer": document.signer.username if document.signer else "",
                "signer_title": document.signer_title,
                "urgency": document.urgency,
                "confidentiality": document.confidentiality,
                "legal_normative": document.legal_normative,
            }
        super().__init__(*args, **kwargs)
        _choice_field(self, "organization").choices = _organizations_for(user)
        if document is not None:
            _choice_field(self, "organization").choices = [(document.organization.code, document.organization.name)]
        _choice_field(self, "template").choices = [(t.key, t.label) for t in TEMPLATES.values()]
        _choice_field(self, "type").choices = _types()
        leaders = (
            User.objects.filter(kind=User.Kind.OFFICER, roles__role="unit_leader").distinct().order_by("full_name")
        )
        _choice_field(self, "signer").choices = [("", _("Lãnh đạo duyệt sẽ ký"))] + [
            (u.username, f"{u.display_name} — {u.position}") for u in leaders
        ]


class AttachForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tệp"), choices=Attachment.Kind.choices, initial=Attachment.Kind.APPENDIX)
    attachments = MultipleFileField(
        label=_("Tệp (PDF, DOCX, JPEG, PNG)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SecretForm(forms.Form):
    secret = forms.CharField(
        label=_("Mật khẩu khóa ký số"),
        required=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị xử lý chính"), queryset=Organization.objects.none(), required=False)
    assignee = forms.ModelChoiceField(label=_("Người xử lý chính"), queryset=User.objects.none(), required=False)
    cooperating = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Organization.objects.none(), required=False
    )
    instruction = forms.CharField(
        label=_("Ý kiến chỉ đạo"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("Hạn xử lý"), required=False, widget=DATE)

    def __init__(self, *args: Any, user: User, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = document.organization
        units = Organization.objects.filter(path__startswith=scope.path).order_by("path")
        _model_field(self, "unit").queryset = units
        _model_field(self, "cooperating").queryset = units
        _model_field(self, "assignee").queryset = User.objects.filter(
            kind=User.Kind.OFFICER, organization__path__startswith=scope.path
        ).order_by("full_name")

    def targets(self) -> list[AssignmentTarget]:
        data = self.cleaned_data
        targets = []
        if data.get("unit"):
            targets.append(AssignmentTarget(unit=data["unit"], role=Assignment.Role.MAIN))
        if data.get("assignee"):
            role = Assignment.Role.MAIN if not data.get("unit") else Assignment.Role.COOPERATING
            targets.append(AssignmentTarget(assignee=data["assignee"], role=role))
        targets += [AssignmentTarget(unit=u, role=Assignment.Role.COOPERATING) for u in data.get("cooperating") or []]
        return targets


class DistributeForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị nhận trong hệ thống"), queryset=Organization.objects.order_by("path"), required=False
    )
    external = forms.CharField(
        label=_("Cơ quan nhận bên ngoài (mỗi dòng: tên; mã định danh nếu có)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def external_recipients(self) -> list[ExternalRecipient]:
        result = []
        for line in (self.cleaned_data.get("external") or "").splitlines():
            if line.strip():
                name, _sep, code = line.partition(";")
                result.append(ExternalRecipient(name=name.strip(), code=code.strip()))
        return result


class WorkDossierForm(ServiceErrorsMixin, forms.Form):
    organization = forms.ChoiceField(label=_("Cơ quan, đơn vị"))
    code = forms.CharField(label=_("Số và ký hiệu hồ sơ"), max_length=64)
    title = forms.CharField(label=_("Tiêu đề hồ sơ"), max_length=500)
    retention_years = forms.IntegerField(label=_("Thời hạn bảo quản (năm)"), min_value=1, max_value=100, required=False)
    permanent = forms.BooleanField(label=_("Bảo quản vĩnh viễn"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "organization").choices = _organizations_for(user)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "organization": Organization.objects.get(code=data["organization"]),
            "code": data["code"],
            "title": data["title"],
            "retention_years": data.get("retention_years"),
            "permanent": bool(data.get("permanent")),
        }
