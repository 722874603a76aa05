"""The group page's cached part (website.pages.group_page).

It is kept under the group's version, so a change shows at once, and until its first listed
session starts, so the list of next dates moves on with the clock.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from groups.sessions import session_cancel, session_substitute_assign
from tests.page_clock import BOSTON
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db


def url(side):
    return f"/groups/{side.group.slug}/"


def next_date(page: str) -> str:
    start = page.index("<dt>Next date</dt><dd>") + len("<dt>Next date</dt><dd>")
    return page[start : page.index("</dd>", start)]


def without_token(content: bytes) -> bytes:
    """The page less its CSRF token, masked anew on every response, and its feedback form's
    one-time code, new each time the form is shown."""
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
    return re.sub(rb'name="submission" value="[^"]+"', b"", content)


def test_a_warm_page_reads_only_its_group(client, east, west, django_assert_num_queries):
    first = client.get(url(east))
    with django_assert_num_queries(1):
        again = client.get(url(east))
    assert without_token(again.content) == without_token(first.content)
    assert again.content != first.content  # the form, its token and code, are the visitor's own


def test_a_cancelled_session_shows_at_once(client, east, west):
    assert next_date(client.get(url(east)).content.decode()) == "Tuesday 3 March"
    session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    page = client.get(url(east)).content.decode()
    assert next_date(page) == "Tuesday 3 March is cancelled; see the dates below"
    # The other region's group page is its own entry, untouched.
    assert next_date(client.get(url(west)).content.decode()) == "Tuesday 3 March"


def test_a_substitute_shows_at_once(client, east, west):
    assert "Facilitated this time by" not in client.get(url(east)).content.decode()
    session_substitute_assign(
        group=east.group, original_date=TUESDAY, substitute=east.spare, notify=False
    )
    assert "Facilitated this time by Spare1 B." in client.get(url(east)).content.decode()


def test_the_next_dates_move_on_once_the_first_has_started(client, east, west, monkeypatch):
    assert next_date(client.get(url(east)).content.decode()) == "Tuesday 3 March"
    just_after_six = dt.datetime(2026, 3, 3, 18, 1, tzinfo=BOSTON)
    monkeypatch.setattr(timezone, "now", lambda: just_after_six)
    assert next_date(client.get(url(east)).content.decode()) == "Tuesday 10 March"


def test_the_visitors_form_is_not_cached(client, east, west):
    client.get(url(east))
    response = client.post(f"/groups/{east.group.slug}/feedback/", {"comment": "x" * 5000})
    page = response.content.decode()
    assert "Error:" in page.split("</title>")[0]
    assert next_date(page) == "Tuesday 3 March"


def test_a_page_made_while_another_builds_its_part_is_not_kept_for_everyone(client, east, west):
    """While another request builds the group's new part, a visitor gets the part before it
    (core.cache.get_or_build); the whole page made of it is that visitor's alone, not kept
    under the group's new version for everyone (core.cache._built)."""
    from core import cache
    from groups.models import Group

    assert "Snow day" not in client.get(url(east)).content.decode()
    session_cancel(group=east.group, original_date=TUESDAY, public_note="Snow day", notify=False)
    group = Group.objects.get(pk=east.group.pk)
    part = cache.key("page:group", "en", group.pk, group.sequence, group.updated_at)
    assert cache.claim_build(part)  # another request builds the new part
    meanwhile = client.get(url(east)).content.decode()
    cache.release_build(part)
    after = client.get(url(east)).content.decode()
    assert ("Snow day" in meanwhile, "Snow day" in after) == (False, True)
