"""Domain actions on a whole series: change or cancel "this and all following" meetings.

Like a calendar app's "this and following": the meetings from the chosen one on are changed
together; meetings that have started, been held or been cancelled are left as they are. A
new start time applies to the chosen meeting, and the later ones step from it in the
organizer's zone exactly as when the series was scheduled, so they keep its wall-clock time
across daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput
from mentorhub.matching.engine.timeplace import zone
from mentorhub.meetings import ical
from mentorhub.meetings.models import Meeting, MeetingSeries, MeetingStatus
from mentorhub.meetings.services import (
    EDITABLE,
    MeetingPlan,
    _check_plan,
    _check_video_url,
    _require_member,
)
from mentorhub.meetings.tasks import queue_reminders
from mentorhub.meetings.times import occurrences
from mentorhub.mentorships.models import Mentorship
from mentorhub.notify import email_people
from mentorhub.people.models import Person

SERIES_EMAIL = "meeting_series_changed"


def _mentorship_of(series: MeetingSeries, from_meeting: Meeting | None) -> Mentorship:
    """The series' mentorship with its members and people (for the check, .ics and email)."""
    if from_meeting is not None:
        return from_meeting.mentorship
    return (
        Mentorship.objects.select_related("program__organization")
        .prefetch_related("members__person")
        .get(pk=series.mentorship_id)
    )


def _following(
    series: MeetingSeries, from_meeting: Meeting | None, mentorship: Mentorship
) -> list[Meeting]:
    """The series' meetings from `from_meeting` on (default: the next one), in series order.

    Series order is creation order: a meeting moved on its own keeps its place, so the
    index of each meeting here is its step from the first one.
    """
    now = timezone.now()
    if from_meeting is None:
        upcoming = series.meetings.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=now)
        start = upcoming.order_by("pk").values_list("pk", flat=True).first()
        if start is None:
            raise IllegalTransition("This series has no meetings left to change.")
    elif from_meeting.series_id != series.pk:
        raise InvalidInput("That meeting is not part of this series.")
    else:
        start = from_meeting.pk
    following = list(
        series.meetings.filter(pk__gte=start).select_related("created_by").order_by("pk")
    )
    first = following[0]  # read again under the series lock
    if first.status != MeetingStatus.SCHEDULED:
        status = first.get_status_display().lower()
        raise IllegalTransition(f"This meeting is already {status}; start from a later one.")
    if first.starts_at <= now:
        raise IllegalTransition("This meeting has already started; start from a later one.")
    for meeting in following:
        meeting.mentorship = mentorship  # prefetched once, shared by every .ics event
    return following


def _changeable(meeting: Meeting, now: datetime) -> bool:
    """Meetings that have started, been held or been cancelled are never changed."""
    return meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at > now


def _checked(changes: dict[str, Any], first: Meeting) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"Cannot change: {', '.join(sorted(unknown))}.")
    if not changes:
        raise InvalidInput("Nothing to change.")
    checked = dict(changes)
    if "title" in checked:
        checked["title"] = str(checked["title"] or "").strip()
    if "video_url" in checked:
        checked["video_url"] = _check_video_url(str(checked["video_url"] or ""))
    _check_plan(
        MeetingPlan(
            title=checked.get("title", first.title),
            starts_at=checked.get("starts_at", first.starts_at),
            duration_minutes=checked.get("duration_minutes", first.duration_minutes),
        )
    )
    if "starts_at" in checked and checked["starts_at"] <= timezone.now():
        message = "The new time has already passed."
        raise InvalidInput(message, {"starts_at": [message]})
    return checked


def _tell_members(
    series: MeetingSeries, meetings: list[Meeting], method: str, mentorship: Mentorship
) -> None:
    """One email per member for the whole change, with one .ics holding every meeting."""
    first = meetings[0]
    email_people(
        [m.person for m in mentorship.members.all()],
        SERIES_EMAIL,
        key=f"{SERIES_EMAIL}:series={series.pk}:meeting={first.pk}:sequence={first.sequence}",
        attachments=[ical.attachment(meetings, method)],
        meeting=first,
        series=series,
        meeting_ids=[m.pk for m in meetings],
        cancelled=method == "CANCEL",
    )


def series_of(meeting: Meeting) -> MeetingSeries:
    """The meeting's series, for "this and following"; a one-off meeting has none."""
    if meeting.series is None:
        raise InvalidInput("This meeting is not part of a series.")
    return meeting.series


def _audit(
    actor: Person, verb: str, series: MeetingSeries, meetings: list[Meeting], **details: Any
) -> None:
    org = meetings[0].mentorship.program.organization
    record(actor, verb, series, org, from_meeting=meetings[0].pk, meetings=len(meetings), **details)


def _locked(series: MeetingSeries) -> MeetingSeries:
    """Two edits of one series at once would interleave their sequences: take turns."""
    return MeetingSeries.objects.select_for_update().get(pk=series.pk)


@transaction.atomic
def edit_series(
    actor: Person,
    series: MeetingSeries,
    changes: dict[str, Any],
    from_meeting: Meeting | None = None,
) -> list[Meeting]:
    """Change `from_meeting` (default: the next meeting) and every later one of the series.

    `changes` holds any of title, agenda, location, video_url, duration_minutes and
    starts_at: the new start of `from_meeting`; the later meetings step from it.
    """
    series = _locked(series)
    mentorship = _mentorship_of(series, from_meeting)
    _require_member(actor, mentorship)
    following = _following(series, from_meeting, mentorship)
    checked = _checked(changes, following[0])
    starts = None
    if "starts_at" in checked:
        start = checked.pop("starts_at")
        starts = occurrences(start, series.timezone, series.frequency, count=len(following))
    now = timezone.now()
    changed = []
    for index, meeting in enumerate(following):
        if not _changeable(meeting, now):
            continue
        for field, value in checked.items():
            setattr(meeting, field, value)
        if starts is not None:
            meeting.starts_at = starts[index]
        meeting.sequence += 1
        meeting.updated_at = now
        changed.append(meeting)
    fields = [*checked, *(["starts_at"] if starts else []), "sequence", "updated_at"]
    Meeting.objects.bulk_update(changed, fields)
    _audit(actor, "meeting.series_edited", series, changed, fields=sorted(changes))
    _tell_members(series, changed, "REQUEST", mentorship)
    for meeting in changed:
        queue_reminders(meeting)
    return changed


@transaction.atomic
def cancel_series_from(
    actor: Person, series: MeetingSeries, from_meeting: Meeting | None = None
) -> list[Meeting]:
    """Cancel `from_meeting` (default: the next meeting) and every later one: the series ends."""
    series = _locked(series)
    mentorship = _mentorship_of(series, from_meeting)
    _require_member(actor, mentorship)
    now = timezone.now()
    following = _following(series, from_meeting, mentorship)
    cancelled = [m for m in following if _changeable(m, now)]
    for meeting in cancelled:
        meeting.status = MeetingStatus.CANCELLED
        meeting.sequence += 1
        meeting.updated_at = now
    Meeting.objects.bulk_update(cancelled, ["status", "sequence", "updated_at"])
    # The series now ends the day before its first cancelled meeting, in the organizer's zone.
    first_day = cancelled[0].starts_at.astimezone(zone(series.timezone) or UTC).date()
    series.until = first_day - timedelta(days=1)
    series.save(update_fields=["until"])
    _audit(actor, "meeting.series_cancelled", series, cancelled)
    _tell_members(series, cancelled, "CANCEL", mentorship)
    return cancelled
