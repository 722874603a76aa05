"""What every request passes first: no control characters in, no private page kept."""

import re

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

# The first part of the path of every private area: the console, a facilitator's own pages,
# the account pages (sign-in, password, two-factor), the admin. Whatever these answer (a page,
# a redirect, a 400, 403, 404 or 405) is for one person, so none of it is stored.
PRIVATE_SECTIONS = frozenset({"manage", "me", "accounts", "admin"})
# Anything else is public, and read with these; a form's answer can hold what was just typed
# in (an application's answers), so it is not stored either.
READING_METHODS = frozenset({"GET", "HEAD"})


def is_private(request) -> bool:
    section = request.path_info.split("/", 2)[1]
    return section in PRIVATE_SECTIONS or request.method not in READING_METHODS


class PrivatePagesMiddleware:
    """``Cache-Control: no-store`` (Django's never-cache headers) on every private answer.

    One rule at the edge instead of a decorator to remember on every private view. Public pages
    and feeds keep their own caching headers, and the private feed (``/feeds/<token>.ics``) its
    own ``private, no-store`` (publishing/sharing.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            add_never_cache_headers(response)
        return response


# C0 controls, DEL and the C1 controls: nothing anyone types. A form's text box may hold tabs
# and line breaks; nothing else may, and an address (path, parameter names and values) none.
CONTROL_IN_ADDRESS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_IN_FORM = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Answers that are not pages get their refusal in their own kind.
API_PREFIX = "/api/"
PLAIN_SUFFIXES = (".ics", ".atom", ".csv", ".json", ".xml", ".txt")


def control_character_in(request) -> str | None:
    """The name of the first parameter (or "path") holding a control character, else None."""
    if CONTROL_IN_ADDRESS.search(request.path_info):
        return "path"
    for name, values in request.GET.lists():
        if CONTROL_IN_ADDRESS.search(name) or any(CONTROL_IN_ADDRESS.search(v) for v in values):
            return CONTROL_IN_ADDRESS.sub("?", name)
    if request.method == "POST":
        for name, values in request.POST.lists():
            if CONTROL_IN_ADDRESS.search(name) or any(CONTROL_IN_FORM.search(v) for v in values):
                return CONTROL_IN_ADDRESS.sub("?", name)
    return None


class ControlCharactersMiddleware:
    """A 400 that names the parameter, for a control character anywhere a request can carry one.

    No view, form, query or database ever sees one, so a NUL cannot reach PostgreSQL (which
    refuses it in text, with a 500) and an escape code cannot reach a page, a feed or an email.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = control_character_in(request)
        if name is None:
            return self.get_response(request)
        message = f"The value of “{name}” holds a control character, which no value here can have."
        if request.path_info.startswith(API_PREFIX):
            response = JsonResponse({"error": message, "parameter": name}, status=400)
            response["Access-Control-Allow-Origin"] = "*"
            return response
        if request.path_info.endswith(PLAIN_SUFFIXES):
            return HttpResponseBadRequest(
                f"{name}: {message}", content_type="text/plain; charset=utf-8"
            )
        return render(request, "400.html", {"problem": message}, status=400)
