"""Renders service errors raised inside HTML views as a page with the right status."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from saola.core.exceptions import SaolaError


class SaolaErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") or not isinstance(exception, SaolaError):
            return None
        # A missing object looks the same as a missing page, whichever layer noticed it.
        template = "404.html" if exception.http_status == 404 else "web/error.html"
        return render(request, template, {"error": exception}, status=exception.http_status)
