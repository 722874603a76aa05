"""What a server does before it answers anyone: its checks, and its warm-up."""

import contextlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured

TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}


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
    """
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            get_resolver().reverse_dict  # noqa: B018 - built on first use, per language
    if settings.DEBUG:
        return  # templates are read again on every use
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES:
                with contextlib.suppress(TemplateDoesNotExist, TemplateSyntaxError):
                    get_template(str(path.relative_to(folder)))
