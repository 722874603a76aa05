"""The facilitator's small forms on /me/."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Your language"),
        help_text=gettext_lazy("PeerHub's emails to you, and these pages, are in it."),
        # Each language named in itself, as the switcher names it.
        choices=settings.LANGUAGES,
        error_messages={
            "required": gettext_lazy("Choose a language."),
            "invalid_choice": gettext_lazy("Choose one of the languages in the list."),
        },
    )
