"""The bad-input catalogue (tests/bad_input_catalogue.py), one test per row, on a real database.

Each row's request is sent as its person would send it (signed in with the test client, the
browser's CSRF check on where the row says so), and must get exactly its status. Before and
after, every row of every table is read (history tables, feed versions and the m2m tables
included; only Django's session table, which signing in and messages write, and the stored
feed events, written by any read of a feed, are left out): a refused input changes none of
them and sends no email; an accepted one changes exactly the tables its row names, stores
exactly its values, and shows them safely where they reach.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from facilitators.applications import application_submit
from facilitators.models import FacilitatorInvitation
from groups import covers, services, sessions
from groups.accommodations import accommodation_request_submit
from groups.class_requests import class_request_submit
from groups.models import Group
from groups.registrations import registration_create
from tests.bad_input_catalogue import (
    CASES,
    REGENERATE,
    SWEEP_VALUES,
    Case,
    Count,
    FormData,
    Mailed,
    Shows,
    Stored,
    W,
    render_markdown,
    shown,
)
from tests.factories import UserFactory
from tests.page_clock import NOW, SITE
from tests.two_regions import TUESDAY, build_side

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "bad-input.md"
# Written by signing in (force_login, the test's own) and by messages; never what a case sends.
# And each group's feed events, stored as they are built by any read of a feed: derived data,
# kept like the caches (publishing/models.py), never what a case sends.
UNWATCHED = {"sessions.Session", "publishing.StoredEvents"}
WEEK = dt.timedelta(weeks=1)


# The world -------------------------------------------------------------------------------------


class World:
    """The world's values (``{name}`` in a path or value, ``W(name)``), its people, and every
    row it starts with."""

    def __init__(self, values: dict[str, str], users: dict[str, object]):
        self.values = values
        self.users = users
        self.initial: dict[str, list[tuple]] = {}

    def fill(self, text: str, n: int = 1) -> str:
        return text.format(n=n, **self.values) if "{" in text else text

    def value(self, value, n: int = 1):
        if isinstance(value, W):
            return self.values[value.name]
        if isinstance(value, str):
            return self.fill(value, n)
        if isinstance(value, list | tuple):
            return [self.value(item, n) for item in value]
        return value

    def mapping(self, data, n: int = 1) -> dict:
        return {
            self.fill(str(k), n) if "{" in str(k) else k: self.value(v, n) for k, v in data.items()
        }


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The world, built once for the module in a transaction rolled back at its end.

    Every test runs inside it, in pytest-django's own savepoint, so each one starts from the
    same rows whatever the one before it changed (and the world is built once, not 400 times).
    """
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        override_settings(SITE_URL=SITE),
        transaction.atomic(),
    ):
        patch.setattr(timezone, "now", lambda: NOW)
        world = build_world()
        world.initial = snapshot()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db, page_clock):
    return shared_world


def build_world() -> World:
    """east and west (tests/two_regions.py), and a few things to act on; see LEGEND."""
    east = build_side("Metro Boston", "metro-boston", 1)
    west = build_side("Western Mass", "western", 2)
    asked, cancelled, covered = TUESDAY + WEEK, TUESDAY + 2 * WEEK, TUESDAY + 3 * WEEK
    request = covers.substitute_request_open(
        group=east.group, original_date=asked, facilitator=east.lead
    )
    west_request = covers.substitute_request_open(
        group=west.group, original_date=asked, facilitator=west.lead
    )
    sessions.session_cancel(group=east.group, original_date=cancelled, notify=False)
    cover = sessions.session_substitute_assign(
        group=east.group,
        original_date=covered,
        substitute=east.spare,
        replaces=east.lead,
        notify=False,
    )
    answers = {
        "recovery": "Two years.",
        "experience": "Groups.",
        "dependability": "Tuesdays.",
        "working_with_others": "Kindly.",
        "giving_back": "Gratitude.",
    }
    application = application_submit(
        region=east.region,
        first_name="Rosa",
        last_name="Martínez",
        email="rosa@example.org",
        **answers,
    )
    emoji_application = application_submit(
        region=east.region,
        first_name="🌈",
        last_name="Rainbow",
        email="rainbow@example.org",
        **answers,
    )
    west_application = application_submit(
        region=west.region,
        first_name="Wes",
        last_name="Tern",
        email="wes@example.org",
        **answers,
    )
    private_membership = services.group_facilitator_add(
        group=east.private_group, facilitator=east.spare, notify=False
    )
    # One edit, so that a form from before it is stale.
    services.group_update(
        group=east.group, expected_version=east.group.version, how_to_join="Ring the bell."
    )
    invitee = UserFactory(email="invitee@example.org")
    invitation = FacilitatorInvitation.objects.create(
        user=invitee, region=east.region, display_name="Nadia K."
    )
    accommodation = accommodation_request_submit(
        region=east.region, group=east.group, needs=["interpreter"], email="ana@example.org"
    )
    west_accommodation = accommodation_request_submit(
        region=west.region, needs=["large_print"], phone="413-555-0100"
    )
    class_request, west_class_request = (
        class_request_submit(
            region=side.region,
            organisation=organisation,
            contact_name="Jo Rivera",
            email="programs@example.org",
            preferred_dates="April",
            expected_people=12,
        )
        for side, organisation in ((east, "Quincy Housing First"), (west, "Pittsfield Shelter"))
    )
    # Seats for the group, and one person registered for its next session (docs/registration.md).
    Group.objects.filter(pk=east.group.pk).update(seats=20)
    east.group.refresh_from_db()
    registration = registration_create(
        group=east.group, session_date=TUESDAY, first_name="Regina", email="regina@example.org"
    )
    values = {
        "group": east.group.slug,
        "private": east.private_group.slug,
        "west_group": west.group.slug,
        "region": east.region.slug,
        "region_id": east.region.pk,
        "group_id": east.group.pk,
        "west_region_id": west.region.pk,
        "venue": east.venue.slug,
        "venue_id": east.venue.pk,
        "west_venue_id": west.venue.pk,
        "day": TUESDAY.isoformat(),
        "past": (TUESDAY - WEEK).isoformat(),
        "asked": asked.isoformat(),
        "cancelled": cancelled.isoformat(),
        "covered": covered.isoformat(),
        "far": "2029-03-06",
        "lead_id": east.lead.pk,
        "spare_id": east.spare.pk,
        "west_spare_id": west.spare.pk,
        "membership": east.group.memberships.get().pk,
        "private_membership": private_membership.pk,
        "cover": cover.pk,
        "request": request.pk,
        "west_request": west_request.pk,
        "application": application.pk,
        "emoji_application": emoji_application.pk,
        "west_application": west_application.pk,
        "invitation": invitation.pk,
        "accommodation": accommodation.pk,
        "west_accommodation": west_accommodation.pk,
        "class_request": class_request.pk,
        "west_class_request": west_class_request.pk,
        "token": east.lead.feed_token,
        "version": east.group.version,
        "registration": registration.pk,
        "registration_link": registration.signed_token,
    }
    users = {
        "anonymous": None,
        "coordinator": east.coordinator,
        "facilitator": east.lead.user,
        "spare": east.spare.user,
        "invitee": invitee,
    }
    mail.outbox.clear()
    return World({name: str(value) for name, value in values.items()}, users)


# What a request may change ---------------------------------------------------------------------


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (m2m tables too), by model label, in primary-key order."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if label in UNWATCHED:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        state[label] = list(model._base_manager.order_by("pk").values_list(*columns))
    return state


def changed_tables(before: dict, after: dict) -> set[str]:
    return {label for label in before if before[label] != after[label]}


# Sending ---------------------------------------------------------------------------------------


def client_for(world: World, case: Case) -> Client:
    client = Client(enforce_csrf_checks=case.csrf)
    user = world.users[case.who]
    if user is not None:
        client.force_login(user)
    return client


def send(client: Client, world: World, case: Case, n: int):
    path = world.fill(case.path, n)
    data = world.mapping(case.data, n)
    headers = {name: world.fill(value, n) for name, value in case.headers.items()}
    method = getattr(client, case.method.lower())
    if case.method == "GET":
        return method(path, data or None, headers=headers)
    return method(path, data, headers=headers)


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


QUOTED_NAME = re.compile(r"“([^”]*)”")


def named_in(response, body: str) -> set[str]:
    """Every parameter or field the answer points at."""
    kind = response.get("Content-Type", "")
    if kind.startswith("application/json"):
        answer = response.json()
        assert set(answer) == {"error", "parameter"}
        return {answer["parameter"]}
    if kind.startswith("text/plain"):
        return {body.split(":", 1)[0]}
    names = set()
    context = response.context or {}
    for key in context.keys() if hasattr(context, "keys") else ():
        value = context[key]
        if key == "problems" and value:
            names |= {problem.parameter for problem in value}
        elif key == "problem" and value is not None:
            if hasattr(value, "parameter"):
                names.add(value.parameter)
            else:
                names |= set(QUOTED_NAME.findall(str(value))[:1])
        else:
            for form in value.values() if isinstance(value, dict) else [value]:
                if hasattr(form, "errors") and hasattr(form, "fields") and form.is_bound:
                    names |= set(form.errors)
    return names


def unfolded(body: str) -> str:
    """Calendar text with its folded lines joined again (RFC 5545, 3.1)."""
    return body.replace("\r\n ", "").replace("\r\n\t", "")


# The checks ------------------------------------------------------------------------------------


def check(world: World, item) -> None:
    if isinstance(item, Stored):
        model = apps.get_model(item.model)
        row = model._base_manager.get(**world.mapping(item.lookup))
        value = getattr(row, item.field)
        expected = item.value
        if isinstance(expected, str) and not isinstance(value, str):
            value = str(value)
        assert (item.field, value) == (item.field, expected)
    elif isinstance(item, Count):
        model = apps.get_model(item.model)
        found = model._base_manager.filter(**world.mapping(item.lookup)).count()
        assert (item.model, found) == (item.model, item.count)
    elif isinstance(item, Shows):
        client = Client()
        user = world.users[item.who]
        if user is not None:
            client.force_login(user)
        response = client.get(world.fill(item.path))
        assert response.status_code == 200
        body = body_of(response)
        if ".ics" in item.path:
            body = unfolded(body)
        assert item.text in body
        if item.absent is not None:
            assert item.absent not in body
    elif isinstance(item, Mailed):
        pass  # checked against the emails this case sent, in the test
    else:  # pragma: no cover - a new kind of check must be taught here
        raise AssertionError(f"Unknown check {item!r}")


# The catalogue ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, world, django_capture_on_commit_callbacks):
    assert snapshot() == world.initial  # whatever the tests before this one did
    client = client_for(world, case)
    before, sent_before = snapshot(), len(mail.outbox)
    after_first = mailed_after_first = None
    responses = []
    for n in range(1, case.times + 1):
        with django_capture_on_commit_callbacks(execute=True):
            responses.append(send(client, world, case, n))
        if n == 1:
            after_first, mailed_after_first = snapshot(), len(mail.outbox)
    last = responses[-1]
    body = body_of(last)

    statuses = [response.status_code for response in responses]
    expected = [case.first_status] * (case.times - 1) + [case.status]
    assert statuses == expected
    if case.location is not None:
        assert last["Location"] == world.fill(case.location)
    if case.names is not None:
        assert case.names in named_in(last, body)
    if case.says is not None:
        assert case.says in body
    if case.absent is not None:
        assert case.absent not in body

    after = snapshot()
    assert sorted(changed_tables(before, after)) == sorted(case.changes)
    if case.times > 1 and not case.again_changes:
        # The same form sent again changes nothing more and emails nobody again.
        assert changed_tables(after_first, after) == set()
        assert len(mail.outbox) == mailed_after_first
    sent = mail.outbox[sent_before:]
    assert len(sent) == case.emails
    for item in case.checks:
        if isinstance(item, Mailed):
            assert sorted(message.subject for message in sent) == sorted(item.subjects)
            if item.body_has is not None:
                assert any(item.body_has in message.body for message in sent)
        else:
            check(world, item)


# Every route, every value -------------------------------------------------------------------

# Values of the right shape for resolving a path (no database needed).
SAMPLE = {
    "group": "g", "private": "p", "west_group": "w", "region": "r", "venue": "v",
    "day": "2026-03-03", "past": "2026-02-24", "asked": "2026-03-10", "cancelled": "2026-03-17",
    "covered": "2026-03-24", "far": "2029-03-06", "token": "t", "n": 1,
}  # fmt: skip
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def route_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path.format_map(Ids(SAMPLE))).path).view_name
    except Resolver404:
        return None


class Ids(dict):
    def __missing__(self, key):
        return "1"


def catalogue_routes() -> dict[str, list[Case]]:
    routes: dict[str, list[Case]] = {}
    for case in CASES:
        name = route_of(case.path)
        if name is not None and not case.csrf:
            routes.setdefault(name, []).append(case)
    return routes


ROUTES = catalogue_routes()


def sweep(world: World, cases: list[Case]):
    """(method, path, data): each value in each field, query parameter and part of the path.

    A row of made-up fields (too many for Django) names no field of the route's own.
    """
    cases = [case for case in cases if len(case.data) <= 100]
    methods = sorted({case.method for case in cases} & {"GET", "POST"})
    form = next((case.data for case in cases if isinstance(case.data, FormData)), {})
    base = {name: world.value(value) for name, value in form.items()}
    fields = sorted({name for case in cases for name in case.data} - {"submission"}) or ["x"]
    paths = sorted({case.path for case in cases})
    for value in SWEEP_VALUES:
        for method in methods:
            for name in fields:
                data = {**base, name: value} if method == "POST" else {name: value}
                yield method, world.fill(paths[0]), data
            for path in paths:
                for name in set(PLACEHOLDER.findall(path)) - {"n"}:
                    swapped = path.replace("{" + name + "}", quote(value, safe="") or "-")
                    yield method, world.fill(swapped), base if method == "POST" else {}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_no_route_answers_500_to_any_catalogue_value(route, world):
    """The catalogue's values in every field, parameter and path part of each of its routes, as
    each person its rows send: whatever the answer, never a 500."""
    failures = []
    for who in sorted({case.who for case in ROUTES[route]}):
        client = Client(raise_request_exception=False)
        if world.users[who] is not None:
            client.force_login(world.users[who])
        for method, path, data in sweep(world, ROUTES[route]):
            response = getattr(client, method.lower())(path, data)
            body_of(response)
            if response.status_code >= 500:
                short = {name: shown(value) for name, value in data.items()}
                failures.append((who, method, path[:100], short, response.status_code))
    assert failures == []


# The table itself ------------------------------------------------------------------------------


def test_every_case_has_its_own_id():
    ids = [case.id for case in CASES]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_the_catalogue_has_at_least_150_cases():
    assert len(CASES) >= 150


def test_the_docs_page_is_the_table(tmp_path):
    """docs/bad-input.md is render_markdown's output; regenerate it with REGENERATE."""
    assert DOC.read_text() == render_markdown(), f"Regenerate it: {REGENERATE}"


# Routes that need no case of their own: the admin (superusers only, Django's own), and the
# account pages allauth serves that no catalogue input reaches without a session of its own
# (two-factor steps, e-mail management); tests/accounts covers those.
UNCATALOGUED_PREFIXES = ("admin/",)
UNCATALOGUED_NAMES = {
    "api-v1:api-root",
    "account_inactive",
    "account_reauthenticate",
    "account_email",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_change_password",
    "account_set_password",
    "account_confirm_login_code",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "mfa_index",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
}


def route_names(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_names(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and not (prefix + str(pattern.pattern)).startswith(
            UNCATALOGUED_PREFIXES
        ):
            yield f"{namespace}{pattern.name}"


def test_every_route_has_cases():
    """A route added to any URL list needs rows in the catalogue (or a reason it has none)."""
    reached = {route_of(case.path) for case in CASES}
    missing = sorted(set(route_names()) - reached - UNCATALOGUED_NAMES)
    assert missing == []
