"""Addresses of the published pages and feeds, reversed from their URL names, and the links that
let a visitor subscribe to a feed. The public site and the facilitator's pages both show them.

A page's address here is always its English one (``/groups/<slug>/``), whatever language is
active: it is the address the feeds, the API and the sitemap publish, the same bytes for every
reader. A page that links to another page in its own language uses ``reverse()`` itself.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

PUBLISHED_LANGUAGE = "en"  # the feeds' and the API's: English, at the unprefixed addresses


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _published(name: str, slug: str) -> str:
    with translation.override(PUBLISHED_LANGUAGE):
        return reverse(name, kwargs={"slug": slug})


def group_path(group) -> str:
    return _published("group-detail", group.slug)


def region_path(region) -> str:
    return _published("region-detail", region.slug)


def venue_path(venue) -> str:
    return _published("venue-detail", venue.slug)


def group_feed_path(group) -> str:
    return reverse("group-feed", kwargs={"slug": group.slug})


def region_feed_path(region) -> str:
    return reverse("region-feed", kwargs={"slug": region.slug})


def venue_feed_path(venue) -> str:
    return reverse("venue-feed", kwargs={"slug": venue.slug})


def facilitator_feed_path(facilitator) -> str:
    """The private feed's address: whoever has it sees every session the facilitator runs."""
    return reverse("facilitator-feed", kwargs={"token": facilitator.feed_token})


def subscribe_links(feed_path: str, label: str) -> dict:
    """What ``_subscribe.html`` shows: the feed's https address and its webcal:// twin."""
    feed_url = absolute(feed_path)
    return {
        "feed_path": feed_path,
        "label": label,
        "feed_url": feed_url,
        "webcal_url": webcal_url(feed_url),
    }


def webcal_url(url: str) -> str:
    """The webcal:// form of a feed address, which opens the device's calendar app."""
    return "webcal://" + url.split("://", 1)[-1]
