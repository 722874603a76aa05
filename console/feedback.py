"""Anonymous feedback on the coordinator's groups, newest first, in the console, and marking a
piece of it as handled.

It is fetched through ``feedback_for_user``, so another region's feedback is never shown nor
marked (a 404); a group of another region in the filter is a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from console.access import coordinator_required
from core.redirects import next_url
from core.validation import AlreadyDone
from groups.feedback import feedback_mark_handled, unhandled
from groups.selectors import feedback_for_user, groups_for_user

PER_PAGE = 50
# What the list shows: everything, or only what nobody has handled yet.
SHOW = {"": gettext_lazy("All feedback"), "waiting": gettext_lazy("Not yet handled")}


@coordinator_required
def feedback_list(request):
    feedback = feedback_for_user(request.user).select_related("group", "handled_by")
    group = None
    if request.GET.get("group"):
        group = get_object_or_404(groups_for_user(request.user), slug=request.GET["group"])
        feedback = feedback.filter(group=group)
    show = request.GET.get("show", "")
    if show not in SHOW:
        show = ""
    summary = feedback.aggregate(count=Count("pk"), average=Avg("rating"))
    if show == "waiting":
        feedback = unhandled(feedback)
    page = Paginator(feedback.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = {
        key: value for key, value in (("group", group and group.slug), ("show", show)) if value
    }
    context = {
        "page": page,
        "group": group,
        "show": show,
        "shows": SHOW.items(),
        "filter_query": f"{urlencode(query)}&" if query else "",
        "here": request.get_full_path(),
        "summary": summary,
        # The filter offers the groups that have feedback, and the one chosen.
        "groups": groups_for_user(request.user)
        .filter(
            Q(pk__in=feedback_for_user(request.user).values("group"))
            | Q(pk=group.pk if group else None)
        )
        .order_by("title"),
    }
    return render(request, "console/feedback.html", context)


@coordinator_required
@require_POST
def feedback_handled(request, pk):
    """Mark one piece of feedback as handled; then back to the list (or the page it came from)."""
    item = get_object_or_404(feedback_for_user(request.user).select_related("group"), pk=pk)
    try:
        feedback_mark_handled(feedback=item, user=request.user)
    except AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    else:
        messages.success(
            request,
            _("The feedback on %(group)s is marked as handled.") % {"group": item.group.title},
        )
    return redirect(next_url(request, fallback=reverse("manage:feedback")))
