"""``/healthz``: whether this server can answer, for Docker's health check and a proxy's.

200 when the database answers a query, 503 when it does not. Plain http is let through
(SECURE_REDIRECT_EXEMPT), since the checks ask the server directly, and a passing check leaves
no line in the access log (peerhub/logconfig.py).
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
