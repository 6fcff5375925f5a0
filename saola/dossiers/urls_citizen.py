from django.urls import path, register_converter

from saola.catalog.models import PROCEDURE_CODE_RE
from saola.dossiers import views_citizen as views
from saola.dossiers.forms_citizen import DOSSIER_CODE_PATTERN


class _CodeConverter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class DossierCodeConverter(_CodeConverter):
    """Dossier codes only: anything else (quotes, spaces, 5,000 characters) is a 404 before any query."""

    regex = DOSSIER_CODE_PATTERN


class ProcedureCodeConverter(_CodeConverter):
    regex = PROCEDURE_CODE_RE.pattern.removeprefix("^").removesuffix("$")


# Names of their own: converters are registered project-wide.
register_converter(DossierCodeConverter, "citizen_dossier_code")
register_converter(ProcedureCodeConverter, "citizen_procedure_code")

app_name = "dossiers_citizen"
urlpatterns = [
    path("nop-ho-so/<citizen_procedure_code:code>/", views.submit_dossier, name="submit"),
    path("ho-so-cua-toi/", views.list_dossiers, name="dossier_list"),
    path("ho-so-cua-toi/<citizen_dossier_code:code>/", views.dossier_detail, name="dossier_detail"),
    path("ho-so-cua-toi/<citizen_dossier_code:code>/bo-sung/", views.submit_supplement, name="supplement"),
    path("ho-so-cua-toi/<citizen_dossier_code:code>/rut-ho-so/", views.withdraw_dossier, name="withdraw"),
    path("ho-so-cua-toi/<citizen_dossier_code:code>/danh-gia/", views.rate_dossier, name="rate"),
    path("ho-so-cua-toi/<citizen_dossier_code:code>/tep/<int:file_id>/", views.download_file, name="file"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu/<citizen_dossier_code:code>/", views.lookup_code, name="lookup_code"),
]
