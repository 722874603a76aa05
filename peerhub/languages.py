"""Which language each answer is in, and the switcher that changes it (README "Languages").

- **The public pages** keep their language in the address: ``/calendar/`` is English,
  ``/es/calendar/`` Spanish, ``/pt-br/calendar/`` Portuguese. A link someone shares opens in
  the language it was shared in, and a search engine finds each language at its own address.
  A first visit to an English address from a browser that asks for Spanish or Portuguese
  (``Accept-Language``), by someone who has not chosen a language with the switcher, is sent
  once to the same page in that language.
- **A facilitator's /me/ and the account pages** have one address for everyone: they follow the
  language chosen with the switcher (a cookie), else the browser's.
- **The feeds, the API, the console and the admin** are English: a feed's address is the same for
  every subscriber and its bytes are the same for every reader (one ETag), and the console is
  English for now (its strings are marked for translation).
"""

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import is_valid_path, translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from core.language_cookie import remember_language

# The areas that follow the visitor's chosen (or browser's) language at a single address.
CHOSEN_SECTIONS = frozenset({"me", "accounts"})
READING_METHODS = frozenset({"GET", "HEAD"})
# Files (a session's .ics among the pages' addresses, the sitemap): the same bytes for everyone.
FILE_SUFFIXES = (".ics", ".json", ".xml", ".txt", ".atom")


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _section(path: str) -> str:
    return path.split("/", 2)[1]


def _prefixed(request, language: str) -> str | None:
    """The address of this English page in ``language``, or None if it has no such page."""
    path = f"/{language}{request.path_info}"
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    if not _is_page(path, language, urlconf):
        return None
    return request.get_full_path().replace(request.path_info, path, 1)


@lru_cache(maxsize=4096)
def _is_page(path: str, language: str, urlconf: str) -> bool:
    """Whether ``path`` is an address of the site in ``language``. The URL patterns are loaded
    once, so the answer for an address never changes while the process runs: kept, rather than
    resolve every English page's address a second time (about a tenth of a kept page's time).
    Bounded, as anyone can ask for any address."""
    with translation.override(language):  # a prefix matches the active language only
        return bool(is_valid_path(path, urlconf))


class LanguageMiddleware:
    """Activate the answer's language; send a first visit to the page in the browser's language.

    Django's LocaleMiddleware does either all or none of this: with English kept unprefixed it
    never follows ``Accept-Language``, and with every language prefixed each English address
    would redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        from_path = translation.get_language_from_path(path)
        # Whether this same address answers in another language to another browser or choice.
        varies = False
        if from_path:
            language = from_path
        elif _section(path) in CHOSEN_SECTIONS:
            language = translation.get_language_from_request(request, check_path=False)
            varies = True
        else:
            language = settings.LANGUAGE_CODE
            if not path.endswith(FILE_SUFFIXES) and _prefixed(request, "es"):
                varies = True
                wanted = translation.get_language_from_request(request, check_path=False)
                if wanted != language and request.method in READING_METHODS:
                    response = HttpResponseRedirect(_prefixed(request, wanted))
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if varies:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def switch_language(request):
    """``/language/?lang=es&next=/calendar/``: remember the choice, and show ``next`` in it.

    A plain link, so the switcher works without JavaScript or a form. ``next`` must be an address
    on this site; any other is replaced by the home page.
    """
    language = request.GET.get("lang", "")
    if language not in codes():
        return HttpResponseBadRequest(
            f"lang: the language must be one of {', '.join(codes())}.",
            content_type="text/plain; charset=utf-8",
        )
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # translate_url reads the address in its own language (a prefix matches the active one).
    with translation.override(translation.get_language_from_path(next_url) or "en"):
        target = translate_url(next_url, language)
    response = HttpResponseRedirect(target)
    remember_language(response, language)
    add_never_cache_headers(response)
    return response
