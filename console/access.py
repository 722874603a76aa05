"""Who may use the coordinator console at /manage/, and the group a coordinator may see.

Every view of the console is for coordinators (and superusers) only, and fetches what it shows
or changes through the scoped selectors (``groups_for_user``, ``venues_for_user``,
``regions_for_user``): anything of another region is a 404, and changes nothing. Views read
forms and call services; the services validate and save, all or nothing. The views are by area:
``dashboard``, ``group_views``, ``session_views``, ``venue_views``, ``people_views``,
``applications``, ``feedback`` and ``reports``.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Group
from groups.selectors import groups_for_user
from regions.selectors import is_coordinator


def coordinator_required(view):
    """Anonymous visitors go to the sign-in page; signed-in non-coordinators get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coordinator(request.user):
            raise PermissionDenied(
                _(
                    "The coordinator console is for RLC coordinators. If you think you should "
                    "have access, ask your RLC's coordinator."
                )
            )
        return view(request, *args, **kwargs)

    return wrapped


def local_today() -> dt.date:
    return timezone.localdate()


def scoped_group(request, slug) -> Group:
    """The group of that slug, if it is of one of the user's regions; a 404 otherwise."""
    return get_object_or_404(groups_for_user(request.user), slug=slug)
