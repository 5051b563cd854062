"""The WSGI application, for gunicorn (see gunicorn.conf.py).

Servers run production: the production settings apply unless DJANGO_SETTINGS_MODULE names
others (manage.py, for local use, defaults to the local settings)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "posbackoffice.settings.production")
application = get_wsgi_application()
