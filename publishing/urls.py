from django.urls import path

from publishing import changes, meeting_guide_views, views

urlpatterns = [
    path("calendar.ics", views.network_feed, name="network-feed"),
    path("regions/<slug:slug>/calendar.ics", views.region_feed, name="region-feed"),
    path("regions/<slug:slug>/changes.atom", changes.region_changes, name="region-changes"),
    path("venues/<slug:slug>/calendar.ics", views.venue_feed, name="venue-feed"),
    path("groups/<slug:slug>/calendar.ics", views.group_feed, name="group-feed"),
    path("feeds/<str:token>.ics", views.facilitator_feed, name="facilitator-feed"),
    path(
        "meeting-guide.json",
        meeting_guide_views.network_meeting_guide,
        name="network-meeting-guide",
    ),
    path(
        "regions/<slug:slug>/meeting-guide.json",
        meeting_guide_views.region_meeting_guide,
        name="region-meeting-guide",
    ),
]
