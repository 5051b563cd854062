from django.apps import AppConfig


class FloorplanConfig(AppConfig):
    name = "floorplan"
    verbose_name = "Venues and floor plan"
