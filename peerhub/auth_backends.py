"""Who is signed in, loaded with what every page's header asks of them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class SignedInUserBackend(ModelBackend):
    """Django's ModelBackend, whose signed-in user comes with their facilitator profile.

    The header offers "Your sessions" to a facilitator (templates/base.html) and the console
    offers a coordinator who facilitates a link to theirs: joined to the one query that loads
    the user on every signed-in request, the profile costs no query of its own. Visitors, who
    are not signed in, load no user at all.
    """

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("facilitator_profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
