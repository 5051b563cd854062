"""The Celery app. With REDIS_URL set it uses Redis as broker; see settings for the embedded mode."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "posbackoffice.settings")

app = Celery("posbackoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
