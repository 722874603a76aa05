from django.urls import path

from console import applications, feedback, reports, views

app_name = "manage"

SESSION = "groups/<slug:slug>/sessions/<str:day>/"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("groups/<slug:slug>/status/", views.group_status, name="group-status"),
    path("groups/<slug:slug>/confirm/", views.group_confirm, name="group-confirm"),
    path(
        "groups/<slug:slug>/facilitators/",
        views.group_facilitator_add,
        name="group-facilitator-add",
    ),
    path(
        "groups/<slug:slug>/facilitators/<int:pk>/remove/",
        views.group_facilitator_remove,
        name="group-facilitator-remove",
    ),
    path(SESSION, views.session_detail, name="session"),
    path(SESSION + "cancel/", views.session_cancel, name="session-cancel"),
    path(SESSION + "move/", views.session_move, name="session-move"),
    path(SESSION + "undo/", views.session_undo, name="session-undo"),
    path(SESSION + "substitute/", views.session_substitute, name="session-substitute"),
    path(
        SESSION + "substitute/<int:pk>/remove/",
        views.session_substitute_remove,
        name="session-substitute-remove",
    ),
    path("snow-day/", views.snow_day, name="snow-day"),
    path("venues/", views.venue_list, name="venues"),
    path("venues/new/", views.venue_form, name="venue-create"),
    path("venues/<slug:slug>/", views.venue_form, name="venue"),
    path("people/", views.facilitator_list, name="facilitators"),
    path("people/invite/", views.invite, name="invite"),
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
    path("reports/", reports.report_view, name="report"),
    path("reports.csv", reports.report_csv, name="report-csv"),
]
