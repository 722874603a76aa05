from allauth.account.adapter import DefaultAccountAdapter

from regions.selectors import is_coordinator

# Coordinators' and superusers' start page. A literal path: the console is its own app.
CONSOLE_URL = "/manage/"
# Invitations to facilitate, waiting for the person's answer (facilitators/views.py).
INVITATIONS_URL = "/me/invitations/"
# The navigation shows who is signed in; these would wait for the next account page instead.
UNSHOWN_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """PeerHub accounts are created by invitation; nobody can sign themselves up."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """Where a sign-in lands when it has no ?next=: invitations waiting for an answer, the
        console, or the home page."""
        if request.user.facilitator_invitations.exists():
            return INVITATIONS_URL
        return CONSOLE_URL if is_coordinator(request.user) else "/"

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in UNSHOWN_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)
