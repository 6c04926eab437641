"""WebSocket routes (served by mentorhub.asgi next to the web pages)."""

from __future__ import annotations

from django.urls import path

from mentorhub.messaging.consumers import ThreadConsumer

websocket_urlpatterns = [
    path("ws/mentorships/<int:mentorship_id>/messages/", ThreadConsumer.as_asgi()),
]
