from django.apps import AppConfig


class DojoConfig(AppConfig):
    name = "posbackoffice.dojo"
    label = "dojo"
    verbose_name = "Dojo integration"
