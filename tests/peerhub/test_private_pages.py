"""Private pages are never stored by a browser or a proxy; public pages keep their caching.

Every answer from the console (/manage/), a facilitator's pages (/me/), the account pages
(/accounts/) and the admin carries Django's never-cache headers, whatever it is: a page, a
redirect, a form's answer, a 400, 403, 404 or 405. So does the answer to any form sent anywhere.
"""

import allauth.urls
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

import console.urls
import me.urls
from tests.sitemaps import SITEMAP_PATHS
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"
DAY = TUESDAY.isoformat()


def url_names(patterns, namespace=""):
    """Every named URL of ``patterns``, its included ones too, with their arguments' names."""
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append((namespace + pattern.name, tuple(pattern.pattern.regex.groupindex)))
    return names


CONSOLE = url_names(console.urls.urlpatterns, "manage:")
ME = url_names(me.urls.urlpatterns, "me:")
ACCOUNTS = url_names(allauth.urls.urlpatterns)


def url_for(name, arguments, side):
    """The URL ``name`` with arguments that name real things of ``side`` where they can."""
    values = {
        "slug": side.venue.slug if name.startswith("manage:venue") else side.group.slug,
        "day": DAY,
        "pk": side.group.memberships.get().pk,
    }
    return reverse(name, kwargs={argument: values.get(argument, "x1") for argument in arguments})


def ids(names):
    return [name for name, _arguments in names]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "arguments"), CONSOLE, ids=ids(CONSOLE))
def test_every_console_answer_is_never_stored(client, east, west, name, arguments, method):
    client.force_login(east.coordinator)
    response = getattr(client, method)(url_for(name, arguments, east))
    assert response["Cache-Control"] == NO_STORE, response.status_code


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "arguments"), ME, ids=ids(ME))
def test_every_facilitator_answer_is_never_stored(client, east, name, arguments, method):
    client.force_login(east.lead.user)
    response = getattr(client, method)(url_for(name, arguments, east))
    assert response["Cache-Control"] == NO_STORE, response.status_code


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
@pytest.mark.parametrize(("name", "arguments"), ACCOUNTS, ids=ids(ACCOUNTS))
def test_every_account_page_is_never_stored(client, east, name, arguments, signed_in):
    if signed_in:
        client.force_login(east.coordinator)
    response = client.get(url_for(name, arguments, east))
    assert response["Cache-Control"] == NO_STORE, response.status_code


def test_the_private_areas_are_all_tested():
    """A new console or /me/ page is in the lists above without anyone adding it."""
    assert ("manage:dashboard", ()) in CONSOLE
    assert ("me:home", ()) in ME
    assert ("account_login", ()) in ACCOUNTS
    assert len(CONSOLE) + len(ME) == len(console.urls.urlpatterns) + len(me.urls.urlpatterns)


def error_answers(client, east):
    """One of each kind of refusal the private areas give, with the status it must have."""
    group = east.group.slug
    answers = {}
    answers["visitor to the console"] = (client.get("/manage/"), 302)
    answers["visitor to /me/"] = (client.get("/me/"), 302)
    client.force_login(east.lead.user)
    answers["facilitator in the console"] = (client.get("/manage/groups/"), 403)
    answers["unknown /me/ request"] = (client.post("/me/requests/999999/take/"), 404)
    answers["/me/ page that is not there"] = (client.get("/me/nothing/"), 404)
    client.force_login(east.coordinator)
    answers["coordinator on /me/"] = (client.get("/me/"), 403)
    answers["unknown group"] = (client.get("/manage/groups/nothing/"), 404)
    answers["unreadable month"] = (client.get("/manage/reports/?month=2026-13"), 400)
    answers["a move that cannot be"] = (
        client.post(f"/manage/groups/{group}/sessions/{DAY}/move/", {"new_date": "2026-02-30"}),
        400,
    )
    answers["GET of a POST-only action"] = (client.get(f"/manage/groups/{group}/confirm/"), 405)
    answers["console page that is not there"] = (client.get("/manage/nothing/"), 404)
    answers["account page that is not there"] = (client.get("/accounts/nothing/"), 404)
    answers["admin page that is not there"] = (client.get("/admin/nothing/"), 302)
    return answers


def test_refusals_and_errors_of_the_private_areas_are_never_stored(client, east):
    answers = error_answers(client, east)
    statuses = {what: response.status_code for what, (response, _status) in answers.items()}
    assert statuses == {what: status for what, (_response, status) in answers.items()}
    headers = {what: response.get("Cache-Control") for what, (response, _) in answers.items()}
    assert headers == dict.fromkeys(answers, NO_STORE)


def test_a_refused_form_check_is_never_stored(east):
    client = Client(enforce_csrf_checks=True)
    client.force_login(east.lead.user)
    response = client.post("/me/feed/new-link/")
    assert (response.status_code, response["Cache-Control"]) == (403, NO_STORE)


def test_answers_to_public_forms_are_never_stored(client, east):
    """They can hold what was just typed in: an application's answers, a feedback comment."""
    feedback = client.post(f"/groups/{east.group.slug}/feedback/", {"rating": "9"})
    application = client.post("/become-a-facilitator/", {"first_name": "Rosa"})
    assert (feedback.status_code, feedback["Cache-Control"]) == (400, NO_STORE)
    assert (application.status_code, application["Cache-Control"]) == (400, NO_STORE)


def public_urls(side):
    return [
        "/",
        "/calendar/",
        "/calendar/?view=month",
        f"/groups/{side.group.slug}/",
        f"/regions/{side.region.slug}/",
        f"/venues/{side.venue.slug}/",
        "/become-a-facilitator/",
        *SITEMAP_PATHS,
        "/robots.txt",
    ]


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_public_pages_keep_their_caching(client, east, signed_in):
    if signed_in:
        client.force_login(east.coordinator)
    answers = {url: client.get(url) for url in public_urls(east)}
    assert {url: response.status_code for url, response in answers.items()} == dict.fromkeys(
        answers, 200
    )
    assert {url: response.get("Cache-Control") for url, response in answers.items()} == (
        dict.fromkeys(answers)
    )
    # The API may be shared for a minute (tests/peerhub/test_headers.py).
    assert client.get("/api/v1/groups.json")["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_feeds_keep_their_caching(client, east, signed_in):
    if signed_in:
        client.force_login(east.coordinator)
    token = east.lead.feed_token
    feeds = {
        "/calendar.ics": "public, max-age=300",
        f"/regions/{east.region.slug}/calendar.ics": "public, max-age=300",
        f"/venues/{east.venue.slug}/calendar.ics": "public, max-age=300",
        f"/groups/{east.group.slug}/calendar.ics": "public, max-age=300",
        f"/feeds/{token}.ics": "private, no-store",
    }
    answers = {url: client.get(url) for url in feeds}
    assert {url: response.get("Cache-Control") for url, response in answers.items()} == feeds
    etags = {url: response.get("ETag") for url, response in answers.items()}
    again = {url: client.get(url, HTTP_IF_NONE_MATCH=etags[url]).status_code for url in feeds}
    assert again == dict.fromkeys(feeds, 304)
    # One session's download (no ETag) keeps its header too.
    session = client.get(f"/groups/{east.group.slug}/sessions/{DAY}.ics")
    assert session["Cache-Control"] == "public, max-age=300"
