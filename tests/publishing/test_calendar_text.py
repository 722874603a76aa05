"""A component's calendar text written a line at a time (publishing/calendar_text.py): always
the very bytes icalendar's own ``to_ical()`` gives, folded lines and escapes included."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from icalendar.parser import Contentline

from groups.selectors import feed_groups, public_groups
from publishing.calendar_text import component_text, folded
from publishing.events import group_events

# Where icalendar folds (74 octets to a line) and what it keeps with the next character.
BOUNDARIES = (0, 1, 72, 73, 74, 75, 76, 147, 148, 149, 150, 222, 223, 224)


def event_with(text: str) -> Event:
    event = Event()
    event.add("uid", "x@peerhub")
    event.add("dtstamp", dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC))
    event.add("summary", text)
    event.add("description", text)
    event.add("location", text)
    event.add("categories", [text, "Peer support"])
    return event


@pytest.mark.parametrize("length", BOUNDARIES)
@pytest.mark.parametrize("escape", ["\\", "^", ",", ";", "é", "€", "😀"])
def test_a_line_is_folded_where_icalendar_folds_it(length, escape):
    for at in {0, max(length - 1, 0), 72, 73, 74, 75, 147, 148}:
        if at >= length:
            continue
        line = "x" * at + escape + "y" * (length - at - 1)
        assert folded(Contentline(line)) == Contentline(line).to_ical() + b"\r\n"


def test_a_line_of_escapes_only_is_folded_as_icalendar_folds_it():
    for length in range(70, 230):
        for char in ("\\", "^", "\\n", "a\\"):
            line = (char * length)[:length]
            assert folded(Contentline(line)) == Contentline(line).to_ical() + b"\r\n"


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=400))
def test_any_text_gives_the_bytes_of_to_ical(text):
    event = event_with(text)
    assert component_text(event) == event.to_ical()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='ab\\^;,:"\n', max_size=300))
def test_text_full_of_escapes_gives_the_bytes_of_to_ical(text):
    event = event_with(text)
    assert component_text(event) == event.to_ical()


def test_a_calendar_with_subcomponents_gives_the_bytes_of_to_ical():
    calendar = Calendar()
    calendar.add("prodid", "-//PeerHub//test//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event_with("Recovery café, Tuesday evenings " * 5))
    calendar.add_component(event_with("Peer support 101 ^ \\ " * 9))
    assert component_text(calendar) == calendar.to_ical()


@pytest.mark.django_db
def test_every_event_of_a_network_gives_the_bytes_of_to_ical(network):
    """Every schedule kind, a cancelled and a moved session (tests/publishing/conftest.py)."""
    checked = 0
    for feed_group in feed_groups(public_groups()):
        for event in group_events(feed_group, site_url="https://peerhub.example", private=False):
            assert component_text(event) == event.to_ical()
            checked += 1
    assert checked >= 23
