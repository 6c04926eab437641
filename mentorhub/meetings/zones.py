"""The virtual approach's time-zone panel: each member's local time now, and the weekly hours
when everyone is free, drawn as a week strip in the viewer's own zone.

The overlap is the one matching and meeting proposals use (`utc_slots` on the real dates of
this week), so the panel, the proposed times and the match explanations never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorhub.matching.engine.timeplace import SLOT_MINUTES, utc_slots, week_start, zone
from mentorhub.meetings.proposals import member_windows
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SLOTS_PER_HOUR = 60 // SLOT_MINUTES


@dataclass(frozen=True)
class MemberClock:
    person: Person
    local_time: str  # now, on the member's own clock: "Tue 17:05"
    offset: str  # "UTC+9", "UTC−3", "UTC+5:30"
    free_hours: float  # their weekly availability


@dataclass(frozen=True)
class DayStrip:
    name: str
    # Per hour of the viewer's day, how many of its half hours everyone is free (0, 1 or 2).
    hours: tuple[int, ...]


@dataclass(frozen=True)
class TimeZonesView:
    clocks: list[MemberClock]
    overlap_hours: float
    days: list[DayStrip]
    viewer_zone: str


def _hours(slots: set[int]) -> float:
    return len(slots) * SLOT_MINUTES / 60


def time_zones(mentorship: Mentorship, viewer_zone: str, now: datetime) -> TimeZonesView:
    """Members' clocks and this week's shared free time; one query (members prefetched)."""
    monday = week_start(now.astimezone(UTC).date())
    windows = member_windows(mentorship)
    free = [set(utc_slots(weekly, person.timezone, monday)) for person, weekly in windows]
    clocks = [
        _clock(person, now, _hours(slots)) for (person, _), slots in zip(windows, free, strict=True)
    ]
    shared = set.intersection(*free) if free else set()
    return TimeZonesView(clocks, _hours(shared), _strip(shared, monday, viewer_zone), viewer_zone)


def _clock(person: Person, now: datetime, free_hours: float) -> MemberClock:
    local = now.astimezone(zone(person.timezone) or UTC)
    return MemberClock(person, local.strftime("%a %H:%M"), _offset(local), free_hours)


def _offset(local: datetime) -> str:
    minutes = round((local.utcoffset() or timedelta(0)).total_seconds() / 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _strip(shared: set[int], monday: date, viewer_zone: str) -> list[DayStrip]:
    """Shared UTC slots placed on the viewer's week: 7 days of 24 hours, Monday first."""
    tz: ZoneInfo | None = zone(viewer_zone)
    origin = datetime.combine(monday, time(0), UTC)
    cells = [[0] * 24 for _ in DAY_NAMES]
    for slot in shared:
        local = (origin + timedelta(minutes=slot * SLOT_MINUTES)).astimezone(tz or UTC)
        cells[local.weekday()][local.hour] += 1
    return [
        DayStrip(name, tuple(min(c, SLOTS_PER_HOUR) for c in row))
        for name, row in zip(DAY_NAMES, cells, strict=True)
    ]
