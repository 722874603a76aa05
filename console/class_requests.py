"""Requests to host a Peer Support 101, in the console: the list, one request, its status, and
scheduling it as a class in one step.

Every view fetches through ``class_requests_for_user`` (the regions the user coordinates,
``regions.selectors``): another region's request is a 404 for reading and for every action,
and changes nothing.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from console.access import coordinator_required
from console.class_request_forms import ScheduleClassForm
from console.forms import add_service_errors
from core.validation import AlreadyDone
from groups.class_requests import (
    class_request_schedule,
    class_request_status_set,
    class_requests_for_user,
    retention,
)
from groups.models import ClassRequest

PER_PAGE = 50


def _class_request(request, pk) -> ClassRequest:
    return get_object_or_404(
        class_requests_for_user(request.user).select_related("region", "group", "handled_by"),
        pk=pk,
    )


@coordinator_required
def class_request_list(request):
    requests = class_requests_for_user(request.user).select_related("region", "group")
    status = request.GET.get("status", "")
    if status in ClassRequest.Status.values:
        requests = requests.filter(status=status)
    else:
        status = ""
    page = Paginator(requests.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "status": status,
        "filter_query": f"{urlencode({'status': status})}&" if status else "",
        "statuses": [("", _("All")), *ClassRequest.Status.choices],
        "retention_days": retention().days,
    }
    return render(request, "console/class_requests.html", context)


@coordinator_required
@require_http_methods(["GET", "POST"])
def class_request_detail(request, pk):
    """One request; its POST schedules the class (the form again with errors, or the class)."""
    item = _class_request(request, pk)
    form = ScheduleClassForm(request.POST or None, region=item.region)
    status = 200
    if request.method == "POST":
        if item.status == ClassRequest.Status.SCHEDULED:
            messages.info(request, _("This request is scheduled already; nothing changed."))
            return redirect("manage:class-request", pk=item.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                group = class_request_schedule(
                    class_request=item,
                    user=request.user,
                    day=data["start_date"],
                    start_time=data["start_time"],
                    venue=data["venue"],
                    title=data["title"],
                    is_public=data["is_public"],
                )
            except AlreadyDone as done:
                messages.info(request, " ".join(done.messages))
                return redirect("manage:class-request", pk=item.pk)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(title)s is scheduled on %(day)s. Add its facilitators here.")
                    % {"title": group.title, "day": group.start_date.strftime("%A %-d %B %Y")},
                )
                return redirect("manage:group", slug=group.slug)
        status = 400
    context = {
        "item": item,
        "form": form,
        "Status": ClassRequest.Status,
        "retention_days": retention().days,
    }
    return render(request, "console/class_request.html", context, status=status)


@coordinator_required
@require_POST
def class_request_status(request, pk):
    item = _class_request(request, pk)
    status = request.POST.get("status", "")
    try:
        class_request_status_set(class_request=item, status=status, user=request.user)
    except AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The request from %(organisation)s is marked %(status)s.")
            % {
                "organisation": item.organisation,
                "status": ClassRequest.Status(status).label.lower(),
            },
        )
    return redirect("manage:class-request", pk=item.pk)
