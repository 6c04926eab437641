from django.urls import path

from mentorhub.feedback import views

urlpatterns = [
    path(
        "mentorships/<int:mentorship_id>/checkins/",
        views.mentorship_checkins,
        name="mentorship_checkins",
    ),
    path("checkins/<int:checkin_id>/answer/", views.checkin_answer, name="checkin_answer"),
    path("meetings/<int:meeting_id>/feedback/", views.meeting_feedback, name="meeting_feedback"),
    path(
        "mentorships/<int:mentorship_id>/closing-survey/",
        views.closing_survey,
        name="closing_survey",
    ),
    path("programs/<int:program_id>/checkins/", views.program_checkins, name="program_checkins"),
    path(
        "programs/<int:program_id>/checkins/policy/",
        views.program_checkin_policy,
        name="program_checkin_policy",
    ),
    path("alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
]
