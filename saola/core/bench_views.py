"""The bare Django baseline that `make bench` measures other endpoints against.

Mounted only when SAOLA_BENCH_ENDPOINTS is on (see saola/urls.py), never in a normal deployment.
"""

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from saola.core.models import Organization


@require_GET
def bench_one_row(request: HttpRequest, pk: int) -> JsonResponse:
    """One organisation read by primary key through the ORM, answered as a tiny JSON object."""
    row = Organization.objects.filter(pk=pk).values("pk", "code", "name").first()
    if row is None:
        raise Http404
    return JsonResponse(row)
