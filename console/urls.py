from django.urls import path

import core.converters  # noqa: F401 (registers <isodate:...>)
from console import (
    accommodations,
    applications,
    class_requests,
    dashboard,
    embed_views,
    feedback,
    group_views,
    people_views,
    registrations,
    reports,
    session_views,
    venue_views,
)

app_name = "manage"

SESSION = "groups/<slug:slug>/sessions/<isodate:day>/"

urlpatterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("groups/", group_views.group_list, name="groups"),
    path("groups/new/", group_views.group_create, name="group-create"),
    path("groups/<slug:slug>/", group_views.group_detail, name="group"),
    path("groups/<slug:slug>/status/", group_views.group_status, name="group-status"),
    path("groups/<slug:slug>/confirm/", group_views.group_confirm, name="group-confirm"),
    path(
        "groups/<slug:slug>/facilitators/",
        group_views.group_facilitator_add,
        name="group-facilitator-add",
    ),
    path(
        "groups/<slug:slug>/facilitators/<int:pk>/remove/",
        group_views.group_facilitator_remove,
        name="group-facilitator-remove",
    ),
    path(SESSION, session_views.session_detail, name="session"),
    path(SESSION + "cancel/", session_views.session_cancel, name="session-cancel"),
    path(SESSION + "move/", session_views.session_move, name="session-move"),
    path(SESSION + "undo/", session_views.session_undo, name="session-undo"),
    path(SESSION + "substitute/", session_views.session_substitute, name="session-substitute"),
    path(
        SESSION + "substitute/<int:pk>/remove/",
        session_views.session_substitute_remove,
        name="session-substitute-remove",
    ),
    path(
        "groups/<slug:slug>/registrations/",
        registrations.group_registrations,
        name="group-registrations",
    ),
    path(
        SESSION + "registrations/",
        registrations.session_registrations,
        name="session-registrations",
    ),
    path(
        SESSION + "registrations/<int:pk>/remove/",
        registrations.registration_remove,
        name="registration-remove",
    ),
    path(
        SESSION + "registrations/<int:pk>/attended/",
        registrations.registration_came,
        name="registration-attended",
    ),
    path(SESSION + "sign-in/", registrations.sign_in_sheet, name="sign-in-sheet"),
    path(SESSION + "sign-in.csv", registrations.sign_in_csv, name="sign-in-csv"),
    path("snow-day/", session_views.snow_day, name="snow-day"),
    path("venues/", venue_views.venue_list, name="venues"),
    path("venues/new/", venue_views.venue_form, name="venue-create"),
    path("venues/<slug:slug>/", venue_views.venue_form, name="venue"),
    path("people/", people_views.facilitator_list, name="facilitators"),
    path("people/invite/", people_views.invite, name="invite"),
    path("applications/", applications.application_list, name="applications"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path(
        "applications/<int:pk>/status/",
        applications.application_status,
        name="application-status",
    ),
    path(
        "applications/<int:pk>/invite/",
        applications.application_invite_send,
        name="application-invite",
    ),
    path("feedback/", feedback.feedback_list, name="feedback"),
    path("feedback/<int:pk>/handled/", feedback.feedback_handled, name="feedback-handled"),
    path("accommodations/", accommodations.accommodation_list, name="accommodations"),
    path(
        "accommodations/<int:pk>/close/",
        accommodations.accommodation_close_view,
        name="accommodation-close",
    ),
    path("classes/requests/", class_requests.class_request_list, name="class-requests"),
    path(
        "classes/requests/<int:pk>/",
        class_requests.class_request_detail,
        name="class-request",
    ),
    path(
        "classes/requests/<int:pk>/status/",
        class_requests.class_request_status,
        name="class-request-status",
    ),
    path("reports/", reports.report_view, name="report"),
    path("reports.csv", reports.report_csv, name="report-csv"),
    path("embed/", embed_views.embed_regions, name="embed"),
    path("embed/venues/<slug:slug>/", embed_views.embed_venue, name="embed-venue"),
    path("embed/groups/<slug:slug>/", embed_views.embed_group, name="embed-group"),
]
