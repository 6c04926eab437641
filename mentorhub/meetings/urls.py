from django.urls import path

from mentorhub.meetings import feed_views, views

urlpatterns = [
    path(
        "mentorships/<int:mentorship_id>/meetings/",
        views.mentorship_meetings,
        name="mentorship_meetings",
    ),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/notes/", views.meeting_note, name="meeting_note"),
    path("meetings/<int:meeting_id>/held/", views.meeting_held, name="meeting_held"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path(
        "meetings/<int:meeting_id>/series/edit/",
        views.meeting_series_edit,
        name="meeting_series_edit",
    ),
    path(
        "meetings/<int:meeting_id>/series/cancel/",
        views.meeting_series_cancel,
        name="meeting_series_cancel",
    ),
    path("calendar/", feed_views.calendar_feed_page, name="calendar_feed_page"),
    path("calendar/<str:token>.ics", feed_views.calendar_feed, name="calendar_feed"),
]
