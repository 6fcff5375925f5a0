"""Validators for identifiers and passwords."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PERSONAL_ID_RE = re.compile(r"^\d{12}$")
# Tax codes: 10 digits, or 13 as 10 digits + "-" + 3-digit branch suffix.
TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")
PHONE_RE = re.compile(r"^0\d{9}$")


def validate_personal_id(value: str) -> None:
    """Số định danh cá nhân (CCCD): 12 digits; the first three are a province-of-birth code."""
    if not PERSONAL_ID_RE.match(value or ""):
        raise ValidationError(_("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="invalid_personal_id")
    # Digit 4 encodes century and sex (0-9); digits 1-3 a province code 001-096.
    if not 1 <= int(value[:3]) <= 96:
        raise ValidationError(_("Mã tỉnh trong số định danh cá nhân không hợp lệ."), code="invalid_personal_id")


def _tax_checksum_ok(digits: str) -> bool:
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    total = sum(int(d) * w for d, w in zip(digits[:9], weights, strict=True))
    return (10 - total % 11) == int(digits[9])


def validate_tax_code(value: str) -> None:
    """Mã số thuế: 10 digits with a check digit, optionally '-NNN' for a branch."""
    if not TAX_CODE_RE.match(value or "") or not _tax_checksum_ok(value[:10]):
        raise ValidationError(_("Mã số thuế không hợp lệ."), code="invalid_tax_code")


def normalize_phone(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(normalize_phone(value)):
        raise ValidationError(_("Số điện thoại di động phải gồm 10 chữ số, bắt đầu bằng 0."), code="invalid_phone")


class MixedCharacterPasswordValidator:
    """Passwords need letters and at least one digit or symbol."""

    def validate(self, password: str, user: object = None) -> None:
        has_letter = any(c.isalpha() for c in password)
        has_other = any(not c.isalpha() for c in password)
        if not (has_letter and has_other):
            raise ValidationError(
                _("Mật khẩu phải có cả chữ cái và chữ số hoặc ký tự đặc biệt."), code="password_not_mixed"
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu phải có cả chữ cái và chữ số hoặc ký tự đặc biệt.")
