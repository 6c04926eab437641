"""URL-walk rows for meetings and calendar feeds (see test_url_walk.py for the table's rules).

The meeting belongs to the walk's active mentorship (Mona mentoring Ann): Max is not in it,
so he gets 404 like an outsider; managers and admins see the list but never one meeting.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone

from mentorhub.meetings.models import CalendarFeed, Meeting
from mentorhub.meetings.services import MeetingPlan, regenerate_calendar_feed, schedule_meeting
from mentorhub.mentorships.models import Mentorship


def meeting_id(w: Any) -> int:
    """The walk's meeting, made on first use in each test."""
    existing = Meeting.objects.filter(mentorship_id=w.active_id).first()
    if existing is not None:
        return existing.pk
    mentorship = Mentorship.objects.get(pk=w.active_id)
    start = datetime(2026, 3, 3, 14, tzinfo=UTC)  # in the past, so it can be recorded held
    return schedule_meeting(w.scenario.mona, mentorship, MeetingPlan("Walk", start))[0].pk


def series_meeting_id(w: Any) -> int:
    """The second meeting of a weekly series a week ahead, made on first use in each test."""
    existing = Meeting.objects.filter(mentorship_id=w.active_id, series__isnull=False)
    found = existing.order_by("pk").values_list("pk", flat=True)[1:2].first()
    if found is not None:
        return found
    mentorship = Mentorship.objects.get(pk=w.active_id)
    start = timezone.now().replace(microsecond=0) + timedelta(days=7)
    plan = MeetingPlan("Walk series", start, frequency="weekly", count=3)
    return schedule_meeting(w.scenario.mona, mentorship, plan)[1].pk


def feed_token(w: Any) -> str:
    CalendarFeed.objects.filter(person=w.scenario.mona).delete()
    return regenerate_calendar_feed(w.scenario.mona)


LOGIN, NO_TOKEN = 302, 401
MEMBERS = (LOGIN, 200, 200, 200, 200, 200)
MENTORSHIP_PAGE = (LOGIN, 404, 200, 200, 200, 404)  # members and managers; Max is not in it
MEETING_WEB = (LOGIN, 404, 302, 404, 404, 404)  # Mona, a member, only
MEETING_OK = (None, None, "ok", None, None, None)
MEETING_API = (NO_TOKEN, 404, 200, 404, 404, 404)


def meetings_page(w: Any) -> str:
    return f"/mentorships/{w.active_id}/meetings/"


def web_meeting(w: Any) -> str:
    return f"/meetings/{meeting_id(w)}/"


def api_meeting(w: Any) -> str:
    return f"/api/meetings/{meeting_id(w)}"


def web_series(w: Any) -> str:
    return f"/meetings/{series_meeting_id(w)}/series/"


def api_series(w: Any) -> str:
    return f"/api/meetings/{series_meeting_id(w)}/series"


def schedule_body(w: Any) -> dict[str, Any]:
    return {"mentorship": w.active_id, "title": "Walk", "starts_at": "2026-12-01T10:00:00Z"}


def series_form(w: Any) -> dict[str, Any]:
    meeting = Meeting.objects.get(pk=series_meeting_id(w))
    start = timezone.localtime(meeting.starts_at) + timedelta(hours=1)
    when = f"{start:%Y-%m-%dT%H:%M}"
    return {"series-title": "Walk", "series-starts_at": when, "series-duration_minutes": 30}


def routes(C: Any) -> dict[str, list[Any]]:
    """The rows, built with the walk's own `Case` (passed in to avoid a circular import)."""
    form = {"title": "Walk", "starts_at": "2026-12-01T10:00", "duration_minutes": 30}
    return {
        "mentorships/<int:mentorship_id>/meetings/": [
            C("get", meetings_page, MENTORSHIP_PAGE),
            C(
                "post",
                meetings_page,
                (LOGIN, 404, 302, 403, 403, 404),
                form | {"video": "generate"},
                flash=MEETING_OK,
            ),
        ],
        "meetings/<int:meeting_id>/": [C("get", web_meeting, (LOGIN, 404, 200, 404, 404, 404))],
        "meetings/<int:meeting_id>/edit/": [
            C("post", lambda w: web_meeting(w) + "edit/", MEETING_WEB, form, flash=MEETING_OK)
        ],
        "meetings/<int:meeting_id>/notes/": [
            C(
                "post",
                lambda w: web_meeting(w) + "notes/",
                MEETING_WEB,
                {"body": "Hi"},
                flash=MEETING_OK,
            )
        ],
        "meetings/<int:meeting_id>/held/": [
            C("post", lambda w: web_meeting(w) + "held/", MEETING_WEB, flash=MEETING_OK)
        ],
        "meetings/<int:meeting_id>/cancel/": [
            C("post", lambda w: web_meeting(w) + "cancel/", MEETING_WEB, flash=MEETING_OK)
        ],
        "meetings/<int:meeting_id>/series/edit/": [
            C(
                "post",
                lambda w: web_series(w) + "edit/",
                MEETING_WEB,
                series_form,
                flash=MEETING_OK,
            )
        ],
        "meetings/<int:meeting_id>/series/cancel/": [
            C("post", lambda w: web_series(w) + "cancel/", MEETING_WEB, flash=MEETING_OK)
        ],
        "calendar/": [
            C("get", lambda w: "/calendar/", MEMBERS),
            C("post", lambda w: "/calendar/", MEMBERS, {"action": "regenerate"}),
        ],
        "calendar/<str:token>.ics": [
            C("get", lambda w: f"/calendar/{feed_token(w)}.ics", (200,) * 6),
            C("get", lambda w: "/calendar/not-a-token.ics", (404,) * 6),
        ],
        "api/meetings": [
            C(
                "get",
                lambda w: "/api/meetings",
                (NO_TOKEN, 404, 200, 200, 200, 404),
                lambda w: {"mentorship": w.active_id},
            ),
            C(
                "post",
                lambda w: "/api/meetings",
                (NO_TOKEN, 404, 201, 403, 403, 404),
                schedule_body,
            ),
        ],
        "api/meetings/proposals": [
            C(
                "get",
                lambda w: "/api/meetings/proposals",
                (NO_TOKEN, 404, 200, 200, 200, 404),
                lambda w: {"mentorship": w.active_id},
            )
        ],
        "api/meetings/<meeting_id>": [
            C("get", api_meeting, MEETING_API),
            C("patch", api_meeting, MEETING_API, {"title": "Renamed"}),
        ],
        "api/meetings/<meeting_id>/cancel": [
            C("post", lambda w: api_meeting(w) + "/cancel", MEETING_API)
        ],
        "api/meetings/<meeting_id>/series": [
            C("patch", api_series, MEETING_API, {"scope": "following", "title": "Renamed"})
        ],
        "api/meetings/<meeting_id>/series/cancel": [
            C("post", lambda w: api_series(w) + "/cancel", MEETING_API)
        ],
        "api/meetings/<meeting_id>/held": [
            C("post", lambda w: api_meeting(w) + "/held", MEETING_API)
        ],
        "api/meetings/<meeting_id>/notes": [
            C("get", lambda w: api_meeting(w) + "/notes", MEETING_API),
            C(
                "post",
                lambda w: api_meeting(w) + "/notes",
                (NO_TOKEN, 404, 201, 404, 404, 404),
                {"body": "Hi"},
            ),
        ],
    }
