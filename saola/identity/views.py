"""Portal sign-in, sign-out, registration and the account page."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, LoginView, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saola.core import services
from saola.core.exceptions import ValidationFailed
from saola.core.ratelimit import client_address, parse_rate, rate_limit_hit
from saola.identity import services as identity_services
from saola.identity.forms import LoginForm, NewPasswordForm, PasswordResetRequestForm, RegisterForm


class PortalLoginView(LoginView):
    template_name = "identity/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect("web:home")


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    # Back to where the visitor was going (e.g. a procedure's submission page), if it is ours.
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.citizen_register(
                kind=data["kind"],
                full_name=data["full_name"],
                password=data["password"],
                email=data["email"] or None,
                phone=data["phone"] or None,
                personal_id=data["personal_id"] or None,
                tax_code=data["tax_code"] or None,
            )
        except ValidationFailed as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            login(request, user, backend="saola.core.auth.EmailOrPhoneBackend")
            messages.success(request, _("Đăng ký thành công. Chào mừng %(name)s!") % {"name": user.display_name})
            return redirect(next_url or "identity:account")
    return render(request, "identity/register.html", {"form": form, "next": next_url})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/account.html", {"account": request.user})


RESET_RATE = "5/10m"


def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The same answer whether or not the account exists."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rate = parse_rate(RESET_RATE)
        decision = rate_limit_hit(scope="password-reset", key=client_address(request), rate=rate) if rate else None
        if decision is not None and not decision.allowed:
            form.add_error(None, _("Bạn đã yêu cầu quá nhiều lần. Vui lòng thử lại sau ít phút."))
            return render(request, "identity/password_reset.html", {"form": form}, status=429)
        identity_services.password_reset_request(login=form.cleaned_data["login"])
        return render(request, "identity/password_reset_sent.html", {"login": form.cleaned_data["login"]})
    return render(request, "identity/password_reset.html", {"form": form}, status=400 if form.errors else 200)


class PortalPasswordResetConfirmView(PasswordResetConfirmView):
    template_name = "identity/password_reset_confirm.html"
    form_class = NewPasswordForm

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        identity_services.password_set_by_reset(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Đã đặt mật khẩu mới. Mời bạn đăng nhập."))
        return redirect("identity:login")
