"""How to join a group, in words that never contradict each other. No database access.

The group page says it twice: a note under "Where" and the steps under "How to join". Both come
from here, decided by who the group is for, where it meets and the group's own words (its
``how_to_join``), so a shelter group never says "Just drop in" without first saying how to get
the address:

- a public address: the group's own words alone, nothing added;
- a private address (a shelter's, or none given), an online room, or a place still being
  arranged: first get in touch with the RLC for the address, the link or the place, then the
  group's own words;
- a group for the patients of one hospital: first ask the unit staff (never the RLC: the
  patients are already there), then the group's own words.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext as _

from groups.models import Group


class Joining(NamedTuple):
    where_note: str  # under the venue in "Where"; "" when there is nothing to add
    steps: tuple[str, ...]  # "How to join", in order; the group's own words last


def joining_in_words(*, audience: str, how_to_join: str, venue, region_name: str) -> Joining:
    """The "Where" note and the "How to join" steps of a group (``venue`` may be None)."""
    own = (how_to_join.strip(),) if how_to_join and how_to_join.strip() else ()
    where = _where(venue)
    if audience == Group.Audience.HOSPITAL_PATIENTS:
        note = "" if where == "public" else _("The unit staff will tell you where the group meets.")
        return Joining(
            note, (_("Ask the unit staff: this group is for the patients of this hospital."), *own)
        )
    if where == "public":
        return Joining("", own)
    names = {"region": region_name}
    note, step = {
        "private": (
            _("The address is shared when you contact %(region)s."),
            _("Get in touch with %(region)s first: they will tell you the address."),
        ),
        "online": (
            _("Online — %(region)s will send you the link."),
            _("Get in touch with %(region)s first: they will send you the link."),
        ),
        "unknown": (
            _(
                "The place is still being arranged. %(region)s can tell you where the group "
                "will meet."
            ),
            _("Get in touch with %(region)s first: they will tell you where the group meets."),
        ),
    }[where]
    return Joining(note % names, (step % names, *own))


def how_to_join_in_one_line(group, *, private: bool) -> str:
    """The steps in one line, for a feed's description; "" when there are none.

    The public is told to ask for a private address first, as on the group page; a facilitator's
    own feed (``private``) has the address and the link, so the group's own words suffice.
    """
    own = group.how_to_join.strip()
    if private:
        return own
    steps = joining_in_words(
        audience=group.audience, how_to_join=own, venue=group.venue, region_name=group.region.name
    ).steps
    return " Then: ".join(steps)


def address_note(venue, region_name: str) -> str:
    """The "Where" note of a venue on its own page, whoever its groups are for."""
    return joining_in_words(
        audience="", how_to_join="", venue=venue, region_name=region_name
    ).where_note


def _where(venue) -> str:
    if venue is None:
        return "unknown"
    if venue.is_online:
        return "online"
    if venue.address_is_public and venue.address:
        return "public"
    return "private"
