from typing import Any

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"portal_owner": settings.SAOLA_PORTAL_OWNER}
