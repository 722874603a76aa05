"""The public forms' one-time code: the same form sent twice is kept once, two forms twice.

The double submissions themselves (feedback and application, with their emails) are rows of
the bad-input catalogue (tests/bad_input_catalogue.py); these tests hold the code's own rules.
"""

import re

import pytest

from core.public_forms import first_submission
from groups.models import GroupFeedback
from website.feedback_form import FeedbackForm

pytestmark = pytest.mark.django_db

CODE = re.compile(r'name="submission" value="([^"]*)"')


def code_on(response) -> str:
    [code] = CODE.findall(response.content.decode())
    return code


def test_each_showing_of_a_form_has_a_new_code(client, east):
    page = f"/groups/{east.group.slug}/"
    first, second = code_on(client.get(page)), code_on(client.get(page))
    assert (len(first), len(second), first == second) == (22, 22, False)
    assert code_on(client.get("/become-a-facilitator/")) not in (first, second)


def test_a_form_shown_again_with_its_errors_keeps_its_code(client, east):
    response = client.post(
        f"/groups/{east.group.slug}/feedback/", {"comment": "Good", "submission": "a" * 22}
    )
    assert (response.status_code, code_on(response)) == (400, "a" * 22)


def test_two_forms_shown_apart_are_kept_apart(client, east):
    url = f"/groups/{east.group.slug}/feedback/"
    for code in ("a" * 22, "b" * 22):
        assert client.post(url, {"rating": "5", "submission": code}).status_code == 302
    assert GroupFeedback.objects.count() == 2


def test_a_claim_is_given_back_when_keeping_the_form_fails():
    form = FeedbackForm({"rating": "5", "submission": "c" * 22})

    def keep_and_fail():
        with first_submission(form, action="test") as first:
            assert first is True
            raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        keep_and_fail()
    with first_submission(form, action="test") as first:
        assert first is True
    with first_submission(form, action="test") as again:
        assert again is False


def test_one_code_is_claimed_per_form(client, east):
    """The same code on another form (its own action) is that form's first submission."""
    form = FeedbackForm({"rating": "5", "submission": "d" * 22})
    with first_submission(form, action="group_feedback") as first:
        assert first is True
    with first_submission(form, action="facilitator_application") as first:
        assert first is True
