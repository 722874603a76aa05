"""``{% site_languages as languages %}``: the site's languages, each named in itself ("Español")."""

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag
def site_languages() -> list[tuple[str, str]]:
    # settings.LANGUAGES as written: Django's {% get_available_languages %} would translate
    # "English" into the page's language ("Inglés"), and a visitor looks for their own.
    return list(settings.LANGUAGES)


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[tuple[str, str]]:
    """This page's public address in each language, for ``<link rel="alternate" hreflang>``
    (search engines want them whole, on SITE_URL); none for a
    page with one address for every language (/me/, the account pages)."""
    request = context.get("request")
    if request is None:
        return []
    path = request.get_full_path()
    alternates = [
        (code, f"{settings.SITE_URL}{translate_url(path, code)}")
        for code, _name in settings.LANGUAGES
    ]
    if len({address for _code, address in alternates}) < len(alternates):
        return []
    return alternates
