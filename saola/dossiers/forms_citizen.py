"""Forms of the citizen's one-stop pages: online submission, supplements, withdrawal, rating, lookup.

They parse and check what a person typed so that every mistake is shown at once, next to its
field; the dossier services check everything again before they write.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saola.catalog.models import Paper, Procedure
from saola.core.exceptions import ValidationFailed
from saola.core.models import Organization
from saola.dossiers.files import check_upload
from saola.dossiers.forms_render import FORM_ERROR, FormGroup, eform_build, eform_read
from saola.dossiers.services.intake import PaperUpload

# Dossier codes as issued locally (000.01.53.H53-260511-0001) or by a province's code service:
# anything else is not a code, so it is refused before any query runs.
DOSSIER_CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}"
DOSSIER_CODE_RE = re.compile(rf"^{DOSSIER_CODE_PATTERN}$")
ACCEPT = ".pdf,.jpg,.jpeg,.png"
_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# Error keys of the submission page that are not e-form fields.
ORGANIZATION = "organization"
CONFIRM = "confirm"
FILES = "files"
GENERAL = "__all__"


def procedure_offered_online(procedure: Procedure) -> bool:
    """Whether the portal offers the online submission page for `procedure`."""
    return procedure.is_active and procedure.online_category != Procedure.OnlineCategory.NONE


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)


def max_file_mb() -> int:
    return int(settings.SAOLA_DOSSIER_FILE_MAX_BYTES) // (1024 * 1024)


def paper_input_name(paper: Paper) -> str:
    return f"paper-{paper.pk}"


def _check_files(files: list[UploadedFile]) -> list[str]:
    errors = []
    for upload in files:
        try:
            check_upload(upload, label=upload.name or _("Tệp đính kèm"))
        except ValidationFailed as exc:
            errors.append(str(exc.message))
    return errors


class DossierSubmission:
    """The online submission page: e-form, receiving agency, one file input per paper, the
    declaration and an idempotency key made when the page is first shown (a double click
    sends the same key twice and gets the same dossier)."""

    def __init__(
        self,
        procedure: Procedure,
        data: Mapping[str, Any] | None = None,
        files: MultiValueDict[str, UploadedFile] | None = None,
    ) -> None:
        self.procedure = procedure
        self.agencies: list[Organization] = list(procedure.agencies.all())
        self.papers: list[Paper] = list(procedure.papers.all())
        self.data = data
        self.files = files if files is not None else MultiValueDict()
        self.errors: dict[str, list[str]] = {}
        self.eform_values: dict[str, str] = {}
        self.eform_errors: dict[str, list[str]] = {}
        self.form_data: dict[str, Any] = {}
        self.uploads: list[PaperUpload] = []
        self.organization: Organization | None = None
        key = str((data or {}).get("idempotency_key", ""))
        self.idempotency_key = key if _KEY_RE.match(key) else new_idempotency_key()
        self.confirmed = bool(data and data.get(CONFIRM))
        # What was chosen before a failed attempt: browsers cannot keep chosen files.
        self.chosen: dict[int, list[str]] = {}

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    @property
    def many_agencies(self) -> bool:
        return len(self.agencies) > 1

    @property
    def organization_value(self) -> str:
        return str((self.data or {}).get(ORGANIZATION, ""))

    def add_error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def _read_organization(self) -> None:
        if not self.many_agencies:
            self.organization = self.agencies[0] if self.agencies else None
            return
        value = self.organization_value
        self.organization = next((a for a in self.agencies if str(a.pk) == value), None)
        if self.organization is None:
            self.add_error(ORGANIZATION, _("Hãy chọn cơ quan tiếp nhận hồ sơ."))

    def _read_papers(self) -> None:
        for paper in self.papers:
            name = paper_input_name(paper)
            chosen = [f for f in self.files.getlist(name) if f is not None]
            if chosen:
                self.chosen[paper.pk] = [f.name or "" for f in chosen]
            if not chosen and paper.required:
                self.add_error(name, _("Hãy đính kèm giấy tờ này."))
                continue
            for error in _check_files(chosen):
                self.add_error(name, error)
            self.uploads.extend(PaperUpload(file=f, paper_id=paper.pk) for f in chosen)

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        answers = eform_read(self.procedure.form_schema, self.data)
        self.form_data, self.eform_values, self.eform_errors = answers.data, answers.values, answers.errors
        self._read_organization()
        self._read_papers()
        if not self.confirmed:
            self.add_error(CONFIRM, _("Hãy đánh dấu ô cam đoan trước khi nộp hồ sơ."))
        return not self.errors and not self.eform_errors

    def add_service_errors(self, exc: ValidationFailed) -> None:
        """Put the errors the dossier service found next to the fields they belong to."""
        for key, messages in exc.fields.items():
            if key == "form_data":
                target, store = FORM_ERROR, self.eform_errors
            elif key.startswith("form_data."):
                target, store = key.removeprefix("form_data."), self.eform_errors
            elif key == ORGANIZATION and self.many_agencies:
                target, store = ORGANIZATION, self.errors
            elif key in {FILES, "papers"}:
                target, store = FILES, self.errors
            else:
                target, store = GENERAL, self.errors
            store.setdefault(target, []).extend(str(m) for m in messages)
        if not exc.fields:
            self.add_error(GENERAL, str(exc.message))

    def eform(self) -> FormGroup:
        return eform_build(self.procedure.form_schema, values=self.eform_values, errors=self.eform_errors)

    def paper_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "paper": paper,
                "name": paper_input_name(paper),
                "id": f"id-{paper_input_name(paper)}",
                "errors": self.errors.get(paper_input_name(paper), []),
                "chosen": self.chosen.get(paper.pk, []),
            }
            for paper in self.papers
        ]

    def error_summary(self, eform: FormGroup) -> list[tuple[str, str]]:
        """(anchor id, message) for every error, in the order of the page."""
        rows: list[tuple[str, str]] = [("submit-errors", m) for m in self.errors.get(GENERAL, [])]
        rows += [(f"id-{ORGANIZATION}-1", m) for m in self.errors.get(ORGANIZATION, [])]
        rows += [(eform.id, m) for m in eform.errors]
        for group_or_field in _walk(eform):
            for message in group_or_field.errors:
                anchor = getattr(group_or_field, "anchor", group_or_field.id)
                label = getattr(group_or_field, "label", None) or getattr(group_or_field, "legend", "")
                rows.append((anchor, f"{label}: {message}"))
        for row in self.paper_rows():
            rows += [(row["id"], f"{row['paper'].name}: {m}") for m in row["errors"]]
        rows += [("papers", m) for m in self.errors.get(FILES, [])]
        rows += [(f"id-{CONFIRM}", m) for m in self.errors.get(CONFIRM, [])]
        return rows


def _walk(group: FormGroup) -> list[Any]:
    items: list[Any] = []
    for item in group.items:
        items.append(item)
        if isinstance(item, FormGroup):
            items.extend(_walk(item))
    return items


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        items = [d for d in data if d] if isinstance(data, list | tuple) else ([data] if data else [])
        if not items:
            return [single(None, initial)] if self.required else []  # the "required" error
        return [single(d, initial) for d in items]


class SupplementForm(forms.Form):
    """The applicant's answer to a supplement request: files, which paper they are, a note."""

    attachments = MultipleFileField(
        label=gettext_lazy("Giấy tờ bổ sung"),
        error_messages={"required": gettext_lazy("Hãy chọn ít nhất một tệp giấy tờ bổ sung.")},
    )
    paper = forms.TypedChoiceField(label=gettext_lazy("Các tệp này là"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(
        label=gettext_lazy("Ghi chú cho cơ quan giải quyết"), required=False, max_length=1000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, papers: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Giấy tờ bổ sung khác"))]
        choices += [(str(p["id"]), str(p["name"])) for p in (papers or []) if p.get("id") is not None]
        self.fields["paper"].choices = choices  # type: ignore[attr-defined]

    def clean_attachments(self) -> list[UploadedFile]:
        files = self.cleaned_data.get("attachments") or []
        errors = _check_files(files)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def uploads(self) -> list[PaperUpload]:
        paper_id = self.cleaned_data.get("paper")
        return [
            PaperUpload(file=f, paper_id=paper_id, name=(f.name or "")[:255]) for f in self.cleaned_data["attachments"]
        ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do rút hồ sơ"), required=False, max_length=1000, widget=forms.Textarea
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Tôi xác nhận muốn rút hồ sơ này."),
        error_messages={"required": gettext_lazy("Hãy đánh dấu ô xác nhận để rút hồ sơ.")},
    )


SCORES = [
    (5, gettext_lazy("5 sao — Rất hài lòng")),
    (4, gettext_lazy("4 sao — Hài lòng")),
    (3, gettext_lazy("3 sao — Bình thường")),
    (2, gettext_lazy("2 sao — Không hài lòng")),
    (1, gettext_lazy("1 sao — Rất không hài lòng")),
]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Mức độ hài lòng"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Hãy chọn mức độ hài lòng."),
            "invalid_choice": gettext_lazy("Hãy chọn từ 1 đến 5 sao."),
        },
    )
    comment = forms.CharField(label=gettext_lazy("Góp ý"), required=False, max_length=2000, widget=forms.Textarea)


class LookupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã hồ sơ"),
        max_length=60,
        error_messages={
            "required": gettext_lazy("Hãy nhập mã hồ sơ."),
            "max_length": gettext_lazy("Mã hồ sơ không đúng định dạng."),
        },
    )

    def clean_code(self) -> str:
        # People copy codes with spaces around or inside them; codes have none.
        code = "".join(str(self.cleaned_data["code"]).split())
        if not DOSSIER_CODE_RE.match(code):
            raise forms.ValidationError(_("Mã hồ sơ không đúng định dạng."), code="invalid")
        return code
