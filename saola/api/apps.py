from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "saola.api"
    label = "api"
