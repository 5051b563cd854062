"""The Celery app. With REDIS_URL set it uses Redis as broker; see settings for the embedded mode.

Importing the `posbackoffice` package imports this module first, so its default settings
are those of every server (web, worker, beat): production, unless DJANGO_SETTINGS_MODULE
names others. manage.py sets the local settings before.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "posbackoffice.settings.production")

app = Celery("posbackoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
