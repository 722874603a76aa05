"""What a server does before it answers anyone: its checks, and its warm-up."""

import contextlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured

TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}
# A feed's VTIMEZONE starts the year before its first session (publishing/vtimezone.py).
WARM_YEARS_BEFORE = 3


def require_collected_static() -> None:
    """Refuse to start without collectstatic's manifest, rather than answer every page with 500.

    With DEBUG off, the manifest storage names each file by the hash the manifest holds, and a
    page that links a file it does not know fails ("Missing staticfiles manifest entry").
    """
    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return
    if not staticfiles_storage.hashed_files:
        manifest = f"{settings.STATIC_ROOT}/{staticfiles_storage.manifest_name}"
        raise ImproperlyConfigured(
            f"The static files are not collected: {manifest} is missing. Run "
            "`python manage.py collectstatic --noinput` with these settings, then start again."
        )


def warm_up() -> None:
    """What a worker would otherwise do on its first requests, done before it takes any.

    gunicorn's master runs it once, before it forks its workers (``preload_app``), so each
    worker is born with it done.

    The URL patterns are imported (and every view with them), each language's reverse table is
    built and its translation catalogue loaded, and the project's templates are compiled into
    the template loader's cache (``DEBUG`` off). A server started again, or a worker replaced,
    then answers its first requests as fast as the rest: with the caches empty as well, a
    region feed built in a new worker took several times what the same build takes in a worker
    that has answered before. Nothing here touches the database, so a worker still starts while
    the database is away.

    The site's own time zone's changes are read for the years its calendars cover (publishing/
    vtimezone.py), which a feed's VTIMEZONE is written from: about 1 ms a year, else done again
    by each new worker for its first feed.
    """
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import timezone, translation

    from publishing.vtimezone import YEARS_AHEAD, year_transitions

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            get_resolver().reverse_dict  # noqa: B018 - built on first use, per language
    this_year = timezone.now().year
    for year in range(this_year - WARM_YEARS_BEFORE, this_year + 1 + YEARS_AHEAD + 1):
        year_transitions(settings.TIME_ZONE, year)
    if settings.DEBUG:
        return  # templates are read again on every use
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES:
                with contextlib.suppress(TemplateDoesNotExist, TemplateSyntaxError):
                    get_template(str(path.relative_to(folder)))


def worker_started() -> None:
    """What a new worker starts before it takes its first request (gunicorn's
    ``post_worker_init``), so that its first visitor does not wait for it: the database pool
    opens its first connection, the feed versions' listening thread starts (each in the
    background: a worker still starts while the database is away) and the cache backends are
    loaded. Nothing is read or written."""
    from django.core.cache import caches
    from django.db import connections

    from groups import versions

    for alias in settings.CACHES:
        caches[alias]  # noqa: B018 - the backend's module is imported on first use
    pool = connections["default"].pool if connections["default"].vendor == "postgresql" else None
    if pool is not None:
        pool.open(wait=False)
    versions.active_memo()
