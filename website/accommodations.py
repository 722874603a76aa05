"""“Ask for an accommodation”: the short form under each public group and each region.

A normal form POST that works without JavaScript: then back to the same address with a
thank-you, or the form again with the errors beside the fields (400). Robots and double sends
are kept out as on the feedback form (``core/public_forms.py``): a honeypot, a one-time code,
and allauth's rate limit per address (``accommodation_request``). A private group's form does
not exist (404), like its page. What is kept, and for how long: ``groups/accommodations.py``.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.client_address import rate_limit_allows
from core.public_forms import already_sent, caught_by_honeypot, first_submission, too_many_requests
from groups.accommodations import RETENTION, accommodation_request_submit
from groups.selectors import public_groups
from regions.models import Region
from website.accommodation_form import AccommodationForm

RATE_LIMIT_ACTION = "accommodation_request"
# The thank-you travels back to the form's address as a message with this tag.
THANKS_TAG = "accommodation-request"


@require_http_methods(["GET", "POST"])
def group_accommodation(request, slug):
    group = get_object_or_404(public_groups().select_related("region"), slug=slug)
    url = reverse("group-accommodation", args=[group.slug])
    back = (reverse("group-detail", args=[group.slug]), group.title)
    return _request_form(request, region=group.region, group=group, url=url, back=back)


@require_http_methods(["GET", "POST"])
def region_accommodation(request, slug):
    region = get_object_or_404(Region, slug=slug)
    url = reverse("region-accommodation", args=[region.slug])
    back = (reverse("region-detail", args=[region.slug]), region.name)
    return _request_form(request, region=region, group=None, url=url, back=back)


def _request_form(request, *, region, group, url, back):
    language = get_language()
    form = AccommodationForm(
        request.POST if request.method == "POST" else None,
        region=region,
        group=group,
        language=language,
    )
    if request.method == "POST":
        if caught_by_honeypot(form):
            return _thank(request, url)
        if form.is_valid():
            if already_sent(form, action=RATE_LIMIT_ACTION):
                return _thank(request, url)  # the same form again: kept once, thanked each time
            if not rate_limit_allows(request, action=RATE_LIMIT_ACTION):
                return too_many_requests(
                    request,
                    what=_("accommodation requests"),
                    region=region,
                    back_url=url,
                    back_label=_("Back to the form"),
                )
            with first_submission(form, action=RATE_LIMIT_ACTION) as first:
                if first:
                    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
                    accommodation_request_submit(
                        region=region, group=group, language=language, **fields
                    )
            return _thank(request, url)
    context = {
        "form": form,
        "region": region,
        "group": group,
        "back_url": back[0],
        "back_label": back[1],
        "thanked": request.method == "GET" and _thanked(request),
        "retention_days": RETENTION.days,
    }
    status = 400 if form.is_bound else 200
    return render(request, "website/accommodation.html", context, status=status)


def _thank(request, url):
    messages.success(request, _("Thank you: your request is sent."), extra_tags=THANKS_TAG)
    return redirect(url)


def _thanked(request) -> bool:
    thanked = False
    # Reading messages uses them all up; any meant for another page is put back for it.
    for message in list(messages.get_messages(request)):
        if THANKS_TAG in message.extra_tags.split():
            thanked = True
        else:
            messages.add_message(request, message.level, message.message, message.extra_tags)
    return thanked
