"""Time zones and weekly availability on real dates, so daylight saving is always right."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SLOT_MINUTES = 30
SLOTS_PER_WEEK = 7 * 24 * 60 // SLOT_MINUTES  # 336


def week_start(reference: date) -> date:
    """The Monday of the week that holds `reference`."""
    return reference - timedelta(days=reference.weekday())


@cache
def zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@cache
def utc_offset_hours(zone_name: str, on: date) -> float | None:
    """The zone's offset from UTC at noon on that day (None for an unknown zone)."""
    tz = zone(zone_name)
    if tz is None:
        return None
    offset = datetime.combine(on, time(12), tz).utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else None


def gap_hours(a: float, b: float) -> float:
    """How far apart two clocks are, the short way round (UTC+12 and UTC−11 are 1 h apart)."""
    gap = abs(a - b) % 24
    return min(gap, 24 - gap)


def utc_slots(
    weekly: tuple[tuple[int, int, int], ...], zone_name: str | None, reference: date
) -> list[int]:
    """The 30-minute slots of the reference week (Monday 00:00 UTC = slot 0) a person is free.

    Each window is placed on its real date in the person's zone and converted to UTC, so a
    Tuesday 09:00 in New York lands on a different UTC slot before and after a DST change.
    """
    tz = zone(zone_name) if zone_name else None
    tz = tz or ZoneInfo("UTC")
    monday = week_start(reference)
    origin = datetime.combine(monday, time(0), ZoneInfo("UTC"))
    slots: set[int] = set()
    for weekday, start, end in weekly:
        day = monday + timedelta(days=weekday)
        local_start = datetime.combine(day, time(0), tz) + timedelta(minutes=start)
        begin = (local_start - origin).total_seconds() / 60
        # Whole slots inside the window; the week wraps, so a Sunday-evening window in Tokyo
        # is Sunday morning UTC, never outside the week.
        first = int(-(-begin // SLOT_MINUTES))
        last = int((begin + (end - start)) // SLOT_MINUTES)
        slots.update(s % SLOTS_PER_WEEK for s in range(first, last))
    return sorted(slots)
