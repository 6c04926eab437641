"""`mentorhub checkin …`: list and answer check-ins, read and acknowledge a program's alerts."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandParser

from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.feedback import reports, services
from mentorhub.feedback.access import (
    get_alert_for,
    get_checkin_for,
    get_feedback_mentorship_for,
    get_report_program_for,
)
from mentorhub.feedback.models import Met, Rate
from mentorhub.people.models import Person


class Command(BaseCommand):
    help = "Answer mentorship check-ins; program managers read and acknowledge alerts."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="a mentorship's check-ins and your answers")
        add_actor_arguments(listing)
        listing.add_argument("--mentorship", type=int, required=True, metavar="ID")
        answer = actions.add_parser("answer", help="answer an open check-in (members)")
        add_actor_arguments(answer)
        answer.add_argument("id", type=int, help="the check-in")
        answer.add_argument("--satisfaction", type=int, required=True, choices=range(1, 6))
        answer.add_argument("--meet", required=True, choices=Rate.values, help="how often you meet")
        answer.add_argument(
            "--expected", required=True, choices=Rate.values, help="how often you expected to"
        )
        answer.add_argument("--goals", type=int, required=True, choices=range(1, 6))
        answer.add_argument("--expectations-met", required=True, choices=Met.values)
        answer.add_argument("--comment", default="", help="for the members only")
        alerts = actions.add_parser("alerts", help="a program's open alerts (managers)")
        add_actor_arguments(alerts)
        alerts.add_argument("--program", type=int, required=True, metavar="ID")
        ack = actions.add_parser("acknowledge", help="acknowledge an alert (managers)")
        add_actor_arguments(ack)
        ack.add_argument("id", type=int, help="the alert")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        with domain_errors():
            if action == "list":
                self._list(actor, options["mentorship"])
            elif action == "answer":
                self._answer(actor, options)
            elif action == "alerts":
                self._alerts(actor, options["program"])
            else:
                alert = get_alert_for(actor, options["id"])
                services.acknowledge_alert(actor, alert)
                self.stdout.write(f"Alert #{alert.pk} is acknowledged.")

    def _list(self, actor: Person, mentorship_id: int) -> None:
        mentorship = lookup(get_feedback_mentorship_for, actor, mentorship_id)
        zone = ZoneInfo(actor.timezone)
        for c in reports.checkins_for(actor, mentorship):
            closes = c.closes_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            state = "open" if c.is_open() else "closed"
            self.stdout.write(
                f"#{c.pk}  check-in {c.number}  {state} until {closes} {actor.timezone}"
                f"  {c.answered} answered"  # type: ignore[attr-defined]
            )
            for a in getattr(c, "mine", None) or getattr(c, "scores", None) or []:
                self.stdout.write(
                    f"    {a.person.full_name}: satisfaction {a.satisfaction}/5, meet "
                    f"{a.meeting_rate} (expected {a.expected_rate}), goals {a.goal_progress}/5, "
                    f"expectations met: {a.expectations_met}"
                )

    def _answer(self, actor: Person, options: dict[str, Any]) -> None:
        checkin = lookup(get_checkin_for, actor, options["id"])
        answer = services.Answer(
            satisfaction=options["satisfaction"],
            meeting_rate=options["meet"],
            expected_rate=options["expected"],
            goal_progress=options["goals"],
            expectations_met=options["expectations_met"],
            comment=options["comment"],
        )
        services.answer_checkin(actor, checkin, answer)
        self.stdout.write(f"Answered check-in {checkin.number} (#{checkin.pk}).")

    def _alerts(self, actor: Person, program_id: int) -> None:
        program = lookup(get_report_program_for, actor, program_id)
        report = reports.program_report(program)
        self.stdout.write(
            f"{report.response_rate}% answered ({report.answers} of {report.expected_answers})."
        )
        for alert in report.open_alerts:
            self.stdout.write(
                f"#{alert.pk}  mentorship #{alert.checkin.mentorship_id}  {alert.kind}  "
                f"{alert.summary}"
            )
