"""Per-address limits count the address the connection came from, never a forged header.

A visitor can send any ``X-Forwarded-For`` they like. Only a proxy of ours adds an entry we can
believe, and only the last ``TRUSTED_PROXY_COUNT`` entries are ours; with none configured (the
default everywhere) the header is ignored.
"""

import logging
import re
from pathlib import Path

import pytest

from facilitators.models import FacilitatorApplication
from groups.models import GroupFeedback
from peerhub import adapters
from tests.facilitators.test_applications import data as application_data
from tests.factories import GroupFactory, RegionFactory
from tests.peerhub.test_settings import REAL_KEY, manage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]

ROOT = Path(__file__).resolve().parents[2]
TOO_MANY = "Too many failed login attempts. Try again later."
WRONG = "The email address and/or password you specified are not correct."
PROXY = "10.0.0.2"  # the address a proxy of ours connects from


@pytest.fixture
def group():
    region = RegionFactory(name="Central RLC", slug="central", phone="508-555-0100")
    return GroupFactory(region=region, slug="wrap", title="WRAP Group")


def sign_in_failure(client, group, number, **headers):
    """A wrong password to another address each time: True if it was checked, False if refused."""
    response = client.post(
        "/accounts/login/",
        {"login": f"someone{number}@example.org", "password": "wrong-guess"},
        **headers,
    )
    errors = response.context["form"].non_field_errors()
    assert errors in ([WRONG], [TOO_MANY])
    return errors == [WRONG]


def feedback(client, group, number, **headers):
    """True if the feedback was kept, False if refused with the 429 page (and nothing kept)."""
    before = GroupFeedback.objects.count()
    response = client.post(f"/groups/{group.slug}/feedback/", {"rating": "4"}, **headers)
    kept = GroupFeedback.objects.count() - before
    assert (response.status_code, kept) in ((302, 1), (429, 0))
    return response.status_code == 302


def application(client, group, number, **headers):
    """True if the application was kept, False if refused with the 429 page (nothing kept)."""
    before = FacilitatorApplication.objects.count()
    response = client.post(
        "/become-a-facilitator/",
        application_data(group.region, email=f"rosa{number}@example.org"),
        **headers,
    )
    kept = FacilitatorApplication.objects.count() - before
    assert (response.status_code, kept) in ((302, 1), (429, 0))
    return response.status_code == 302


# Each limit per address: sign-in failures (allauth's login_failed, 10 a minute per address)
# and the public forms (ACCOUNT_RATE_LIMITS in peerhub/settings/base.py).
LIMITS = [
    pytest.param(sign_in_failure, 10, id="sign-in-failures"),
    pytest.param(feedback, 5, id="group-feedback"),
    pytest.param(application, 3, id="facilitator-application"),
]


@pytest.mark.parametrize(("attempt", "limit"), LIMITS)
def test_a_forged_forwarded_for_changes_nothing_by_default(client, group, attempt, limit):
    answers = [
        attempt(client, group, n, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        for n in range(limit + 1)
    ]
    assert answers == [True] * limit + [False]
    # The header is not the address: the same forged one from elsewhere is someone else.
    other = attempt(
        client, group, 99, REMOTE_ADDR="198.51.100.8", HTTP_X_FORWARDED_FOR="203.0.113.0"
    )
    assert other is True


@pytest.mark.parametrize(("attempt", "limit"), LIMITS)
def test_behind_one_proxy_the_entry_the_proxy_added_is_counted(
    client, group, settings, attempt, limit
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The visitor's own forged entries come first; our proxy appends the address it saw.
    answers = [
        attempt(
            client,
            group,
            n,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.{n}, 198.51.100.7",
        )
        for n in range(limit + 1)
    ]
    assert answers == [True] * limit + [False]
    # Another visitor behind the same proxy is counted apart.
    other = attempt(client, group, 99, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other is True


@pytest.mark.parametrize(
    ("settings_module", "env"),
    [
        pytest.param("peerhub.settings.local", {}, id="local"),
        pytest.param(
            "peerhub.settings.production",
            {"SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "peerhub.example.org"},
            id="production",
        ),
    ],
)
@pytest.mark.parametrize(("configured", "expected"), [(None, "0"), ("1", "1"), ("2", "2")])
def test_trusted_proxy_count_is_zero_unless_configured(settings_module, env, configured, expected):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from allauth import app_settings; print(app_settings.TRUSTED_PROXY_COUNT)",
        settings=settings_module,
        TRUSTED_PROXY_COUNT=configured,
        **env,
    )
    assert result.stdout.strip() == expected, result.stderr


def test_docker_compose_trusts_no_proxy_unless_told_and_listens_on_this_host_only():
    """The settings come from .env, made from .env.example (tests/production/test_deployment.py
    checks that they reach the app)."""
    compose = (ROOT / "docker-compose.yml").read_text()
    example = (ROOT / ".env.example").read_text()
    assert re.findall(r"^TRUSTED_PROXY_COUNT=.*", example, re.M) == ["TRUSTED_PROXY_COUNT=0"]
    assert "TRUSTED_PROXY_COUNT" not in compose.split("services:", 1)[1]
    assert re.findall(r'^\s+- "(.*:8000)"$', compose, re.M) == ["127.0.0.1:8000:8000"]


def test_a_forwarded_for_that_is_not_trusted_is_logged_once(client, group, caplog, monkeypatch):
    monkeypatch.setattr(adapters, "untrusted_forwarded_for_logged", False)
    with caplog.at_level(logging.WARNING, logger="peerhub.adapters"):
        for n in range(2):
            feedback(client, group, n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert [record.getMessage() for record in caplog.records] == [
        "A request came with X-Forwarded-For, and TRUSTED_PROXY_COUNT is 0: the header is "
        "ignored and every client is counted by the address it connects from. Behind a proxy "
        "that adds the header, set TRUSTED_PROXY_COUNT to the number of proxies."
    ]
