"""Forms for signing in and registering on the portal."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from saola.core.models import User


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Thư điện tử, số điện thoại hoặc tên đăng nhập"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Sai thông tin đăng nhập hoặc mật khẩu."),
        "inactive": _("Tài khoản đã bị khóa."),
    }


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại tài khoản"),
        choices=[(User.Kind.CITIZEN, _("Công dân")), (User.Kind.BUSINESS, _("Doanh nghiệp, tổ chức"))],
        widget=forms.RadioSelect,
        initial=User.Kind.CITIZEN,
    )
    full_name = forms.CharField(label=_("Họ và tên (hoặc tên doanh nghiệp)"), max_length=255, min_length=2)
    personal_id = forms.CharField(
        label=_("Số định danh cá nhân (12 chữ số)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tax_code = forms.CharField(label=_("Mã số thuế (doanh nghiệp)"), max_length=14, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 10 ký tự, có cả chữ cái và chữ số hoặc ký tự đặc biệt."),
    )
    password_again = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Hai mật khẩu không khớp."))
        return data


class PasswordResetRequestForm(forms.Form):
    login = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại di động của tài khoản"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class NewPasswordForm(SetPasswordForm):
    """Django's form (validators, matching check) with the portal's Vietnamese labels."""

    new_password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 10 ký tự, có cả chữ cái và chữ số hoặc ký tự đặc biệt."),
    )
    new_password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    error_messages = {"password_mismatch": _("Hai mật khẩu không khớp.")}
