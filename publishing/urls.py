from django.urls import path

from publishing import views

urlpatterns = [
    path("calendar.ics", views.network_feed, name="network-feed"),
    path("regions/<slug:slug>/calendar.ics", views.region_feed, name="region-feed"),
    path("venues/<slug:slug>/calendar.ics", views.venue_feed, name="venue-feed"),
    path("groups/<slug:slug>/calendar.ics", views.group_feed, name="group-feed"),
    path("feeds/<str:token>.ics", views.facilitator_feed, name="facilitator-feed"),
]
