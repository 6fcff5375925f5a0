"""Portal sign-in, sign-out, registration and the account page."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saola.core import services
from saola.core.exceptions import ValidationFailed
from saola.identity.forms import LoginForm, RegisterForm


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
