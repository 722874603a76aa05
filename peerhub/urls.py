from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from facilitators import applications as facilitator_applications
from groups import calendar as group_calendar
from groups.api import api
from peerhub.sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("", group_calendar.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("manage/", include("peerhub.console.urls")),
    path("me/", include("facilitators.urls")),
    path("become-a-facilitator/", facilitator_applications.apply, name="facilitator-apply"),
    path(
        "become-a-facilitator/thanks/",
        facilitator_applications.apply_thanks,
        name="facilitator-apply-thanks",
    ),
    path("api/v1/", api.urls),
    path("", include("groups.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
]
