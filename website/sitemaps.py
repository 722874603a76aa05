"""What search engines may find: a sitemap of the public pages, and robots.txt pointing to it.

The sitemap is an index (``/sitemap.xml``) of each section's pages (``/sitemap-<section>.xml``,
``?p=2`` on): website/sitemap_views.py, which keeps them. Each page holds at most
``PAGE_ADDRESSES`` addresses, each page of the site in every language counted once.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from groups.selectors import public_groups
from regions.models import Region, Venue

# Signed-in areas and private feeds: nothing there for a search engine.
# The language switcher only remembers a choice and redirects: the pages are linked directly.
DISALLOWED = ("/manage/", "/me/", "/feeds/", "/admin/", "/accounts/", "/language/")
# Addresses in one page of a section. The protocol allows 50,000 (and 50 MB); a page of 10,000
# group pages' copies (with their alternates, about 5.6 MB) is built in about 2 s at national
# size, where one of 50,000 took nearly 10 s.
PAGE_ADDRESSES = 10_000


class PublicSitemap(Sitemap):
    """URLs on SITE_URL, the public address, whatever host the request came in on; each page in
    every language, with its other languages as alternates (English as x-default)."""

    # location() reverses in the language Django activates for each copy (publishing.links
    # gives the English address only, the one the feeds publish).
    i18n = True
    alternates = True
    x_default = True
    limit = PAGE_ADDRESSES

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StaticPagesSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "calendar",
            "facilitator-apply",
            "host-a-class",
            "region-list",
            "about",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class SlugSitemap(PublicSitemap):
    """Pages of a model, each at ``view``'s address by its slug and dated by its last change."""

    changefreq = "weekly"
    view: str

    def rows(self):
        raise NotImplementedError

    def items(self):
        # Only what an address and its date need: 18,000 groups at national size.
        return self.rows().order_by("slug").only("slug", "updated_at")

    def location(self, item):
        return reverse(self.view, kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's reads every item for it (the index's date of the section): one aggregate.
        return self.rows().aggregate(latest=Max("updated_at"))["latest"]


class RegionSitemap(SlugSitemap):
    view = "region-detail"

    def rows(self):
        return Region.objects.all()


class VenueSitemap(SlugSitemap):
    view = "venue-detail"

    def rows(self):
        return Venue.objects.filter(is_active=True)


class GroupSitemap(SlugSitemap):
    view = "group-detail"

    def rows(self):
        return public_groups().select_related(None)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "regions": RegionSitemap,
    "venues": VenueSitemap,
    "groups": GroupSitemap,
}


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
