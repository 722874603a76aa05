"""Pages whose markup is a library's, not ours, work under the site's Content-Security-Policy:
the API's documentation (Swagger UI, django-ninja) and the admin (Django, django-simple-history).

tests/browser/conftest.py fails any browser test in which Chromium refused something under the
policy; these tests visit the pages no other browser test does.
"""

import pytest

from accounts.models import User

PASSWORD = "peerhub-test"

# The live server reads committed data.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_works(live_server, page):
    page.goto(f"{live_server.url}/api/v1/docs")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()
    assert sorted(operations.all_inner_texts()) == [
        "/api/v1/groups.json",
        "/api/v1/occurrences.json",
    ]
    operations.first.click()  # opens it: its parameters and answers are drawn
    page.locator(".opblock-body").first.wait_for()


def test_the_admin_works(live_server, page, east):
    User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "root@example.org")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    group = f"/admin/groups/group/{east.group.pk}"
    facilitator = f"/admin/facilitators/facilitatorprofile/{east.lead.pk}"
    for path in (
        "/admin/",
        "/admin/groups/group/",
        f"{group}/change/",
        f"{group}/history/",
        "/admin/groups/group/add/",
        f"{facilitator}/change/",
        "/admin/accounts/user/",
    ):
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        assert page.url == f"{live_server.url}{path}"
