"""Checks a server makes before it answers anyone."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured


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
