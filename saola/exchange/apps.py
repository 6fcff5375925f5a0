from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "saola.exchange"
    label = "exchange"
    verbose_name = _("Liên thông văn bản")

    def ready(self) -> None:
        from saola.documents.signals import document_transitioned
        from saola.exchange.node.feedback import status_on_transition

        document_transitioned.connect(status_on_transition, dispatch_uid="exchange.status_on_transition")
