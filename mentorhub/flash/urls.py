from django.urls import path

from mentorhub.flash import views

urlpatterns = [
    path("programs/<int:program_id>/challenges/", views.challenge_new, name="challenge_new"),
    path("challenges/<int:challenge_id>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<int:challenge_id>/ask/", views.challenge_ask, name="challenge_ask"),
    path("challenges/<int:challenge_id>/terms/", views.challenge_terms, name="challenge_terms"),
    path("challenges/<int:challenge_id>/agree/", views.challenge_agree, name="challenge_agree"),
    path(
        "challenges/<int:challenge_id>/resolve/", views.challenge_resolve, name="challenge_resolve"
    ),
    path("challenges/<int:challenge_id>/drop/", views.challenge_drop, name="challenge_drop"),
    path("programs/<int:program_id>/slots/", views.slot_new, name="slot_new"),
    path("slots/<int:slot_id>/book/", views.slot_book, name="slot_book"),
    path("slots/<int:slot_id>/withdraw/", views.slot_withdraw, name="slot_withdraw"),
]
