"""`mentorhub meeting …`: schedule, list and cancel meetings or the rest of a series."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.meetings.access import get_meeting_for, is_member, meetings_of
from mentorhub.meetings.models import Frequency
from mentorhub.meetings.series import cancel_series_from, edit_series, series_of
from mentorhub.meetings.services import MeetingPlan, cancel_meeting, schedule_meeting
from mentorhub.mentorships.access import MEMBERS, get_mentorship_for
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person

MAX_LISTED = 500


def _start(raw: str, person: Person) -> datetime:
    """An ISO time; without an offset it is read in the acting person's own zone."""
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"--start {raw!r}: use e.g. 2026-03-10T14:00 or 2026-03-10T14:00Z."
        ) from None
    if value.tzinfo is None:
        value = _in_zone(raw, value, person.timezone)
    return value


def _in_zone(raw: str, naive: datetime, zone_name: str) -> datetime:
    """A wall-clock time in the person's zone, refusing the hour the clocks skip or repeat."""
    zone = ZoneInfo(zone_name)
    local = naive.replace(tzinfo=zone)
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise CommandError(
            f"--start {raw!r} does not exist in {zone_name}: the clocks skip that hour. "
            "Give another time, or an offset."
        )
    if local.replace(fold=1).utcoffset() != local.utcoffset():
        raise CommandError(
            f"--start {raw!r} happens twice in {zone_name} as the clocks go back; "
            "give an offset to say which, e.g. +01:00."
        )
    return local


def _series_changes(options: dict[str, Any], actor: Person) -> dict[str, Any]:
    names = {
        "title": "title",
        "minutes": "duration_minutes",
        "agenda": "agenda",
        "location": "location",
        "video_url": "video_url",
    }
    changes = {field: options[o] for o, field in names.items() if options[o] is not None}
    if options["start"] is not None:
        changes["starts_at"] = _start(options["start"], actor)
    return changes


class Command(BaseCommand):
    help = "Schedule, list and cancel mentorship meetings (or the rest of a series)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="a mentorship's meetings, in your time zone")
        add_actor_arguments(listing)
        listing.add_argument("--mentorship", type=int, required=True, metavar="ID")
        schedule = actions.add_parser("schedule", help="schedule a meeting and invite everyone")
        add_actor_arguments(schedule)
        schedule.add_argument("--mentorship", type=int, required=True, metavar="ID")
        schedule.add_argument("--title", required=True)
        schedule.add_argument("--start", required=True, help="ISO time; no offset = your zone")
        schedule.add_argument("--minutes", type=int, default=60)
        schedule.add_argument("--agenda", default="")
        schedule.add_argument("--location", default="")
        schedule.add_argument("--video-url", default="", help="a pasted Zoom/Teams link")
        schedule.add_argument("--generate-video", action="store_true")
        schedule.add_argument("--repeat", choices=Frequency.values, default="")
        schedule.add_argument("--count", type=int)
        cancel = actions.add_parser("cancel", help="cancel a meeting (sends a cancellation)")
        add_actor_arguments(cancel)
        cancel.add_argument("id", type=int)
        edit = actions.add_parser(
            "edit-series", help="change this meeting and every later one of its series"
        )
        add_actor_arguments(edit)
        edit.add_argument("id", type=int, help="the first meeting to change")
        edit.add_argument("--title")
        edit.add_argument("--start", help="its new start (ISO; no offset = your zone)")
        edit.add_argument("--minutes", type=int)
        edit.add_argument("--agenda")
        edit.add_argument("--location")
        edit.add_argument("--video-url")
        cancel_series = actions.add_parser(
            "cancel-series", help="cancel this meeting and every later one of its series"
        )
        add_actor_arguments(cancel_series)
        cancel_series.add_argument("id", type=int, help="the first meeting to cancel")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        if action == "cancel":
            meeting = lookup(get_meeting_for, actor, options["id"])
            with domain_errors():
                cancel_meeting(actor, meeting)
            self.stdout.write(f"Meeting #{meeting.pk} is cancelled; members were told.")
            return
        if action in ("edit-series", "cancel-series"):
            self._series(actor, action, options)
            return
        mentorship = self._mentorship(actor, options["mentorship"])
        if action == "list":
            self._list(actor, mentorship)
            return
        plan = MeetingPlan(
            title=options["title"],
            starts_at=_start(options["start"], actor),
            duration_minutes=options["minutes"],
            agenda=options["agenda"],
            location=options["location"],
            video_url=options["video_url"],
            generate_video=options["generate_video"],
            frequency=options["repeat"],
            count=options["count"],
        )
        with domain_errors():
            meetings = schedule_meeting(actor, mentorship, plan)
        ids = ", ".join(f"#{m.pk}" for m in meetings)
        self.stdout.write(f"Scheduled meeting {ids}; members were invited.")

    def _series(self, actor: Person, action: str, options: dict[str, Any]) -> None:
        meeting = lookup(get_meeting_for, actor, options["id"])
        with domain_errors():
            if action == "cancel-series":
                done = cancel_series_from(actor, series_of(meeting), meeting)
            else:
                done = edit_series(
                    actor, series_of(meeting), _series_changes(options, actor), meeting
                )
        verb = "Cancelled" if action == "cancel-series" else "Changed"
        ids = ", ".join(f"#{m.pk}" for m in done)
        self.stdout.write(f"{verb} meeting {ids}; members were sent one update.")

    def _mentorship(self, actor: Person, mentorship_id: int) -> Mentorship:
        found = lookup(get_mentorship_for, actor, mentorship_id)
        return Mentorship.objects.prefetch_related(MEMBERS).get(pk=found.pk)

    def _list(self, actor: Person, mentorship: Mentorship) -> None:
        zone = ZoneInfo(actor.timezone)
        full = is_member(actor, mentorship)
        for meeting in meetings_of(mentorship)[:MAX_LISTED]:
            when = meeting.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            title = f"  {meeting.title}" if full else ""
            self.stdout.write(f"#{meeting.pk}  {when} {actor.timezone}  {meeting.status}{title}")
