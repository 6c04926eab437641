from django.urls import path

from mentorhub.careers import views

urlpatterns = [
    path("mentorships/<int:mentorship_id>/career/", views.career_plan, name="career_plan"),
    path(
        "mentorships/<int:mentorship_id>/career/skills/",
        views.target_skill_set,
        name="career_skill_set",
    ),
    path(
        "mentorships/<int:mentorship_id>/career/skills/<int:skill_id>/remove/",
        views.target_skill_remove,
        name="career_skill_remove",
    ),
    path(
        "mentorships/<int:mentorship_id>/career/skills/<int:skill_id>/goal/",
        views.gap_goal,
        name="career_gap_goal",
    ),
    path(
        "mentorships/<int:mentorship_id>/introductions/",
        views.introduction_make,
        name="introduction_make",
    ),
    path("introductions/", views.introductions, name="introductions"),
    path(
        "introductions/<int:introduction_id>/<str:answer>/",
        views.introduction_answer,
        name="introduction_answer",
    ),
]
