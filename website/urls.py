from django.urls import path

import core.converters  # noqa: F401 (registers <isodate:...>)
from website import (
    about,
    accommodations,
    applications,
    calendar,
    embed,
    feedback,
    home,
    host_a_class,
    pages,
    places,
    registrations,
)

# The pages, in every language: under i18n_patterns in peerhub/urls.py (/es/..., /pt-br/...).
urlpatterns = [
    path("", home.home, name="home"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("groups/<slug:slug>/", pages.group_detail, name="group-detail"),
    path("groups/<slug:slug>/feedback/", feedback.feedback_send, name="group-feedback"),
    path(
        "groups/<slug:slug>/accommodation/",
        accommodations.group_accommodation,
        name="group-accommodation",
    ),
    path("groups/<slug:slug>/register/", registrations.register, name="group-register"),
    path("registrations/<str:token>/", registrations.registration_page, name="registration"),
    path("regions/", places.region_list, name="region-list"),
    path("regions/<slug:slug>/", places.region_detail, name="region-detail"),
    path(
        "regions/<slug:slug>/accommodation/",
        accommodations.region_accommodation,
        name="region-accommodation",
    ),
    path("venues/<slug:slug>/", places.venue_detail, name="venue-detail"),
    path("become-a-facilitator/", applications.apply, name="facilitator-apply"),
    path(
        "become-a-facilitator/thanks/",
        applications.apply_thanks,
        name="facilitator-apply-thanks",
    ),
    path("host-a-class/", host_a_class.host_a_class, name="host-a-class"),
    path("host-a-class/thanks/", host_a_class.host_a_class_thanks, name="host-a-class-thanks"),
    path("about/", about.about, name="about"),
    path("accessibility/", about.accessibility, name="accessibility"),
    # Next sessions for a partner's page, the only pages another site may frame (website/embed.py).
    path("embed/regions/<slug:slug>/", embed.region_embed, name="embed-region"),
    path("embed/venues/<slug:slug>/", embed.venue_embed, name="embed-venue"),
    path("embed/groups/<slug:slug>/", embed.group_embed, name="embed-group"),
]

# Files: one address, in English, for everyone (like the feeds, peerhub/languages.py).
file_urlpatterns = [
    path("groups/<slug:slug>/sessions/<isodate:day>.ics", pages.session_ics, name="session-ics"),
]
