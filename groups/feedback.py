"""Feedback a coordinator has read and dealt with: marked as handled, once, with who and when.

The feedback itself stays anonymous; only the coordinator who handled it is kept.
"""

from __future__ import annotations

from django.utils import timezone

from core.validation import AlreadyDone
from groups.models import GroupFeedback


def feedback_mark_handled(*, feedback: GroupFeedback, user) -> GroupFeedback:
    """Mark ``feedback`` as handled by ``user``, now.

    Only the first mark counts: a second one (a double click, or another coordinator a moment
    later) raises ``AlreadyDone`` and keeps the first who and when. The update is conditional
    in the database, so two at once cannot both win.
    """
    now = timezone.now()
    updated = GroupFeedback.objects.filter(pk=feedback.pk, handled_at__isnull=True).update(
        handled_at=now, handled_by=user
    )
    if not updated:
        raise AlreadyDone("This feedback was already marked as handled.")
    feedback.handled_at, feedback.handled_by = now, user
    return feedback


def unhandled(feedback):
    """The feedback of ``feedback`` (a queryset) nobody has marked as handled yet."""
    return feedback.filter(handled_at__isnull=True)
