from django.contrib import admin
from django.urls import include, path

from groups import views as group_views
from groups.api import api

urlpatterns = [
    path("", group_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("groups.urls")),
]
