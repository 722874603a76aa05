"""ASGI entry point; the production settings are the default here."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerhub.settings.production")

application = get_asgi_application()

from peerhub.startup import require_collected_static  # noqa: E402 - needs Django set up

require_collected_static()
