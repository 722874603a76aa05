"""The keys of core/cache.py: every namespace with its format, and the one way a key is made.

Apart from core/cache.py so that what it imports (core/build_ahead.py) makes its keys the same
way: ``key`` encodes its parts unambiguously, under a namespace declared in ``FORMATS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

# The calendar text of the feeds: each group's events, whole feeds and their ETags.
# 2: "How to join" from groups.joining (ask for a private address first)
CALENDAR_TEXT = 2
# Every namespace, with the shape of what it holds: raise its number when that shape changes (a
# template, the calendar text), so that no cache anywhere serves the old one (the shared cache
# outlives a deploy). A key is always made under one of these.
FORMATS = {
    "feed": CALENDAR_TEXT,  # a whole feed (publishing/feed_responses.py)
    "ical": CALENDAR_TEXT,  # a group's events in the public feeds (publishing/feeds.py)
    "api:occurrences": 2,  # an answer of the JSON API (publishing/api_answers.py); 2: its ETag too
    "api:sessions": 1,  # a group's sessions of a window, as JSON (publishing/api_occurrences.py)
    "api:groups": 2,  # the JSON API's list of groups (publishing/api.py); 2: the same
    "api:group": 1,  # a group's item in that list, as JSON (publishing/api_groups.py)
    "atom:changes": 1,  # a region's changes as Atom (publishing/changes.py)
    # a Meeting Guide JSON feed (publishing/meeting_guide_views.py); 2: kept with its ETag and
    # Last-Modified, so the version before is answered while the next is built
    "meeting-guide": 2,
    "meeting-guide:entry": 2,  # a group's entry in it, as JSON, and its last session's date
    # 2: their values became website's GroupPart and SessionsPart (they were groups' classes)
    # 3: "Where" and "How to join" from groups.joining
    # 4: its words and links in the page's language (issue 16)
    "page:group": 4,  # the group page's part about its group (website/pages.py)
    # 3: with the next sessions when the dates shown have none
    # 4: its words and links in the page's language (issue 16)
    # 5: with the map's places, and "near"
    # 6: each session rendered once per version of its group (website/calendar_sessions.py)
    # 7: past the page's bound, each region's groups instead (crowded)
    # 8: "near" past it, the groups nearest the place (nearest)
    "page:calendar": 8,  # the calendar page's sessions (website/calendar_parts.py)
    "page:sessions": 1,  # a group's sessions of a calendar's dates, rendered (the same)
    # 3: its words and action in the page's language (issue 16)
    # 4: with "Near a town or ZIP code" and "Use my location"
    "page:filters": 4,  # the calendar page's filter form
    "page:choices": 1,  # the kinds, places, towns, languages and access public groups have
    # A whole public page for visitors not signed in (website/visitor_pages.py; 2: with its marks)
    # and the sitemap (website/sitemap_views.py): their keys name the site's build, so a change
    # of template, translation or code needs no raise here.
    "page:visitor": 2,
    "sitemap": 1,
    # every public group's words, for the search box (groups/search.py); 2: translated ones too
    "page:search": 2,
    "public-form-sent": 1,  # a public form's sent-once code (core/public_forms.py)
    "building": 1,  # who builds a key's value now (``claim_build``)
    "handed": 2,  # a build handed to the task worker (``hand_over``); 2: whether a long one
    "feed-latest": 1,  # the last feed kept of a scope and variant (publishing/feed_responses.py)
    "latest": 1,  # the key of the last version built of a value (``latest_key``)
    "build-took": 1,  # the seconds the last build of an address took (build_ahead.py)
    # the mark of the last version of a value built; its build under way (build_ahead.py:
    # builds_done, under_way); 2: by the value's name, not the address it was asked at
    "builds-done": 2,
    "build-under-way": 2,
    "gzip": 1,  # an answer's compressed copy, by its path and strong ETag (sharing.py)
}


def key(namespace: str, *parts: Any) -> str:
    """The cache key of ``parts`` under ``namespace`` (one of ``FORMATS``) and its format.

    The parts are encoded as JSON, where every string is quoted and escaped, so no value typed
    into one part can produce the encoding of other parts (``q="a&type=b"`` is not ``q="a"``
    and ``type="b"``), and a number, None or a date is never the string that spells it. The
    digest keeps the key short and free of characters a cache server treats specially.
    """
    if namespace not in FORMATS:
        raise ValueError(f"Cache namespace {namespace!r} is not declared in FORMATS (cache_keys).")
    return f"{namespace}:{digest(FORMATS[namespace], *parts)}"


def digest(*parts: Any) -> str:
    """The SHA-256 (hex) of the unambiguous encoding of ``parts`` (see ``key``)."""
    return hashlib.sha256(_ENCODER.encode(parts).encode()).hexdigest()


def _tagged(value: Any) -> dict:
    """Dates, times and the like as {type: text}, so never equal to a plain string."""
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return {type(value).__name__: str(value)}
    if isinstance(value, set | frozenset):
        return {"set": sorted(value)}
    raise TypeError(f"No cache key encoding for {type(value).__name__}: pass plain values.")


# One encoder, made once: ``json.dumps`` with these options makes a new one on every call, a
# third of a key's cost, and a feed's build makes a key per group (18,000 for the network's).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_tagged)


def latest_key(namespace: str, *parts: Any) -> str:
    """The key naming the last version built of the value under ``namespace`` and ``parts``
    (those of its ``key`` but its version): ``get_or_build``'s ``before``. Made under the
    namespace's format, so a value of an older format is never served for it."""
    if namespace not in FORMATS:
        raise ValueError(f"Cache namespace {namespace!r} is not declared in FORMATS (cache_keys).")
    return key("latest", namespace, FORMATS[namespace], *parts)
