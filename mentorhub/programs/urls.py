from django.urls import path

from mentorhub.programs import application_views, calendar_views, stage_views, views

urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("new/", views.program_create, name="program_create"),
    path("<int:program_id>/", views.program_detail, name="program_detail"),
    path("<int:program_id>/edit/", views.program_edit, name="program_edit"),
    path(
        "<int:program_id>/structure/",
        stage_views.program_structure,
        name="program_structure",
    ),
    path(
        "<int:program_id>/structure/apply/",
        stage_views.program_structure_apply,
        name="program_structure_apply",
    ),
    path("<int:program_id>/status/", views.program_status, name="program_status"),
    path("<int:program_id>/enroll/", views.program_enroll, name="program_enroll"),
    path("<int:program_id>/pair/", views.program_pair, name="program_pair"),
    path("<int:program_id>/calendar/", calendar_views.program_calendar, name="program_calendar"),
    path(
        "<int:program_id>/calendar/<int:event_id>/edit/",
        calendar_views.program_event_edit,
        name="program_event_edit",
    ),
    path(
        "<int:program_id>/calendar/<int:event_id>/cancel/",
        calendar_views.program_event_cancel,
        name="program_event_cancel",
    ),
    path(
        "<int:program_id>/calendar/<int:event_id>.ics",
        calendar_views.program_event_ics,
        name="program_event_ics",
    ),
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
