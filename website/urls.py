from django.urls import path

import core.converters  # noqa: F401 (registers <isodate:...>)
from website import applications, calendar, feedback, home, pages, places

urlpatterns = [
    path("", home.home, name="home"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("groups/<slug:slug>/", pages.group_detail, name="group-detail"),
    path("groups/<slug:slug>/feedback/", feedback.feedback_send, name="group-feedback"),
    path("groups/<slug:slug>/sessions/<isodate:day>.ics", pages.session_ics, name="session-ics"),
    path("regions/", places.region_list, name="region-list"),
    path("regions/<slug:slug>/", places.region_detail, name="region-detail"),
    path("venues/<slug:slug>/", places.venue_detail, name="venue-detail"),
    path("become-a-facilitator/", applications.apply, name="facilitator-apply"),
    path(
        "become-a-facilitator/thanks/",
        applications.apply_thanks,
        name="facilitator-apply-thanks",
    ),
]
