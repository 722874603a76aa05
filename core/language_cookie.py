"""The cookie that keeps a visitor's choice of language (README "Languages")."""

from django.conf import settings


def remember_language(response, language: str) -> None:
    """Set the language cookie Django reads (``LANGUAGE_COOKIE_*``) on ``response``."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
