"""The rota's coverage for the coming week: how many responders each hour has, and the gaps.

Drawn from the weekly hours and days away only: the "on call now" switch is extra cover, not
a plan. Hours are the viewer's, each responder's slots are read in the responder's own zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorhub.crisis.rota import QUARTERS, active_responders, in_hours
from mentorhub.errors import InvalidInput
from mentorhub.programs.models import Program


@dataclass(frozen=True)
class Hour:
    starts_at: datetime  # aware, in the viewer's zone
    responders: int  # on call for the whole hour
    languages: frozenset[str]  # spoken by someone on call for the whole hour

    @property
    def level(self) -> str:
        return "gap" if self.responders == 0 else "thin" if self.responders == 1 else "ok"


@dataclass(frozen=True)
class Day:
    day: date
    hours: list[Hour]


@dataclass(frozen=True)
class Coverage:
    zone: str
    days: list[Day]
    languages: list[str]  # every language the program's responders speak

    @property
    def gap_hours(self) -> int:
        return sum(h.responders == 0 for d in self.days for h in d.hours)

    def uncovered_hours(self) -> dict[str, int]:
        """Per language, the hours of the week nobody speaking it is on call."""
        return {
            code: sum(code not in h.languages for d in self.days for h in d.hours)
            for code in self.languages
        }


EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 24)  # a week to show, not the calendar's ends


def week_coverage(program: Program, zone_name: str, first_day: date) -> Coverage:
    """Seven days from `first_day` (in `zone_name`), hour by hour."""
    if not EARLIEST <= first_day <= LATEST:
        message = f"Give a start day from {EARLIEST:%Y} to {LATEST:%Y}, like 2026-03-30."
        raise InvalidInput(message, field_errors={"start": [message]})
    zone = ZoneInfo(zone_name)
    responders = list(active_responders(program=program))
    days = []
    for offset in range(7):
        day = first_day + timedelta(days=offset)
        hours = []
        for hour in range(24):
            start = datetime.combine(day, time(hour), tzinfo=zone)
            on_call = [
                r
                for r in responders
                if all(in_hours(r, start + timedelta(minutes=q)) for q in QUARTERS)
            ]
            spoken = frozenset(code for r in on_call for code in r.person.languages or [])
            hours.append(Hour(start, len(on_call), spoken))
        days.append(Day(day, hours))
    languages = sorted({code for r in responders for code in r.person.languages or []})
    return Coverage(zone_name, days, languages)
