from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "posbackoffice.kernel"
    label = "kernel"
    verbose_name = "Audit trail"
