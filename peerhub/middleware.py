"""Private pages are never kept by a browser's or a proxy's cache."""

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
    and feeds keep their own caching headers: the private feed (``/feeds/<token>.ics``) answers
    ``private, max-age=0, must-revalidate`` with an ETag, as calendar apps need.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            add_never_cache_headers(response)
        return response
