from django.urls import path

from mentorhub.mentorships import circle_views, goal_views, plan_views, views

urlpatterns = [
    path("", views.mentorship_list, name="mentorship_list"),
    path("<int:mentorship_id>/", views.mentorship_detail, name="mentorship_detail"),
    path("<int:mentorship_id>/accept/", views.mentorship_accept, name="mentorship_accept"),
    path("<int:mentorship_id>/decline/", views.mentorship_decline, name="mentorship_decline"),
    path("<int:mentorship_id>/withdraw/", views.mentorship_withdraw, name="mentorship_withdraw"),
    path("<int:mentorship_id>/close/", views.mentorship_close, name="mentorship_close"),
    path("<int:mentorship_id>/leave/", circle_views.circle_leave, name="circle_leave"),
    path("<int:mentorship_id>/exchange/", circle_views.exchange_edit, name="mentorship_exchange"),
    path(
        "<int:mentorship_id>/goals/<int:goal_id>/comments/",
        circle_views.goal_comment,
        name="mentorship_goal_comment",
    ),
    path("circles/<int:program_id>/", circle_views.circle_propose, name="circle_propose"),
    path("<int:mentorship_id>/invite/", circle_views.circle_invite, name="circle_invite"),
    path(
        "invitations/<int:invitation_id>/",
        circle_views.circle_invitation,
        name="circle_invitation",
    ),
    path(
        "invitations/<int:invitation_id>/accept/",
        circle_views.circle_invitation_accept,
        name="circle_invitation_accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        circle_views.circle_invitation_decline,
        name="circle_invitation_decline",
    ),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        circle_views.circle_invitation_withdraw,
        name="circle_invitation_withdraw",
    ),
    path("<int:mentorship_id>/agreement/", plan_views.agreement_page, name="mentorship_agreement"),
    path(
        "<int:mentorship_id>/agreement/confirm/",
        plan_views.agreement_confirm,
        name="mentorship_agreement_confirm",
    ),
    path("<int:mentorship_id>/goals/", plan_views.goals_page, name="mentorship_goals"),
    path(
        "<int:mentorship_id>/goals/<int:goal_id>/status/",
        plan_views.goal_status,
        name="mentorship_goal_status",
    ),
    path(
        "<int:mentorship_id>/goals/<int:goal_id>/edit/",
        goal_views.goal_edit,
        name="mentorship_goal_edit",
    ),
    path(
        "<int:mentorship_id>/goals/<int:goal_id>/delete/",
        goal_views.goal_delete,
        name="mentorship_goal_delete",
    ),
    path(
        "<int:mentorship_id>/goals/<int:goal_id>/milestones/",
        plan_views.milestone_add,
        name="mentorship_milestone_add",
    ),
    path(
        "<int:mentorship_id>/goals/<int:goal_id>/tasks/",
        plan_views.task_add,
        name="mentorship_task_add",
    ),
    path(
        "<int:mentorship_id>/tasks/<int:task_id>/done/",
        plan_views.task_done,
        name="mentorship_task_done",
    ),
    path(
        "<int:mentorship_id>/milestones/<int:milestone_id>/done/",
        plan_views.milestone_done,
        name="mentorship_milestone_done",
    ),
    path(
        "<int:mentorship_id>/milestones/<int:milestone_id>/edit/",
        goal_views.milestone_edit,
        name="mentorship_milestone_edit",
    ),
    path(
        "<int:mentorship_id>/milestones/<int:milestone_id>/delete/",
        goal_views.milestone_delete,
        name="mentorship_milestone_delete",
    ),
    path(
        "<int:mentorship_id>/tasks/<int:task_id>/edit/",
        goal_views.task_edit,
        name="mentorship_task_edit",
    ),
    path(
        "<int:mentorship_id>/tasks/<int:task_id>/delete/",
        goal_views.task_delete,
        name="mentorship_task_delete",
    ),
    path("plans/<int:program_id>/", plan_views.program_plan, name="program_plan"),
]
