"""What the public side keeps of a group: anonymous feedback, and the versions of the feeds.

Django loads them through ``groups.models``, which re-exports them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy


class GroupFeedback(models.Model):
    """Anonymous feedback from the group's page: a rating and a comment, nothing else."""

    class Rating(models.IntegerChoices):
        POOR = 1, pgettext_lazy("how a session was", "1: not good")
        FAIR = 2, pgettext_lazy("how a session was", "2: could be better")
        OK = 3, pgettext_lazy("how a session was", "3: all right")
        GOOD = 4, pgettext_lazy("how a session was", "4: good")
        GREAT = 5, pgettext_lazy("how a session was", "5: very good")

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once, by the coordinator who read and dealt with it (``groups.feedback``); unset, it
    # waits on the dashboard. Never anything about who sent it.
    handled_at = models.DateTimeField(null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.group}: {self.rating}"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None


class FeedVersion(models.Model):
    """The current version of one feed scope, moved in the same transaction as any change to it.

    Feeds are cached under their version's token, so no stale copy is ever served, whatever
    cache each app server has; ``changed_at`` is the feed's Last-Modified and never goes back.
    Keys: ``network``, ``region:<id>``, ``venue:<id>``, ``group:<id>``, ``facilitator:<id>``,
    and ``listing``: what the calendar's filter form offers (the regions, places, towns,
    languages and access features public groups have), which a change to a session never
    moves.
    """

    NETWORK = "network"
    LISTING = "listing"

    key = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.key} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @staticmethod
    def key_for(kind: str, pk: int) -> str:
        return f"{kind}:{pk}"
