"""What search engines may find: a sitemap of the public pages, and robots.txt pointing to it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from groups.selectors import public_groups
from regions.models import Region, Venue

# Signed-in areas and private feeds: nothing there for a search engine.
# The language switcher only remembers a choice and redirects: the pages are linked directly.
DISALLOWED = ("/manage/", "/me/", "/feeds/", "/admin/", "/accounts/", "/language/")


class PublicSitemap(Sitemap):
    """URLs on SITE_URL, the public address, whatever host the request came in on; each page in
    every language, with its other languages as alternates (English as x-default)."""

    # location() reverses in the language Django activates for each copy (publishing.links
    # gives the English address only, the one the feeds publish).
    i18n = True
    alternates = True
    x_default = True

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


class RegionSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return Region.objects.order_by("slug")

    def location(self, item):
        return reverse("region-detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


class VenueSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return Venue.objects.filter(is_active=True).order_by("slug")

    def location(self, item):
        return reverse("venue-detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


class GroupSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return public_groups().order_by("slug")

    def location(self, item):
        return reverse("group-detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


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
