from django.urls import path

import core.converters  # noqa: F401 (registers <isodate:...>)
from me import language, records, views

app_name = "me"

urlpatterns = [
    path("", views.me_home, name="home"),
    path("invitations/", views.invitations, name="invitations"),
    path(
        "invitations/<int:pk>/accept/",
        views.invitation_answer,
        {"answer": "accept"},
        name="invitation-accept",
    ),
    path(
        "invitations/<int:pk>/decline/",
        views.invitation_answer,
        {"answer": "decline"},
        name="invitation-decline",
    ),
    path("sessions/<slug:slug>/<isodate:day>/record/", records.session_record_view, name="record"),
    path("feed/new-link/", views.feed_rotate, name="feed-rotate"),
    path("language/", language.language_set, name="language"),
    path("sessions/<slug:slug>/<isodate:day>/cover/", views.request_cover, name="request-cover"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request-withdraw"),
    path("requests/<int:pk>/take/", views.request_take, name="request-take"),
]
