"""URL-walk rows for messaging (see test_url_walk.py for the table's rules).

The thread is the walk's active mentorship (Mona mentoring Ann): Max is not in it, so he
gets 404 like an outsider; managers and admins see the mentorship but not its messages (403).
"""

from __future__ import annotations

from typing import Any

LOGIN, NO_TOKEN = 302, 401
THREAD_PAGE = (LOGIN, 404, 200, 403, 403, 404)
THREAD_POST = (LOGIN, 404, 302, 403, 403, 404)
THREAD_API = (NO_TOKEN, 404, 200, 403, 403, 404)
THREAD_CREATE = (NO_TOKEN, 404, 201, 403, 403, 404)
TOKEN_HOLDERS = (NO_TOKEN, 200, 200, 200, 200, 200)


def messages_page(w: Any) -> str:
    return f"/mentorships/{w.active_id}/messages/"


def api_messages(w: Any) -> str:
    return f"/api/mentorships/{w.active_id}/messages"


def routes(C: Any) -> dict[str, list[Any]]:
    """The rows, built with the walk's own `Case` (passed in to avoid a circular import)."""
    return {
        "mentorships/<int:mentorship_id>/messages/": [
            C("get", messages_page, THREAD_PAGE),
            C("post", messages_page, THREAD_POST, {"body": "Hello from the walk"}),
        ],
        "api/mentorships/<mentorship_id>/messages": [
            C("get", api_messages, THREAD_API),
            C("post", api_messages, THREAD_CREATE, {"body": "Hello from the walk"}),
        ],
        "api/mentorships/<mentorship_id>/messages/read": [
            C("post", lambda w: api_messages(w) + "/read", THREAD_API, {"up_to_id": 1})
        ],
        "api/messages/unread": [C("get", lambda w: "/api/messages/unread", TOKEN_HOLDERS)],
    }
