"""iCalendar output: invitations (REQUEST / CANCEL) and a person's subscribable feed.

Meetings and program events become calendar entries the same way (`Entry` -> `vevent`);
only what each one carries differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from mentorhub.meetings.models import Meeting, MeetingStatus
from mentorhub.people.models import Person

PRODID = "-//mentorhub//meetings//EN"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "mentorhub.local"


def entry_uid(kind: str, pk: int) -> str:
    """Stable for the entry's life, so an update replaces the event instead of adding one."""
    return f"{kind}-{pk}@{site_host()}"


def meeting_uid(meeting: Meeting) -> str:
    return entry_uid("meeting", meeting.pk)


@dataclass(frozen=True)
class Entry:
    """One calendar entry, whatever it comes from: a meeting or a program event."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    cancelled: bool
    page: str  # the entry's page on the site, e.g. "Meeting page: https://…"
    notes: str = ""
    location: str = ""
    video_url: str = ""
    organizer: Person | None = None


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def vevent(entry: Entry) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", entry.starts_at.astimezone(UTC))
    event.add("dtend", entry.ends_at.astimezone(UTC))
    event.add("summary", entry.summary)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    details = [entry.notes] if entry.notes else []
    if entry.video_url:
        details.append(f"Video: {entry.video_url}")
        event.add("url", entry.video_url)
    details.append(entry.page)
    event.add("description", "\n\n".join(details))
    if entry.location or entry.video_url:
        event.add("location", entry.location or entry.video_url)
    if entry.organizer is not None:
        address = vCalAddress(f"mailto:{entry.organizer.email}")
        address.params["cn"] = vText(entry.organizer.full_name)
        event.add("organizer", address)
    return event


def meeting_event(meeting: Meeting, *, with_agenda: bool = True) -> Event:
    """One VEVENT; the meeting's members must be prefetched (`mentorship__members__person`)."""
    link = f"{settings.SITE_URL}/mentorships/{meeting.mentorship_id}/meetings/"
    event = vevent(
        Entry(
            uid=meeting_uid(meeting),
            sequence=meeting.sequence,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            summary=meeting.title,
            cancelled=meeting.status == MeetingStatus.CANCELLED,
            page=f"Meeting page: {link}",
            notes=meeting.agenda if with_agenda else "",
            location=meeting.location,
            video_url=meeting.video_url,
            organizer=meeting.created_by,
        )
    )
    for member in meeting.mentorship.members.all():
        attendee = vCalAddress(f"mailto:{member.person.email}")
        attendee.params["cn"] = vText(member.person.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    return event


def calendar_of(events: Iterable[Event], method: str = "REQUEST") -> bytes:
    """An invitation or update (REQUEST) or a cancellation (CANCEL) for email."""
    cal = _calendar(method)
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def ics_attachment(events: Iterable[Event], method: str) -> tuple[str, str, str]:
    """`invite.ics` for an email: one file for one entry or many."""
    content = calendar_of(events, method).decode()
    return ("invite.ics", content, f"text/calendar; method={method}; charset=utf-8")


def invitation(meetings: Iterable[Meeting], method: str = "REQUEST") -> bytes:
    return calendar_of(map(meeting_event, meetings), method)


def attachment(meetings: Iterable[Meeting], method: str) -> tuple[str, str, str]:
    return ics_attachment(map(meeting_event, meetings), method)


def feed(events: Iterable[Event], name: str) -> bytes:
    """A subscribable calendar: no METHOD, so clients treat it as a published calendar."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for event in events:
        cal.add_component(event)
    return cal.to_ical()
