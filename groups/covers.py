"""Cover requests: a facilitator who cannot make a session asks the region's others to take it."""

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS as NON_FIELD
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.validation import AlreadyDone, validated_save
from facilitators.selectors import facilitators_who_can_cover
from groups import cover_notices, notifications
from groups.freshness import changes
from groups.locks import lock_groups
from groups.models import Group, SessionSubstitute, SubstituteRequest
from groups.selectors import change_on, session_of
from groups.sessions import requests_close, session_substitute_assign


def _session_must_be_ahead(group: Group, day: dt.date, now: dt.datetime, field: str) -> None:
    """A session that has started, or is cancelled, cannot be handed on."""
    occurrence = session_of(group, day, change_on(group, day)).occurrence
    if occurrence.cancelled:
        raise ValidationError({field: _("This session is cancelled; there is nothing to cover.")})
    if occurrence.start <= now:
        raise ValidationError({field: _("This session has already started.")})


@changes()
def substitute_request_open(
    *, group: Group, original_date: dt.date, facilitator, note: str = "", now=None
) -> SubstituteRequest:
    """``facilitator`` cannot make one session: ask the region's facilitators to take it."""
    now = now or timezone.now()
    lock_groups([group.pk])
    if facilitator not in notifications.facilitators_of_session(group, original_date):
        raise ValidationError(
            {
                "original_date": _(
                    "You are not facilitating this session, so it is not yours to hand on."
                )
            }
        )
    _session_must_be_ahead(group, original_date, now, "original_date")
    if SubstituteRequest.objects.filter(
        group=group,
        original_date=original_date,
        requested_by=facilitator,
        status=SubstituteRequest.Status.OPEN,
    ).exists():
        raise AlreadyDone(
            {"original_date": _("You have already asked for cover for this session.")}
        )
    if SessionSubstitute.objects.filter(
        group=group, original_date=original_date, substitute=facilitator
    ).exists():
        raise ValidationError(
            {
                "original_date": _(
                    "You are this session's substitute; ask the region's coordinator to "
                    "release you."
                )
            }
        )
    record = validated_save(
        SubstituteRequest(
            group=group, original_date=original_date, requested_by=facilitator, note=note
        )
    )
    when = notifications.session_in_words(group, original_date, change_on(group, original_date))
    already = set(notifications.facilitators_of_session(group, original_date))
    colleagues = [
        person
        for person in facilitators_who_can_cover(group.region).select_related("user")
        if person not in already
    ]
    cover_notices.cover_asked(record, group, when=when, colleagues=colleagues)
    record.colleagues_asked = len(colleagues)  # so the requester is told what is true
    return record


@changes()
def substitute_request_withdraw(*, record: SubstituteRequest) -> None:
    """The facilitator can make it after all."""
    withdrawn = requests_close(
        SubstituteRequest.objects.filter(pk=record.pk), status=SubstituteRequest.Status.WITHDRAWN
    )
    if not withdrawn:
        raise ValidationError(_("This request was already taken or withdrawn."))


@changes()
def substitute_request_take(
    *, record: SubstituteRequest, facilitator, now=None
) -> SessionSubstitute:
    """``facilitator`` takes the session: they become its facilitator in the requester's place.

    Exactly one of several people taking it at once wins: the request is claimed under its row
    lock (``requests_close``), after the group's.
    """
    now = now or timezone.now()
    group, day = record.group, record.original_date
    # The group's lock before the request's row, in the order a coordinator's substitute
    # takes them (session_substitute_assign), so the two cannot deadlock.
    lock_groups([group.pk])
    if facilitator.pk == record.requested_by_id:
        raise ValidationError(_("This is your own request; withdraw it instead."))
    if not facilitator.is_active or not facilitator.regions.filter(pk=group.region_id).exists():
        raise ValidationError(_("Only a facilitator of this region can take this session."))
    if facilitator in notifications.facilitators_of_session(group, day):
        raise ValidationError(_("You are already facilitating this session."))
    _session_must_be_ahead(group, day, now, NON_FIELD)
    claimed = requests_close(
        SubstituteRequest.objects.filter(pk=record.pk),
        status=SubstituteRequest.Status.TAKEN,
        taken_by=facilitator,
        taken_at=now,
    )
    if not claimed:
        raise ValidationError(
            _("Someone else took this session a moment ago, or it was withdrawn.")
        )
    cover = session_substitute_assign(
        group=group,
        original_date=day,
        substitute=facilitator,
        replaces=record.requested_by,
        user=facilitator.user,
        notify=False,
    )
    when = notifications.session_in_words(group, day, change_on(group, day))
    cover_notices.cover_taken(record, group, when=when, facilitator=facilitator)
    return cover
