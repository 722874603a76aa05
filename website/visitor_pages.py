"""Whole public pages kept for visitors who are not signed in (the calendar, a group's page).

Such a page is the same bytes for every visitor not signed in who asks the same address in the
same language, until the data it shows moves. So it is kept whole (core/cache.py), under

* the version of that data (the network's token for the calendar, whose filter form offers
  what the whole network has; the group's SEQUENCE and LAST-MODIFIED for its page),
* the address asked for, whole: the language links and alternates repeat it,
* the language, today's date ("Today", "Tomorrow"), and the build of the site (``site_build``:
  the templates, translations, code and static files it was rendered with, so a deploy never
  serves a page of the code before it),

and the next such visitor gets it without a template rendered or a form read. A page is kept
only for a request that every such visitor would get the same answer to
(``same_for_everyone``): not signed in, no message waiting (the feedback form's thanks), and
no parameter the page does not read. Only a 200 is kept: a page of problems is answered, not
kept.

What is each visitor's own is put in each answer: a page is kept with a mark where it goes
(``MARKS``). The group page's feedback form carries the visitor's CSRF token (``get_token``,
which also sets the visitor's CSRF cookie, as the form's ``{% csrf_token %}`` did) and a
one-time code new each time the form is shown (core/public_forms.py), so that the same form
sent twice is kept once and two visitors' forms are never taken for one.

As the parts it is made of, a page is built once at a time; while one request builds a new
version, the others get the one before it (``core.cache.get_or_build``'s ``before``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
from collections.abc import Callable, Iterable
from functools import cache as once
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import cache
from core.public_forms import new_submission_code
from groups import kept_answers

# Where the visitor's own values go in a kept page, and how each answer makes them. A page
# rendered to be kept is given the marks for the values (``visitor_marks``). Each starts with
# "<", which every text the page shows has escaped ("&lt;"), so nothing typed into a group can
# produce one.
CSRF_MARK = mark_safe("<peerhub-csrf-token>")  # noqa: S308 (constants of our own)
SUBMISSION_MARK = mark_safe("<peerhub-submission-code>")  # noqa: S308
MARKS: dict[bytes, Callable[[Any], str]] = {
    CSRF_MARK.encode(): get_token,
    SUBMISSION_MARK.encode(): lambda request: new_submission_code(),
}
# Where the build of the site is read from (``site_build``), under settings.BASE_DIR.
BUILD_SUFFIXES = (".py", ".html", ".txt", ".mo", ".json", ".js", ".css", ".svg")
BUILD_SKIPPED = {".venv", "node_modules", "tests", "bench", "docs", "staticfiles", "media"}
# The settings public pages show (links, the map's tiles), which a restart may change.
BUILD_SETTINGS = ("SITE_URL", "MAP_TILES_URL", "MAP_TILES_ATTRIBUTION")


class KeptPage(NamedTuple):
    body: bytes
    content_type: str
    # A POSIX time after which the page is built again (the group page's next dates); 0: none.
    valid_until: float = 0.0
    # The marks it holds (of ``MARKS``), found once when it is kept: looking for them in each
    # answer would read the whole page (320 KB for a region's month) every time.
    marks: tuple[bytes, ...] = ()


class NotKept(Exception):  # noqa: N818 (a response, not an error)
    """Carries an answer that is not kept (a page of problems) out of the build."""

    def __init__(self, response: HttpResponse):
        super().__init__(response.status_code)
        self.response = response


def same_for_everyone(request, parameters: Iterable[str] = ()) -> bool:
    """Whether the answer is the one every visitor not signed in gets for this address.

    Not for a signed-in user (the menu names their console), nor with a message waiting (the
    group page thanks whoever just sent its form), nor with a parameter the page does not read
    (a tracking tag), which would only fill the cache with copies of the same page.
    """
    if request.user.is_authenticated:
        return False
    if len(messages.get_messages(request)):  # counting them does not use them up
        return False
    return set(request.GET) <= set(parameters)


def visitor_page(
    request,
    name: str,
    *,
    version: tuple,
    build: Callable[[], HttpResponse],
) -> HttpResponse:
    """The page ``build()`` answers, kept whole under ``version`` and the address asked for.

    ``build`` renders the page as any visitor not signed in gets it (with the marks of
    ``visitor_marks`` for each visitor's own values). An answer other than a 200 is returned
    as it is and not kept. A response with a ``valid_until`` (a POSIX time after which it no
    longer holds: the group page's next dates) is built again once that time has passed.
    """
    where = (name, get_language(), request.get_full_path(), site_build())
    key = cache.key("page:visitor", *where, *version)

    def kept() -> KeptPage:
        response = build()
        if response.status_code != 200:
            raise NotKept(response)
        body, until = response.content, getattr(response, "valid_until", 0.0)
        marks = tuple(mark for mark in MARKS if mark in body)
        return KeptPage(body, response["Content-Type"], until, marks)

    now = timezone.now().timestamp()
    try:
        page = cache.get_or_build(
            key,
            kept,
            fresh=lambda page: not page.valid_until or now < page.valid_until,
            before=cache.latest_key("page:visitor", *where),
            address=request.build_absolute_uri(),
        )
    except NotKept as not_kept:
        return not_kept.response
    body = page.body
    for mark in page.marks:
        body = body.replace(mark, MARKS[mark](request).encode())
    response = HttpResponse(body, content_type=page.content_type)
    if page.marks:
        return response  # each visitor's own values in it
    # The same bytes for the next such visitor: kept whole in the worker while the versions read
    # for it stand (groups/kept_answers.py), until its own time, and no later than midnight.
    until = min(page.valid_until or math.inf, _next_midnight())
    return kept_answers.keep(response, until=until)


def _next_midnight() -> float:
    """The POSIX time of the next midnight where pages are dated (``timezone.localdate``)."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(tomorrow, dt.time.min, tzinfo=zone).timestamp()


def visitor_marks() -> dict[str, Any]:
    """What a page rendered to be kept takes for its visitor's own values: its context's CSRF
    token, and its forms' one-time code (``submission``'s initial value)."""
    return {"csrf_token": CSRF_MARK, "submission": SUBMISSION_MARK}


@once
def site_build() -> str:
    """A digest of what a page is rendered with: the project's code, templates, translations
    and static files (and their manifest once collected), and the settings pages show; read
    once per process."""
    base = Path(settings.BASE_DIR)
    found = []
    for folder, folders, files in os.walk(base):
        folders[:] = sorted(f for f in folders if f not in BUILD_SKIPPED and not f.startswith("."))
        found += [Path(folder, name) for name in files if name.endswith(BUILD_SUFFIXES)]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        found.append(manifest)
    digest = hashlib.sha256(
        cache.digest(*(getattr(settings, name) for name in BUILD_SETTINGS)).encode()
    )
    for path in sorted(found):
        name = path.relative_to(base) if path.is_relative_to(base) else path.name
        digest.update(f"{name}\0".encode())  # the same on every server, wherever installed
        digest.update(path.read_bytes())
    return digest.hexdigest()
