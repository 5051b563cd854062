"""The ASGI application, for an ASGI server.

Servers run production: the production settings apply unless DJANGO_SETTINGS_MODULE names
others (manage.py, for local use, defaults to the local settings)."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "posbackoffice.settings.production")
application = get_asgi_application()
