"""Accommodation requests to the coordinator's regions, oldest open first, and closing one.

They are fetched through ``accommodations_for_user`` (the regions the user coordinates,
``regions.selectors``), so another region's request is never shown nor closed (a 404).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from console.access import coordinator_required
from core.redirects import next_url
from core.validation import AlreadyDone
from groups.accommodations import RETENTION, accommodation_close, accommodations_for_user

PER_PAGE = 50
SHOW = {"": gettext_lazy("Open requests"), "closed": gettext_lazy("Closed requests")}


@coordinator_required
def accommodation_list(request):
    show = request.GET.get("show", "")
    if show not in SHOW:
        show = ""
    requests = accommodations_for_user(request.user).select_related("region", "group", "closed_by")
    if show == "closed":
        requests = requests.filter(closed_at__isnull=False).order_by("-closed_at", "-pk")
    else:
        requests = requests.filter(closed_at__isnull=True).order_by("created_at", "pk")
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "show": show,
        "shows": SHOW.items(),
        "filter_query": f"show={show}&" if show else "",
        "here": request.get_full_path(),
        "retention_days": RETENTION.days,
    }
    return render(request, "console/accommodations.html", context)


@coordinator_required
@require_POST
def accommodation_close_view(request, pk):
    """Close one request, once it is answered; then back to the list."""
    item = get_object_or_404(
        accommodations_for_user(request.user).select_related("region", "group"), pk=pk
    )
    try:
        accommodation_close(accommodation=item, user=request.user)
    except AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    else:
        messages.success(
            request,
            _("The request for %(place)s is closed.")
            % {"place": item.group.title if item.group else item.region.name},
        )
    return redirect(next_url(request, fallback=reverse("manage:accommodations")))
