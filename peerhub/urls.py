"""The root URLs: each app routes its own pages (see docs/architecture.md)."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from peerhub.health import healthz
from publishing.api import api
from website.sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("manage/", include("console.urls")),
    path("me/", include("me.urls")),
    path("api/v1/", api.urls),
    path("", include("publishing.urls")),
    path("", include("website.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("healthz", healthz, name="healthz"),
]
