from django.urls import path

from regions import views as region_views

from . import calendar, feedback, pages, views

urlpatterns = [
    path("calendar.ics", views.network_feed, name="network-feed"),
    path("regions/<slug:slug>/calendar.ics", views.region_feed, name="region-feed"),
    path("venues/<slug:slug>/calendar.ics", views.venue_feed, name="venue-feed"),
    path("groups/<slug:slug>/calendar.ics", views.group_feed, name="group-feed"),
    path("feeds/<str:token>.ics", views.facilitator_feed, name="facilitator-feed"),
    # Public pages
    path("calendar/", calendar.calendar, name="calendar"),
    path("groups/<slug:slug>/", pages.group_detail, name="group-detail"),
    path("groups/<slug:slug>/feedback/", feedback.feedback_send, name="group-feedback"),
    path("groups/<slug:slug>/sessions/<str:day>.ics", pages.session_ics, name="session-ics"),
    path("regions/<slug:slug>/", region_views.region_detail, name="region-detail"),
    path("venues/<slug:slug>/", region_views.venue_detail, name="venue-detail"),
]
