from django.urls import path

from mentorhub.messaging import views

urlpatterns = [
    path(
        "mentorships/<int:mentorship_id>/messages/",
        views.mentorship_messages,
        name="mentorship_messages",
    ),
]
