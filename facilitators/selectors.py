"""Reads of facilitators."""

import hmac

from .models import FacilitatorProfile, feed_token_digest


def facilitator_for_feed_token(token: str) -> FacilitatorProfile | None:
    """The active facilitator whose private feed URL carries ``token``, or None.

    The lookup is by the token's SHA-256, so its timing reveals nothing about the token; the
    token itself is then compared in constant time.
    """
    profile = FacilitatorProfile.objects.filter(
        feed_token_digest=feed_token_digest(token), is_active=True
    ).first()
    if profile is None or not hmac.compare_digest(profile.feed_token, token):
        return None
    return profile
