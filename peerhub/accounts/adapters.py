from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """PeerHub accounts are created by invitation; nobody can sign themselves up."""

    def is_open_for_signup(self, request):
        return False
