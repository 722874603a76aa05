"""Requests to host a Peer Support 101: kept from the public form, told to the region's
coordinators, followed up in the console (new, contacted, scheduled, declined), turned into a
class in one step, and deleted ``retention()`` after they are scheduled or declined.

Only the coordinators of the request's region read it, in the console, through
``class_requests_for_user``. The email that tells them one arrived names the organisation and
where to read the rest, never how to reach the person (that stays in PeerHub). It is in
English, like the console it points to.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import recurrence
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from core.validation import AlreadyDone, validated_save
from groups.accommodations import LANGUAGE_NAMES, email_region_coordinators
from groups.freshness import changes
from groups.models import ClassRequest, Group
from groups.services import group_create
from regions.selectors import regions_for_user

CLASS_TITLE = "Peer Support 101"
CLASS_MINUTES = 180  # Peer Support 101 is a three-hour class
CLASS_DESCRIPTION = (
    "A three-hour introduction to peer support: what it is, how it differs from other kinds of "
    "help, and how to listen and share as equals."
)
# The same, for the group's page in Spanish and Portuguese (groups/translations.py); the title
# is the coordinator's in every language.
CLASS_DESCRIPTIONS = {
    "es": "Una introducción de tres horas al apoyo entre pares: qué es, en qué se diferencia de "
    "otras formas de ayuda, y cómo escuchar y compartir de igual a igual.",
    "pt-br": "Uma introdução de três horas ao apoio entre pares: o que é, como ele difere de "
    "outros tipos de ajuda, e como ouvir e compartilhar de igual para igual.",
}
# What a coordinator may set by hand; "scheduled" comes only with the class itself.
STATUSES_SET_BY_HAND = (
    ClassRequest.Status.NEW,
    ClassRequest.Status.CONTACTED,
    ClassRequest.Status.DECLINED,
)


def retention() -> dt.timedelta:
    """How long a scheduled or declined request is kept (``CLASS_REQUEST_RETENTION_DAYS``)."""
    return dt.timedelta(days=settings.CLASS_REQUEST_RETENTION_DAYS)


@transaction.atomic
def class_request_submit(
    *,
    region,
    organisation: str,
    contact_name: str,
    preferred_dates: str,
    expected_people: int,
    email: str = "",
    phone: str = "",
    accessibility_needs: str = "",
    language: str = "en",
) -> ClassRequest:
    """Keep a request, and queue an email to each of the region's coordinators about it."""
    request = validated_save(
        ClassRequest(
            region=region,
            organisation=organisation,
            contact_name=contact_name,
            email=email,
            phone=phone,
            preferred_dates=preferred_dates,
            expected_people=expected_people,
            accessibility_needs=accessibility_needs,
            language=language,
        )
    )
    class_request_received_send(class_request=request)
    class_requests_forget_closed()
    return request


def class_request_received_send(*, class_request: ClassRequest) -> None:
    """Email each coordinator of the region: who asks, for how many, and where to answer."""
    region = class_request.region
    with translation.override("en"):
        context = {
            "class_request": class_request,
            "language": LANGUAGE_NAMES.get(class_request.language, class_request.language),
            "url": settings.SITE_URL + reverse("manage:class-request", args=[class_request.pk]),
            "retention_days": retention().days,
        }
    email_region_coordinators(
        region,
        subject=f"A request to host Peer Support 101, to {region.name}",
        template="groups/email/class_requested.txt",
        context=context,
        about=f"a request to host a class, to {region.name}",
    )


def _locked(class_request: ClassRequest) -> ClassRequest:
    """The request as it is now, its row locked until the transaction ends."""
    return ClassRequest.objects.select_for_update().get(pk=class_request.pk)


@transaction.atomic
def class_request_status_set(*, class_request: ClassRequest, status: str, user) -> ClassRequest:
    """Mark a request new, contacted or declined, by ``user``.

    AlreadyDone when it already has that status (a double click); a ValidationError for any
    other status, and for a request already scheduled (its class exists: change that instead).
    """
    if status not in STATUSES_SET_BY_HAND:
        raise ValidationError("Choose new, contacted or declined.")
    current = _locked(class_request)
    if current.status == status:
        raise AlreadyDone(
            f"The request from {current.organisation} is already marked "
            f"{current.get_status_display().lower()}; nothing changed."
        )
    if current.status == ClassRequest.Status.SCHEDULED:
        raise ValidationError(
            f"The request from {current.organisation} is scheduled already; change or end its "
            "class instead."
        )
    current.status = status
    current.handled_by = user
    current.closed_at = timezone.now() if status == ClassRequest.Status.DECLINED else None
    validated_save(current)
    class_requests_forget_closed()
    return current


def _class_slug(*, region, title: str, day: dt.date) -> str:
    base = slugify(f"{region.slug} {title} {day.isoformat()}")[:90] or "class"
    slug, number = base, 1
    while Group.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@changes()
def class_request_schedule(
    *,
    class_request: ClassRequest,
    user,
    day: dt.date,
    start_time: dt.time,
    venue,
    title: str = CLASS_TITLE,
    is_public: bool = False,
) -> Group:
    """Turn a request into a one-off three-hour class at ``venue`` and mark it scheduled.

    All or nothing: the class and the request's new status are saved together, or neither is.
    AlreadyDone when the request is scheduled already (a double submit makes one class).
    ``start_time`` is the region's wall-clock time, like every group's.
    """
    current = _locked(class_request)
    if current.status == ClassRequest.Status.SCHEDULED:
        raise AlreadyDone(
            f"The request from {current.organisation} is scheduled already; nothing changed."
        )
    region = current.region
    today = timezone.now().astimezone(ZoneInfo(region.timezone)).date()
    if day < today:
        raise ValidationError({"start_date": "Choose a date from today on."})
    if venue is not None and venue.region_id != region.pk:
        raise ValidationError({"venue": "Choose one of this region's venues."})
    group = group_create(
        title=title,
        slug=_class_slug(region=region, title=title, day=day),
        kind=Group.Kind.CLASS,
        is_public=is_public,
        region=region,
        venue=venue,
        description=CLASS_DESCRIPTION,
        recurrences=recurrence.Recurrence(),
        start_date=day,
        start_time=start_time,
        duration_minutes=CLASS_MINUTES,
        translations={
            language: (title, description) for language, description in CLASS_DESCRIPTIONS.items()
        },
    )
    current.status = ClassRequest.Status.SCHEDULED
    current.group = group
    current.handled_by = user
    current.closed_at = timezone.now()
    validated_save(current)
    class_request.status, class_request.group = current.status, group
    return group


def class_requests_forget_closed(now: dt.datetime | None = None) -> int:
    """Delete every request scheduled or declined more than ``retention()`` ago; how many."""
    cutoff = (now or timezone.now()) - retention()
    deleted, _ = ClassRequest.objects.filter(
        status__in=ClassRequest.CLOSED, closed_at__lt=cutoff
    ).delete()
    return deleted


def class_requests_for_user(user):
    """The requests a signed-in user may read: those to the regions they coordinate."""
    return ClassRequest.objects.filter(region__in=regions_for_user(user))
