from django.urls import path, register_converter

from saola.catalog.models import PROCEDURE_CODE_RE
from saola.web import views


class ProcedureCodeConverter:
    """National procedure codes only (1.001193): anything else is a 404 before any query runs."""

    regex = PROCEDURE_CODE_RE.pattern.removeprefix("^").removesuffix("$")

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProcedureCodeConverter, "procedure_code")

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<procedure_code:code>/", views.procedure_detail, name="procedure_detail"),
]
