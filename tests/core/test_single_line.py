"""Names, titles and short notes are one line, wherever they are saved from: a line break,
tab or other line separator becomes a space, so no title can break an email's subject or a
calendar's line (issue 12, item 9)."""

import datetime as dt

import pytest

from accounts.models import User
from facilitators.models import FacilitatorApplication
from groups import services
from groups.models import Group, SessionChange
from regions.models import Region, Venue
from tests.factories import RegionFactory, VenueFactory, weekly

pytestmark = pytest.mark.django_db

BROKEN = "Walk\nand\r\ntalk\u2028group\x85now\tsoon\x0bthen"
JOINED = "Walk and talk group now soon then"


def test_a_group_title_with_line_breaks_is_saved_on_one_line():
    region = RegionFactory()
    group = services.group_create(
        title=BROKEN,
        slug="walk",
        region=region,
        venue=VenueFactory(region=region),
        start_date=dt.date(2026, 1, 6),
        start_time=dt.time(18, 0),
        duration_minutes=90,
        recurrences=weekly(1),
    )
    assert Group.objects.get(pk=group.pk).title == JOINED


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Region, "name"),
        (Region, "phone"),
        (Venue, "name"),
        (Venue, "address"),
        (Venue, "town"),
        (Group, "title"),
        (SessionChange, "public_note"),
        (FacilitatorApplication, "first_name"),
        (FacilitatorApplication, "last_name"),
        (User, "first_name"),
        (User, "last_name"),
    ],
)
def test_every_one_line_field_joins_line_breaks(model, field):
    form_field = model._meta.get_field(field)
    assert form_field.clean(BROKEN, None) == JOINED
    assert form_field.get_prep_value(" a \n b ") == "a b"


def test_a_line_break_saved_without_validation_is_joined_too():
    region = RegionFactory(name="Metro\nBoston")
    assert Region.objects.get(pk=region.pk).name == "Metro Boston"


def test_text_boxes_keep_their_line_breaks():
    region = RegionFactory()
    group = services.group_create(
        title="Walk",
        slug="walk",
        description="First line.\nSecond line.",
        region=region,
        venue=VenueFactory(region=region),
        start_date=dt.date(2026, 1, 6),
        start_time=dt.time(18, 0),
        duration_minutes=90,
        recurrences=weekly(1),
    )
    assert Group.objects.get(pk=group.pk).description == "First line.\nSecond line."
