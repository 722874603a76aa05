"""What the public feeds keep in the database: each group's events as calendar text.

The caches (core/cache.py) keep them in each worker's memory and in Redis, which keeps nothing on
disk: after Redis or every app server restarts, each group's events would be built again, and
the first request for the whole network's feed would build 18,000 groups (13 to 23 s at
national size). So the text is kept here too, as a rendered column is kept beside its source,
under the same key the caches use (the site's address, the group's ``sequence`` and
``updated_at``, and the calendar text's format: ``core.cache.key("ical", ...)``), which every
change to what it shows moves. A row whose key is not the group's current one is never
served: it is built again and replaced (publishing/feeds.py).
"""

from django.db import models


class StoredEvents(models.Model):
    group = models.OneToOneField(
        "groups.Group", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    key = models.CharField(max_length=100)  # core.cache.key("ical", ...): a namespace and a digest
    text = models.BinaryField()

    class Meta:
        verbose_name = "group's stored feed events"
        verbose_name_plural = "groups' stored feed events"

    def __str__(self) -> str:
        return f"Events of group {self.group_id}"
