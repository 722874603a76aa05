"""Anonymous feedback on the coordinator's groups, newest first, in the console.

It is fetched through ``feedback_for_user``, so another region's feedback is never shown; a
group of another region in the filter is a 404.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404, render

from console.access import coordinator_required
from groups.selectors import groups_for_user
from website.feedback import feedback_for_user

PER_PAGE = 50


@coordinator_required
def feedback_list(request):
    feedback = feedback_for_user(request.user).select_related("group")
    group = None
    if request.GET.get("group"):
        group = get_object_or_404(groups_for_user(request.user), slug=request.GET["group"])
        feedback = feedback.filter(group=group)
    page = Paginator(feedback.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "group": group,
        "filter_query": f"{urlencode({'group': group.slug})}&" if group else "",
        "summary": feedback.aggregate(count=Count("pk"), average=Avg("rating")),
        # The filter offers the groups that have feedback, and the one chosen.
        "groups": groups_for_user(request.user)
        .filter(
            Q(pk__in=feedback_for_user(request.user).values("group"))
            | Q(pk=group.pk if group else None)
        )
        .order_by("title"),
    }
    return render(request, "console/feedback.html", context)
