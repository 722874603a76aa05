"""A region's changes as an Atom feed (``/regions/<slug>/changes.atom``), for partners' sites and
newsletters: its public groups' cancelled and moved sessions and its new public groups, newest
first, the last ``LATEST`` of them. See docs/changes-feed.md.

Built with Django's syndication framework (``Feed`` and ``Atom1Feed``), in English like every
feed (peerhub/languages.py), from ``groups.selectors.region_change_log``: private groups and
private notes are never read, and a private address is never written (only its town). The bytes
are kept under the region's feed version, whose ETag and Last-Modified answer a conditional GET
with ``304``: nothing in it reads the clock, so the same data always gives the same bytes.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from core import cache, words
from core.text import sentence
from groups.describe import schedule_in_words
from groups.expansion import expandable, expanding
from groups.joining import joining_in_words
from groups.models import SessionChange
from groups.selectors import region_change_log, session_of
from groups.version_selectors import slug_feed_version
from publishing.links import PUBLISHED_LANGUAGE, absolute, group_path, region_path
from publishing.sharing import SHARED_FEED, gzip_shared
from regions.models import Region

LATEST = 50  # entries in the feed
DESCRIPTION_WORDS = 40  # of a new group's description, in its entry


@dataclass(frozen=True)
class Entry:
    id: str  # a tag URI (RFC 4151): the same for as long as the entry is in the feed
    title: str
    summary: str
    link: str
    updated: dt.datetime


def tag(group, specific: str) -> str:
    """``tag:<site's host>,<day the group was created>:<specific>``.

    From the group's ``uuid`` and its creation day, so a rename, an edit of the group or of
    the change, or a new slug keeps every entry's id.
    """
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{group.created_at.astimezone(dt.UTC):%Y-%m-%d}:{specific}"


def _when(moment: dt.datetime) -> str:
    """ "Tuesday 3 March 2026 at 6:00 pm", in the group's (the region's) wall-clock time."""
    return f"{words.long_date(moment.date())} at {words.clock(moment.time())}"


def _span(occurrence) -> str:
    """ "Tuesday 3 March 2026, 6:00 to 7:30 pm"."""
    start, end = occurrence.start, occurrence.end
    return f"{words.long_date(start.date())}, {words.time_range(start.time(), end.time())}"


def _place(venue, group) -> str:
    """Where a session of ``group`` is, as the public pages say it: a public address whole, a
    private one by its town only (or "another place") and how to learn it, or "online"."""
    if venue.is_online:
        return "online."
    if venue.address_is_public and venue.address:
        return sentence(f"at {venue.public_place}")
    where = f"in {venue.town}" if venue.town else "at another place"
    how = joining_in_words(
        audience=group.audience, how_to_join="", venue=venue, region_name=group.region.name
    ).where_note
    return f"{sentence(where)} {how}".strip()


def _note(change: SessionChange) -> str:
    return f" {sentence(change.public_note)}" if change.public_note.strip() else ""


def change_entry(change: SessionChange) -> Entry:
    group = change.group
    session = session_of(group, change.original_date, change)
    occurrence = session.occurrence
    link = absolute(group_path(group))
    if change.is_cancelled:
        return Entry(
            id=tag(group, f"group/{group.uuid}/session/{change.original_date}/cancelled"),
            title=f"Cancelled: {group.title}, {words.long_date(occurrence.start.date())}",
            summary=f"{group.title} does not meet on {_span(occurrence)}: this session is "
            "cancelled." + _note(change) + " The group's page has its next sessions.",
            link=link,
            updated=change.updated_at,
        )
    where = "."
    if session.venue is not None and session.venue.pk != group.venue_id:
        where = f", {_place(session.venue, group)}"
    return Entry(
        id=tag(group, f"group/{group.uuid}/session/{change.original_date}/moved"),
        title=f"Moved: {group.title}, {words.long_date(occurrence.original_start.date())}",
        summary=f"The {group.title} session of {_when(occurrence.original_start)} has moved: it "
        f"is now on {_span(occurrence)}{where}" + _note(change),
        link=link,
        updated=change.updated_at,
    )


def group_entry(group) -> Entry:
    if group.venue is None:
        where = "The place is still being arranged."
    else:
        where = f"It meets {_place(group.venue, group)}"
    about = Truncator(" ".join(group.description.split())).words(DESCRIPTION_WORDS)
    return Entry(
        id=tag(group, f"group/{group.uuid}/new"),
        title=f"New group: {group.title}",
        summary=f"{group.region.name} has a new group: {group.title}. "
        f"{sentence(schedule_in_words(group.schedule))} {where}" + (f" {about}" if about else ""),
        link=absolute(group_path(group)),
        updated=group.created_at,
    )


def region_entries(region, *, limit: int = LATEST) -> list[Entry]:
    """The region's last ``limit`` changes, newest first (two queries, whatever their number).

    A change of a session the group no longer has (its schedule was edited since) says nothing
    any more, as on the group's page; a group whose schedule cannot be read is left out.
    """
    changes, groups = region_change_log(region, limit=limit)
    entries = []
    for change in changes:
        if change.group.schedule_problem is None and change.group.meets_on(change.original_date):
            with expanding(change.group):
                entries.append(change_entry(change))
    for group in expandable(groups):
        with expanding(group):
            entries.append(group_entry(group))
    entries.sort(key=lambda entry: (entry.updated, entry.id), reverse=True)
    return entries[:limit]


class ChangesAtom(Atom1Feed):
    """Atom whose feed-level ``updated`` is its newest entry's, or the region's creation when it
    has none (never the clock: the same data gives the same bytes)."""

    def latest_post_date(self):
        dates = [item["updateddate"] for item in self.items if item["updateddate"] is not None]
        return max(dates) if dates else self.feed["quiet_since"]


class RegionChangesFeed(Feed):
    feed_type = ChangesAtom
    language = PUBLISHED_LANGUAGE

    def get_object(self, request, region):
        return region

    def title(self, region):
        return f"{region.name}: changes to peer support groups"

    def subtitle(self, region):
        return f"Cancelled and moved sessions and new groups of {region.name}, newest first."

    def link(self, region):
        return absolute(region_path(region))

    def feed_url(self, region):
        return absolute(changes_feed_path(region))

    def feed_guid(self, region):
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},{region.created_at.astimezone(dt.UTC):%Y-%m-%d}:region/{region.pk}"

    def author_name(self, region):
        return region.name

    def author_link(self, region):
        return absolute(region_path(region))

    def feed_extra_kwargs(self, region):
        return {"quiet_since": region.created_at}

    def items(self, region):
        return region_entries(region)

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        # Atom1Feed writes the summary as type="html": escaped, our plain words stay words.
        return escape(entry.summary)

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.id

    def item_updateddate(self, entry):
        return entry.updated


def changes_feed_path(region) -> str:
    return reverse("region-changes", kwargs={"slug": region.slug})


def changes_etag(version) -> str:
    """One strong ETag per version of the region, format and site address."""
    text_format = cache.FORMATS["atom:changes"]
    return f'"{cache.digest(version.key, version.token, text_format, settings.SITE_URL)[:40]}"'


@gzip_shared
@require_safe
def region_changes(request, slug):
    found = slug_feed_version(Region, "region", slug)
    if found is None:
        raise Http404("No such region.")
    pk, version = found
    response = HttpResponse(content_type=ChangesAtom.content_type)
    response["Cache-Control"] = SHARED_FEED
    response["ETag"] = changes_etag(version)
    changed_at = version.changed_at.timestamp()
    response["Last-Modified"] = http_date(changed_at)
    answer = get_conditional_response(
        request, etag=response["ETag"], last_modified=int(changed_at), response=response
    )
    if answer is not response:
        return answer  # 304 (or 412): nothing to build or read

    def build() -> bytes:
        region = get_object_or_404(Region, pk=pk)
        with translation.override(PUBLISHED_LANGUAGE):
            feed = RegionChangesFeed().get_feed(region, request)
            return feed.writeString("utf-8").encode()

    key = cache.key("atom:changes", settings.SITE_URL, version.key, version.token)
    response.content = cache.get_or_build(key, build)
    return response
