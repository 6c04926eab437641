"""Top-level URL map: web pages per app, the REST API under /api/."""

from django.urls import include, path

from mentorhub.api import api

urlpatterns = [
    path("", include("mentorhub.accounts.urls")),
    path("people/", include("mentorhub.people.urls")),
    path("programs/", include("mentorhub.programs.urls")),
    path("mentorships/", include("mentorhub.mentorships.urls")),
    path("", include("mentorhub.meetings.urls")),
    path("", include("mentorhub.messaging.urls")),
    path("", include("mentorhub.feedback.urls")),
    path("", include("mentorhub.crisis.urls")),
    path("", include("mentorhub.careers.urls")),
    path("", include("mentorhub.journal.urls")),
    path("", include("mentorhub.flash.urls")),
    path("matching/", include("mentorhub.matching.urls")),
    path("audit/", include("mentorhub.audit.urls")),
    path("api/", api.urls),
]
