"""The versions of what is shown: of the feeds' scopes, and of a group for its page.

Read from the database, or, with the versions pushed to this worker (``groups/versions.py``,
``LISTEN``/``NOTIFY``), from its memory until a change moves them: a warm feed, a ``304`` or a
page kept whole then reads nothing. Never in the task worker's builds (core/build_ahead.py):
a build is asked for because a version moved, and the notification of that move may reach the
web worker that handed it over before it reaches the task worker, whose memory would then still
hold the version before; so a build reads the versions from the database.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from core import build_ahead
from groups import kept_answers, versions
from groups.models import FeedVersion
from groups.selectors import public_groups


def _remembered(memo_keys: list, read: Callable[[list], dict]) -> dict:
    """Values by memo key, from this worker's memory of feed versions (``groups/versions.py``)
    where it has them; the others from ``read(missing keys)``, which gives
    ``{memo key: (version key, value)}``, and remembered until that version key moves.
    """
    memo = None if build_ahead.building_in_worker() else versions.active_memo()
    found = {}
    if memo is not None:
        found = {key: value for key in memo_keys if (value := memo.get(key)) is not None}
    missing = [key for key in memo_keys if key not in found]
    if missing:
        generation = memo.generation() if memo is not None else 0
        for memo_key, (version_key, value) in read(missing).items():
            found[memo_key] = value
            if memo is not None:
                memo.remember(memo_key, version_key, value, generation)
    kept_answers.noted(found)  # what an answer kept whole stands on (groups/kept_answers.py)
    return found


def feed_version(key: str) -> FeedVersion:
    """The current version of a feed scope; a scope never touched starts now.

    With the versions pushed to this worker (``groups/versions.py``), from its memory.
    """

    def read(keys):
        version, _ = FeedVersion.objects.get_or_create(
            key=key, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        )
        return {key: (key, version)}

    return _remembered([key], read)[key]


def slug_feed_version(model, kind: str, slug: str) -> tuple[int, FeedVersion] | None:
    """The pk of the region or venue with this slug, and its feed's version, in one query.

    A feed's warm path makes no other query before it serves its cached copy (or a 304), so
    this is one raw query: the ORM would spend longer writing it than the database reading it.
    None if there is no such slug.
    """
    memo_key = ("slug", kind, slug)

    def read(keys):
        quote = connection.ops.quote_name
        # Table and column names come from the models; the values are parameters.
        rows = list(
            FeedVersion.objects.raw(
                f"SELECT v.{quote('key')}, v.token, v.changed_at, s.id AS scope_id"  # noqa: S608
                f" FROM {quote(model._meta.db_table)} s"
                f" LEFT JOIN {quote(FeedVersion._meta.db_table)} v"
                f" ON v.{quote('key')} = %s || CAST(s.id AS TEXT) WHERE s.slug = %s",
                [f"{kind}:", slug],
            )
        )
        if not rows:
            return {}
        found = rows[0]
        key = FeedVersion.key_for(kind, found.scope_id)
        return {memo_key: (key, (found.scope_id, found if found.key == key else feed_version(key)))}

    return _remembered([memo_key], read).get(memo_key)


def feed_versions(keys: list[str]) -> dict[str, FeedVersion]:
    """The current versions of several scopes in one query (a scope never touched starts now)."""

    def read(missing):
        return {
            version.key: (version.key, version)
            for version in FeedVersion.objects.filter(key__in=missing)
        }

    found = _remembered(keys, read)
    return {key: found.get(key) or feed_version(key) for key in keys}


class GroupVersion(NamedTuple):
    pk: int
    sequence: int
    updated_at: dt.datetime
    takes_registrations: bool


def public_group_version(slug: str) -> GroupVersion | None:
    """The version of the public group with this slug (what its page is kept under), in one
    lean query, or none with the versions in this worker's memory: the group's feed version
    moves with every change to it (made private, its slug, its schedule), and so forgets it.
    The page of a group kept whole reads nothing else. None if there is none."""
    memo_key = ("group-page", slug)

    def read(keys):
        rows = (
            public_groups()
            .filter(slug=slug)
            .values_list("pk", "sequence", "updated_at", "seats", "registration_open")[:1]
        )
        for pk, sequence, updated_at, seats, registration_open in rows:
            takes_registrations = seats is not None and registration_open
            found = GroupVersion(pk, sequence, updated_at, takes_registrations)
            return {memo_key: (FeedVersion.key_for("group", pk), found)}
        return {}

    return _remembered([memo_key], read).get(memo_key)
