"""Accommodations on request: kept from the public form, told to the region's coordinators,
closed by one of them, and deleted ``RETENTION`` after that.

Only the coordinators of the request's region read it, in the console, through
``accommodations_for_user``. The email that tells them one arrived says what is needed and
where to read it, never how to reach the person (that stays in PeerHub). It is in English:
it is for the console.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import queue_emails
from core.validation import AlreadyDone, validated_save
from groups.models import AccommodationRequest
from regions.selectors import regions_for_user

# A closed request is deleted this long after it was closed; an open one waits for a coordinator.
RETENTION = dt.timedelta(days=30)
# The email is in English, and names the language the person wrote in in English.
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "pt-br": "Portuguese"}


@transaction.atomic
def accommodation_request_submit(
    *,
    region,
    group=None,
    needs: list[str],
    details: str = "",
    email: str = "",
    phone: str = "",
    session_date: dt.date | None = None,
    language: str = "en",
) -> AccommodationRequest:
    """Keep a request, and queue an email to each of the region's coordinators with it."""
    accommodation = validated_save(
        AccommodationRequest(
            region=region,
            group=group,
            needs=needs,
            details=details,
            email=email,
            phone=phone,
            session_date=session_date,
            language=language,
        )
    )
    accommodation_received_send(accommodation=accommodation)
    accommodations_forget_closed()
    return accommodation


def email_region_coordinators(region, *, subject: str, template: str, context: dict, about: str):
    """Email each active coordinator of ``region`` the English ``template`` (after commit).

    The one way a request from the public (an accommodation, a class to host) reaches the RLC.
    """
    with translation.override("en"):
        body = render_to_string(template, {**context, "region": region})
    addresses = sorted(
        set(
            get_user_model()
            .objects.filter(coordinator_roles__region=region, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    queue_emails(
        [
            EmailMessage(
                subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
            )
            for address in addresses
        ],
        about=about,
    )


def accommodation_received_send(*, accommodation: AccommodationRequest) -> None:
    """Email each coordinator of the region: what is asked for, and the link to answer it."""
    region = accommodation.region
    with translation.override("en"):
        context = {
            "accommodation": accommodation,
            "needs": accommodation.need_labels(),
            "language": LANGUAGE_NAMES.get(accommodation.language, accommodation.language),
            "url": settings.SITE_URL + reverse("manage:accommodations"),
            "retention_days": RETENTION.days,
        }
    email_region_coordinators(
        region,
        subject=f"An accommodation request for {region.name}",
        template="groups/email/accommodation_requested.txt",
        context=context,
        about=f"an accommodation request to {region.name}",
    )


def accommodation_close(*, accommodation: AccommodationRequest, user) -> AccommodationRequest:
    """Close ``accommodation``, by ``user``, now; the first close counts.

    A second close (a double click, another coordinator a moment later) raises ``AlreadyDone``
    and keeps the first who and when: the update is conditional in the database.
    """
    now = timezone.now()
    closed = AccommodationRequest.objects.filter(
        pk=accommodation.pk, closed_at__isnull=True
    ).update(closed_at=now, closed_by=user)
    if not closed:
        raise AlreadyDone("This request was already closed; nothing changed.")
    accommodation.closed_at, accommodation.closed_by = now, user
    accommodations_forget_closed()
    return accommodation


def accommodations_forget_closed(now: dt.datetime | None = None) -> int:
    """Delete every request closed more than ``RETENTION`` ago; how many went."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _ = AccommodationRequest.objects.filter(closed_at__lt=cutoff).delete()
    return deleted


def accommodations_for_user(user):
    """The requests a signed-in user may read: those to the regions they coordinate."""
    return AccommodationRequest.objects.filter(region__in=regions_for_user(user))
