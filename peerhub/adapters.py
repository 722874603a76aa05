import logging

from allauth import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from core.client_address import client_digest
from core.mail import queue_emails
from core.redirects import is_safe_next
from facilitators.selectors import facilitator_for_user
from regions.selectors import is_coordinator

logger = logging.getLogger(__name__)

# Coordinators' and superusers' start page. A literal path: the console is its own app.
CONSOLE_URL = "/manage/"
# A facilitator's own sessions (me/views.py).
MY_SESSIONS_URL = "/me/"
# Invitations to facilitate, waiting for the person's answer (me/views.py).
INVITATIONS_URL = "/me/invitations/"
# The navigation shows who is signed in; these would wait for the next account page instead.
UNSHOWN_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}
# Said once per process: behind a proxy left unconfigured, every client shares its address.
untrusted_forwarded_for_logged = False


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """PeerHub accounts are created by invitation; nobody can sign themselves up."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (a password reset, a security notice) are queued like PeerHub's own
        (core/mail.py), never sent inside the request."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        name = template_prefix.rsplit("/", 1)[-1].replace("_", " ")
        queue_emails([message], about=f"an account ({name})")

    def get_login_redirect_url(self, request):
        """Where a sign-in lands when it has no ?next=: invitations waiting for an answer, the
        console (a coordinator who facilitates too finds a link to their own sessions on its
        dashboard), a facilitator's own sessions, or the home page."""
        user = request.user
        if user.facilitator_invitations.exists():
            return INVITATIONS_URL
        if is_coordinator(user):
            return CONSOLE_URL
        return MY_SESSIONS_URL if facilitator_for_user(user) is not None else "/"

    def is_safe_url(self, url):
        """Every ``next`` allauth follows keeps to this site, as PeerHub's own do."""
        return is_safe_next(allauth_context.request, url)

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in UNSHOWN_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def get_client_ip(self, request):
        """allauth's: the connection's address, or the one our TRUSTED_PROXY_COUNT proxies saw."""
        global untrusted_forwarded_for_logged
        if (
            not untrusted_forwarded_for_logged
            and allauth_settings.TRUSTED_PROXY_COUNT == 0
            and not allauth_settings.TRUSTED_CLIENT_IP_HEADER
            and "x-forwarded-for" in request.headers
        ):
            untrusted_forwarded_for_logged = True
            logger.warning(
                "A request came with X-Forwarded-For, and TRUSTED_PROXY_COUNT is 0: the header "
                "is ignored and every client is counted by the address it connects from. Behind "
                "a proxy that adds the header, set TRUSTED_PROXY_COUNT to the number of proxies."
            )
        return super().get_client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins count per account *and* client address (allauth counts per account).

        Keyed by the account alone, five wrong passwords from anyone lock its owner out, again
        and again. With the address, a guesser locks out only themselves, while the owner signs
        in from their own. allauth's maintainer advises overriding this method so; allauth
        still clears the count on a password reset (for the address the reset came from) and
        still limits failures per address across all accounts (ten a minute).
        """
        account_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account_key}:{client_digest(request)}"
