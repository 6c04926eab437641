"""Matching pages, mounted at /matching/."""

from django.urls import path

from mentorhub.matching import views

urlpatterns = [
    path("programs/<int:program_id>/runs/", views.run_start, name="match_run_start"),
    path("programs/<int:program_id>/settings/", views.program_settings, name="matching_settings"),
    path("runs/<int:run_id>/", views.run_detail, name="match_run_detail"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="match_run_progress"),
    path("runs/<int:run_id>/rerun/", views.run_rerun, name="match_run_rerun"),
    path("runs/<int:run_id>/discard/", views.run_discard, name="match_run_discard"),
    path("runs/<int:run_id>/publish/", views.run_publish, name="match_run_publish"),
    path("runs/<int:run_id>/swap/", views.run_swap, name="match_run_swap"),
    path("runs/<int:run_id>/pairs/add/", views.run_add_pair, name="match_run_add_pair"),
    path(
        "runs/<int:run_id>/pairs/<int:pair_id>/remove/",
        views.pair_remove,
        name="match_pair_remove",
    ),
    path("runs/<int:run_id>/pairs/<int:pair_id>/lock/", views.pair_lock, name="match_pair_lock"),
    path(
        "runs/<int:run_id>/pairs/<int:pair_id>/forbid/",
        views.pair_forbid,
        name="match_pair_forbid",
    ),
    path(
        "enrollments/<int:enrollment_id>/preferences/",
        views.enrollment_preferences,
        name="enrollment_preferences",
    ),
]
