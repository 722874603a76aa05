"""Who changed what and when, in sentences, from django-simple-history's records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from facilitators.models import FacilitatorProfile
from groups.models import (
    Group,
    GroupFacilitator,
    GroupTranslation,
    SessionChange,
    SessionSubstitute,
)
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
    # Orders changes saved in the same instant: the order a request saves its tables in, then
    # the record's own number. Numbers from different tables (each its own sequence) are never
    # compared with each other.
    order: tuple[int, int] = (0, 0)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return _("PeerHub (set-up or import)")
    return user.get_full_name() or user.email


# The order in which one request saves these tables: a venue before the group that meets there,
# a group before its translations, people and sessions.
SAVE_ORDER = {
    model: rank
    for rank, model in enumerate(
        (Venue, Group, GroupTranslation, GroupFacilitator, SessionChange, SessionSubstitute)
    )
}


def _entry(record, what: str, **where) -> Entry:
    order = (SAVE_ORDER[record.instance_type], record.history_id)
    return Entry(record.history_date, _who(record), what, order=order, **where)


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
                what = _("Created the group")
            elif previous is None:
                # The oldest record fetched only to show what its successor changed.
                previous = record
                continue
            else:
                delta = record.diff_against(previous)
                if not delta.changes:
                    previous = record
                    continue
                what = _("Changed %(fields)s") % {
                    "fields": "; ".join(_field_change(record, c) for c in delta.changes)
                }
            entries.append(_entry(record, what, group=groups.get(group_id)))
            previous = record
    return entries


def _field_change(record, change) -> str:
    field = record.instance_type._meta.get_field(change.field)
    label = str(field.verbose_name)
    if change.field == "status":
        old = Group.Status(change.old).label if change.old else _("none")
        return _("%(field)s from %(old)s to %(new)s") % {
            "field": label,
            "old": old.lower(),
            "new": Group.Status(change.new).label.lower(),
        }
    if change.field in ("title", "start_time", "start_date", "end_date", "duration_minutes"):
        return _("%(field)s from %(old)s to %(new)s") % {
            "field": label,
            "old": change.old or _("none"),
            "new": change.new or _("none"),
        }
    return label


def _session_entries(records, groups) -> list[Entry]:
    entries = []
    for record in records:
        day = _day(record.original_date)
        cancelled = record.kind == SessionChange.Kind.CANCELLED
        if record.history_type == REMOVED:
            what = (
                _("Undid the cancellation of the session of %(day)s")
                if cancelled
                else _("Undid the move of the session of %(day)s")
            ) % {"day": day}
        elif cancelled:
            what = _("Cancelled the session of %(day)s") % {"day": day}
            if record.new_date and record.new_date != record.original_date:
                what += _(", where it had moved to %(day)s") % {"day": _day(record.new_date)}
            if record.private_note:
                what += f" ({record.private_note})"
        else:
            where = []
            if record.new_date:
                where.append(_("to %(day)s") % {"day": _day(record.new_date)})
            if record.new_start_time:
                where.append(_("at %(time)s") % {"time": f"{record.new_start_time:%H:%M}"})
            if record.new_venue_id:
                where.append(_("to another place"))
            what = _("Moved the session of %(day)s %(where)s") % {
                "day": day,
                "where": " ".join(where),
            }
        entries.append(_entry(record, what, group=groups.get(record.group_id)))
    return entries


def _membership_entries(records, groups, names) -> list[Entry]:
    entries = []
    for record in records:
        person = names.get(record.facilitator_id, _("a facilitator"))
        role = ROLES.get(record.role, record.role).lower()
        what = {
            ADDED: _("Added %(person)s as %(role)s"),
            CHANGED: _("Made %(person)s %(role)s"),
            REMOVED: _("Took %(person)s off the group"),
        }[record.history_type] % {"person": person, "role": role}
        entries.append(_entry(record, what, group=groups.get(record.group_id)))
    return entries


def _cover_entries(records, groups, names) -> list[Entry]:
    entries = []
    for record in records:
        person = names.get(record.substitute_id, _("a substitute"))
        day = _day(record.original_date)
        if record.history_type == REMOVED:
            what = _("%(person)s no longer covers the session of %(day)s")
        elif record.replaces_id:
            what = _("%(person)s covers the session of %(day)s in place of %(other)s")
        else:
            what = _("%(person)s covers the session of %(day)s")
        what %= {"person": person, "day": day, "other": names.get(record.replaces_id)}
        entries.append(_entry(record, what, group=groups.get(record.group_id)))
    return entries


def _translation_entries(records, groups) -> list[Entry]:
    entries = []
    for record in records:
        language = get_language_info(record.language)["name"]
        what = {
            ADDED: _("Wrote the group's name or description in %(language)s"),
            CHANGED: _("Changed the group's name or description in %(language)s"),
            REMOVED: _("Removed the group's name and description in %(language)s"),
        }[record.history_type] % {"language": language}
        entries.append(_entry(record, what, group=groups.get(record.group_id)))
    return entries


def _venue_entries(records, venues) -> list[Entry]:
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        what = {
            ADDED: _("Added the venue %(venue)s"),
            REMOVED: _("Removed the venue %(venue)s"),
            CHANGED: _("Changed the venue %(venue)s"),
        }[record.history_type] % {"venue": record.name}
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
    """Everything that happened to one group, its text in other languages and its sessions and
    people, newest first."""
    entries = _history(
        {"group": {"id": group.pk}, "related": {"group_id": group.pk}},
        None,
        {group.pk: group},
        limit=None,
    )
    translations = GroupTranslation.history.filter(group_id=group.pk).select_related("history_user")
    entries += _translation_entries(list(translations), {group.pk: group})
    entries.sort(key=lambda entry: (entry.when, entry.order), reverse=True)
    return entries


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
