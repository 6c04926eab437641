from django.urls import path

from mentorhub.journal import views

urlpatterns = [
    path("mentorships/<int:mentorship_id>/journal/", views.journal, name="journal"),
    path("journal/<int:entry_id>/share/", views.entry_share, name="journal_share"),
    path("journal/<int:entry_id>/unshare/", views.entry_unshare, name="journal_unshare"),
    path("checkins/<int:checkin_id>/wellbeing/", views.wellbeing_answer, name="wellbeing_answer"),
]
