"""`mentorhub meeting …`: schedule, list and cancel a mentorship's meetings, as a given person."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Prefetch

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.meetings.access import get_meeting_for, is_member, meetings_of
from mentorhub.meetings.models import Frequency
from mentorhub.meetings.services import MeetingPlan, cancel_meeting, schedule_meeting
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.models import Member, Mentorship
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
        value = value.replace(tzinfo=ZoneInfo(person.timezone))
    return value


class Command(BaseCommand):
    help = "Schedule, list and cancel mentorship meetings from the command line."

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

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        if action == "cancel":
            meeting = lookup(get_meeting_for, actor, options["id"])
            with domain_errors():
                cancel_meeting(actor, meeting)
            self.stdout.write(f"Meeting #{meeting.pk} is cancelled; members were told.")
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

    def _mentorship(self, actor: Person, mentorship_id: int) -> Mentorship:
        found = lookup(get_mentorship_for, actor, mentorship_id)
        members = Prefetch("members", queryset=Member.objects.select_related("person"))
        return Mentorship.objects.prefetch_related(members).get(pk=found.pk)

    def _list(self, actor: Person, mentorship: Mentorship) -> None:
        zone = ZoneInfo(actor.timezone)
        full = is_member(actor, mentorship)
        for meeting in meetings_of(mentorship)[:MAX_LISTED]:
            when = meeting.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            title = f"  {meeting.title}" if full else ""
            self.stdout.write(f"#{meeting.pk}  {when} {actor.timezone}  {meeting.status}{title}")
