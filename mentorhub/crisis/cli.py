"""The rota part of `mentorhub crisis …`: help-now contacts, responders, on-call hours, the
week's coverage, the on-call switch, and extending a crisis mentorship's planned end."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from mentorhub.clitools import add_actor_arguments, domain_errors, lookup
from mentorhub.crisis import rota, services
from mentorhub.crisis.access import (
    get_crisis_program_for,
    get_managed_crisis_program_for,
    get_own_responder_for,
    get_request_for,
    get_rota_program_for,
    get_rota_responder_for,
)
from mentorhub.crisis.coverage import week_coverage
from mentorhub.crisis.ending import extend_planned_end
from mentorhub.crisis.models import EmergencyContact, Responder
from mentorhub.people.models import Person
from mentorhub.programs.models import Enrollment

Write = Callable[[str], None]


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{raw}” is not a day like 2026-03-30.") from None


def _away(raw: str) -> date | None:
    return None if raw.lower() in ("none", "back", "") else _day(raw)


def add_rota_parsers(actions: Any) -> None:
    def action(name: str, help_text: str, program: bool = True) -> CommandParser:
        parser: CommandParser = actions.add_parser(name, help=help_text)
        add_actor_arguments(parser)
        if program:
            parser.add_argument("--program", type=int, required=True, metavar="ID")
        return parser

    action("contacts", "help-now contacts (managers)").add_argument("--locale", default=None)
    add = action("add-contact", "add a help-now contact (managers)")
    add.add_argument("--name", required=True)
    for option in ("--phone", "--url", "--note", "--locale"):
        add.add_argument(option, default="")
    action("remove-contact", "remove a help-now contact (managers)").add_argument("id", type=int)
    action("responders", "trained responders and their hours (managers, lead)")
    mark = action("mark-responder", "mark an enrolled mentor as trained (managers)")
    mark.add_argument("--person", required=True, metavar="EMAIL")
    mark.add_argument("--trained-on", type=_day, required=True, metavar="YYYY-MM-DD")
    mark.add_argument("--on-call", action="store_true")
    mark.add_argument("--note", default="")
    action("unmark-responder", "no longer a responder (managers)").add_argument("id", type=int)
    hours = action("hours", "show or set on-call hours: yours, or a responder's (managers, lead)")
    hours.add_argument("--responder", type=int, metavar="ID", help="default: yourself")
    hours.add_argument("--set", dest="hours", metavar="TEXT", help='"mon-fri 18:00-22:00; …"')
    hours.add_argument("--away-through", type=_away, default=False, metavar="YYYY-MM-DD|none")
    action("on-call", "go on call now (on) or back to your hours (off)").add_argument(
        "state", choices=["on", "off"]
    )
    action("coverage", "the rota's coverage, hour by hour (managers, lead)").add_argument(
        "--start", type=_day, metavar="YYYY-MM-DD"
    )
    extend = action("extend", "extend a crisis mentorship's planned end", program=False)
    extend.add_argument("id", type=int)
    extend.add_argument("--until", type=_day, required=True, metavar="YYYY-MM-DD")
    extend.add_argument("--reason", required=True)


ROTA_ACTIONS = (
    "contacts",
    "add-contact",
    "remove-contact",
    "responders",
    "mark-responder",
    "unmark-responder",
    "hours",
    "on-call",
    "coverage",
    "extend",
)


def handle_rota(actor: Person, options: dict[str, Any], write: Write) -> None:
    handler = {
        "contacts": _contacts,
        "add-contact": _add_contact,
        "remove-contact": _remove_contact,
        "responders": _responders,
        "mark-responder": _mark,
        "unmark-responder": _unmark,
        "hours": _hours,
        "on-call": _on_call,
        "coverage": _coverage,
        "extend": _extend,
    }[options["action"]]
    with domain_errors():
        handler(actor, options, write)


def _contacts(actor: Person, options: dict[str, Any], write: Write) -> None:
    program = get_managed_crisis_program_for(actor, options["program"])
    contacts = EmergencyContact.objects.filter(program=program)
    if options["locale"] is not None:
        contacts = contacts.filter(locale=options["locale"].strip().lower())
    for c in contacts:
        reach = " · ".join(filter(None, (c.phone, c.url)))
        write(f"#{c.pk}  {c.locale or 'all'}  {c.name}: {reach}")


def _add_contact(actor: Person, options: dict[str, Any], write: Write) -> None:
    program = get_managed_crisis_program_for(actor, options["program"])
    fields = ("name", "phone", "url", "note", "locale")
    contact = services.Contact(**{f: options[f] for f in fields})
    added = services.add_emergency_contact(actor, program, contact)
    write(f"Added help-now contact #{added.pk}: {added.name}.")


def _remove_contact(actor: Person, options: dict[str, Any], write: Write) -> None:
    program = get_managed_crisis_program_for(actor, options["program"])
    contact = EmergencyContact.objects.filter(program=program, pk=options["id"]).first()
    if contact is None:
        raise CommandError(f"No help-now contact #{options['id']} in this program.")
    services.remove_emergency_contact(actor, contact)
    write(f"Removed help-now contact #{options['id']}.")


def describe(responder: Responder) -> str:
    """One line: who, the switch, days away and the hours (in their zone)."""
    state = "on call now" if responder.on_call else "by hours"
    if responder.away_through:
        state += f", away through {responder.away_through:%Y-%m-%d}"
    hours = rota.format_hours(rota.slots_of(responder)) or "no hours"
    return f"{responder.person.full_name}  {state}  {hours} ({responder.person.timezone})"


def _responders(actor: Person, options: dict[str, Any], write: Write) -> None:
    program = get_rota_program_for(actor, options["program"])
    now = timezone.now()
    for r in rota.active_responders(program=program):
        available = "available" if rota.available_now(r, now) else "not available"
        write(f"#{r.pk}  {describe(r)}  · {available} now")


def _mark(actor: Person, options: dict[str, Any], write: Write) -> None:
    program = get_managed_crisis_program_for(actor, options["program"])
    enrollment = Enrollment.objects.filter(
        program=program, role="mentor", person__email__iexact=options["person"]
    ).first()
    if enrollment is None:
        raise CommandError(f"{options['person']} is not enrolled as a mentor in {program.name}.")
    responder = services.mark_responder(
        actor, enrollment, options["trained_on"], options["on_call"], options["note"]
    )
    write(f"Responder #{responder.pk}: {responder.person.full_name} is a trained responder.")


def _unmark(actor: Person, options: dict[str, Any], write: Write) -> None:
    responder = get_rota_responder_for(actor, options["program"], options["id"])
    services.unmark_responder(actor, responder)
    write(f"{responder.person.full_name} is no longer a responder of {responder.program.name}.")


def _hours(actor: Person, options: dict[str, Any], write: Write) -> None:
    if options["responder"] is None:
        responder = get_own_responder_for(actor, options["program"])
    else:
        responder = get_rota_responder_for(actor, options["program"], options["responder"])
    with transaction.atomic():  # both or neither: a refused day away keeps the old hours
        if options["hours"] is not None:
            rota.set_on_call_hours(actor, responder, rota.parse_hours(options["hours"]))
        if options["away_through"] is not False:
            rota.set_away(actor, responder, options["away_through"])
    fresh = rota.active_responders(pk=responder.pk).first() or responder
    write(describe(fresh))


def _on_call(actor: Person, options: dict[str, Any], write: Write) -> None:
    program = get_crisis_program_for(actor, options["program"])
    services.set_on_call(actor, program, options["state"] == "on")
    if options["state"] == "on":
        write("You are on call now, whatever your hours say, until you switch off.")
    else:
        write("The switch is off: your weekly hours (if any) decide when you are on call.")


def _coverage(actor: Person, options: dict[str, Any], write: Write) -> None:
    program = get_rota_program_for(actor, options["program"])
    start = options["start"] or timezone.now().astimezone(rota.zone_of(actor)).date()
    week = week_coverage(program, actor.timezone or "UTC", start)
    write(f"Responders on call by the rota, hour by hour ({week.zone}; . = nobody)")
    write("            " + "".join(f"{h:<3}" for h in range(0, 24, 3)).rstrip())
    for day in week.days:
        cells = "".join(str(min(h.responders, 9)) if h.responders else "." for h in day.hours)
        write(f"{day.day:%a %d %b}  {cells}")
    write(f"Hours nobody covers: {week.gap_hours} of 168.")
    for code, hours in week.uncovered_hours().items():
        write(f"  {code}: {hours} hours without a responder who speaks it")


def _extend(actor: Person, options: dict[str, Any], write: Write) -> None:
    found = lookup(get_request_for, actor, options["id"])
    extended = extend_planned_end(actor, found, options["until"], options["reason"])
    write(f"Request #{found.pk} is now planned to end {extended.planned_end_on:%Y-%m-%d}.")
