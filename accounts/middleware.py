"""Superusers sign in with two factors: until they have an authenticator app, they set one up."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

# Sign-in, sign-out and the two-factor pages themselves live under /accounts/.
OPEN_PATHS = ("/accounts/",)


class SuperuserTwoFactorMiddleware:
    """Send a signed-in superuser without an active TOTP authenticator to allauth's set-up page.

    Every path except /accounts/… and static files answers with that redirect, so the admin and
    the console are never reached with a password alone.
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
        user = request.user
        if not (user.is_authenticated and user.is_superuser):
            return False
        if request.path.startswith((*OPEN_PATHS, settings.STATIC_URL)):
            return False
        return not is_mfa_enabled(user, [Authenticator.Type.TOTP])
