"""Top-level URL map: web pages per app, the REST API under /api/."""

from django.urls import include, path

urlpatterns = [
    path("", include("mentorhub.accounts.urls")),
]
