"""Superusers sign in with two factors: until they have an authenticator app, they set one up."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

# Sign-in, sign-out and the two-factor pages themselves live under /accounts/.
OPEN_PATHS = ("/accounts/",)
# Answers that are the same whoever asks: the feeds (a facilitator's private feed opens by its
# token alone), the public API, the sitemap and robots.txt. None is a way into the admin or
# the console, and looking at the user there would read the session, which makes Django send
# `Vary: Cookie` and stops a proxy or CDN from sharing them. The private areas are never among
# them, whatever their addresses end with.
SHARED_PREFIXES = ("/api/",)
SHARED_SUFFIXES = (".ics", ".atom", ".json", ".xml", ".txt")
PRIVATE_PREFIXES = ("/manage/", "/me/", "/admin/")


def is_shared_answer(path: str) -> bool:
    if path.startswith(PRIVATE_PREFIXES):
        return False
    return path.startswith(SHARED_PREFIXES) or path.endswith(SHARED_SUFFIXES)


class SuperuserTwoFactorMiddleware:
    """Send a signed-in superuser without an active TOTP authenticator to allauth's set-up page.

    Every path except /accounts/…, static files and the shared answers above (which never
    read the session) answers with that redirect, so the admin and the console are never
    reached with a password alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_set_up_totp(request):
            messages.info(
                request,
                "Superusers sign in with a code from an authenticator app as well as their "
                "password. Set one up to carry on.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def must_set_up_totp(request) -> bool:
        if not settings.SUPERUSERS_REQUIRE_TOTP:
            return False
        # The path first: it decides without reading the session.
        if request.path.startswith((*OPEN_PATHS, settings.STATIC_URL)):
            return False
        if is_shared_answer(request.path_info):
            return False
        user = request.user
        if not (user.is_authenticated and user.is_superuser):
            return False
        return not is_mfa_enabled(user, [Authenticator.Type.TOTP])
