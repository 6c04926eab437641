"""Meeting times: series occurrences at a fixed wall-clock time, and proposed free times."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorhub.matching.engine.timeplace import SLOT_MINUTES, utc_slots, week_start, zone

MAX_OCCURRENCES = 52
Weekly = tuple[tuple[int, int, int], ...]  # (weekday, start minute, end minute), local time


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def occurrences(
    first: datetime,
    zone_name: str,
    frequency: str,
    count: int | None = None,
    until: date | None = None,
) -> list[datetime]:
    """Start times (UTC) of a series: the same local date step and wall-clock time each time.

    Stepping on local dates, not UTC, is what keeps a 09:00 New York meeting at 09:00 after
    the clocks change (it moves by an hour in UTC and in every other member's zone).
    """
    tz = zone(zone_name) or ZoneInfo("UTC")
    local = first.astimezone(tz)
    wall, day = local.timetz().replace(tzinfo=None), local.date()
    limit = min(count or MAX_OCCURRENCES, MAX_OCCURRENCES)
    starts: list[datetime] = []
    for index in range(limit):
        if frequency == "monthly":
            on = _add_months(day, index)
        else:
            on = day + timedelta(weeks=index * (2 if frequency == "biweekly" else 1))
        if until is not None and on > until:
            break
        starts.append(datetime.combine(on, wall, tz).astimezone(UTC))
    return starts


def weekly_windows(slots: Iterable[tuple[int, time, time]]) -> Weekly:
    return tuple((day, s.hour * 60 + s.minute, e.hour * 60 + e.minute) for day, s, e in slots)


def proposed_times(
    members: Sequence[tuple[str, Weekly]],
    minutes: int,
    now: datetime,
    limit: int = 5,
    weeks: int = 3,
) -> list[datetime]:
    """The next `limit` starts (UTC) within `weeks` when every member is free for `minutes`.

    Each member's weekly windows are placed on the real dates of each week in their own
    zone (so DST changes on either side are right), then intersected as UTC slots.
    """
    if not members:
        return []
    needed = -(-minutes // SLOT_MINUTES)
    origin_day = week_start(now.astimezone(UTC).date())
    found: list[datetime] = []
    for week in range(weeks + 1):
        monday = origin_day + timedelta(weeks=week)
        free = set.intersection(*(set(utc_slots(w, z, monday)) for z, w in members))
        origin = datetime.combine(monday, time(0), UTC)
        taken_until = -1
        for slot in sorted(free):
            if slot < taken_until:
                continue  # offer distinct times, not every half hour of one long window
            start = origin + timedelta(minutes=slot * SLOT_MINUTES)
            if start <= now or start > now + timedelta(weeks=weeks):
                continue
            if all(slot + k in free for k in range(needed)):
                found.append(start)
                taken_until = slot + needed
                if len(found) >= limit:
                    return found
    return found
