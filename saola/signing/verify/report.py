"""What a verification finds, as frozen dataclasses, and their JSON form for the API and the CLI.

A report also travels, signed with the site's secret key, in the result page's form so the
PDF report can be produced later without keeping the uploaded file or any state on the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils.translation import gettext as _

from saola.core.calendar import LOCAL_TZ

# How long the signed report in the result page stays usable for the PDF download.
REPORT_TOKEN_MAX_AGE = 3600
_REPORT_SALT = "saola.signing.verify.report"


@dataclass(frozen=True)
class SignatureReport:
    """One signature of the document and what was found about it."""

    field_name: str
    signer: str
    organization: str | None
    signed_at: dt.datetime | None
    timestamped: bool
    trusted: bool
    revoked: bool
    revoked_at: dt.datetime | None
    intact: bool
    covers_whole_document: bool
    # pyhanko's ModificationLevel in lower case: none, lta_updates, form_filling, annotations, other;
    # None when the signature could not be read.
    modification_level: str | None
    issuer: str | None
    serial_number: str | None
    certificate_valid_from: dt.datetime | None
    certificate_valid_until: dt.datetime | None
    problems: tuple[str, ...]

    @property
    def modification_label(self) -> str:
        """What happened to the document after this signature, in words."""
        labels = {
            "none": _("Không thay đổi sau khi ký"),
            "lta_updates": _("Chỉ bổ sung thông tin kiểm tra dài hạn (LTV) sau khi ký"),
            "form_filling": _("Chỉ điền biểu mẫu hoặc thêm chữ ký khác sau khi ký"),
            "annotations": _("Đã thêm chú thích sau khi ký"),
            "other": _("Nội dung đã bị thay đổi sau khi ký"),
        }
        return labels.get(self.modification_level or "", _("Không xác định được"))

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and not self.revoked and self.covers_whole_document and not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "field_name": self.field_name,
            "signer": self.signer,
            "organization": self.organization,
            "signed_at": iso(self.signed_at),
            "timestamped": self.timestamped,
            "trusted": self.trusted,
            "revoked": self.revoked,
            "revoked_at": iso(self.revoked_at),
            "intact": self.intact,
            "covers_whole_document": self.covers_whole_document,
            "modification_level": self.modification_level,
            "issuer": self.issuer,
            "serial_number": self.serial_number,
            "certificate_valid_from": iso(self.certificate_valid_from),
            "certificate_valid_until": iso(self.certificate_valid_until),
            "problems": list(self.problems),
            "valid": self.valid,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignatureReport:
        return cls(
            field_name=str(data["field_name"]),
            signer=str(data["signer"]),
            organization=data["organization"],
            signed_at=parse_iso(data["signed_at"]),
            timestamped=bool(data["timestamped"]),
            trusted=bool(data["trusted"]),
            revoked=bool(data["revoked"]),
            revoked_at=parse_iso(data["revoked_at"]),
            intact=bool(data["intact"]),
            covers_whole_document=bool(data["covers_whole_document"]),
            modification_level=data["modification_level"],
            issuer=data["issuer"],
            serial_number=data["serial_number"],
            certificate_valid_from=parse_iso(data["certificate_valid_from"]),
            certificate_valid_until=parse_iso(data["certificate_valid_until"]),
            problems=tuple(str(p) for p in data["problems"]),
        )


@dataclass(frozen=True)
class VerificationReport:
    """Every signature of one PDF; `valid` only when there is at least one and all are valid."""

    sha256: str
    size: int
    verified_at: dt.datetime
    signatures: tuple[SignatureReport, ...]
    # Problems of the document as a whole (no signature at all), in Vietnamese.
    problems: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return bool(self.signatures) and not self.problems and all(s.valid for s in self.signatures)

    def as_dict(self) -> dict[str, Any]:
        return {
            "signatures": [s.as_dict() for s in self.signatures],
            "valid": self.valid,
            "problems": list(self.problems),
            "sha256": self.sha256,
            "size": self.size,
            "verified_at": iso(self.verified_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VerificationReport:
        verified_at = parse_iso(data["verified_at"])
        if verified_at is None:
            raise ValueError("verified_at is required")
        return cls(
            sha256=str(data["sha256"]),
            size=int(data["size"]),
            verified_at=verified_at,
            signatures=tuple(SignatureReport.from_dict(s) for s in data["signatures"]),
            problems=tuple(str(p) for p in data["problems"]),
        )


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the Vietnam offset (+07:00), to the second; None stays None."""
    return value.astimezone(LOCAL_TZ).isoformat(timespec="seconds") if value is not None else None


def parse_iso(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def report_token(report: VerificationReport, *, file_name: str = "") -> str:
    """The report signed with SECRET_KEY: nobody can make the server print a report it did not produce."""
    return signing.dumps({"report": report.as_dict(), "file_name": file_name}, salt=_REPORT_SALT, compress=True)


def report_from_token(token: str, *, max_age: int = REPORT_TOKEN_MAX_AGE) -> tuple[VerificationReport, str]:
    """The report and file name in a token from `report_token`; `signing.BadSignature` (or its
    subclass `SignatureExpired`) when the token was altered or is older than `max_age` seconds."""
    data = signing.loads(token, salt=_REPORT_SALT, max_age=max_age)
    return VerificationReport.from_dict(data["report"]), str(data.get("file_name", ""))
