"""`mentorhub career …`: show or write a career plan, its target skills, and introductions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentorhub.careers import services
from mentorhub.careers.access import (
    get_career_mentorship_for,
    get_introduction_for,
    introductions_for,
)
from mentorhub.careers.gaps import skills_gap
from mentorhub.careers.models import CareerPlan
from mentorhub.clitools import actor_from, add_actor_arguments, domain_errors, lookup
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person

MAX_LISTED = 500


def _skill(raw: str) -> tuple[str, int]:
    name, _, level = raw.rpartition(":")
    if not name or not level.isdigit():
        raise CommandError(f"--skill {raw!r}: use NAME:LEVEL, e.g. “Public speaking:4”.")
    return name, int(level)


class Command(BaseCommand):
    help = "Career mentoring: the career plan and skills gap, and introductions."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        plan = actions.add_parser("plan", help="show a career plan, or write it with --role")
        add_actor_arguments(plan)
        plan.add_argument("--mentorship", type=int, required=True, metavar="ID")
        plan.add_argument("--role", help="the target role")
        plan.add_argument("--horizon", type=int, default=12, help="months, 3 to 60")
        plan.add_argument(
            "--skill", action="append", default=[], metavar="NAME:LEVEL", help="a target skill"
        )
        intro = actions.add_parser("intro", help="introduce the mentee to someone (mentor)")
        add_actor_arguments(intro)
        intro.add_argument("--mentorship", type=int, required=True, metavar="ID")
        intro.add_argument("--to", required=True, metavar="EMAIL")
        intro.add_argument("--note", default="")
        intros = actions.add_parser("intros", help="list your introductions")
        add_actor_arguments(intros)
        answer = actions.add_parser("answer", help="accept, decline or withdraw an introduction")
        add_actor_arguments(answer)
        answer.add_argument("id", type=int)
        answer.add_argument("answer", choices=["accept", "decline", "withdraw"])

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        action = options["action"]
        if action == "intros":
            self._list(actor)
        elif action == "answer":
            self._answer(actor, options["id"], options["answer"])
        elif action == "intro":
            self._introduce(actor, options)
        else:
            self._plan(actor, options)

    def _plan(self, actor: Person, options: dict[str, Any]) -> None:
        mentorship = lookup(get_career_mentorship_for, actor, options["mentorship"])
        skills = [_skill(raw) for raw in options["skill"]]
        with domain_errors():
            if options["role"]:
                services.save_plan(actor, mentorship, options["role"], options["horizon"])
            plan = self._existing(mentorship)
            for name, level in skills:
                services.set_target_skill(actor, plan, name, level)
        self.stdout.write(f"Towards {plan.target_role} within {plan.horizon_months} months.")
        for row in skills_gap(plan):
            bar = "#" * row.current + "." * row.gap
            self.stdout.write(f"  {row.skill.name:<30} {bar:<5} {row.current}/{row.wanted}")

    def _existing(self, mentorship: Mentorship) -> CareerPlan:
        plan = CareerPlan.objects.filter(mentorship=mentorship).first()
        if plan is None:
            raise CommandError("No career plan yet: write one with --role and --horizon.")
        plan.mentorship = mentorship
        return plan

    def _introduce(self, actor: Person, options: dict[str, Any]) -> None:
        mentorship = lookup(get_career_mentorship_for, actor, options["mentorship"])
        to_person = Person.objects.filter(
            organization=actor.organization, email__iexact=options["to"]
        ).first()
        if to_person is None:
            raise CommandError(f"No person {options['to']} in your organization.")
        with domain_errors():
            intro = services.introduce(actor, mentorship, to_person, options["note"])
        self.stdout.write(f"Introduction #{intro.pk} sent; {to_person.full_name} was asked.")

    def _list(self, actor: Person) -> None:
        for intro in introductions_for(actor)[:MAX_LISTED]:
            self.stdout.write(
                f"#{intro.pk}  {intro.created_at:%Y-%m-%d}  {intro.mentee.full_name} -> "
                f"{intro.to_person.full_name}  {intro.status}  (by {intro.introduced_by.full_name})"
            )

    def _answer(self, actor: Person, introduction_id: int, answer: str) -> None:
        intro = lookup(get_introduction_for, actor, introduction_id)
        with domain_errors():
            if answer == "withdraw":
                services.withdraw_introduction(actor, intro)
            else:
                services.answer_introduction(actor, intro, accept=answer == "accept")
        self.stdout.write(f"Introduction #{intro.pk} is now {intro.status}.")
