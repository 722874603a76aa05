"""Applications to become a peer facilitator, in the console: read them and follow them up.

Every view fetches through ``applications_for_user``: an application to another region is a
404 for reading and for every action, and changes nothing.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from console.access import coordinator_required
from core.validation import AlreadyDone
from facilitators.applications import (
    ANSWER_FIELDS,
    ApplicationForm,
    application_invite,
    application_status_set,
    applications_for_user,
    other_applications,
    with_other_applications,
)
from facilitators.models import FacilitatorApplication
from facilitators.services import display_name_for

PER_PAGE = 50
STATUS_DONE = {
    FacilitatorApplication.Status.CONTACTED: gettext_lazy(
        "%(name)s's application is marked as contacted."
    ),
    FacilitatorApplication.Status.DECLINED: gettext_lazy(
        "%(name)s's application is marked as declined."
    ),
}


def _application(request, pk) -> FacilitatorApplication:
    return get_object_or_404(applications_for_user(request.user), pk=pk)


def _name(application: FacilitatorApplication) -> str:
    return display_name_for(application.first_name, application.last_name)


@coordinator_required
def application_list(request):
    applications = applications_for_user(request.user)
    status = request.GET.get("status", "")
    if status in FacilitatorApplication.Status.values:
        applications = applications.filter(status=status)
    else:
        status = ""
    applications = with_other_applications(applications, request.user)
    page = Paginator(applications.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "status": status,
        "filter_query": f"{urlencode({'status': status})}&" if status else "",
        "statuses": [("", _("All")), *FacilitatorApplication.Status.choices],
    }
    return render(request, "console/applications.html", context)


@coordinator_required
def application_detail(request, pk):
    application = _application(request, pk)
    labels = ApplicationForm.Meta.labels
    context = {
        "application": application,
        "answers": [(labels[name], getattr(application, name)) for name in ANSWER_FIELDS],
        "display_name": _name(application),
        # The same email address (any case) applied these other times, in the user's regions.
        "other_applications": other_applications(application, request.user),
        "history": application.history.select_related("history_user").order_by("history_date"),
        "Status": FacilitatorApplication.Status,
    }
    return render(request, "console/application.html", context)


@coordinator_required
@require_POST
def application_status(request, pk):
    application = _application(request, pk)
    status = request.POST.get("status")
    try:
        application_status_set(application=application, status=status)
    except AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, STATUS_DONE[status] % {"name": _name(application)})
    return redirect("manage:application", pk=application.pk)


@coordinator_required
@require_POST
def application_invite_send(request, pk):
    application = _application(request, pk)
    try:
        invitation = application_invite(application=application, invited_by=request.user)
    except ValidationError as error:
        text = " ".join(error.messages)
        if "display_name" in getattr(error, "error_dict", {}):
            text += " " + _(
                "Invite them from People instead, with the name they would like shown, "
                "then mark this application as contacted."
            )
        messages.error(request, text)
    else:
        messages.success(
            request,
            _(
                "Invitation sent to %(email)s, to facilitate with %(region)s as “%(name)s”. "
                "They join your facilitators when they accept it."
            )
            % {
                "email": application.email,
                "region": application.region.name,
                "name": invitation.display_name,
            },
        )
    return redirect("manage:application", pk=application.pk)
