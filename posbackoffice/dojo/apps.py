from django.apps import AppConfig


class DojoConfig(AppConfig):
    name = "posbackoffice.dojo"
    label = "dojo"
    verbose_name = "Dojo integration"

    def ready(self):
        from .signals import connect_signals

        connect_signals()
