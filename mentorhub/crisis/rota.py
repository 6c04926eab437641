"""Who is available now: the on-call switch, weekly on-call hours and days away.

The model a safeguarding lead runs a rota with:

- **Hours** are the regular rota: weekly slots in the responder's own time zone (Mon–Fri
  18:00–22:00). Inside them the responder is on call, unless away.
- **Away through** a date pauses the hours (holidays, a sick day, "not today").
- **The switch** is "on call now, whatever my hours say, until I switch it off": extra cover
  on top of the rota. Switching it off returns to the hours; it never hides them.

Time is UTC inside: `now` is converted to each responder's zone, so a slot keeps its wall
clock time across a daylight-saving change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.crisis.models import CrisisSettings, OnCallHours, Responder
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import EnrollmentStatus, Program

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_SLOTS = 28
MAX_AWAY = timedelta(days=366)
QUARTERS = (0, 15, 30, 45)  # an hour counts as covered when all four quarters are


@dataclass(frozen=True)
class Slot:
    """One weekly slot: `weekday` 0 is Monday; an end at or before the start is the next day."""

    weekday: int
    starts_at: time
    ends_at: time

    def covers(self, local: datetime) -> bool:
        moment, day = local.time(), local.weekday()
        if self.starts_at < self.ends_at:
            return day == self.weekday and self.starts_at <= moment < self.ends_at
        return (day == self.weekday and moment >= self.starts_at) or (
            day == (self.weekday + 1) % 7 and moment < self.ends_at
        )


def slots_of(responder: Responder) -> list[Slot]:
    return [Slot(h.weekday, h.starts_at, h.ends_at) for h in responder.hours.all()]


def zone_of(person: Person) -> ZoneInfo:
    return ZoneInfo(person.timezone or "UTC")


def is_away(responder: Responder, local_day: date) -> bool:
    return responder.away_through is not None and local_day <= responder.away_through


def in_hours(responder: Responder, now: datetime) -> bool:
    """Inside the responder's weekly hours at `now` (their zone) and not away that day."""
    local = now.astimezone(zone_of(responder.person))
    if is_away(responder, local.date()):
        return False
    return any(slot.covers(local) for slot in slots_of(responder))


def available_now(responder: Responder, now: datetime | None = None) -> bool:
    return responder.on_call or in_hours(responder, now or timezone.now())


def active_responders(**filters: object) -> QuerySet[Responder]:
    """Responders still enrolled and active, with what availability needs, in few queries."""
    return (
        Responder.objects.filter(
            enrollment__status=EnrollmentStatus.ACTIVE, person__is_active=True, **filters
        )
        .select_related("person", "program")
        .prefetch_related("hours")
    )


def available_responders(now: datetime | None = None, **filters: object) -> list[Responder]:
    now = now or timezone.now()
    return [r for r in active_responders(**filters) if available_now(r, now)]


# Hours as text: "mon-fri 18:00-22:00; sat 10:00-14:00" (the CLI, the forms, the docs).

_ENTRY = re.compile(r"^(?P<days>[a-z]{3}(?:-[a-z]{3})?|daily)\s+(?P<start>\S+)\s*-\s*(?P<end>\S+)$")


def parse_hours(text: str) -> list[Slot]:
    """Slots from "mon-fri 18:00-22:00; sat 10:00-14:00"; one clear error per bad entry."""
    slots: list[Slot] = []
    for entry in filter(None, (e.strip().lower() for e in re.split(r"[;\n]", text or ""))):
        found = _ENTRY.match(entry)
        if found is None:
            _refuse_hours(f"“{entry}” is not like “mon-fri 18:00-22:00”.")
        assert found is not None
        start, end = _clock(found["start"], entry), _clock(found["end"], entry)
        slots += [Slot(day, start, end) for day in _days(found["days"], entry)]
    return slots


def _days(spec: str, entry: str) -> list[int]:
    if spec == "daily":
        return list(range(7))
    first, _, last = spec.partition("-")
    if first not in DAYS or (last and last not in DAYS):
        _refuse_hours(f"“{entry}”: days are mon, tue, wed, thu, fri, sat, sun or daily.")
    start, stop = DAYS.index(first), DAYS.index(last or first)
    return [(start + i) % 7 for i in range((stop - start) % 7 + 1)]


def _clock(raw: str, entry: str) -> time:
    found = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if found is None or int(found[1]) > 24 or int(found[2]) > 59:
        _refuse_hours(f"“{entry}”: write times as 18:00.")
    assert found is not None
    hour, minute = int(found[1]), int(found[2])
    if hour == 24 and minute == 0:
        return time(0, 0)  # "…-24:00" ends at midnight
    if hour == 24:
        _refuse_hours(f"“{entry}”: write times as 18:00.")
    return time(hour, minute)


def _refuse_hours(message: str) -> None:
    raise InvalidInput(message, field_errors={"hours": [message]})


def format_hours(slots: Iterable[Slot]) -> str:
    """The inverse of `parse_hours`, with runs of days that share times folded into ranges."""
    by_times: dict[tuple[time, time], list[int]] = {}
    for slot in sorted(slots, key=lambda s: (s.starts_at, s.ends_at, s.weekday)):
        by_times.setdefault((slot.starts_at, slot.ends_at), []).append(slot.weekday)
    entries = []
    for (start, end), days in by_times.items():
        for first, last in _runs(sorted(set(days))):
            spec = DAYS[first] if first == last else f"{DAYS[first]}-{DAYS[last]}"
            spec = "daily" if (first, last) == (0, 6) else spec
            entries.append((first, f"{spec} {start:%H:%M}-{end:%H:%M}"))
    return "; ".join(text for _, text in sorted(entries))


def _runs(days: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


# Actions: the responder, the program's managers and its safeguarding lead keep the rota.


def _require_rota_keeper(actor: Person, responder: Responder) -> None:
    program = responder.program
    if actor.pk == responder.person_id or can_manage(actor, program):
        return
    if CrisisSettings.objects.filter(program=program, safeguarding_lead=actor).exists():
        return
    raise NotAllowed("Only the responder, the program's managers or its lead can change this.")


@transaction.atomic
def set_on_call_hours(actor: Person, responder: Responder, slots: list[Slot]) -> Responder:
    """Replace the responder's weekly hours (in the responder's time zone)."""
    _require_rota_keeper(actor, responder)
    # One writer at a time: two saves at once (a double click) would both insert after
    # deleting, and the second would break the one-slot-per-start constraint.
    Responder.objects.select_for_update(of=("self",)).filter(pk=responder.pk).first()
    unique = sorted(set(slots), key=lambda s: (s.weekday, s.starts_at))
    if len(unique) > MAX_SLOTS:
        _refuse_hours(f"At most {MAX_SLOTS} slots a week.")
    if len({(s.weekday, s.starts_at) for s in unique}) < len(unique):
        _refuse_hours("Two slots start at the same time on the same day; keep one.")
    OnCallHours.objects.filter(responder=responder).delete()
    OnCallHours.objects.bulk_create(
        OnCallHours(
            responder=responder, weekday=s.weekday, starts_at=s.starts_at, ends_at=s.ends_at
        )
        for s in unique
    )
    text = format_hours(unique)
    record(actor, "responder.hours_set", responder, responder.program.organization, hours=text)
    return responder


@transaction.atomic
def set_away(actor: Person, responder: Responder, away_through: date | None) -> Responder:
    """Pause the hours through a day (the responder's zone); None returns to the rota.

    Going away also switches off "on call now": whoever says they are away is not on call.
    """
    _require_rota_keeper(actor, responder)
    today = timezone.now().astimezone(zone_of(responder.person)).date()
    if away_through is not None and not today <= away_through <= today + MAX_AWAY:
        message = "Give a day from today to a year ahead (the last day away)."
        raise InvalidInput(message, field_errors={"away_through": [message]})
    responder.away_through = away_through
    responder.on_call = responder.on_call and away_through is None
    responder.save(update_fields=["away_through", "on_call"])
    record(
        actor,
        "responder.away",
        responder,
        responder.program.organization,
        away_through=away_through.isoformat() if away_through else None,
    )
    return responder


def responder_of(person: Person, program: Program) -> Responder | None:
    return active_responders(program=program, person=person).first()


@transaction.atomic
def set_availability(
    actor: Person, responder: Responder, slots: list[Slot], away_through: date | None
) -> Responder:
    """Both parts of a rota entry at once: the weekly hours and the days away."""
    set_on_call_hours(actor, responder, slots)
    if away_through != responder.away_through:
        set_away(actor, responder, away_through)
    return responder
