from django.apps import AppConfig


class DojoConfig(AppConfig):
    name = "posbackoffice.dojo"
    label = "dojo"
    verbose_name = "Dojo integration"

    def ready(self):
        from posbackoffice.observability.metrics import add_scrape_collector

        from .signals import connect_signals
        from .sync.collector import DojoStateCollector

        connect_signals()
        add_scrape_collector(DojoStateCollector())
