"""“Host a class”: a program asks its RLC to run a Peer Support 101 (``/host-a-class/``).

A normal form POST that works without JavaScript: then a thank-you page that says what
happens next, or the form again with the errors beside the fields (400). Robots and double
sends are kept out as on the other public forms (``core/public_forms.py``): a honeypot, a
one-time code, and allauth's rate limit per address (``class_request``). What is kept, who
reads it and for how long: ``groups/class_requests.py``.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.client_address import rate_limit_allows
from core.public_forms import already_sent, caught_by_honeypot, first_submission, too_many_requests
from groups.class_requests import class_request_submit, retention
from regions.models import Region
from website.host_a_class_form import HostClassForm

RATE_LIMIT_ACTION = "class_request"


@require_http_methods(["GET", "POST"])
def host_a_class(request):
    language = get_language()
    form = HostClassForm(request.POST if request.method == "POST" else None, language=language)
    if request.method == "POST":
        if caught_by_honeypot(form):
            return redirect("host-a-class-thanks")
        if form.is_valid():
            region = form.cleaned_data["region"]
            thanks = reverse("host-a-class-thanks") + f"?region={region.slug}"
            if already_sent(form, action=RATE_LIMIT_ACTION):
                return redirect(thanks)  # the same form again: kept once, thanked each time
            if not rate_limit_allows(request, action=RATE_LIMIT_ACTION):
                return too_many_requests(
                    request,
                    what=_("requests to host a class"),
                    region=region,
                    back_url=reverse("host-a-class"),
                    back_label=_("Back to the form"),
                )
            with first_submission(form, action=RATE_LIMIT_ACTION) as first:
                if first:
                    fields = {name: form.cleaned_data[name] for name in HostClassForm.Meta.fields}
                    class_request_submit(language=language, **fields)
            return redirect(thanks)
    context = {"form": form, "retention_days": retention().days}
    status = 400 if form.is_bound else 200
    return render(request, "website/host_a_class.html", context, status=status)


@require_safe
def host_a_class_thanks(request):
    """What happens next; the region, from the address, only names whom to contact."""
    region = Region.objects.filter(slug=request.GET.get("region", "")[:100]).first()
    return render(request, "website/host_a_class_thanks.html", {"region": region})
