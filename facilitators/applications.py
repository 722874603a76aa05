"""“Become a peer facilitator”: the public application form, and what coordinators do with it.

Only the coordinators of the region the applicant chose read the answers (in the console,
``console/applications.py``). The email that tells them an application arrived carries
the applicant's first name and a link, never the answers. Robots are kept out as on the feedback
form: a honeypot and allauth's rate limit per IP address (``facilitator_application``).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.mail import queue_emails
from core.public_forms import (
    honeypot_field,
    submission_field,
    too_long_message,
)
from core.validation import AlreadyDone, validated_save
from facilitators.models import FacilitatorApplication, FacilitatorInvitation
from facilitators.services import display_name_for, facilitator_invite
from regions.models import Region
from regions.selectors import regions_for_user

RATE_LIMIT_ACTION = "facilitator_application"
ANSWER_MAX_LENGTH = 2000
ANSWER_FIELDS = ["recovery", "experience", "dependability", "working_with_others", "giving_back"]
# What the coordinator may set by hand; "invited" comes only with the invitation itself.
STATUSES_SET_BY_HAND = (
    FacilitatorApplication.Status.CONTACTED,
    FacilitatorApplication.Status.DECLINED,
)


class ApplicationForm(forms.ModelForm):
    website = honeypot_field()
    submission = submission_field()

    class Meta:
        model = FacilitatorApplication
        fields = ["first_name", "last_name", "email", "phone", "region", *ANSWER_FIELDS]
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "email": _("Email address"),
            "phone": _("Phone number (optional)"),
            "region": _("Which RLC would you like to facilitate with?"),
            "recovery": _("Your own recovery"),
            "experience": _("Your experience of groups"),
            "dependability": _("A regular commitment"),
            "working_with_others": _("Working with others"),
            "giving_back": _("Giving back"),
        }
        help_texts = {
            "email": _("So the RLC can get in touch with you."),
            "phone": _("If you would rather talk on the phone."),
            "region": _("Choose the one nearest to you, or the one you already know."),
            "recovery": _(
                "Facilitators have reached a stable point in their own recovery. In your own "
                "words, where are you now? Share only what you are comfortable sharing."
            ),
            "experience": _(
                "Have you been part of peer support groups, or helped to run any kind of group? "
                "Any experience counts, and none is fine too."
            ),
            "dependability": _(
                "A group counts on its facilitators being there, week after week. How would a "
                "regular commitment fit your life at the moment?"
            ),
            "working_with_others": _(
                "Facilitators work alongside other facilitators and RLC staff. How do you like to "
                "work with others, including when you see things differently?"
            ),
            "giving_back": _("What draws you to facilitating? What would you like to give back?"),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            **{name: forms.Textarea(attrs={"rows": 5}) for name in ANSWER_FIELDS},
        }
        error_messages = {
            "first_name": {"required": _("Please give your first name.")},
            "last_name": {"required": _("Please give your last name.")},
            "email": {
                "required": _("Please give an email address, so the RLC can reply."),
                "invalid": _("Please give an email address like name@example.org."),
            },
            "region": {
                "required": _("Please choose an RLC."),
                "invalid_choice": _("Please choose one of the RLCs in the list."),
            },
            **{
                name: {
                    "required": _("Please write a few words here."),
                    "max_length": too_long_message(ANSWER_MAX_LENGTH),
                }
                for name in ANSWER_FIELDS
            },
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("Choose an RLC")

    @property
    def about_you(self):
        return [self[name] for name in ("first_name", "last_name", "email", "phone", "region")]

    @property
    def answers(self):
        return [self[name] for name in ANSWER_FIELDS]


# Services -------------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    region: Region,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    recovery: str,
    experience: str,
    dependability: str,
    working_with_others: str,
    giving_back: str,
    language: str | None = None,
) -> FacilitatorApplication:
    """Keep an application, tell the region's coordinators once it is saved, and thank the
    applicant by email.

    ``language``: that of the page they applied from, the active one unless given; their
    email is in it.
    """
    application = validated_save(
        FacilitatorApplication(
            region=region,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            recovery=recovery,
            experience=experience,
            dependability=dependability,
            working_with_others=working_with_others,
            giving_back=giving_back,
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
        )
    )
    # The application is kept whatever the mail server does: a failure to send is logged and
    # the application waits in the console.
    application_received_send(application=application)
    application_thanks_send(application=application)
    return application


def application_received_send(*, application: FacilitatorApplication) -> None:
    """Email each coordinator of the region, once the application is saved: someone applied,
    and where to read it.

    The answers stay in PeerHub: the email has the first name and the link, nothing else.
    """
    with translation.override(settings.LANGUAGE_CODE):  # coordinators read English
        _application_received_send(application)


def _application_received_send(application: FacilitatorApplication) -> None:
    region = application.region
    recipients = (
        get_user_model()
        .objects.filter(coordinator_roles__region=region, is_active=True)
        .exclude(email="")
        .values_list("email", "language")
        .distinct()
        .order_by("email")
    )
    context = {
        "first_name": application.first_name,
        "region": region,
        "url": settings.SITE_URL + reverse("manage:application", args=[application.pk]),
    }
    messages = []
    for email, language in recipients:
        with translation.override(language):
            messages.append(
                EmailMessage(
                    subject=_("A new facilitator application for %(region)s")
                    % {"region": region.name},
                    body=render_to_string("facilitators/email/application_received.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[email],
                )
            )
    queue_emails(messages, about=f"an application to {region.name}")


def application_thanks_send(*, application: FacilitatorApplication) -> None:
    """Thank the applicant, in the language of the page they applied from: whom it is with and
    what happens next. Nothing of their answers is in it."""
    region = application.region
    with translation.override(application.language):
        message = EmailMessage(
            subject=_("Thank you for applying to facilitate with %(region)s")
            % {"region": region.name},
            body=render_to_string(
                "facilitators/email/application_thanks.txt",
                {"first_name": application.first_name, "region": region},
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[application.email],
            reply_to=[region.email] if region.email else [],
        )
    queue_emails([message], about=f"an application to {region.name}")


@transaction.atomic
def application_status_set(
    *, application: FacilitatorApplication, status: str
) -> FacilitatorApplication:
    """Mark an application contacted or declined; an invited one stays invited.

    Decided on the application as it is under its row lock: AlreadyDone when it already has
    that status (a double submission, or another coordinator a moment before).
    """
    if status not in STATUSES_SET_BY_HAND:
        raise ValidationError({"status": "Choose contacted or declined."})
    application = FacilitatorApplication.objects.select_for_update().get(pk=application.pk)
    if application.status == status:
        name = display_name_for(application.first_name, application.last_name)
        raise AlreadyDone(
            f"{name}'s application was already marked as "
            f"{application.get_status_display().lower()}; nothing changed."
        )
    if application.status == FacilitatorApplication.Status.INVITED:
        raise ValidationError(
            {"status": f"{application.first_name} is already invited to facilitate."}
        )
    application.status = status
    return validated_save(application)


@transaction.atomic
def application_invite(*, application: FacilitatorApplication, invited_by) -> FacilitatorInvitation:
    """Invite the applicant to facilitate in their region and mark the application invited.

    The public name is ``display_name_for`` their names: the first word of the first name and
    the initial of the last ("Rosa M."), which the application's page shows before the button.
    All or nothing: if the invitation is refused (already a facilitator there, say), the
    application keeps its status and no email goes out.
    """
    application = FacilitatorApplication.objects.select_for_update().get(pk=application.pk)
    if application.status == FacilitatorApplication.Status.INVITED:
        raise ValidationError(
            {"status": f"{application.first_name} is already invited to facilitate."}
        )
    [invitation] = facilitator_invite(
        email=application.email,
        display_name=display_name_for(application.first_name, application.last_name),
        regions=[application.region],
        invited_by=invited_by,
    )
    application.status = FacilitatorApplication.Status.INVITED
    validated_save(application)
    return invitation


def applications_for_user(user):
    """The applications a signed-in user may read: those to the regions they coordinate."""
    return FacilitatorApplication.objects.filter(region__in=regions_for_user(user)).select_related(
        "region"
    )


def same_email_as(applications, email):
    """The applications sent from ``email``, whatever its case ("Rosa@X.org" is "rosa@x.org").

    Both sides are lowered by the database, so they agree on every database; ``email`` may be
    an ``OuterRef``.
    """
    email = Lower(email if isinstance(email, OuterRef) else Value(email))
    return applications.alias(email_lower=Lower("email")).filter(email_lower=email)


def with_other_applications(applications, user):
    """``applications``, each with ``also_applied_on``: when the same email address (any case)
    applied the other time nearest now, among the applications ``user`` may read (their
    regions only: an application to another region is never hinted at); None if never.

    One subquery in the same query, whatever the number of applications.
    """
    others = (
        same_email_as(applications_for_user(user), OuterRef("email"))
        .exclude(pk=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return applications.annotate(also_applied_on=Subquery(others))


def other_applications(application, user) -> list[FacilitatorApplication]:
    """The other applications from ``application``'s email address that ``user`` may read,
    newest first."""
    return list(
        same_email_as(applications_for_user(user), application.email)
        .exclude(pk=application.pk)
        .order_by("-created_at", "-pk")
    )
