"""The console's venues: the list, and the form for a new or an existing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from console import history
from console.access import coordinator_required
from console.forms import add_service_errors, unique_slug
from console.venue_forms import VenueForm
from regions.selectors import regions_for_user, venues_for_user
from regions.services import venue_create, venue_update


@coordinator_required
def venue_list(request):
    venues = venues_for_user(request.user).order_by("region__name", "-is_active", "name")
    return render(request, "console/venue_list.html", {"venues": venues})


@coordinator_required
@require_http_methods(["GET", "POST"])
def venue_form(request, slug=None):
    regions = regions_for_user(request.user)
    venue = get_object_or_404(venues_for_user(request.user), slug=slug) if slug else None
    form = VenueForm(request.POST or None, instance=venue, regions=regions)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if venue is None:
                fields["slug"] = unique_slug(
                    fields["name"],
                    lambda slug: type(form.instance).objects.filter(slug=slug).exists(),
                )
                venue = venue_create(**fields)
            else:
                venue = venue_update(venue=venue, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(venue)s is saved.") % {"venue": venue.name})
            return redirect("manage:venue", slug=venue.slug)
    context = {
        "form": form,
        "venue": venue,
        "history": history.venue_history(venue) if venue else [],
    }
    return render(request, "console/venue_form.html", context)
