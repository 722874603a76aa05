"""“Become a peer facilitator”: the public form (kept by: ``facilitators/applications.py``)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_safe

from core.client_address import rate_limit_allows
from core.public_forms import already_sent, caught_by_honeypot, first_submission, too_many_requests
from facilitators.applications import RATE_LIMIT_ACTION, ApplicationForm, application_submit
from regions.models import Region


@require_http_methods(["GET", "POST"])
def apply(request):
    """The application form; it works without JavaScript, like every public page."""
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if caught_by_honeypot(form):
            return redirect("facilitator-apply-thanks")
        if form.is_valid():
            thanks = reverse("facilitator-apply-thanks") + (
                f"?region={form.cleaned_data['region'].slug}"
            )
            if already_sent(form, action=RATE_LIMIT_ACTION):
                return redirect(thanks)  # the same form again: kept once, thanked each time
            if not rate_limit_allows(request, action=RATE_LIMIT_ACTION):
                return too_many_requests(
                    request,
                    what=pgettext("we accept only a few … each hour", "applications"),
                    region=form.cleaned_data["region"],
                    back_url=reverse("facilitator-apply"),
                    back_label=_("Back to the application form"),
                )
            with first_submission(form, action=RATE_LIMIT_ACTION) as first:
                if first:
                    fields = {name: form.cleaned_data[name] for name in ApplicationForm.Meta.fields}
                    application_submit(**fields)
            return redirect(thanks)
    status = 400 if form.is_bound else 200
    return render(request, "website/apply.html", {"form": form}, status=status)


@require_safe
def apply_thanks(request):
    """What happens next; the region, from the address, only names whom to contact."""
    region = Region.objects.filter(slug=request.GET.get("region", "")).first()
    return render(request, "website/apply_thanks.html", {"region": region})
