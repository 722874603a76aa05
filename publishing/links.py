"""Addresses of the published pages and feeds, reversed from their URL names, and the links that
let a visitor subscribe to a feed. The public site and the facilitator's pages both show them.
"""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def group_path(group) -> str:
    return reverse("group-detail", kwargs={"slug": group.slug})


def region_path(region) -> str:
    return reverse("region-detail", kwargs={"slug": region.slug})


def venue_path(venue) -> str:
    return reverse("venue-detail", kwargs={"slug": venue.slug})


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
