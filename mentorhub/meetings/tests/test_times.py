"""Series and proposed times keep each person's wall clock right across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from mentorhub.meetings.times import occurrences, proposed_times

NEW_YORK, BERLIN = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")
TOKYO, LOS_ANGELES = ZoneInfo("Asia/Tokyo"), ZoneInfo("America/Los_Angeles")


def test_weekly_series_keeps_organizer_local_time_across_march_change():
    # GIVEN a 09:00 New York meeting on 3 March 2026; US clocks change on 8 March
    first = datetime(2026, 3, 3, 9, tzinfo=NEW_YORK)
    # WHEN it repeats weekly four times
    starts = occurrences(first, "America/New_York", "weekly", count=4)
    # THEN it stays at 09:00 in New York, and moves an hour earlier in UTC
    assert [s.astimezone(NEW_YORK).time() for s in starts] == [time(9)] * 4
    assert [s.hour for s in starts] == [14, 13, 13, 13]
    assert all(s.tzinfo == UTC for s in starts)


def test_member_in_berlin_sees_the_shift_until_europe_changes_too():
    first = datetime(2026, 3, 3, 9, tzinfo=NEW_YORK)
    starts = occurrences(first, "America/New_York", "weekly", count=5)
    # Berlin changes on 29 March: for three weeks the gap is 5 hours, not 6.
    berlin = [s.astimezone(BERLIN).strftime("%d %H:%M") for s in starts]
    assert berlin == ["03 15:00", "10 14:00", "17 14:00", "24 14:00", "31 15:00"]


def test_biweekly_series_stops_at_until_date():
    first = datetime(2026, 3, 3, 9, tzinfo=NEW_YORK)
    starts = occurrences(first, "America/New_York", "biweekly", until=date(2026, 4, 1))
    assert [s.astimezone(NEW_YORK).day for s in starts] == [3, 17, 31]


def test_monthly_series_keeps_day_or_last_day_of_month():
    first = datetime(2026, 1, 31, 18, tzinfo=TOKYO)
    starts = occurrences(first, "Asia/Tokyo", "monthly", count=3)
    assert [s.astimezone(TOKYO).date() for s in starts] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]


def test_series_is_capped():
    first = datetime(2026, 1, 5, 9, tzinfo=UTC)
    assert len(occurrences(first, "UTC", "weekly", count=500)) == 52


def test_proposals_for_members_17_hours_apart_follow_los_angeles_dst():
    # GIVEN Tokyo is free Tuesday 08:00–10:00 and Los Angeles Monday 16:00–18:00 (local)
    tokyo = ("Asia/Tokyo", ((1, 8 * 60, 10 * 60),))
    los_angeles = ("America/Los_Angeles", ((0, 16 * 60, 18 * 60),))
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    # WHEN an hour is sought for both
    starts = proposed_times([tokyo, los_angeles], 60, now)
    # THEN before LA's change (8 March) only 16:00 LA / 09:00 Tokyo fits; after it 08:00 Tokyo
    assert starts[:2] == [datetime(2026, 3, 3, 0, tzinfo=UTC), datetime(2026, 3, 9, 23, tzinfo=UTC)]
    assert [s.astimezone(LOS_ANGELES).hour for s in starts[:2]] == [16, 16]
    assert [s.astimezone(TOKYO).hour for s in starts[:2]] == [9, 8]


def test_proposals_need_the_whole_meeting_length_free():
    a = ("UTC", ((2, 10 * 60, 11 * 60),))
    b = ("UTC", ((2, 10 * 60, 12 * 60),))
    now = datetime(2026, 3, 2, tzinfo=UTC)
    assert proposed_times([a, b], 90, now) == []
    assert proposed_times([a, b], 60, now)[0] == datetime(2026, 3, 4, 10, tzinfo=UTC)


def test_no_proposals_in_the_past_or_without_availability():
    a = ("UTC", ((0, 9 * 60, 10 * 60),))
    assert proposed_times([a, ("UTC", ())], 30, datetime(2026, 3, 2, tzinfo=UTC)) == []
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert proposed_times([a], 30, now)[0] == datetime(2026, 3, 9, 9, tzinfo=UTC)


def test_los_angeles_series_seen_from_tokyo_moves_an_hour_earlier():
    # Tokyo has no DST; 17:00 in LA is 10:00 next day in Tokyo, then 09:00 after 8 March.
    first = datetime(2026, 3, 2, 17, tzinfo=LOS_ANGELES)
    starts = occurrences(first, "America/Los_Angeles", "weekly", count=2)
    assert [s.astimezone(LOS_ANGELES).hour for s in starts] == [17, 17]
    assert [s.astimezone(TOKYO).strftime("%a %H:%M") for s in starts] == ["Tue 10:00", "Tue 09:00"]
