"""/me/language/: the facilitator's language, for PeerHub's emails to them and for these pages.

Kept on their account (``User.language``): every email to them is written in it. Choosing it
also sets the language switcher's cookie, so /me/ follows at once. The switcher in the header
(a link, peerhub/languages.py) changes only the cookie: a link from anywhere must not change
where someone's emails go in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import user_language_set
from core.language_cookie import remember_language
from me.forms import LanguageForm
from me.views import facilitator_required, home_context


@facilitator_required
@require_POST
def language_set(request, facilitator):
    form = LanguageForm(request.POST)
    if not form.is_valid():
        context = home_context(request, facilitator)
        context["language_form"] = form
        return render(request, "me/home.html", context, status=400)
    language = form.cleaned_data["language"]
    user_language_set(user=request.user, language=language)
    with translation.override(language):
        messages.success(
            request,
            _("Done: PeerHub's emails to you, and these pages, are in %(language)s now.")
            % {"language": dict(settings.LANGUAGES)[language]},
        )
    response = redirect(reverse("me:home") + "#language")
    remember_language(response, language)
    return response
