"""The Django admin through real HTTP: every page renders, search and filters, query counts,
who may get in, and saving a group (its schedule, its region's venue, its sequence)."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.contrib.sites.models import Site
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from facilitators.models import Certification, FacilitatorApplication, FacilitatorInvitation
from groups import sessions
from groups.models import (
    AccessFeature,
    Group,
    GroupFeedback,
    Language,
    Registration,
    SessionChange,
    SessionRecord,
    SessionSubstitute,
    SubstituteRequest,
)
from tests.factories import (
    CoordinatorFactory,
    FacilitatorFactory,
    GroupFacilitatorFactory,
    GroupFactory,
    RegionFactory,
    SessionChangeFactory,
    UserFactory,
    VenueFactory,
    weekly,
)

TUESDAY = dt.date(2026, 1, 6)
WEDNESDAY = dt.date(2026, 1, 7)
VENUE_ERROR = "This venue belongs to another region; choose one of this region's."
REGISTERED = sorted(model._meta.label for model in admin.site._registry)
# Shown, never added by hand: a task is made by the app (an email queued, core/mail.py).
READ_ONLY = {"django_tasks_database.DBTaskResult"}


def valid(obj):
    """The object, after checking that it passes model validation as the factories built it."""
    obj.full_clean()
    return obj


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def model_of(label):
    return next(model for model in admin.site._registry if model._meta.label == label)


def management_form(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def group_payload(region, venue, **overrides):
    """A valid POST for the group add or change form; an override of None leaves a key out."""
    data = {
        "title": "Hearing Voices Worcester",
        "slug": "hearing-voices-worcester",
        "description": "",
        "kind": Group.Kind.SELF_HELP,
        "audience": Group.Audience.EVERYONE,
        "is_public": "on",
        "region": str(region.pk),
        "venue": str(venue.pk) if venue else "",
        "how_to_join": "",
        "start_date": TUESDAY.isoformat(),
        "start_time": "18:00",
        "duration_minutes": "90",
        "recurrences": "RRULE:FREQ=WEEKLY;BYDAY=TU",
        "end_date": "",
        "status": Group.Status.ACTIVE,
        "resources": "",
        "last_confirmed_on": "",
        **management_form("memberships"),
        **management_form("changes"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def form_errors(response):
    return response.context["adminform"].form.errors


@pytest.fixture
def superuser():
    return User.objects.create_superuser(email="root@example.org", password="peerhub-test")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def regions():
    """Two regions in different timezones, each with a venue."""
    east = RegionFactory(name="Metro Boston RLC", slug="metro-boston", timezone="America/New_York")
    west = RegionFactory(name="Western Mass RLC", slug="western-mass", timezone="America/Chicago")
    VenueFactory(region=east, name="Boston Public Library", slug="bpl", town="Boston")
    VenueFactory(region=west, name="Springfield Peer Center", slug="spc", town="Springfield")
    return east, west


@pytest.fixture
def world(regions):
    """One object of every registered model, spread over the two regions; by model label."""
    east, west = regions
    east_venue, west_venue = east.venues.get(), west.venues.get()
    group = valid(GroupFactory(title="Hearing Voices Boston", region=east, venue=east_venue))
    valid(GroupFactory(title="WRAP Springfield", region=west, venue=west_venue))
    facilitator = valid(FacilitatorFactory(display_name="Maria S."))
    facilitator.regions.set([east, west])
    Certification.objects.create(facilitator=facilitator, kind=Certification.Kind.WRAP)
    coordinator = valid(CoordinatorFactory(region=west))
    membership = valid(GroupFacilitatorFactory(group=group, facilitator=facilitator))
    change = valid(SessionChangeFactory(group=group, original_date=dt.date(2026, 1, 13)))
    substitute = valid(FacilitatorFactory(display_name="Jean-Luc D."))
    cover = valid(
        SessionSubstitute(
            group=group,
            original_date=dt.date(2026, 1, 20),
            substitute=substitute,
            replaces=facilitator,
        )
    )
    cover.save()
    feature = valid(AccessFeature.objects.create(slug="quiet-room", name="Quiet room"))
    language = valid(Language.objects.create(code="fr", name="French"))
    group.languages.set([language])
    group.access_features.set([feature])
    user = coordinator.user
    return {
        "auth.Group": AuthGroup.objects.create(name="Coordinators"),
        "sites.Site": Site.objects.create(domain="peerhub.test", name="PeerHub"),
        "account.EmailAddress": EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        ),
        "accounts.User": user,
        "regions.Region": east,
        "regions.Venue": west_venue,
        "regions.Coordinator": coordinator,
        "facilitators.FacilitatorProfile": facilitator,
        "facilitators.FacilitatorInvitation": FacilitatorInvitation.objects.create(
            user=user, region=east, display_name="Alex R."
        ),
        "groups.Group": group,
        "groups.SessionChange": change,
        "groups.SessionSubstitute": cover,
        "groups.SubstituteRequest": SubstituteRequest.objects.create(
            group=group, original_date=dt.date(2026, 1, 27), requested_by=facilitator
        ),
        "groups.SessionRecord": SessionRecord.objects.create(
            group=group, original_date=dt.date(2026, 1, 6), held=True, attendance=7
        ),
        "groups.GroupFeedback": GroupFeedback.objects.create(group=group, rating=5),
        "groups.Registration": Registration.objects.create(
            group=group, session_date=dt.date(2026, 1, 6), first_name="Ana", email="a@example.org"
        ),
        "facilitators.FacilitatorApplication": FacilitatorApplication.objects.create(
            region=east,
            first_name="Rosa",
            last_name="Mendes",
            email="rosa@example.org",
            recovery="Steady for three years.",
            experience="Led a book group.",
            dependability="Free on Tuesdays.",
            working_with_others="I listen first.",
            giving_back="Peer support helped me.",
        ),
        "mfa.Authenticator": Authenticator.objects.create(
            user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
        ),
        "groups.GroupFacilitator": membership,
        "groups.AccessFeature": feature,
        "groups.Language": language,
        "django_tasks_database.DBTaskResult": DBTaskResult.objects.create(
            task_path="core.mail.send_email",
            args_kwargs={"args": [], "kwargs": {"about": "a test", "attempt": 1}},
            backend_name="default",
        ),
    }


# Every registered ModelAdmin renders.


def test_admin_system_checks_report_nothing():
    assert checks.run_checks(tags=[checks.Tags.admin]) == []


@pytest.mark.django_db
def test_world_covers_every_registered_model(world):
    assert sorted(world) == REGISTERED


@pytest.mark.django_db
@pytest.mark.parametrize("label", REGISTERED)
def test_changelist_lists_an_existing_object(superuser_client, world, label):
    obj = world[label]
    response = superuser_client.get(admin_url(obj, "changelist"))
    assert response.status_code == 200
    assert obj in list(response.context["cl"].result_list)


@pytest.mark.django_db
@pytest.mark.parametrize("label", REGISTERED)
def test_changelist_search_renders(superuser_client, world, label):
    response = superuser_client.get(admin_url(model_of(label), "changelist"), {"q": "a"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("label", REGISTERED)
def test_add_page_renders(superuser_client, label):
    response = superuser_client.get(admin_url(model_of(label), "add"))
    assert response.status_code == (403 if label in READ_ONLY else 200)


@pytest.mark.django_db
@pytest.mark.parametrize("label", REGISTERED)
def test_change_page_renders_an_existing_object(superuser_client, world, label):
    obj = world[label]
    response = superuser_client.get(admin_url(obj, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj


# Search and filters.


@pytest.fixture
def two_groups(regions):
    east, west = regions
    boston = valid(
        GroupFactory(title="Hearing Voices Boston", region=east, venue=east.venues.get())
    )
    springfield = valid(
        GroupFactory(title="WRAP Springfield", region=west, venue=west.venues.get())
    )
    return boston, springfield


@pytest.mark.django_db
def test_group_changelist_search_by_title_fragment_finds_only_that_group(
    superuser_client, two_groups
):
    boston, _ = two_groups
    response = superuser_client.get(admin_url(Group, "changelist"), {"q": "voices"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [boston]
    assert boston.title in response.content.decode()
    assert "WRAP Springfield" not in response.content.decode()


@pytest.mark.django_db
def test_group_changelist_search_by_venue_town_finds_only_that_group(superuser_client, two_groups):
    _, springfield = two_groups
    response = superuser_client.get(admin_url(Group, "changelist"), {"q": "Springfield Peer"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [springfield]


@pytest.mark.django_db
def test_group_changelist_filter_by_region_shows_only_its_groups(
    superuser_client, regions, two_groups
):
    west = regions[1]
    response = superuser_client.get(admin_url(Group, "changelist"), {"region__id__exact": west.pk})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [two_groups[1]]


@pytest.mark.django_db
def test_group_changelist_filter_by_access_feature_shows_only_its_groups(
    superuser_client, two_groups
):
    boston, _ = two_groups
    feature = AccessFeature.objects.get(slug="asl")  # seeded by a migration
    boston.access_features.add(feature)
    response = superuser_client.get(
        admin_url(Group, "changelist"), {"access_features__id__exact": feature.pk}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [boston]


@pytest.mark.django_db
def test_venue_changelist_filter_by_region_shows_only_its_venues(superuser_client, regions):
    east, _ = regions
    response = superuser_client.get(
        admin_url(east.venues.get(), "changelist"), {"region__id__exact": east.pk}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [east.venues.get()]


@pytest.mark.django_db
def test_facilitator_changelist_filter_by_region_shows_only_its_facilitators(
    superuser_client, regions
):
    east, west = regions
    maria = valid(FacilitatorFactory(display_name="Maria S."))
    maria.regions.set([east])
    jean = valid(FacilitatorFactory(display_name="Jean-Luc D."))
    jean.regions.set([west])
    response = superuser_client.get(admin_url(maria, "changelist"), {"regions__id__exact": west.pk})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [jean]


@pytest.mark.django_db
def test_session_change_changelist_filter_by_group_region_shows_only_its_changes(
    superuser_client, regions, two_groups
):
    west = regions[1]
    SessionChangeFactory(group=two_groups[0], original_date=dt.date(2026, 1, 13))
    west_change = SessionChangeFactory(group=two_groups[1], original_date=dt.date(2026, 1, 20))
    response = superuser_client.get(
        admin_url(SessionChange, "changelist"), {"group__region__id__exact": west.pk}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [west_change]


@pytest.mark.django_db
def test_feedback_changelist_shows_and_filters_what_is_handled(
    superuser_client, superuser, two_groups
):
    waiting = GroupFeedback.objects.create(group=two_groups[0], rating=4)
    handled = GroupFeedback.objects.create(
        group=two_groups[1], rating=5, handled_at=timezone.now(), handled_by=superuser
    )
    url = admin_url(GroupFeedback, "changelist")
    response = superuser_client.get(url, {"handled_at__isempty": "1"})
    assert list(response.context["cl"].result_list) == [waiting]
    response = superuser_client.get(url, {"handled_at__isempty": "0"})
    assert list(response.context["cl"].result_list) == [handled]
    assert response.context["cl"].list_display[-2:] == ["handled_at", "handled_by"]


# Query counts do not grow with the number of rows.


def make_groups(regions, start, count):
    return [
        valid(GroupFactory(region=regions[i % 2], venue=VenueFactory(region=regions[i % 2])))
        for i in range(start, start + count)
    ]


def make_venues(regions, start, count):
    return [valid(VenueFactory(region=regions[i % 2])) for i in range(start, start + count)]


DISPLAY_NAMES = ["Maria S.", "Jean-Luc D.", "Mary-Ann O."]


def make_facilitators(regions, start, count):
    made = []
    for i in range(start, start + count):
        facilitator = valid(FacilitatorFactory(display_name=DISPLAY_NAMES[i]))
        facilitator.regions.set(regions[: i % 2 + 1])
        made.append(facilitator)
    return made


def make_session_changes(regions, start, count):
    """The first is a cancellation; later ones are moves to another venue of the region."""
    made = []
    for i in range(start, start + count):
        group = make_groups(regions, i, 1)[0]
        if i == 0:
            change = SessionChangeFactory(group=group, original_date=dt.date(2026, 1, 13))
        else:
            change = SessionChangeFactory(
                group=group,
                original_date=dt.date(2026, 1, 13),
                kind=SessionChange.Kind.MOVED,
                new_date=dt.date(2026, 1, 14),
                new_venue=VenueFactory(region=group.region),
            )
        made.append(valid(change))
    return made


def make_memberships(regions, start, count):
    return [
        valid(GroupFacilitatorFactory(group=group)) for group in make_groups(regions, start, count)
    ]


def make_coordinators(regions, start, count):
    return [valid(CoordinatorFactory(region=regions[i % 2])) for i in range(start, start + count)]


MAKERS = {
    "groups.Group": make_groups,
    "regions.Venue": make_venues,
    "facilitators.FacilitatorProfile": make_facilitators,
    "groups.SessionChange": make_session_changes,
    "groups.GroupFacilitator": make_memberships,
    "regions.Coordinator": make_coordinators,
}


def changelist_queries(client, model):
    """How many queries the changelist takes; it must list every object of the model."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    listed = sorted(obj.pk for obj in response.context["cl"].result_list)
    assert listed == sorted(model._default_manager.values_list("pk", flat=True))
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("label", list(MAKERS))
def test_changelist_query_count_does_not_grow_with_rows(superuser_client, regions, label):
    make, model = MAKERS[label], model_of(label)
    superuser_client.get(admin_url(model, "changelist"))  # warm per-process caches first
    assert len(make(regions, 0, 1)) == 1
    with_one = changelist_queries(superuser_client, model)
    assert len(make(regions, 1, 2)) == 2
    with_three = changelist_queries(superuser_client, model)
    assert with_three == with_one


# Who may get in.


def staff_user_with_every_group_permission():
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="groups"))
    return user


VISITORS = {
    "anonymous": lambda: None,
    "plain user": UserFactory,
    # The admin is for superusers only (peerhub.admin.SuperuserAdminSite), whatever the perms.
    "staff user": staff_user_with_every_group_permission,
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", "/admin/groups/group/"])
@pytest.mark.parametrize("who", list(VISITORS))
def test_admin_redirects_a_non_superuser_to_the_login(client, who, path):
    user = VISITORS[who]()
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={path}"


# Saving a group through the admin form.


@pytest.mark.django_db
def test_group_add_page_has_the_memberships_and_changes_inlines(superuser_client):
    response = superuser_client.get(admin_url(Group, "add"))
    assert response.status_code == 200
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["memberships", "changes"]


@pytest.mark.django_db
def test_group_add_saves_the_group_with_the_region_timezone_and_schedule(superuser_client, regions):
    _, west = regions
    response = superuser_client.post(
        admin_url(Group, "add"), group_payload(west, west.venues.get())
    )
    assert response.status_code == 302
    group = Group.objects.get(slug="hearing-voices-worcester")
    assert response["Location"] == admin_url(Group, "changelist")
    assert group.region == west
    assert group.venue == west.venues.get()
    assert group.timezone == west.timezone == "America/Chicago"
    assert group.sequence == 0
    assert group.schedule.first_start.isoformat() == "2026-01-06T18:00:00-06:00"
    assert group.schedule.session_dates(dt.date(2026, 1, 1), dt.date(2026, 1, 31)) == [
        dt.date(2026, 1, 6),
        dt.date(2026, 1, 13),
        dt.date(2026, 1, 20),
        dt.date(2026, 1, 27),
    ]


@pytest.mark.django_db
def test_group_add_refuses_a_venue_of_another_region(superuser_client, regions):
    east, west = regions
    response = superuser_client.post(
        admin_url(Group, "add"), group_payload(west, east.venues.get())
    )
    assert response.status_code == 200
    assert form_errors(response)["venue"] == [VENUE_ERROR]
    assert VENUE_ERROR in response.content.decode().replace("&#x27;", "'")
    assert list(Group.objects.all()) == []


@pytest.mark.django_db
def test_group_add_refuses_a_first_date_the_rule_does_not_meet_on(superuser_client, regions):
    east, _ = regions
    payload = group_payload(east, east.venues.get(), start_date=WEDNESDAY.isoformat())
    response = superuser_client.post(admin_url(Group, "add"), payload)
    assert response.status_code == 200
    assert form_errors(response)["start_date"] == [
        "The first date must be one of the days the schedule meets. "
        "The first meeting day after it is Tuesday 13 January 2026."
    ]
    assert list(Group.objects.all()) == []


@pytest.mark.django_db
def test_group_add_refuses_a_public_group_for_hospital_patients(superuser_client, regions):
    east, _ = regions
    payload = group_payload(east, east.venues.get(), audience=Group.Audience.HOSPITAL_PATIENTS)
    response = superuser_client.post(admin_url(Group, "add"), payload)
    assert response.status_code == 200
    assert list(form_errors(response)) == ["is_public"]
    assert list(Group.objects.all()) == []


@pytest.mark.django_db
def test_group_add_refuses_an_hourly_rule(superuser_client, regions):
    east, _ = regions
    payload = group_payload(east, east.venues.get(), recurrences="RRULE:FREQ=HOURLY")
    response = superuser_client.post(admin_url(Group, "add"), payload)
    assert response.status_code == 200
    assert list(form_errors(response)) == ["recurrences"]
    assert list(Group.objects.all()) == []


@pytest.mark.django_db
def test_group_change_bumps_the_sequence_by_exactly_one(superuser_client, regions):
    east, _ = regions
    group = valid(GroupFactory(region=east, venue=east.venues.get(), slug="hv", title="HV"))
    assert group.sequence == 0
    payload = group_payload(east, east.venues.get(), slug="hv", title="Hearing Voices")
    response = superuser_client.post(admin_url(Group, "change", group.pk), payload)
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.title, group.sequence, group.version) == ("Hearing Voices", 1, 1)


@pytest.mark.django_db
def test_group_change_to_another_region_takes_that_region_timezone(superuser_client, regions):
    east, west = regions
    group = valid(GroupFactory(region=east, venue=east.venues.get(), slug="hv"))
    payload = group_payload(west, west.venues.get(), slug="hv")
    response = superuser_client.post(admin_url(Group, "change", group.pk), payload)
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.region, group.timezone) == (west, "America/Chicago")


@pytest.mark.django_db
def test_group_change_cancels_a_session_through_the_inline(superuser_client, superuser, regions):
    east, _ = regions
    group = valid(GroupFactory(region=east, venue=east.venues.get(), slug="hv"))
    payload = group_payload(
        east,
        east.venues.get(),
        slug="hv",
        **management_form("changes", total=1),
        **{
            "changes-0-id": "",
            "changes-0-group": str(group.pk),
            "changes-0-original_date": "2026-01-13",
            "changes-0-kind": SessionChange.Kind.CANCELLED,
            "changes-0-public_note": "Closed for the storm",
        },
    )
    response = superuser_client.post(admin_url(Group, "change", group.pk), payload)
    assert response.status_code == 302
    assert list(group.changes.values_list("original_date", "kind", "public_note")) == [
        (dt.date(2026, 1, 13), SessionChange.Kind.CANCELLED, "Closed for the storm")
    ]
    group.refresh_from_db()
    assert (group.sequence, group.changes.get().created_by) == (1, superuser)


@pytest.mark.django_db
def test_session_change_admin_add_and_delete_raise_the_group_sequence(
    superuser_client, superuser, regions
):
    east, _ = regions
    group = valid(GroupFactory(region=east, venue=east.venues.get()))
    response = superuser_client.post(
        admin_url(SessionChange, "add"),
        {
            "group": str(group.pk),
            "original_date": "2026-01-13",
            "kind": SessionChange.Kind.CANCELLED,
            "public_note": "Snow day",
            "private_note": "",
        },
    )
    assert response.status_code == 302
    change = SessionChange.objects.get()
    group.refresh_from_db()
    assert (group.sequence, change.created_by) == (1, superuser)
    response = superuser_client.post(admin_url(SessionChange, "delete", change.pk), {"post": "yes"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.sequence, SessionChange.objects.count()) == (2, 0)


@pytest.mark.django_db
def test_group_change_refuses_to_cancel_a_day_it_does_not_meet(superuser_client, regions):
    east, _ = regions
    group = valid(GroupFactory(region=east, venue=east.venues.get(), slug="hv", title="HV"))
    payload = group_payload(
        east,
        east.venues.get(),
        slug="hv",
        title="HV",
        **management_form("changes", total=1),
        **{
            "changes-0-id": "",
            "changes-0-group": str(group.pk),
            "changes-0-original_date": "2026-01-14",
            "changes-0-kind": SessionChange.Kind.CANCELLED,
        },
    )
    response = superuser_client.post(admin_url(Group, "change", group.pk), payload)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][1].formset
    assert formset.errors == [
        {
            "original_date": [
                "HV does not meet on Wednesday 14 January 2026. "
                "The next session is on Tuesday 20 January 2026."
            ]
        }
    ]
    assert list(group.changes.all()) == []
    group.refresh_from_db()
    assert group.sequence == 0


@pytest.mark.django_db
def test_group_change_page_previews_a_cancelled_session(superuser_client, regions):
    east, _ = regions
    today = timezone.localdate()
    last_tuesday = today - dt.timedelta(days=(today.weekday() - 1) % 7)
    group = valid(
        GroupFactory(
            region=east,
            venue=east.venues.get(),
            start_date=last_tuesday - dt.timedelta(weeks=3),
            recurrences=weekly(1),
        )
    )
    next_session = group.schedule.next_session_date(today + dt.timedelta(days=1))
    assert next_session.weekday() == 1
    sessions.session_cancel(group=group, original_date=next_session)
    response = superuser_client.get(admin_url(Group, "change", group.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Next sessions (9 weeks)" in content
    assert content.count("(cancelled)") == 1
    assert f"<div>{next_session:%a %d %b %Y}, 06:00 PM–07:30 PM (cancelled)</div>" in content
    following = next_session + dt.timedelta(weeks=1)
    assert f"<div>{following:%a %d %b %Y}, 06:00 PM–07:30 PM </div>" in content


# Users log in by email.


@pytest.mark.django_db
def test_user_add_page_asks_for_email_and_passwords(superuser_client):
    response = superuser_client.get(admin_url(User, "add"))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == [
        "email",
        "usable_password",
        "password1",
        "password2",
    ]


@pytest.mark.django_db
def test_user_add_creates_a_user_who_can_log_in_by_email(superuser_client):
    password = "correct-horse-battery-42"
    response = superuser_client.post(
        admin_url(User, "add"),
        {
            "email": "New.Person@Example.ORG",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert response["Location"] == admin_url(User, "change", user.pk)
    assert user.check_password(password)
    assert (user.is_staff, user.is_superuser) == (False, False)
    superuser_client.logout()
    assert superuser_client.login(email="new.person@example.org", password=password)
    assert superuser_client.login(email="New.Person@example.org", password=password)


@pytest.mark.django_db
def test_user_add_without_a_usable_password_makes_one_that_cannot_log_in(superuser_client):
    response = superuser_client.post(
        admin_url(User, "add"), {"email": "invitee@example.org", "usable_password": "false"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="invitee@example.org")
    assert user.has_usable_password() is False
    superuser_client.logout()
    assert superuser_client.login(email="invitee@example.org", password="") is False


@pytest.mark.django_db
def test_user_add_refuses_an_email_taken_in_another_case(superuser_client):
    UserFactory(email="person@example.org")
    password = "correct-horse-battery-42"
    response = superuser_client.post(
        admin_url(User, "add"),
        {
            "email": "PERSON@example.org",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    # The unique constraint on Lower("email") adds a second, non-field message.
    assert form_errors(response) == {
        "email": ["User with this Email address already exists."],
        "__all__": ["An account with this email address already exists."],
    }
    assert User.objects.filter(email__iexact="person@example.org").count() == 1
