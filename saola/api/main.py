"""The REST API root: mounts each app's router under /api/v1/."""

from ninja import NinjaAPI

from saola.api.errors import register_error_handlers
from saola.catalog.api import router as catalog_router
from saola.catalog.api_interchange import router as catalog_interchange_router
from saola.core.api import audit_router, calendar_router
from saola.core.api import router as core_router
from saola.core.api_interchange import router as organizations_admin_router
from saola.core.api_people import router as people_router
from saola.documents.api import router as documents_router
from saola.dossiers.api import router as dossiers_router
from saola.exchange.api import router as exchange_router
from saola.payments.api import router as payments_router
from saola.signing.api import router as signing_router

api = NinjaAPI(
    title="Saola API",
    version="1",
    description="API của nền tảng chính quyền điện tử Saola.",
    urls_namespace="api-v1",
)
register_error_handlers(api)
api.add_router("/", core_router)
api.add_router("/", organizations_admin_router)
api.add_router("/", catalog_router)
api.add_router("/", catalog_interchange_router)
api.add_router("/", people_router)
api.add_router("/", calendar_router)
api.add_router("/", audit_router)
api.add_router("/", dossiers_router)
api.add_router("/", payments_router)
api.add_router("/", signing_router)
api.add_router("/", documents_router)
api.add_router("/", exchange_router)
