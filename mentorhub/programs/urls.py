from django.urls import path

from mentorhub.programs import application_views, views

urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("new/", views.program_create, name="program_create"),
    path("<int:program_id>/", views.program_detail, name="program_detail"),
    path("<int:program_id>/edit/", views.program_edit, name="program_edit"),
    path("<int:program_id>/status/", views.program_status, name="program_status"),
    path("<int:program_id>/enroll/", views.program_enroll, name="program_enroll"),
    path("<int:program_id>/pair/", views.program_pair, name="program_pair"),
    path(
        "<int:program_id>/request/<int:enrollment_id>/",
        views.program_request,
        name="program_request",
    ),
    path(
        "<int:program_id>/enrollments.csv",
        views.program_enrollments_csv,
        name="program_enrollments_csv",
    ),
    path("enrollments/<int:enrollment_id>/edit/", views.enrollment_edit, name="enrollment_edit"),
    path(
        "enrollments/<int:enrollment_id>/withdraw/",
        views.enrollment_withdraw,
        name="enrollment_withdraw",
    ),
    path(
        "enrollments/<int:enrollment_id>/approve/",
        application_views.enrollment_approve,
        name="enrollment_approve",
    ),
    path(
        "enrollments/<int:enrollment_id>/decline/",
        application_views.enrollment_decline,
        name="enrollment_decline",
    ),
    path(
        "enrollments/<int:enrollment_id>/acknowledge/",
        application_views.enrollment_acknowledge,
        name="enrollment_acknowledge",
    ),
]
