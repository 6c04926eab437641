from django.urls import path

from mentorhub.crisis import views, views_rota

urlpatterns = [
    path("crisis/", views.queue, name="crisis_queue"),
    path("crisis/requests/<int:request_id>/", views.request_detail, name="crisis_request"),
    path("crisis/requests/<int:request_id>/accept/", views.accept, name="crisis_accept"),
    path("crisis/requests/<int:request_id>/assign/", views.assign, name="crisis_assign"),
    path("crisis/requests/<int:request_id>/close/", views.close, name="crisis_close"),
    path("crisis/requests/<int:request_id>/withdraw/", views.withdraw, name="crisis_withdraw"),
    path("crisis/requests/<int:request_id>/extend/", views_rota.extend, name="crisis_extend"),
    path("programs/<int:program_id>/crisis/", views.setup, name="crisis_setup"),
    path("programs/<int:program_id>/crisis/ask/", views.ask, name="crisis_ask"),
    path("programs/<int:program_id>/crisis/on-call/", views.on_call, name="crisis_on_call"),
    path(
        "programs/<int:program_id>/crisis/availability/",
        views_rota.my_availability,
        name="crisis_availability",
    ),
    path("programs/<int:program_id>/crisis/rota/", views_rota.rota_page, name="crisis_rota"),
    path(
        "programs/<int:program_id>/crisis/rota/<int:responder_id>/",
        views_rota.set_responder_hours,
        name="crisis_responder_hours",
    ),
]
