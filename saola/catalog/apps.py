from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "saola.catalog"
    label = "catalog"
    verbose_name = _("Thủ tục hành chính")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from saola.catalog.cache import on_catalog_write as on_change
        from saola.catalog.models import Fee, Field, LegalBasis, Paper, Procedure

        # Any write to the catalogue, from services, imports or the admin, orphans cached searches.
        for model in (Procedure, Field, Paper, Fee, LegalBasis):
            post_save.connect(on_change, sender=model, dispatch_uid=f"catalog-cache-save-{model.__name__}")
            post_delete.connect(on_change, sender=model, dispatch_uid=f"catalog-cache-delete-{model.__name__}")
        m2m_changed.connect(on_change, sender=Procedure.agencies.through, dispatch_uid="catalog-cache-agencies")
