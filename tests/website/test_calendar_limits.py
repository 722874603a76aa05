"""New calendar pages are limited per client address (ACCOUNT_RATE_LIMITS["calendar_pages"]):
each new date, view or filter is a page whose sessions are built, and a crawler of the dates
would keep the web workers building. A page built before is answered whatever the limit, and
one address over its limit never holds another back."""

import pytest

from groups.freshness import groups_changed
from groups.sessions import session_cancel
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

LIMITS = {"calendar_pages": "2/1m/key"}


def page(client, date, *, address="203.0.113.5", language=""):
    return client.get(f"{language}/calendar/?region=metro-boston&date={date}", REMOTE_ADDR=address)


def test_new_pages_from_one_address_are_limited(client, east, settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    assert page(client, "2026-03-01").status_code == 200
    assert page(client, "2026-03-08").status_code == 200
    refused = page(client, "2026-03-15")
    assert (refused.status_code, refused["Retry-After"]) == (429, "60")
    text = refused.content.decode()
    assert "Please try again in a minute" in text
    assert "Pages you have already seen still open at once." in text
    assert '<meta name="robots" content="noindex">' in text
    assert "Hearing Voices" not in text


def test_a_page_built_before_is_answered_whatever_the_limit(client, east, settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    first = page(client, "2026-03-01")
    page(client, "2026-03-08")
    assert page(client, "2026-03-15").status_code == 429
    again = page(client, "2026-03-01")
    assert (again.status_code, again.content) == (200, first.content)
    # Its sessions part too, when the page is not kept whole (a tracking tag it does not read).
    tagged = client.get(
        "/calendar/?region=metro-boston&date=2026-03-01&utm_source=x", REMOTE_ADDR="203.0.113.5"
    )
    assert tagged.status_code == 200


def test_another_address_is_not_held_back_by_the_first(client, east, settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    for date in ("2026-03-01", "2026-03-08", "2026-03-15"):
        page(client, date)
    assert page(client, "2026-03-22", address="198.51.100.7").status_code == 200


def test_after_a_change_an_address_over_its_limit_gets_the_page_before(client, east, settings):
    """The region's change makes a new version of a page seen before: an address over its
    limit is answered the version before, as every reader is while another request builds."""
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    first = page(client, "2026-03-01")
    page(client, "2026-03-08")
    groups_changed(group_ids=[east.group.pk])
    again = page(client, "2026-03-01")
    assert (again.status_code, again.content) == (200, first.content)


def test_the_page_before_an_address_over_its_limit_got_is_not_kept_for_everyone(
    client, east, settings
):
    """The version before is that address's answer alone: the next visitor within its limit
    gets the page as it now is."""
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    page(client, "2026-03-01")
    page(client, "2026-03-08")
    session_cancel(group=east.group, original_date=TUESDAY, public_note="Snow day")
    assert "Snow day" not in page(client, "2026-03-01").content.decode()  # over its limit
    assert "Snow day" in page(client, "2026-03-01", address="198.51.100.7").content.decode()


def test_the_limit_in_spanish(client, east, settings):
    settings.ACCOUNT_RATE_LIMITS = {"calendar_pages": "0/1m/key"}
    refused = page(client, "2026-03-01", language="/es")
    assert refused.status_code == 429
    assert "Vuelva a intentarlo en un minuto" in refused.content.decode()
