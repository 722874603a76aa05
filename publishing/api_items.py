"""What the JSON API says of a group and of a session: public data only.

A venue's address is given only where it is public (``public_place``); how to join (a link,
a phone number) never leaves the site.
"""

from __future__ import annotations

from groups.describe import schedule_in_words
from groups.models import Group
from groups.selectors import GroupSession
from publishing.links import absolute, group_feed_path, group_path


def group_url(group: Group) -> str:
    return absolute(group_path(group))


def location(venue) -> str | None:
    # public_place gives the address only where it is public; join_details never leave the site.
    return (venue.public_place or None) if venue is not None else None


def occurrence_item(session: GroupSession, url: str) -> dict:
    group, occurrence, venue = session.group, session.occurrence, session.venue
    return {
        "uid": group.ical_uid,
        "group": group.slug,
        "title": group.title,
        "region": group.region.slug,
        "venue": venue.slug if venue is not None else None,
        "location": location(venue),
        "start": occurrence.start,
        "end": occurrence.end,
        "status": occurrence.status,
        "recurrence_id": None if group.schedule.is_one_off else occurrence.original_start,
        "moved": occurrence.moved,
        "note": occurrence.change.public_note if occurrence.change is not None else "",
        "url": url,
    }


def group_item(group: Group) -> dict:
    return {
        "uid": group.ical_uid,
        "slug": group.slug,
        "title": group.title,
        "description": group.description,
        "kind": group.kind,
        "audience": group.audience,
        "region": group.region.slug,
        "venue": group.venue.slug if group.venue is not None else None,
        "location": location(group.venue),
        "schedule": schedule_in_words(group.schedule),
        "start_date": group.start_date,
        "end_date": group.end_date,
        "start_time": f"{group.start_time:%H:%M}",
        "duration_minutes": group.duration_minutes,
        "timezone": group.timezone,
        "languages": sorted(language.code for language in group.languages.all()),
        "access_features": sorted(feature.slug for feature in group.access_features.all()),
        "url": group_url(group),
        "feed_url": absolute(group_feed_path(group)),
    }
