"""“Become a peer facilitator”: the public form, its privacy, and the coordinators' email."""

import re
from html import unescape

import pytest
from django.core import mail

from facilitators.models import FacilitatorApplication
from tests.factories import CoordinatorFactory, GroupFactory, RegionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]

URL = "/become-a-facilitator/"
ANSWERS = {
    "recovery": "Five years into my own recovery, steady with good supports.",
    "experience": "I co-led a Hearing Voices group at my church for a year.",
    "dependability": "My Tuesday evenings are free every week.",
    "working_with_others": "I listen first, and talk it through when we disagree.",
    "giving_back": "A group helped me when nothing else did.",
}


@pytest.fixture
def central():
    region = RegionFactory(
        name="Central RLC", slug="central", phone="508-555-0100", email="hello@central.org"
    )
    for email in ("kim@central.org", "lee@central.org"):
        CoordinatorFactory(region=region, user=UserFactory(email=email))
    CoordinatorFactory(region=region, user=UserFactory(email="gone@central.org", is_active=False))
    return region


@pytest.fixture
def western():
    region = RegionFactory(name="Western RLC", slug="western")
    CoordinatorFactory(region=region, user=UserFactory(email="pat@western.org"))
    return region


def data(rlc, **changes):
    return {
        "first_name": "Rosa",
        "last_name": "Martinez",
        "email": "rosa.m@example.org",
        "phone": "508-555-0142",
        "region": rlc.pk,
        **ANSWERS,
        **changes,
    }


def stored():
    return list(
        FacilitatorApplication.objects.order_by("pk").values_list(
            "region__slug", "first_name", "last_name", "email", "status"
        )
    )


def text(response):
    """The page's words, as read: tags gone, spaces as one, none before punctuation."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    return unescape(re.sub(r"\( ", "(", re.sub(r" ([.,:;)])", r"\1", words)))


def test_the_form_asks_about_you_then_in_your_own_words(client, central, western):
    response = client.get(URL)
    form = response.context["form"]
    assert response.status_code == 200
    assert [field.name for field in form.about_you] == [
        "first_name",
        "last_name",
        "email",
        "phone",
        "region",
    ]
    assert [field.name for field in form.answers] == list(ANSWERS)
    assert [(str(value), label) for value, label in form.fields["region"].choices] == [
        ("", "Choose an RLC"),
        (str(central.pk), "Central RLC"),
        (str(western.pk), "Western RLC"),
    ]


def test_the_privacy_notice_comes_before_the_button(client, central):
    page = text(client.get(URL))
    notice = page[page.index("Your answers are private") : page.index("Send my application")]
    assert notice == (
        "Your answers are private "
        "Who sees them: the coordinators of the RLC you choose, and no one else apart from the "
        "few PeerHub administrators who look after the site. "
        "What for: to get in touch with you about facilitating, and nothing else. "
        "Nothing is published: your answers never appear on PeerHub or anywhere else. "
        "Deleting them: to have your application deleted at any time, contact that RLC "
        "(contact details of every RLC). "
    )


def test_every_public_page_links_to_the_form_in_its_footer(client, central):
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert re.findall(r'<a href="([^"]+)">Become a peer facilitator</a>', footer) == [URL]


def test_applying_keeps_the_application_and_says_thank_you(
    client, central, western, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data(central))
    assert (response.status_code, response["Location"]) == (
        302,
        "/become-a-facilitator/thanks/?region=central",
    )
    assert stored() == [("central", "Rosa", "Martinez", "rosa.m@example.org", "new")]
    application = FacilitatorApplication.objects.get()
    assert {name: getattr(application, name) for name in ANSWERS} == ANSWERS
    thanks = client.get(response["Location"])
    assert thanks.context["region"] == central
    assert "Your application is with the coordinators of Central RLC." in text(thanks)


def test_the_regions_coordinators_get_the_first_name_and_a_link_only(
    client, central, western, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data(central))
    application = FacilitatorApplication.objects.get()
    assert [message.to for message in mail.outbox] == [
        ["kim@central.org"],
        ["lee@central.org"],
        ["rosa.m@example.org"],  # the applicant's thanks (test_application_thanks.py)
    ]
    message = mail.outbox[0]
    assert message.subject == "A new facilitator application for Central RLC"
    assert message.body == (
        "Hello,\n\n"
        "Rosa has applied to become a peer facilitator with Central RLC.\n\n"
        "You can read the application and follow it up in the PeerHub console (sign in first):\n"
        f"https://peerhub.example.org/manage/applications/{application.pk}/\n\n"
        "The answers are not in this email: they stay in PeerHub, where only Central RLC's "
        "coordinators can read them.\n\n"
        "PeerHub\n"
    )
    private = ["Martinez", "rosa.m@example.org", "508-555-0142", *ANSWERS.values()]
    assert [value for value in private if value in message.body + message.subject] == []


def test_no_email_goes_before_the_application_is_saved(
    client, central, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(URL, data(central))
    # One email to each of the region's two coordinators and the applicant's thanks, each
    # waiting for the commit.
    assert (len(callbacks), mail.outbox) == (3, [])


def test_a_mail_server_that_is_down_loses_no_application(
    client, central, mail_server_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data(central))
    assert (response.status_code, len(stored())) == (302, 1)
    lost = [r.getMessage() for r in caplog.records if r.name == "core.mail"]
    assert [message.split(" (“")[0] for message in lost] == [
        "NOT SENT: 1 email about an application to Central RLC"
    ] * 3


def test_the_thank_you_page_without_a_known_region_points_to_every_rlc(client, central):
    response = client.get("/become-a-facilitator/thanks/?region=nowhere")
    assert response.context["region"] is None
    assert "Get in touch with your RLC: every RLC's contact details." in text(response)
    assert '<a href="/regions/">every RLC\'s contact details</a>' in response.content.decode()


REQUIRED = {
    "first_name": ["Please give your first name."],
    "last_name": ["Please give your last name."],
    "email": ["Please give an email address, so the RLC can reply."],
    "region": ["Please choose an RLC."],
    **{name: ["Please write a few words here."] for name in ANSWERS},
}
TOO_LONG = "Please shorten this to 2,000 characters or fewer (it has 51200)."


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"email": "not an address"},
            {"email": ["Please give an email address like name@example.org."]},
        ),
        ({"region": "999999"}, {"region": ["Please choose one of the RLCs in the list."]}),
        ({"recovery": "x" * 51_200}, {"recovery": [TOO_LONG]}),
        ({"giving_back": "x" * 51_200}, {"giving_back": [TOO_LONG]}),
        ({"experience": "   "}, {"experience": ["Please write a few words here."]}),
    ],
)
def test_bad_answers_show_the_form_again_with_the_errors(client, central, changes, errors):
    response = client.post(URL, data(central, **changes))
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert response.content.decode().count('class="form-errors" role="alert"') == 1
    assert (stored(), mail.outbox) == ([], [])


def test_an_empty_post_names_every_missing_answer(client, central):
    response = client.post(URL, {})
    assert response.status_code == 400
    assert response.context["form"].errors == REQUIRED
    assert stored() == []


def test_the_phone_is_optional(client, central):
    client.post(URL, data(central, phone=""))
    assert list(FacilitatorApplication.objects.values_list("phone", flat=True)) == [""]


def test_a_robot_that_fills_the_hidden_box_is_thanked_and_nothing_is_kept(
    client, central, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data(central, website="https://spam.example"))
    assert (response.status_code, response["Location"]) == (302, "/become-a-facilitator/thanks/")
    assert (stored(), mail.outbox) == ([], [])


def test_three_an_hour_from_one_address_then_a_friendly_429(client, central):
    answers = [client.post(URL, data(central), REMOTE_ADDR="198.51.100.7") for _ in range(4)]
    assert [response.status_code for response in answers] == [302, 302, 302, 429]
    refused = text(answers[-1])
    assert "Please try again a little later" in refused
    assert "Or get in touch with Central RLC directly: Phone: 508-555-0100" in refused
    assert len(stored()) == 3
    assert client.post(URL, data(central), REMOTE_ADDR="203.0.113.9").status_code == 302
    assert len(stored()) == 4


def test_the_application_and_feedback_limits_are_counted_apart(client, central):
    group = GroupFactory(region=central, slug="wrap")
    for _ in range(3):
        client.post(URL, data(central))
    assert client.post(URL, data(central)).status_code == 429
    feedback = client.post(f"/groups/{group.slug}/feedback/", {"rating": "5"})
    assert feedback.status_code == 302
