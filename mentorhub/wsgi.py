"""WSGI entry point, for servers that speak WSGI (gunicorn, mod_wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorhub.settings")
application = get_wsgi_application()
