from django.apps import AppConfig


class FrontdeskConfig(AppConfig):
    name = "frontdesk"
    verbose_name = "Front of house"
