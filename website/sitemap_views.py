"""The sitemap over HTTP, kept: an index and each section's pages.

``/sitemap.xml`` is the index (what robots.txt names): each section's first page
(``/sitemap-<section>.xml``) and its pages after it (``?p=2`` on), each of at most
``website.sitemaps.PAGE_ADDRESSES`` addresses. At national size the group pages alone are
54,000 addresses in three languages, over the 50,000 one sitemap may hold, and building them
all took about 10 s; a page is now built once per version and kept (core/cache.py).

Each is kept whole, as the public pages are (website/visitor_pages.py), under

* the network's version, which every change to a group, a region or a venue moves, and the
  active venues' number and latest change (a new venue, with no group yet, moves no feed);
* the build of the site (its code and ``SITE_URL``, ``visitor_pages.site_build``);
* the section and the page's number (a ``p`` of other digits, ``02``, is the same page).

A group saved with nothing new to show (a schedule confirmed) moves no version, so its kept
date is that of its last change that showed. While one request builds a new version, the
others get the one before it; with ``BUILD_IN_WORKER`` the task worker builds it.

Every answer has a strong ETag (a crawler asking again gets ``304``) and is compressed for a
client that accepts gzip: they are the same for everyone and hold nothing of the visitor's.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap, x_robots_tag
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from core import cache
from core.numbers import whole_number
from groups.models import FeedVersion
from groups.version_selectors import feed_version
from publishing.sharing import gzip_shared
from regions.models import Venue
from website.sitemaps import SITEMAPS
from website.visitor_pages import site_build

NAMESPACE = "sitemap"
XML = "application/xml"
INDEX = "index"


class KeptSitemap(NamedTuple):
    body: bytes
    etag: str
    last_modified: str = ""  # the header, where every address has a date
    # The index only: each section's number of pages, so that a page past the last is a 404
    # without building anything.
    pages: tuple[tuple[str, int], ...] = ()


def _version() -> tuple:
    network = feed_version(FeedVersion.NETWORK)
    venues = Venue.objects.filter(is_active=True).aggregate(
        count=Count("pk"), changed=Max("updated_at")
    )
    return (network.key, network.token, venues["count"], venues["changed"])


def _kept(part: tuple, build, *, version: tuple, address: str) -> KeptSitemap:
    where = (part, site_build())
    key = cache.key(NAMESPACE, *where, *version)
    etag = f'"{key.partition(":")[2][:40]}"'
    return cache.get_or_build(
        key,
        lambda: build(etag),
        before=cache.latest_key(NAMESPACE, *where),
        address=address,
    )


def _answer(request, kept: KeptSitemap) -> HttpResponse:
    response = HttpResponse(kept.body, content_type=XML)
    response["ETag"] = kept.etag
    if kept.last_modified:
        response["Last-Modified"] = kept.last_modified
    return get_conditional_response(request, etag=kept.etag, response=response)


def _index_address(request) -> str:
    return request.build_absolute_uri(reverse("sitemap"))


def _kept_index(request, version: tuple) -> KeptSitemap:
    def build(etag: str) -> KeptSitemap:
        listed, pages = [], []
        for section, section_map in SITEMAPS.items():
            site = section_map()
            location = settings.SITE_URL + reverse("sitemap-section", kwargs={"section": section})
            count = site.paginator.num_pages
            latest = site.get_latest_lastmod()
            listed += [
                SitemapIndexItem(location if page == 1 else f"{location}?p={page}", latest)
                for page in range(1, count + 1)
            ]
            pages.append((section, count))
        body = render_to_string("sitemap_index.xml", {"sitemaps": listed}).encode()
        return KeptSitemap(body, etag, pages=tuple(pages))

    return _kept((INDEX,), build, version=version, address=_index_address(request))


@gzip_shared
@x_robots_tag
@require_safe
def sitemap_index(request):
    return _answer(request, _kept_index(request, _version()))


@gzip_shared
@x_robots_tag
@require_safe
def sitemap_section(request, section: str):
    page = whole_number(request.GET.get("p", "1"))
    if section not in SITEMAPS or page is None:
        raise Http404("No such sitemap page.")
    version = _version()
    if not 1 <= page <= dict(_kept_index(request, version).pages).get(section, 0):
        raise Http404("No such sitemap page.")

    def build(etag: str) -> KeptSitemap:
        # Django's own view; its addresses are on SITE_URL (website.sitemaps.PublicSitemap).
        response = sitemap(request, {section: SITEMAPS[section]}, section=section)
        response.render()
        return KeptSitemap(response.content, etag, response.get("Last-Modified", ""))

    address = request.build_absolute_uri(request.path)
    if page > 1:
        address = f"{address}?p={page}"
    return _answer(request, _kept((section, page), build, version=version, address=address))
