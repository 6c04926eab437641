from django.urls import path

from mentorhub.mentorships import views

urlpatterns = [
    path("", views.mentorship_list, name="mentorship_list"),
    path("<int:mentorship_id>/", views.mentorship_detail, name="mentorship_detail"),
    path("<int:mentorship_id>/accept/", views.mentorship_accept, name="mentorship_accept"),
    path("<int:mentorship_id>/decline/", views.mentorship_decline, name="mentorship_decline"),
    path("<int:mentorship_id>/withdraw/", views.mentorship_withdraw, name="mentorship_withdraw"),
    path("<int:mentorship_id>/close/", views.mentorship_close, name="mentorship_close"),
]
