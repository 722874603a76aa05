"""How to join a group, in words that agree with each other: the note under "Where" and the steps
under "How to join" come from one place, decided by (audience, how to join, where it meets)."""

import pytest

from groups.joining import joining_in_words
from groups.models import Group
from regions.models import Venue

A = Group.Audience
R = "Central RLC"
DROP_IN = "Just drop in. No sign-up, no referral and no cost."

PUBLIC = Venue(kind=Venue.Kind.LIBRARY, address="1 Main Street", town="Worcester")
PRIVATE = Venue(
    kind=Venue.Kind.SHELTER, address="12 Hidden Lane", town="Worcester", address_is_public=False
)
NO_ADDRESS = Venue(kind=Venue.Kind.CHURCH, address="", town="Worcester")
ONLINE = Venue(kind=Venue.Kind.ONLINE, address="", town="", join_details="https://x.example/r")

ASK_FOR_ADDRESS = f"Get in touch with {R} first: they will tell you the address."
ADDRESS_NOTE = f"The address is shared when you contact {R}."
ASK_FOR_LINK = f"Get in touch with {R} first: they will send you the link."
LINK_NOTE = f"Online — {R} will send you the link."
ASK_FOR_PLACE = f"Get in touch with {R} first: they will tell you where the group meets."
PLACE_NOTE = f"The place is still being arranged. {R} can tell you where the group will meet."
ASK_STAFF = "Ask the unit staff: this group is for the patients of this hospital."
STAFF_NOTE = "The unit staff will tell you where the group meets."

OPEN = [A.EVERYONE, A.PEERS, A.PEER_WORKERS]


def words(audience, venue, how_to_join=DROP_IN):
    return joining_in_words(audience=audience, how_to_join=how_to_join, venue=venue, region_name=R)


@pytest.mark.parametrize("audience", OPEN)
@pytest.mark.parametrize("how_to_join", [DROP_IN, ""])
def test_a_public_address_adds_nothing_to_the_groups_own_words(audience, how_to_join):
    joining = words(audience, PUBLIC, how_to_join)
    assert joining.where_note == ""
    assert joining.steps == ((how_to_join,) if how_to_join else ())


@pytest.mark.parametrize("audience", OPEN)
@pytest.mark.parametrize("venue", [PRIVATE, NO_ADDRESS], ids=["private", "no-address"])
def test_a_private_address_is_asked_for_first_then_the_groups_own_words(audience, venue):
    joining = words(audience, venue)
    assert joining.where_note == ADDRESS_NOTE
    # "Just drop in" now comes after getting the address, never instead of it.
    assert joining.steps == (ASK_FOR_ADDRESS, DROP_IN)


@pytest.mark.parametrize("audience", OPEN)
def test_a_private_address_without_words_of_the_groups_own(audience):
    joining = words(audience, PRIVATE, "")
    assert joining.where_note == ADDRESS_NOTE
    assert joining.steps == (ASK_FOR_ADDRESS,)


@pytest.mark.parametrize("audience", OPEN)
@pytest.mark.parametrize("how_to_join", [DROP_IN, ""])
def test_online_the_link_is_asked_for_first(audience, how_to_join):
    joining = words(audience, ONLINE, how_to_join)
    assert joining.where_note == LINK_NOTE
    assert joining.steps == (ASK_FOR_LINK, *([how_to_join] if how_to_join else []))


@pytest.mark.parametrize("audience", OPEN)
@pytest.mark.parametrize("how_to_join", [DROP_IN, ""])
def test_no_place_yet_the_place_is_asked_for_first(audience, how_to_join):
    joining = words(audience, None, how_to_join)
    assert joining.where_note == PLACE_NOTE
    assert joining.steps == (ASK_FOR_PLACE, *([how_to_join] if how_to_join else []))


@pytest.mark.parametrize(
    ("venue", "note"),
    [
        (PUBLIC, ""),
        (PRIVATE, STAFF_NOTE),
        (NO_ADDRESS, STAFF_NOTE),
        (ONLINE, STAFF_NOTE),
        (None, STAFF_NOTE),
    ],
    ids=["public", "private", "no-address", "online", "no-place"],
)
@pytest.mark.parametrize("how_to_join", ["Ask at the nurses' station.", ""])
def test_a_hospital_unit_group_is_joined_through_the_staff_never_the_rlc(venue, note, how_to_join):
    joining = words(A.HOSPITAL_PATIENTS, venue, how_to_join)
    assert joining.where_note == note
    assert joining.steps == (ASK_STAFF, *([how_to_join] if how_to_join else []))
    assert R not in joining.where_note + " ".join(joining.steps)


def test_blank_words_of_the_groups_own_count_as_none():
    assert words(A.EVERYONE, PUBLIC, "  \n ").steps == ()
    assert words(A.EVERYONE, PRIVATE, " \n").steps == (ASK_FOR_ADDRESS,)
