"""Snippets a coordinator copies so a partner's web page shows their region's, a venue's or a
group's next sessions (the frame pages of website/embed.py, or the <peerhub-sessions> element).

Each region, venue and group is fetched through the scoped selectors: another region's venue or
group is a 404. A private group has no snippets: it is never shown on another site.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from console.access import coordinator_required, scoped_group
from core.problems import Problem
from publishing.links import absolute
from regions.selectors import regions_for_user, venues_for_user

SCRIPT = "js/peerhub-sessions.js"
# The script's own name, not the name with a hash that a release gives it: a partner's page
# keeps working across releases (whitenoise serves both; the short cache of the plain name
# brings a new release within hours).
FRAME_HEIGHT = 480


def script_url() -> str:
    return absolute(f"{settings.STATIC_URL}{SCRIPT}")


def _address(name: str, slug: str, language: str) -> str:
    with translation.override(language):
        return absolute(reverse(name, kwargs={"slug": slug}))


def snippets(*, kind: str, slug: str, region_slug: str, title: str, language: str) -> dict:
    """The frame and the element for a region's (kind "region"), a venue's or a group's page, as
    text."""
    frame = (
        f'<iframe src="{escape(_address(f"embed-{kind}", slug, language))}" '
        f'title="{escape(title)}" width="100%" height="{FRAME_HEIGHT}" loading="lazy" '
        f'style="border: 0; max-width: 100%;"></iframe>'
    )
    place = f' {kind}="{escape(slug)}"' if kind in ("venue", "group") else ""
    element = (
        f'<script src="{escape(script_url())}" defer></script>\n'
        f'<peerhub-sessions region="{escape(region_slug)}"{place} lang="{language}">\n'
        f'  <a href="{escape(_address(f"{kind}-detail", slug, language))}">{escape(title)}</a>\n'
        f"</peerhub-sessions>"
    )
    return {"frame": frame, "element": element}


def _language(request) -> tuple[str, list[Problem]]:
    """The snippets' language (?language=es), English by default."""
    language = request.GET.get("language", "en")
    codes = [code for code, _name in settings.LANGUAGES]
    if language in codes:
        return language, []
    message = _("The snippets can be in %(languages)s.") % {"languages": ", ".join(codes)}
    return "en", [Problem("language", message)]


def _title(language: str, name: str) -> str:
    with translation.override(language):
        return _("Next peer support sessions: %(name)s") % {"name": name}


def _page(request, template: str, context: dict, problems: list[Problem]):
    context |= {"problems": problems, "languages": settings.LANGUAGES}
    return render(request, template, context, status=400 if problems else 200)


@coordinator_required
@require_safe
def embed_regions(request):
    """The snippets for each of the user's regions, and a link to each venue's."""
    language, problems = _language(request)
    regions = list(regions_for_user(request.user).order_by("name"))
    venues = {}
    for venue in venues_for_user(request.user).filter(is_active=True).order_by("name"):
        venues.setdefault(venue.region_id, []).append(venue)
    rows = [
        {
            "region": region,
            "venues": venues.get(region.pk, []),
            "snippets": snippets(
                kind="region",
                slug=region.slug,
                region_slug=region.slug,
                title=_title(language, region.name),
                language=language,
            ),
        }
        for region in regions
    ]
    context = {"rows": rows, "language": language}
    return _page(request, "console/embed_regions.html", context, problems)


def _one(kind: str, place, name: str, language: str) -> dict:
    """The snippets of one venue or group (``place``), titled by its ``name``."""
    return snippets(
        kind=kind,
        slug=place.slug,
        region_slug=place.region.slug,
        title=_title(language, name),
        language=language,
    )


@coordinator_required
@require_safe
def embed_venue(request, slug):
    """The snippets for one venue of the user's regions."""
    venue = get_object_or_404(venues_for_user(request.user), slug=slug)
    language, problems = _language(request)
    context = {"venue": venue, "language": language}
    context["snippets"] = _one("venue", venue, venue.name, language)
    return _page(request, "console/embed_venue.html", context, problems)


@coordinator_required
@require_safe
def embed_group(request, slug):
    """The snippets for one group of the user's regions; none for a private group."""
    group = scoped_group(request, slug)
    language, problems = _language(request)
    context = {"group": group, "language": language}
    context["snippets"] = _one("group", group, group.title, language) if group.is_public else None
    return _page(request, "console/embed_group.html", context, problems)
