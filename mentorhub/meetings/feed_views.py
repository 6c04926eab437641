"""The private calendar feed: its page (regenerate, revoke) and the token-only .ics URL."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from icalendar import Event

from mentorhub.meetings import ical
from mentorhub.meetings.models import CalendarFeed, Meeting, hash_feed_token
from mentorhub.meetings.services import regenerate_calendar_feed, revoke_calendar_feed
from mentorhub.people.models import Person
from mentorhub.programs.calendar import event_vevent, visible_events
from mentorhub.web import acting_person, member_view

FEED_LIMIT = 500  # the most recent and upcoming meetings a feed carries


def feed_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('calendar_feed', args=[token])}"


@member_view
@require_http_methods(["GET", "POST"])
def calendar_feed_page(request: HttpRequest) -> HttpResponse:
    person = acting_person(request)
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke_calendar_feed(person)
            messages.success(request, "Feed URL revoked; calendars using it will stop updating.")
            return redirect("calendar_feed_page")
        new_url = feed_url(regenerate_calendar_feed(person))
    has_feed = CalendarFeed.objects.filter(person=person).exists()
    return render(request, "meetings/feed.html", {"has_feed": has_feed, "new_url": new_url})


def feed_meetings(person_id: int) -> list[Meeting]:
    return list(
        Meeting.objects.filter(mentorship__members__person_id=person_id)
        .select_related("created_by")
        .prefetch_related("mentorship__members__person")
        .order_by("-starts_at")[:FEED_LIMIT]
    )


def feed_entries(person: Person) -> list[Event]:
    """The person's meetings and the program events they may see, in a fixed number of queries."""
    events = visible_events(person).select_related("created_by").order_by("-starts_at")
    return [ical.meeting_event(m) for m in feed_meetings(person.pk)] + [
        event_vevent(e) for e in events[:FEED_LIMIT]
    ]


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: calendar apps cannot log in. The secret token is the key; 404 otherwise."""
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(token_hash=hash_feed_token(token), person__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    body = ical.feed(feed_entries(feed.person), f"mentorhub – {feed.person.full_name}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
