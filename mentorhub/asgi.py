"""ASGI entry point; `mentorhub run` serves this with uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorhub.settings")
application = get_asgi_application()
