"""The console's snippets for partners' sites (/manage/embed/): scoped to the user's regions."""

import re
from html import unescape

import pytest

from groups.models import Group
from tests.factories import UserFactory, VenueFactory
from tests.page_clock import SITE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]


def textareas(response) -> dict[str, str]:
    html = response.content.decode()
    return {
        name: unescape(text)
        for name, text in re.findall(r'<textarea id="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S)
    }


def test_region_snippets_are_for_the_coordinators_own_region_only(coordinator_client, east):
    VenueFactory(region=east.region, slug="old-hall", name="Old Hall", is_active=False)
    response = coordinator_client.get("/manage/embed/")
    assert response.status_code == 200
    assert [row["region"].slug for row in response.context["rows"]] == ["metro-boston"]
    assert [venue.slug for venue in response.context["rows"][0]["venues"]] == [
        "metro-boston-library",
        "metro-boston-center",
    ]
    assert textareas(response) == {
        "frame-metro-boston": (
            f'<iframe src="{SITE}/embed/regions/metro-boston/" '
            'title="Next peer support sessions: Metro Boston RLC" width="100%" height="480" '
            'loading="lazy" style="border: 0; max-width: 100%;"></iframe>'
        ),
        "element-metro-boston": (
            f'<script src="{SITE}/static/js/peerhub-sessions.js" defer></script>\n'
            '<peerhub-sessions region="metro-boston" lang="en">\n'
            f'  <a href="{SITE}/regions/metro-boston/">'
            "Next peer support sessions: Metro Boston RLC</a>\n"
            "</peerhub-sessions>"
        ),
    }
    html = response.content.decode()
    assert ("Western" in html, "/manage/embed/venues/metro-boston-library/" in html) == (
        False,
        True,
    )


def test_venue_snippets(coordinator_client, east):
    response = coordinator_client.get("/manage/embed/venues/metro-boston-library/")
    assert response.status_code == 200
    assert textareas(response) == {
        "frame-metro-boston-library": (
            f'<iframe src="{SITE}/embed/venues/metro-boston-library/" '
            'title="Next peer support sessions: Metro Boston Library" width="100%" '
            'height="480" loading="lazy" style="border: 0; max-width: 100%;"></iframe>'
        ),
        "element-metro-boston-library": (
            f'<script src="{SITE}/static/js/peerhub-sessions.js" defer></script>\n'
            '<peerhub-sessions region="metro-boston" venue="metro-boston-library" lang="en">\n'
            f'  <a href="{SITE}/venues/metro-boston-library/">'
            "Next peer support sessions: Metro Boston Library</a>\n"
            "</peerhub-sessions>"
        ),
    }


def test_group_snippets(coordinator_client, east):
    response = coordinator_client.get("/manage/embed/groups/metro-boston-hearing-voices/")
    assert response.status_code == 200
    assert textareas(response) == {
        "frame-metro-boston-hearing-voices": (
            f'<iframe src="{SITE}/embed/groups/metro-boston-hearing-voices/" '
            'title="Next peer support sessions: Metro Boston Hearing Voices" width="100%" '
            'height="480" loading="lazy" style="border: 0; max-width: 100%;"></iframe>'
        ),
        "element-metro-boston-hearing-voices": (
            f'<script src="{SITE}/static/js/peerhub-sessions.js" defer></script>\n'
            '<peerhub-sessions region="metro-boston" group="metro-boston-hearing-voices" '
            'lang="en">\n'
            f'  <a href="{SITE}/groups/metro-boston-hearing-voices/">'
            "Next peer support sessions: Metro Boston Hearing Voices</a>\n"
            "</peerhub-sessions>"
        ),
    }
    assert "its frame says the page is not there" not in response.content.decode()


def test_the_group_snippets_lead_to_the_group(coordinator_client, client, east):
    """The frame's address answers the group's own embed page, and the element's link its
    public page."""
    snippets = textareas(
        coordinator_client.get("/manage/embed/groups/metro-boston-hearing-voices/")
    )
    [frame] = re.findall(r'src="([^"]+)"', snippets["frame-metro-boston-hearing-voices"])
    [link] = re.findall(r'href="([^"]+)"', snippets["element-metro-boston-hearing-voices"])
    framed = client.get(frame.removeprefix(SITE))
    page = client.get(link.removeprefix(SITE))
    assert (framed.status_code, framed.context["heading"]) == (200, "Metro Boston Hearing Voices")
    assert (page.status_code, page.context["group"]) == (200, east.group)


def test_a_private_group_has_no_snippets(coordinator_client, east):
    response = coordinator_client.get("/manage/embed/groups/metro-boston-inpatient/")
    assert (response.status_code, textareas(response)) == (200, {})
    assert "This group is private: it is never shown on other sites" in (response.content.decode())


def test_a_paused_group_has_its_snippets_and_a_warning(coordinator_client, east):
    Group.objects.filter(pk=east.group.pk).update(status=Group.Status.PAUSED)
    response = coordinator_client.get("/manage/embed/groups/metro-boston-hearing-voices/")
    assert (response.status_code, len(textareas(response))) == (200, 2)
    assert (
        "While this group is paused, its frame says the page is not there, and the list is "
        "empty. Both come back when it runs again." in response.content.decode()
    )


def test_the_group_page_links_to_its_snippets_only_when_it_is_public(coordinator_client, east):
    link = '<a href="/manage/embed/groups/{}/">On other sites</a>'
    public = coordinator_client.get("/manage/groups/metro-boston-hearing-voices/")
    private = coordinator_client.get("/manage/groups/metro-boston-inpatient/")
    assert (
        link.format("metro-boston-hearing-voices") in public.content.decode(),
        link.format("metro-boston-inpatient") in private.content.decode(),
    ) == (True, False)


def test_snippets_in_spanish_point_at_the_spanish_pages(coordinator_client, east):
    response = coordinator_client.get("/manage/embed/venues/metro-boston-library/?language=es")
    snippets = textareas(response)
    assert snippets["frame-metro-boston-library"].startswith(
        f'<iframe src="{SITE}/es/embed/venues/metro-boston-library/" '
    )
    assert (
        f'lang="es">\n  <a href="{SITE}/es/venues/metro-boston-library/">'
        in (snippets["element-metro-boston-library"])
    )


def test_an_unknown_language_is_a_400_naming_it(coordinator_client, east):
    response = coordinator_client.get("/manage/embed/?language=fr")
    assert response.status_code == 400
    assert [problem.parameter for problem in response.context["problems"]] == ["language"]
    assert "The snippets can be in en, es, pt-br." in response.content.decode()


def test_another_regions_venue_is_a_404(coordinator_client, west):
    response = coordinator_client.get(f"/manage/embed/venues/{west.venue.slug}/")
    assert response.status_code == 404


def test_another_regions_group_is_a_404(coordinator_client, east, west):
    for slug in (west.group.slug, west.private_group.slug, "no-such-group"):
        response = coordinator_client.get(f"/manage/embed/groups/{slug}/")
        assert response.status_code == 404


def test_a_superuser_gets_every_regions_snippets(client, east, west):
    client.force_login(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    response = client.get("/manage/embed/")
    assert [row["region"].slug for row in response.context["rows"]] == ["metro-boston", "western"]
    assert client.get(f"/manage/embed/venues/{west.venue.slug}/").status_code == 200
    assert client.get(f"/manage/embed/groups/{west.group.slug}/").status_code == 200


def test_only_coordinators_reach_the_snippets(client, east):
    assert client.get("/manage/embed/")["Location"] == "/accounts/login/?next=/manage/embed/"
    client.force_login(east.lead.user)
    assert client.get("/manage/embed/").status_code == 403
    assert client.get("/manage/embed/venues/metro-boston-library/").status_code == 403
    assert client.get("/manage/embed/groups/metro-boston-hearing-voices/").status_code == 403


def test_the_console_menu_links_to_the_snippets(coordinator_client, east):
    html = coordinator_client.get("/manage/embed/").content.decode()
    assert '<a href="/manage/embed/" aria-current="page">On other sites</a>' in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_snippets_page_query_count_is_fixed(
    coordinator_client, east, django_assert_num_queries, count
):
    for number in range(count):
        VenueFactory(region=east.region, slug=f"extra-{number}")
    coordinator_client.get("/manage/embed/")  # the session and the user, read once before
    # The session, the user, is-a-coordinator, the regions, their venues, and the menu's check.
    with django_assert_num_queries(6):
        response = coordinator_client.get("/manage/embed/")
    assert len(response.context["rows"][0]["venues"]) == 2 + count
