"""Two pages of words: what peer support is (``/about/``) and the accessibility statement."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from groups.accommodations import RETENTION
from regions.models import Region


@require_safe
def about(request):
    return render(request, "website/about.html")


@require_safe
def accessibility(request):
    context = {"regions": Region.objects.order_by("name"), "retention_days": RETENTION.days}
    return render(request, "website/accessibility.html", context)
