"""The site's Content-Security-Policy, built once per process (peerhub/content_policy.py).

django-csp builds the header again for every answer: its settings read, its directives copied,
de-duplicated and joined. Every answer without a view's own policy gets the same text, so it
is built once and kept; a view's own (the map's tiles, a framed page, the API's docs) and a
change of the settings still go through django-csp.
"""

import pytest
from csp.constants import NONE, SELF
from csp.utils import build_policy
from django.test import override_settings

from peerhub import content_policy as csp

pytestmark = pytest.mark.django_db


def policy(header: str) -> dict:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.fixture
def builds(monkeypatch):
    """How many times a policy was built by django-csp, from now (none kept before)."""
    csp.site_policy.cache_clear()
    made = []
    real = csp.build_policy

    def counted(*args, **options):
        made.append(options)
        return real(*args, **options)

    monkeypatch.setattr(csp, "build_policy", counted)
    return made


def test_the_sites_policy_is_built_once_and_is_django_csps_own(client, builds):
    answers = [client.get(path) for path in ("/robots.txt", "/calendar.ics", "/", "/robots.txt")]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200]
    headers = {answer["Content-Security-Policy"] for answer in answers}
    assert len(headers) == 1
    assert policy(headers.pop()) == policy(build_policy())
    assert len(builds) == 1


def test_a_views_own_policy_is_still_its_own(client, east, builds):
    calendar = client.get("/calendar/")  # the map's tiles: img-src from csp_update
    framed = client.get(f"/embed/regions/{east.region.slug}/")  # csp_replace: any may frame it
    plain = client.get("/robots.txt")
    assert "tile.openstreetmap.org" in policy(calendar["Content-Security-Policy"])["img-src"]
    assert policy(framed["Content-Security-Policy"])["frame-ancestors"] == "*"
    assert policy(plain["Content-Security-Policy"])["img-src"] == "'self'"
    assert policy(plain["Content-Security-Policy"])["frame-ancestors"] == "'none'"


def test_a_change_of_the_settings_builds_it_again(client):
    before = client.get("/robots.txt")["Content-Security-Policy"]
    directives = {"default-src": [SELF], "object-src": [NONE], "img-src": [SELF, "data:"]}
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": directives}):
        during = client.get("/robots.txt")["Content-Security-Policy"]
    after = client.get("/robots.txt")["Content-Security-Policy"]
    assert policy(during) == {
        "default-src": "'self'",
        "object-src": "'none'",
        "img-src": "'self' data:",
    }
    assert policy(after) == policy(before)


def test_a_report_only_policy_is_sent_beside_it(client):
    report_only = {"DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-reports/"}}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only):
        answer = client.get("/robots.txt")
    assert policy(answer["Content-Security-Policy-Report-Only"]) == {
        "default-src": "'self'",
        "report-uri": "/csp-reports/",
    }
    assert policy(answer["Content-Security-Policy"])["default-src"] == "'self'"


def test_an_excluded_prefix_gets_no_policy(client):
    setting = {"EXCLUDE_URL_PREFIXES": ["/robots"], "DIRECTIVES": {"default-src": [SELF]}}
    with override_settings(CONTENT_SECURITY_POLICY=setting):
        excluded = client.get("/robots.txt")
        kept = client.get("/calendar.ics")
    assert "Content-Security-Policy" not in excluded
    assert policy(kept["Content-Security-Policy"]) == {"default-src": "'self'"}
