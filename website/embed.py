"""Next sessions for a partner's web page: small pages any other site may frame (/embed/...).

A region's, a venue's or a group's next public sessions, without the site's header and footer,
so that a Recovery Learning Community's partners (a library, a clinic, a peer-run center) can
show them in an ``<iframe>``. Only these pages may be framed: every other page keeps
``frame-ancestors 'none'`` and ``X-Frame-Options: DENY`` (peerhub/settings/base.py).
"""

import datetime as dt
from functools import wraps

from csp.decorators import csp_replace
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from groups.selectors import public_groups, sessions_between
from groups.translations import translated
from regions.models import Region, Venue

EMBED_WEEKS = 4
# A partner's page has room for a short list; the "see all" link leads to the rest.
EMBED_MOST = 12


def frameable(view):
    """Any site may show this page in a frame: ``frame-ancestors *`` in the page's CSP (any
    http or https page, never a data: or blob: one) and no ``X-Frame-Options``.

    A slug that no longer answers (a group that ended, a venue no longer in use) gets a small
    404 that may be framed too, so the partner's page says so and links to the calendar instead
    of showing the browser's own error.
    """

    @wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return render(request, "website/embed_missing.html", status=404)

    return csp_replace({"frame-ancestors": ["*"]})(xframe_options_exempt(answer))


def _next_sessions(groups) -> list:
    now = timezone.now()
    return sessions_between(groups, now, now + dt.timedelta(weeks=EMBED_WEEKS))[:EMBED_MOST]


def _embed(request, *, heading: str, groups, see_all: str, see_all_words: str):
    return render(
        request,
        "website/embed.html",
        {
            "heading": heading,
            "sessions": _next_sessions(groups),
            "weeks": EMBED_WEEKS,
            "see_all": see_all,
            "see_all_words": see_all_words,
        },
    )


@frameable
@require_safe
def region_embed(request, slug):
    """A region's next public sessions."""
    region = get_object_or_404(Region, slug=slug)
    return _embed(
        request,
        heading=_("Peer support with %(name)s") % {"name": region.name},
        groups=translated(public_groups().filter(region=region)),
        see_all=reverse("region-detail", kwargs={"slug": region.slug}),
        see_all_words=_("All groups and sessions of %(name)s") % {"name": region.name},
    )


@frameable
@require_safe
def venue_embed(request, slug):
    """A venue's next public sessions: those of the public groups that meet there."""
    venue = get_object_or_404(Venue, slug=slug, is_active=True)
    return _embed(
        request,
        heading=_("Peer support at %(name)s") % {"name": venue.name},
        groups=translated(public_groups().filter(venue=venue)),
        see_all=reverse("venue-detail", kwargs={"slug": venue.slug}),
        see_all_words=_("All groups at %(name)s") % {"name": venue.name},
    )


@frameable
@require_safe
def group_embed(request, slug):
    """One public group's next sessions."""
    [group] = translated([get_object_or_404(public_groups(), slug=slug)])
    return _embed(
        request,
        heading=group.title,
        groups=[group],
        see_all=reverse("group-detail", kwargs={"slug": group.slug}),
        see_all_words=_("More about %(title)s") % {"title": group.title},
    )
