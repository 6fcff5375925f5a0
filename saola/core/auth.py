"""Login with an email address or a mobile phone number (or, for officers, a username)."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from saola.core.models import User
from saola.core.validators import normalize_phone


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or not password:
            return None
        login = username.strip()
        query = Q(username=login)
        if "@" in login:
            query |= Q(email__iexact=login)
        else:
            query |= Q(phone=normalize_phone(login))
        user = User.objects.filter(query).first()
        if user is None:
            User().set_password(password)  # same work as a real check, against timing probes
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
