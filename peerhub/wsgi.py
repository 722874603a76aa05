"""WSGI entry point; the production settings are the default here."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerhub.settings.production")

application = get_wsgi_application()

from peerhub.startup import require_collected_static, warm_up  # noqa: E402 - needs Django set up

require_collected_static()
warm_up()
