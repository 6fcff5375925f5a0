"""API authentication: a bearer token or the browser session (with CSRF for writes)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from saola.core.tokens import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(secret=token)
        if user is not None:
            request.user = user
        return user


class OfficerSession(SessionAuth):
    """Session auth that answers with the user, like TokenAuth does."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return request.user if user else None


api_auth = [TokenAuth(), OfficerSession()]
