"""iCalendar output: invitations (REQUEST / CANCEL) and a person's subscribable feed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from mentorhub.meetings.models import Meeting, MeetingStatus

PRODID = "-//mentorhub//meetings//EN"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "mentorhub.local"


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the meeting's life, so an update replaces the event instead of adding one."""
    return f"meeting-{meeting.pk}@{site_host()}"


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def meeting_event(meeting: Meeting, *, with_agenda: bool = True) -> Event:
    """One VEVENT; the meeting's members must be prefetched (`mentorship__members__person`)."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    link = f"{settings.SITE_URL}/mentorships/{meeting.mentorship_id}/meetings/"
    details = [meeting.agenda] if with_agenda and meeting.agenda else []
    if meeting.video_url:
        details.append(f"Video: {meeting.video_url}")
        event.add("url", meeting.video_url)
    details.append(f"Meeting page: {link}")
    event.add("description", "\n\n".join(details))
    if meeting.location or meeting.video_url:
        event.add("location", meeting.location or meeting.video_url)
    organizer = meeting.created_by
    if organizer is not None:
        address = vCalAddress(f"mailto:{organizer.email}")
        address.params["cn"] = vText(organizer.full_name)
        event.add("organizer", address)
    for member in meeting.mentorship.members.all():
        attendee = vCalAddress(f"mailto:{member.person.email}")
        attendee.params["cn"] = vText(member.person.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    return event


def invitation(meetings: Iterable[Meeting], method: str = "REQUEST") -> bytes:
    """An invitation or update (REQUEST) or a cancellation (CANCEL) for email."""
    cal = _calendar(method)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
    return cal.to_ical()


def attachment(meetings: Iterable[Meeting], method: str) -> tuple[str, str, str]:
    """`invite.ics` for an email: one file for one meeting or many."""
    content = invitation(meetings, method).decode()
    return ("invite.ics", content, f"text/calendar; method={method}; charset=utf-8")


def feed(meetings: Iterable[Meeting], name: str) -> bytes:
    """A subscribable calendar: no METHOD, so clients treat it as a published calendar."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
    return cal.to_ical()
