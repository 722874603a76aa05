from django.contrib import admin
from django.urls import include, path

from groups import views as group_views

admin.site.site_header = "PeerHub administration"
admin.site.site_title = "PeerHub admin"

urlpatterns = [
    path("", group_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
