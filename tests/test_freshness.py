"""One door for freshness (groups/freshness.py): every write path, one table.

Each row builds the two regions of tests/two_regions.py, reads every feed of the east region
(its group, region, venues, network, its facilitators' private feeds), the group's public page,
the API's groups and the west region's feeds, makes one write through a real path (a console
POST, a /me/ POST, a Django admin POST as a superuser, a management command, or a service called
directly), and reads them all again. Every feed that must show the change shows it, read from
the parsed feed; every feed that must not change keeps its ETag and its content; and the write
moved the versions in one statement (a unit of work flushes once, however many rows it wrote).

On PostgreSQL the feeds are read with FEED_VERSIONS_LISTEN on (versions kept in the worker's
memory, dropped by NOTIFY), so every write commits, as in production.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape

import icalendar
import pytest
import recurring_ical_events
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import Client

from accounts.models import User
from facilitators.models import FacilitatorProfile
from groups import covers, services, sessions, versions
from groups.models import (
    AccessFeature,
    ClassRequest,
    Group,
    GroupFacilitator,
    Language,
    SessionChange,
    SessionSubstitute,
)
from regions import services as region_services
from regions.models import Region, Venue
from tests.caches import clear_caches
from tests.console.test_groups import edit_data, group_data
from tests.console.test_venues_and_people import venue_data
from tests.factories import FacilitatorFactory
from tests.listening import POSTGRES, wait_for
from tests.peerhub.test_admin import group_payload, management_form
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db(transaction=POSTGRES)

TITLE = "Metro Boston Hearing Voices"
WINDOW = (dt.date(2026, 2, 28), dt.date(2026, 3, 21))
EAST = ("group", "region", "venue", "network", "lead")
WEST = ("west_group", "west_region", "west_venue", "west_center", "west_lead")
PUBLIC = ("group", "region", "venue", "network")


# Reading what the feeds show ------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """What one feed or page answered: its ETag, and its sessions (or its text)."""

    etag: str | None
    sessions: frozenset = frozenset()  # (summary, start, location, description)
    text: str = ""

    def has(self, title, day=TUESDAY) -> bool:
        return any(s[0] == title and s[1].date() == day for s in self.sessions)

    def says(self, words) -> bool:
        return words in self.text or any(words in part for s in self.sessions for part in s[2:])


def read(client, url) -> Shown:
    response = client.get(url)
    if response.status_code == 404:
        return Shown(None)
    assert response.status_code == 200, url
    body = b"".join(response) if response.streaming else response.content
    if not url.endswith(".ics"):
        text = unescape(re.sub(r"<[^>]+>", " ", body.decode()))
        return Shown(response.get("ETag"), text=" ".join(text.split()))
    calendar = icalendar.Calendar.from_ical(body)
    found = frozenset(
        (
            str(event["SUMMARY"]),
            event["DTSTART"].dt.replace(tzinfo=None),
            str(event.get("LOCATION", "")),
            str(event.get("DESCRIPTION", "")),
        )
        for event in recurring_ical_events.of(calendar).between(*WINDOW)
    )
    return Shown(response["ETag"], found, str(calendar.get("X-WR-CALDESC", "")))


def feeds_of(w) -> dict[str, str]:
    east, west = w.east, w.west
    return {
        "group": f"/groups/{east.group.slug}/calendar.ics",
        "region": f"/regions/{east.region.slug}/calendar.ics",
        "venue": f"/venues/{east.venue.slug}/calendar.ics",
        "center": f"/venues/{east.other_venue.slug}/calendar.ics",
        "network": "/calendar.ics",
        "lead": f"/feeds/{east.lead.feed_token}.ics",
        "spare": f"/feeds/{east.spare.feed_token}.ics",
        "page": f"/groups/{east.group.slug}/",
        "api": "/api/v1/groups.json",
        "west_group": f"/groups/{west.group.slug}/calendar.ics",
        "west_region": f"/regions/{west.region.slug}/calendar.ics",
        "west_venue": f"/venues/{west.venue.slug}/calendar.ics",
        "west_center": f"/venues/{west.other_venue.slug}/calendar.ics",
        "west_lead": f"/feeds/{west.lead.feed_token}.ics",
    }


# What a row expects of a feed, given what it showed before and after ---------------------------


def gains(title=TITLE, day=TUESDAY):
    return lambda before, after: after.has(title, day) and not before.has(title, day)


def loses(title=TITLE, day=TUESDAY):
    return lambda before, after: before.has(title, day) and not after.has(title, day)


def starts(when, title=TITLE):
    return lambda before, after: (
        any(s[0] == title and s[1] == when for s in after.sessions)
        and (not any(s[0] == title and s[1] == when for s in before.sessions))
    )


def shows(words):
    return lambda before, after: after.says(words) and not before.says(words)


def hides(words):
    return lambda before, after: before.says(words) and not after.says(words)


def gains_any():
    """A new event: something the feed did not show before (a demo network, a new group)."""
    return lambda before, after: bool(after.sessions - before.sessions)


def differs():
    return lambda before, after: (before.text, before.sessions) != (after.text, after.sessions)


def both(first, second):
    return lambda before, after: first(before, after) and second(before, after)


def each(names, expectation):
    return dict.fromkeys(names, expectation)


# The world every row starts from -------------------------------------------------------------


@dataclass
class World:
    east: object
    west: object
    coordinator: Client
    lead: Client
    spare: Client
    superuser: Client
    prepared: dict = field(default_factory=dict)


@pytest.fixture
def world(east, west, settings):
    if POSTGRES:  # versions in the worker's memory, dropped by NOTIFY when a change commits
        settings.FEED_VERSIONS_LISTEN = True
        memo = versions.active_memo()
        assert wait_for(lambda: memo.listening)
    clear_caches()

    def signed_in(user):
        client = Client()
        client.force_login(user)
        return client

    root = User.objects.create_superuser(email="root@example.org", password="peerhub-test")
    yield World(
        east=east,
        west=west,
        coordinator=signed_in(east.coordinator),
        lead=signed_in(east.lead.user),
        spare=signed_in(east.spare.user),
        superuser=signed_in(root),
    )
    if POSTGRES:
        versions.stop()
    clear_caches()


# Writes --------------------------------------------------------------------------------------


@contextmanager
def statements():
    """Every SQL statement run meanwhile (the test client's requests reset Django's own log)."""
    run = []

    def record(execute, sql, params, many, context):
        run.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield run


def manage(w, path=""):
    return f"/manage/groups/{w.east.group.slug}/{path}"


def session(w, action="", day=TUESDAY):
    return manage(w, f"sessions/{day}/") + (f"{action}/" if action else "")


def posted(response, status=302):
    assert response.status_code == status, getattr(response, "context", None) and (
        response.context.get("form") or response.context.get("adminform")
    )
    return response


def admin_data(response, **overrides):
    """The data an admin change form would post back unchanged, with ``overrides``."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[form[name].html_name] = value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def admin_change(w, obj, **overrides):
    url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
    form = w.superuser.get(url)
    assert form.status_code == 200
    posted(w.superuser.post(url, admin_data(form, **overrides)))


def admin_group(w, region=None, venue=None, **overrides):
    group = w.east.group
    data = group_payload(
        region or w.east.region,
        venue or w.east.venue,
        **{"title": group.title, "slug": group.slug, **overrides},
    )
    posted(w.superuser.post(f"/admin/groups/group/{group.pk}/change/", data))


def admin_delete(w, obj):
    url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/delete/"
    posted(w.superuser.post(url, {"post": "yes"}))


def cancelled(w):
    sessions.session_cancel(group=w.east.group, original_date=TUESDAY, notify=False)


def two_cancelled(w):
    w.prepared["changes"] = [
        sessions.session_cancel(group=w.east.group, original_date=day, notify=False).pk
        for day in (TUESDAY, TUESDAY + dt.timedelta(7))
    ]


def spare_covers(w):
    w.prepared["cover"] = sessions.session_substitute_assign(
        group=w.east.group,
        original_date=TUESDAY,
        substitute=w.east.spare,
        replaces=w.east.lead,
        notify=False,
    )


def spare_covers_and_a_third_is_free(w):
    spare_covers(w)
    third = FacilitatorFactory(display_name="Third3 C.")
    third.regions.set([w.east.region])
    w.prepared["third"] = third


def cover_asked(w):
    w.prepared["request"] = covers.substitute_request_open(
        group=w.east.group, original_date=TUESDAY, facilitator=w.east.lead
    )


def class_requested(w):
    w.prepared["class_request"] = ClassRequest.objects.create(
        region=w.east.region,
        organisation="Quincy Housing First",
        contact_name="Jo Rivera",
        email="jo@example.org",
        preferred_dates="March",
        expected_people=12,
    )


def spare_co_facilitates(w):
    services.group_facilitator_add(
        group=w.east.group, facilitator=w.east.spare, role="co", notify=False
    )


def listed(w):
    """The languages and access features the migrations list (a committing test on PostgreSQL
    empties every table after it, theirs too), as seed_demo expects them."""
    from importlib import import_module

    from django.apps import apps

    import_module("groups.migrations.0002_access_features_and_languages").add(apps, None)


def labelled(w):
    w.prepared["language"] = Language.objects.create(code="zz", name="Zedish")
    w.prepared["feature"] = AccessFeature.objects.create(slug="step-free", name="Step-free")
    w.east.group.languages.set([w.prepared["language"]])
    w.east.group.access_features.set([w.prepared["feature"]])


@dataclass
class Row:
    path: str  # console, me, admin, command, service
    name: str
    write: Callable
    expect: dict = field(default_factory=dict)  # feed -> what it must show after
    kept: tuple = WEST  # feeds whose ETag must not move
    prepare: Callable | None = None
    moves: int | None = 1  # statements moving feed versions: one per unit of work
    admin: tuple = ()  # models whose admin this row drives

    @property
    def id(self):
        return f"{self.path}-{self.name}"


EVERY_FEED = (*EAST, "spare", "center", "page", "api", *WEST)
NOTHING_SHOWN = {"kept": EVERY_FEED, "moves": 0}

ROWS = [
    # The console, as the east region's coordinator.
    Row(
        "console",
        "group-renamed",
        lambda w: posted(
            w.coordinator.post(
                manage(w), edit_data(w.coordinator, w.east.group, title="Renamed Voices")
            )
        ),
        {**each(EAST, gains("Renamed Voices")), "api": shows("Renamed Voices")},
    ),
    Row(
        "console",
        "group-moved-to-another-venue",
        lambda w: posted(
            w.coordinator.post(
                manage(w),
                # The private group meets there at that time: the clash is confirmed.
                edit_data(
                    w.coordinator, w.east.group, venue=w.east.other_venue.pk, confirm_clash="on"
                ),
            )
        ),
        {"venue": loses(), "center": gains()},
    ),
    Row(
        "console",
        "group-paused",
        lambda w: posted(w.coordinator.post(manage(w, "status/"), {"status": "paused"})),
        {"lead": loses(), "page": differs()},
    ),
    Row(
        "console",
        "group-confirmed-running",
        lambda w: posted(w.coordinator.post(manage(w, "confirm/"))),
        **{**NOTHING_SHOWN, "kept": tuple(set(EVERY_FEED) - {"page"})},
    ),
    Row(
        "console",
        "group-created",
        lambda w: posted(w.coordinator.post("/manage/groups/new/", group_data(w.east))),
        {**each(("region", "venue", "network"), gains_any())},
    ),
    Row(
        "console",
        "class-request-scheduled-as-a-public-class",
        lambda w: posted(
            w.coordinator.post(
                f"/manage/classes/requests/{w.prepared['class_request'].pk}/",
                {
                    "title": "Peer Support 101",
                    "start_date": "2026-03-14",
                    "start_time": "10:00",
                    "venue": w.east.venue.pk,
                    "is_public": "on",
                },
            )
        ),
        {**each(("region", "venue", "network"), gains_any())},
        prepare=class_requested,
    ),
    Row(
        "console",
        "facilitator-added",
        lambda w: posted(
            w.coordinator.post(
                manage(w, "facilitators/"), {"facilitator": w.east.spare.pk, "role": "co"}
            )
        ),
        {"spare": gains(), **each(PUBLIC, shows("Spare1 B."))},
    ),
    Row(
        "console",
        "facilitator-removed",
        lambda w: posted(
            w.coordinator.post(
                manage(
                    w,
                    f"facilitators/{GroupFacilitator.objects.get(facilitator=w.east.spare).pk}"
                    "/remove/",
                )
            )
        ),
        {"spare": loses(), **each(PUBLIC, hides("Spare1 B."))},
        prepare=spare_co_facilitates,
    ),
    Row(
        "console",
        "session-cancelled",
        lambda w: posted(w.coordinator.post(session(w, "cancel"), {"public_note": "Storm"})),
        each(EAST, loses()),
    ),
    Row(
        "console",
        "session-moved",
        lambda w: posted(
            w.coordinator.post(
                session(w, "move"), {"new_start_time": "19:00", "new_end_time": "20:30"}
            )
        ),
        each(EAST, starts(dt.datetime(2026, 3, 3, 19))),
    ),
    Row(
        "console",
        "session-put-back",
        lambda w: posted(w.coordinator.post(session(w, "undo"))),
        each(EAST, gains()),
        prepare=cancelled,
    ),
    Row(
        "console",
        "substitute-assigned",
        lambda w: posted(
            w.coordinator.post(
                session(w, "substitute"),
                {"substitute": w.east.spare.pk, "replaces": w.east.lead.pk},
            )
        ),
        {"spare": gains(), "lead": loses()},
    ),
    Row(
        "console",
        "substitute-removed",
        lambda w: posted(
            w.coordinator.post(session(w, f"substitute/{w.prepared['cover'].pk}/remove"))
        ),
        {"spare": loses(), "lead": gains()},
        prepare=spare_covers,
    ),
    Row(
        "console",
        "snow-day",
        lambda w: posted(
            w.coordinator.post(
                "/manage/snow-day/",
                {
                    "region": w.east.region.pk,
                    "day": TUESDAY.isoformat(),
                    "confirm": "yes",
                    "reason": "Blizzard",
                    "public_note": "Closed: snow.",
                },
            )
        ),
        each(EAST, loses()),
    ),
    Row(
        "console",
        "venue-edited",
        lambda w: posted(
            w.coordinator.post(
                f"/manage/venues/{w.east.venue.slug}/",
                venue_data(
                    w.east,
                    name="Main Library",
                    kind="library",
                    address="5 Elm Street",
                    address_is_public="on",
                ),
            )
        ),
        each((*PUBLIC, "lead"), shows("5 Elm Street")),
    ),
    # /me/, as the east region's facilitators.
    Row(
        "me",
        "cover-asked",
        lambda w: posted(w.lead.post(f"/me/sessions/{w.east.group.slug}/{TUESDAY}/cover/")),
        **NOTHING_SHOWN,
    ),
    Row(
        "me",
        "cover-request-withdrawn",
        lambda w: posted(w.lead.post(f"/me/requests/{w.prepared['request'].pk}/withdraw/")),
        prepare=cover_asked,
        **NOTHING_SHOWN,
    ),
    Row(
        "me",
        "cover-taken",
        lambda w: posted(w.spare.post(f"/me/requests/{w.prepared['request'].pk}/take/")),
        {"spare": gains(), "lead": loses()},
        prepare=cover_asked,
    ),
    Row(
        "me",
        "session-recorded",
        lambda w: posted(
            w.lead.post(
                f"/me/sessions/{w.east.group.slug}/2026-02-24/record/",
                {"held": "yes", "attendance": "9", "not_held_reason": "", "note": ""},
            )
        ),
        **NOTHING_SHOWN,
    ),
    Row(
        "me",
        "calendar-link-renewed",
        lambda w: posted(w.lead.post("/me/feed/new-link/")),
        {"lead": lambda before, after: before.etag is not None and after.etag is None},
        kept=tuple(set(EVERY_FEED) - {"lead"}),
    ),
    # The Django admin, as a superuser.
    Row(
        "admin",
        "group-renamed",
        lambda w: admin_group(w, title="Renamed Voices"),
        {**each(EAST, gains("Renamed Voices")), "api": shows("Renamed Voices")},
        admin=(Group,),
    ),
    Row(
        "admin",
        "group-moved-to-another-region",
        lambda w: admin_group(w, w.west.region, w.west.venue),
        {
            "region": loses(),
            "venue": loses(),
            "west_region": gains(),
            "west_venue": gains(),
            "group": shows("Western Mass RLC"),
            "lead": shows("Western Mass RLC"),
        },
        kept=("west_group", "west_center", "west_lead"),
        admin=(Group,),
    ),
    Row(
        "admin",
        "group-made-private",
        lambda w: admin_group(w, is_public=None),
        {**each(("region", "venue", "network"), loses()), "api": hides(TITLE)},
        admin=(Group,),
    ),
    Row(
        "admin",
        "group-session-cancelled-inline",
        lambda w: admin_group(
            w,
            **management_form("changes", total=1),
            **{
                "changes-0-original_date": TUESDAY.isoformat(),
                "changes-0-kind": "cancelled",
                "changes-0-public_note": "Storm",
                "changes-0-group": str(w.east.group.pk),
            },
        ),
        each(EAST, loses()),
        admin=(Group,),
    ),
    Row(
        "admin",
        "group-added",
        lambda w: posted(
            w.superuser.post(
                "/admin/groups/group/add/",
                group_payload(w.east.region, w.east.venue, title="Added Group", slug="added"),
            )
        ),
        each(("region", "venue", "network"), gains("Added Group")),
        admin=(Group,),
    ),
    Row(
        "admin",
        "group-deleted",
        lambda w: admin_delete(w, w.east.group),
        each(("region", "venue", "network", "lead"), loses()),
        admin=(Group,),
    ),
    Row(
        "admin",
        "session-change-added",
        lambda w: posted(
            w.superuser.post(
                "/admin/groups/sessionchange/add/",
                {
                    "group": w.east.group.pk,
                    "original_date": TUESDAY.isoformat(),
                    "kind": "moved",
                    "new_start_time": "19:00",
                    "new_end_time": "20:30",
                    "public_note": "",
                    "private_note": "",
                },
            )
        ),
        each(EAST, starts(dt.datetime(2026, 3, 3, 19))),
        admin=(SessionChange,),
    ),
    Row(
        "admin",
        "session-change-deleted",
        lambda w: admin_delete(w, w.east.group.changes.get()),
        each(EAST, gains()),
        prepare=cancelled,
        admin=(SessionChange,),
    ),
    Row(
        "admin",
        "session-changes-deleted-in-bulk",
        lambda w: posted(
            w.superuser.post(
                "/admin/groups/sessionchange/",
                {
                    "action": "delete_selected",
                    "_selected_action": [str(pk) for pk in w.prepared["changes"]],
                    "post": "yes",
                },
            )
        ),
        each(EAST, both(gains(), gains(day=TUESDAY + dt.timedelta(7)))),
        prepare=two_cancelled,
        admin=(SessionChange,),
    ),
    Row(
        "admin",
        "membership-handed-to-another",
        lambda w: admin_change(w, w.east.group.memberships.get(), facilitator=str(w.east.spare.pk)),
        {"lead": loses(), "spare": gains(), **each(PUBLIC, shows("Spare1 B."))},
        admin=(GroupFacilitator,),
    ),
    Row(
        "admin",
        "membership-deleted",
        lambda w: admin_delete(w, w.east.group.memberships.get()),
        {"lead": loses(), **each(PUBLIC, hides("Lead1 A."))},
        admin=(GroupFacilitator,),
    ),
    Row(
        "admin",
        "substitute-added",
        lambda w: posted(
            w.superuser.post(
                "/admin/groups/sessionsubstitute/add/",
                {
                    "group": w.east.group.pk,
                    "original_date": TUESDAY.isoformat(),
                    "substitute": w.east.spare.pk,
                    "replaces": w.east.lead.pk,
                },
            )
        ),
        {"spare": gains(), "lead": loses()},
        admin=(SessionSubstitute,),
    ),
    Row(
        "admin",
        "substitute-deleted",
        lambda w: admin_delete(w, w.prepared["cover"]),
        {"spare": loses(), "lead": gains()},
        prepare=spare_covers,
        admin=(SessionSubstitute,),
    ),
    Row(
        "admin",
        "substitute-handed-to-another",
        lambda w: admin_change(w, w.prepared["cover"], substitute=str(w.prepared["third"].pk)),
        {"spare": loses()},
        prepare=spare_covers_and_a_third_is_free,
        admin=(SessionSubstitute,),
    ),
    Row(
        "admin",
        "venue-edited",
        lambda w: admin_change(w, w.east.venue, address="5 Elm Street", address_is_public="on"),
        each((*PUBLIC, "lead"), shows("5 Elm Street")),
        admin=(Venue,),
    ),
    Row(
        "admin",
        "region-renamed",
        lambda w: admin_change(w, w.east.region, name="Boston Renamed RLC"),
        each((*PUBLIC, "lead", "page"), shows("Boston Renamed RLC")),
        admin=(Region,),
    ),
    Row(
        "admin",
        "facilitator-public-name",
        lambda w: admin_change(w, w.east.lead, display_name="Leader A."),
        each((*PUBLIC, "lead"), shows("Leader A.")),
        admin=(FacilitatorProfile,),
    ),
    Row(
        "admin",
        "language-renamed",
        lambda w: admin_change(w, w.prepared["language"], name="Zedish (spoken)"),
        {"page": shows("Zedish (spoken)")},
        prepare=labelled,
        admin=(Language,),
    ),
    Row(
        "admin",
        "access-feature-renamed",
        lambda w: admin_change(w, w.prepared["feature"], name="Step-free entrance"),
        {"page": shows("Step-free entrance")},
        prepare=labelled,
        admin=(AccessFeature,),
    ),
    # Management commands.
    Row(
        "command",
        "seed-demo",
        lambda w: call_command("seed_demo", force=True, stdout=None),
        # The demo's regions have the two regions' slugs: it adds its groups to both.
        each(("network", "region", "west_region"), gains_any()),
        kept=(),
        prepare=listed,
        moves=None,  # each demo group is a unit of its own
    ),
    # The services, called directly.
    Row(
        "service",
        "group-moved-to-another-region",
        lambda w: services.group_update(
            group=w.east.group,
            expected_version=services.ANY_VERSION,
            region=w.west.region,
            venue=w.west.venue,
        ),
        {
            "region": loses(),
            "venue": loses(),
            "west_region": gains(),
            "west_venue": gains(),
            "lead": shows("Western Mass RLC"),
        },
        kept=("west_group", "west_center", "west_lead"),
    ),
    Row(
        "service",
        "group-languages",
        lambda w: services.group_update(
            group=w.east.group,
            expected_version=services.ANY_VERSION,
            languages=[Language.objects.create(code="zy", name="Wyish")],
        ),
        {"page": shows("Wyish")},
    ),
    Row(
        "service",
        "group-ended",
        lambda w: services.group_status_set(group=w.east.group, status=Group.Status.ENDED),
        {"lead": loses()},
    ),
    Row(
        "service",
        "facilitator-added",
        lambda w: services.group_facilitator_add(
            group=w.east.group, facilitator=w.east.spare, notify=False
        ),
        {"spare": gains(), **each(PUBLIC, shows("Spare1 B."))},
    ),
    Row(
        "service",
        "session-cancelled",
        lambda w: sessions.session_cancel(group=w.east.group, original_date=TUESDAY, notify=False),
        each(EAST, loses()),
    ),
    Row(
        "service",
        "session-moved-to-another-venue",
        lambda w: sessions.session_move(
            group=w.east.group,
            original_date=TUESDAY,
            new_venue=w.east.other_venue,
            notify=False,
        ),
        {"lead": shows("Metro Boston Peer Center")},
    ),
    Row(
        "service",
        "region-updated",
        lambda w: region_services.region_update(region=w.east.region, phone="508-555-0199"),
        each((*PUBLIC, "lead"), shows("508-555-0199")),
    ),
    Row(
        "service",
        "venue-updated",
        lambda w: region_services.venue_update(
            venue=w.east.venue, address="5 Elm Street", address_is_public=True
        ),
        each((*PUBLIC, "lead"), shows("5 Elm Street")),
    ),
    Row(
        "service",
        "venue-created",
        lambda w: region_services.venue_create(
            region=w.east.region, name="New Hall", slug="new-hall", kind="library", town="Ware"
        ),
        kept=EVERY_FEED,
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_a_write_moves_every_feed_that_shows_it_and_no_other(world, row):
    if row.prepare:
        row.prepare(world)
    reader = Client()
    urls = feeds_of(world)
    before = {name: read(reader, url) for name, url in urls.items()}
    with statements() as queries:
        row.write(world)
    after = {name: read(reader, url) for name, url in urls.items()}
    wrong = [name for name, shown in row.expect.items() if not shown(before[name], after[name])]
    assert not wrong, f"these do not show the change: {wrong}"
    # Same ETag (feeds) and the same content (feeds, and the page and API, which have none).
    moved = [name for name in row.kept if before[name] != after[name]]
    assert not moved, f"these moved though nothing they show changed: {moved}"
    if row.moves is not None:
        upserts = [sql for sql in queries if sql.startswith('INSERT INTO "groups_feedversion"')]
        assert len(upserts) == row.moves


# Nothing the admin can change escapes the table.

# Admin pages that change nothing any feed, page or API answer shows.
NOT_PUBLISHED = {
    "account.EmailAddress",
    "accounts.User",
    "auth.Group",
    "django_tasks_database.DBTaskResult",  # queued emails, shown read-only
    "facilitators.FacilitatorApplication",
    "facilitators.FacilitatorInvitation",
    "groups.GroupFeedback",
    "groups.Registration",  # never published (docs/registration.md)
    "groups.SessionRecord",
    "groups.SubstituteRequest",
    "mfa.Authenticator",
    "regions.Coordinator",
    "sites.Site",
}


def test_every_admin_that_can_change_what_is_published_has_a_row():
    covered = {model._meta.label for row in ROWS for model in row.admin}
    registered = {model._meta.label for model in admin.site._registry}
    assert registered - NOT_PUBLISHED == covered


def test_a_snow_day_moves_each_feed_once(world):
    """A snow day cancelling five groups' sessions moves every feed they touch in one statement."""
    from groups.selectors import sessions_on_day

    day = TUESDAY
    for number in range(3):
        services.group_create(
            title=f"Extra {number}",
            slug=f"extra-{number}",
            region=world.east.region,
            venue=world.east.venue,
            start_date=dt.date(2026, 1, 6),
            start_time=dt.time(10 + number),
            recurrences=world.east.group.recurrences,
        )
    found = sessions_on_day(
        Group.objects.filter(region=world.east.region), day, world.east.region.timezone
    )
    assert len(found) == 5
    with statements() as queries:
        sessions.sessions_cancel_on_day(sessions=found)
    assert sum(sql.startswith('INSERT INTO "groups_feedversion"') for sql in queries) == 1
    assert sum(sql.startswith('UPDATE "groups_group" SET "sequence"') for sql in queries) == 1
