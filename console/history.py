"""Who changed what and when, in sentences, from django-simple-history's records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitators.models import FacilitatorProfile
from groups.models import Group, GroupFacilitator, SessionChange, SessionSubstitute
from regions.models import Venue

ROLES = dict(GroupFacilitator.Role.choices)
ADDED, CHANGED, REMOVED = "+", "~", "-"


@dataclass(frozen=True)
class Entry:
    when: dt.datetime
    who: str
    what: str
    group: Group | None = None
    venue: Venue | None = None
    order: int = 0  # the record's own number: orders changes saved in the same instant


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "PeerHub (set-up or import)"
    return user.get_full_name() or user.email


def _entry(record, what: str, **where) -> Entry:
    return Entry(record.history_date, _who(record), what, order=record.history_id, **where)


def _day(value: dt.date) -> str:
    return f"{value:%a %-d %b %Y}"


def _names(ids) -> dict[int, str]:
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    return dict(FacilitatorProfile.objects.filter(pk__in=ids).values_list("pk", "display_name"))


def _group_entries(records, groups) -> list[Entry]:
    entries = []
    by_group: dict[int, list] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_group.setdefault(record.id, []).append(record)
    for group_id, chain in by_group.items():
        previous = None
        for record in chain:
            if record.history_type == ADDED:
                what = "Created the group"
            elif previous is None:
                # The oldest record fetched only to show what its successor changed.
                previous = record
                continue
            else:
                delta = record.diff_against(previous)
                if not delta.changes:
                    previous = record
                    continue
                what = "Changed " + "; ".join(_field_change(record, c) for c in delta.changes)
            entries.append(_entry(record, what, group=groups.get(group_id)))
            previous = record
    return entries


def _field_change(record, change) -> str:
    field = record.instance_type._meta.get_field(change.field)
    label = str(field.verbose_name)
    if change.field == "status":
        old = Group.Status(change.old).label if change.old else "none"
        return f"{label} from {old.lower()} to {Group.Status(change.new).label.lower()}"
    if change.field in ("title", "start_time", "start_date", "end_date", "duration_minutes"):
        return f"{label} from {change.old or 'none'} to {change.new or 'none'}"
    return label


def _session_entries(records, groups) -> list[Entry]:
    entries = []
    for record in records:
        day = _day(record.original_date)
        kind = "cancellation" if record.kind == SessionChange.Kind.CANCELLED else "move"
        if record.history_type == REMOVED:
            what = f"Undid the {kind} of the session of {day}"
        elif record.kind == SessionChange.Kind.CANCELLED:
            what = f"Cancelled the session of {day}"
            if record.new_date and record.new_date != record.original_date:
                what += f", where it had moved to {_day(record.new_date)}"
            if record.private_note:
                what += f" ({record.private_note})"
        else:
            where = []
            if record.new_date:
                where.append(f"to {_day(record.new_date)}")
            if record.new_start_time:
                where.append(f"at {record.new_start_time:%H:%M}")
            if record.new_venue_id:
                where.append("to another place")
            what = f"Moved the session of {day} " + " ".join(where)
        entries.append(_entry(record, what, group=groups.get(record.group_id)))
    return entries


def _membership_entries(records, groups, names) -> list[Entry]:
    entries = []
    for record in records:
        person = names.get(record.facilitator_id, "a facilitator")
        role = ROLES.get(record.role, record.role).lower()
        what = {
            ADDED: f"Added {person} as {role}",
            CHANGED: f"Made {person} {role}",
            REMOVED: f"Took {person} off the group",
        }[record.history_type]
        entries.append(_entry(record, what, group=groups.get(record.group_id)))
    return entries


def _cover_entries(records, groups, names) -> list[Entry]:
    entries = []
    for record in records:
        person = names.get(record.substitute_id, "a substitute")
        instead = f" in place of {names[record.replaces_id]}" if record.replaces_id else ""
        day = _day(record.original_date)
        if record.history_type == REMOVED:
            what = f"{person} no longer covers the session of {day}"
        else:
            what = f"{person} covers the session of {day}{instead}"
        entries.append(_entry(record, what, group=groups.get(record.group_id)))
    return entries


def _venue_entries(records, venues) -> list[Entry]:
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        if record.history_type == ADDED:
            what = f"Added the venue {record.name}"
        elif record.history_type == REMOVED:
            what = f"Removed the venue {record.name}"
        else:
            what = f"Changed the venue {record.name}"
        entries.append(_entry(record, what, venue=venues.get(record.id)))
    return entries


def _history(group_filter: dict, venue_filter: dict | None, groups, limit) -> list[Entry]:
    group_records = Group.history.filter(**group_filter.get("group", {})).select_related(
        "history_user"
    )
    session_records = SessionChange.history.filter(**group_filter["related"]).select_related(
        "history_user"
    )
    member_records = GroupFacilitator.history.filter(**group_filter["related"]).select_related(
        "history_user"
    )
    cover_records = SessionSubstitute.history.filter(**group_filter["related"]).select_related(
        "history_user"
    )
    if limit:
        # A group's own records need their predecessors to say what changed: take one more.
        group_records = group_records.order_by("-history_date", "-history_id")[: limit + 1]
        session_records = session_records.order_by("-history_date", "-history_id")[:limit]
        member_records = member_records.order_by("-history_date", "-history_id")[:limit]
        cover_records = cover_records.order_by("-history_date", "-history_id")[:limit]
    member_records, cover_records = list(member_records), list(cover_records)
    names = _names(
        [r.facilitator_id for r in member_records]
        + [r.substitute_id for r in cover_records]
        + [r.replaces_id for r in cover_records]
    )
    entries = (
        _group_entries(list(group_records), groups)
        + _session_entries(list(session_records), groups)
        + _membership_entries(member_records, groups, names)
        + _cover_entries(cover_records, groups, names)
    )
    if venue_filter is not None:
        venue_records = Venue.history.filter(**venue_filter).select_related("history_user")
        if limit:
            venue_records = venue_records.order_by("-history_date", "-history_id")[:limit]
        venues = {venue.pk: venue for venue in Venue.objects.filter(**_live(venue_filter))}
        entries += _venue_entries(list(venue_records), venues)
    entries.sort(key=lambda entry: (entry.when, entry.order), reverse=True)
    return entries[:limit] if limit else entries


def _live(venue_filter: dict) -> dict:
    return {("pk__in" if key == "id__in" else key): value for key, value in venue_filter.items()}


def group_history(group: Group) -> list[Entry]:
    """Everything that happened to one group and its sessions and people, newest first."""
    return _history(
        {"group": {"id": group.pk}, "related": {"group_id": group.pk}},
        None,
        {group.pk: group},
        limit=None,
    )


def venue_history(venue: Venue) -> list[Entry]:
    records = Venue.history.filter(id=venue.pk).select_related("history_user")
    entries = _venue_entries(list(records), {venue.pk: venue})
    entries.sort(key=lambda entry: (entry.when, entry.order), reverse=True)
    return entries


def recent_changes(regions, *, limit: int = 15) -> list[Entry]:
    """The latest changes anywhere in these regions, newest first."""
    region_ids = list(regions.values_list("pk", flat=True))
    group_ids = list(Group.objects.filter(region_id__in=region_ids).values_list("pk", flat=True))
    groups = Group.objects.in_bulk(group_ids)
    return _history(
        {"group": {"region_id__in": region_ids}, "related": {"group_id__in": group_ids}},
        {"region_id__in": region_ids},
        groups,
        limit=limit,
    )
