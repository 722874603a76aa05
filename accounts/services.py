"""Accounts are created by invitation: a coordinator or a superuser invites someone by email."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from accounts.models import User
from core.mail import queue_emails
from core.validation import validated_save

INVITATION_TEMPLATES = "accounts/email/invitation"


@transaction.atomic
def user_invite(
    *, email: str, invited_by: User, role_description: str, next_step: str = ""
) -> User:
    """The account for ``email``, new or existing, and an invitation email once committed.

    A new address gets an account with an unusable password; an existing one (in any case) is
    reused, so a facilitator can become a coordinator too, and inviting again sends a new link.
    ``role_description`` says what they are invited for: "facilitator in Metro Boston RLC";
    ``next_step``, if given, is a paragraph of the email on what to do once signed in.

    A switched-off account is returned like any other and gets no email: the inviter may not
    know the person (they may be of another region), so the answer must not say the account
    exists, let alone that it is switched off. A superuser sees it in the admin.
    """
    address = email_normalize(email)
    user = User.objects.filter(email__iexact=address).first()
    if user is None:
        user = User(email=address)
        user.set_unusable_password()
        validated_save(user)
    elif not user.is_active:
        return user
    # Only once the account and its role are saved: a failed invitation sends nothing. The
    # account is saved either way; a mail server that is down is logged, and the coordinator
    # can send the invitation again.
    invitation_email_send(
        user=user, invited_by=invited_by, role_description=role_description, next_step=next_step
    )
    return user


def email_normalize(email: str) -> str:
    """The address as accounts store it (lower case), or a ValidationError on "email"."""
    address = User.objects.normalize_email(email.strip()).lower()
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from error
    return address


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """The language of ``user``'s emails from now on; a ValidationError for one the site lacks."""
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])
    return user


def invitation_email_send(
    *, user: User, invited_by: User, role_description: str, next_step: str = ""
) -> None:
    """Email ``user`` a welcome with a link to allauth's set-password page, after commit.

    In their own language when they already chose one (an account invited again); a new
    address gets English. ``role_description`` and ``next_step`` may be lazy translations,
    read here in that language.
    """
    with translation.override(user.language):
        message = _invitation_email(
            user=user, invited_by=invited_by, role_description=role_description, next_step=next_step
        )
    with translation.override(settings.LANGUAGE_CODE):  # the log's words are English
        about = f"an invitation ({role_description})"
    queue_emails([message], about=about)


def _invitation_email(
    *, user: User, invited_by: User, role_description: str, next_step: str
) -> EmailMessage:
    inviter_name = invited_by.get_full_name()
    context = {
        "email": user.email,
        "has_password": user.has_usable_password(),
        "inviter": inviter_name
        if inviter_name == invited_by.email
        else f"{inviter_name} ({invited_by.email})",
        "inviter_name": inviter_name,
        "role_description": str(role_description),
        "next_step": str(next_step),
        "set_password_url": set_password_url(user=user),
        "link_lifetime": duration_in_words(settings.PASSWORD_RESET_TIMEOUT),
        "login_url": settings.SITE_URL + reverse("account_login"),
    }
    subject = " ".join(render_to_string(f"{INVITATION_TEMPLATES}_subject.txt", context).split())
    return EmailMessage(
        subject=subject,
        body=render_to_string(f"{INVITATION_TEMPLATES}_message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        reply_to=[invited_by.email],
    )


def set_password_url(*, user: User) -> str:
    """allauth's password reset link for ``user``: its page, validators, rate limits and expiry."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def duration_in_words(seconds: int) -> str:
    """3 days, 12 hours, 90 minutes: the largest unit that divides the duration exactly."""
    units = (
        (86400, lambda n: ngettext("%(count)d day", "%(count)d days", n)),
        (3600, lambda n: ngettext("%(count)d hour", "%(count)d hours", n)),
        (60, lambda n: ngettext("%(count)d minute", "%(count)d minutes", n)),
    )
    for size, words in units:
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return words(count) % {"count": count}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
