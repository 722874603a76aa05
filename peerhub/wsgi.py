"""WSGI entry point; the production settings are the default here."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerhub.settings.production")

application = get_wsgi_application()
