from django.urls import path

from mentorhub.notifications.views import email_preferences
from mentorhub.people import views, views_import

urlpatterns = [
    path("", views.people_list, name="people_list"),
    path("me/", views.profile_edit, name="profile_edit"),
    path("me/email/", email_preferences, name="email_preferences"),
    path("invite/", views.person_invite, name="person_invite"),
    path("conflicts/", views.conflict_list, name="conflict_list"),
    path(
        "conflicts/<int:conflict_id>/withdraw/",
        views.conflict_withdraw,
        name="conflict_withdraw",
    ),
    path("import/", views_import.import_people_view, name="people_import"),
    path("<int:person_id>/", views.person_detail, name="person_detail"),
    path("<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<int:person_id>/role/", views.person_role, name="person_role"),
    path(
        "<int:person_id>/invitation/",
        views.person_resend_invitation,
        name="person_resend_invitation",
    ),
]
