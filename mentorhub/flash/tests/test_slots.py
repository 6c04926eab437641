"""One-off sessions: a mentor's open slots, booked once, closed after the session."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_person
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.flash.models import Challenge, OpenSlot, Outcome
from mentorhub.flash.services import close_due_challenges, resolve_challenge
from mentorhub.flash.slots import book_slot, open_slots, publish_slot, withdraw_slot
from mentorhub.flash.tests.conftest import describe, mentorship_of
from mentorhub.meetings.models import Meeting
from mentorhub.mentorships.models import Status
from mentorhub.programs.services import create_program, enroll, set_program_status
from mentorhub.tests import api_as


def _soon(hours: int = 48):
    return (timezone.now() + timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def slot(scenario, flash) -> OpenSlot:
    return publish_slot(scenario.mona, flash.mentor, _soon(), 45)


def test_booking_makes_a_challenge_an_active_mentorship_and_a_meeting(scenario, flash, slot):
    challenge = book_slot(scenario.max, slot, "Feedback on my conference abstract")
    mentorship = mentorship_of(challenge)
    assert mentorship.status == Status.ACTIVE
    [meeting] = Meeting.objects.filter(mentorship=mentorship)
    assert meeting.starts_at == slot.starts_at and meeting.duration_minutes == 45
    assert meeting.video_url.startswith("https://")
    assert challenge.state == "in progress" and challenge.due_at == slot.ends_at
    slot.refresh_from_db()
    assert slot.booked_by == scenario.max and slot.challenge == challenge
    assert list(open_slots(flash.program)) == []


def test_it_closes_after_the_session_and_asks_the_one_question(scenario, slot):
    challenge = book_slot(scenario.max, slot, "Abstract")
    assert close_due_challenges(slot.ends_at - timedelta(minutes=1)) == 0
    assert close_due_challenges(slot.ends_at + timedelta(minutes=1)) == 1
    challenge.refresh_from_db()
    assert challenge.closed_reason == "Session held."
    assert mentorship_of(challenge).status == Status.COMPLETED
    assert resolve_challenge(scenario.max, challenge, Outcome.RESOLVED).outcome == "resolved"


def test_a_slot_is_booked_once(scenario, flash, slot):
    book_slot(scenario.max, slot, "Abstract")
    other = make_person(scenario.org, "Olga Other", level=2)
    enroll(other, flash.program, "mentee", "")
    with pytest.raises(IllegalTransition, match="Someone booked this slot"):
        book_slot(other, slot, "Mine too")


def test_booking_with_an_open_challenge_is_refused_and_leaves_the_slot_free(scenario, flash, slot):
    describe(scenario, flash)
    with pytest.raises(InvalidInput, match="already have an open challenge"):
        book_slot(scenario.max, slot, "Abstract")
    slot.refresh_from_db()
    assert not slot.is_booked and Challenge.objects.count() == 1


def test_a_topic_is_one_line(scenario, slot):
    with pytest.raises(InvalidInput) as refused:
        book_slot(scenario.max, slot, " ")
    assert "topic" in refused.value.field_errors


def test_overlapping_slots_are_refused(scenario, flash, slot):
    with pytest.raises(InvalidInput, match="overlaps"):
        publish_slot(scenario.mona, flash.mentor, slot.starts_at + timedelta(minutes=30), 30)
    later = publish_slot(scenario.mona, flash.mentor, slot.ends_at, 30)
    assert later.starts_at == slot.ends_at


@pytest.mark.parametrize(
    ("hours", "minutes", "field"),
    [(-1, 45, "starts_at"), (24 * 70, 45, "starts_at"), (48, 5, "duration_minutes")],
)
def test_slot_times_are_checked(scenario, flash, hours, minutes, field):
    with pytest.raises(InvalidInput) as refused:
        publish_slot(scenario.mona, flash.mentor, _soon(hours), minutes)
    assert field in refused.value.field_errors


def test_only_mentors_offer_their_own_time(scenario, flash):
    with pytest.raises(NotAllowed):
        publish_slot(scenario.max, flash.mentor, _soon(), 45)
    with pytest.raises(InvalidInput, match="as a mentor"):
        publish_slot(scenario.max, flash.mentee, _soon(), 45)


def test_a_booked_slot_cannot_be_withdrawn(scenario, slot):
    book_slot(scenario.max, slot, "Abstract")
    slot.refresh_from_db()
    with pytest.raises(IllegalTransition):
        withdraw_slot(scenario.mona, slot)
    other = publish_slot(scenario.mona, slot.mentor, _soon(72), 30)
    with pytest.raises(NotAllowed):
        withdraw_slot(scenario.max, other)
    withdraw_slot(scenario.mona, other)
    assert not OpenSlot.objects.filter(pk=other.pk).exists()


def test_web_offer_and_book(scenario, flash):
    mona, max_ = scenario.client_for(scenario.mona), scenario.client_for(scenario.max)
    start = timezone.localtime(_soon()).strftime("%Y-%m-%dT%H:%M")
    mona.post(f"/programs/{flash.program.pk}/slots/", {"starts_at": start, "duration_minutes": 30})
    slot = OpenSlot.objects.get()
    assert "Book a one-off session" in max_.get(f"/programs/{flash.program.pk}/").text
    booked = max_.post(f"/slots/{slot.pk}/book/", {"topic": "Abstract"})
    challenge = Challenge.objects.get()
    assert booked.url == f"/challenges/{challenge.pk}/"
    assert "booked by Max Mentee" in mona.get(f"/programs/{flash.program.pk}/").text


def test_api_offer_list_and_book(scenario, flash):
    created = api_as(scenario.mona).post(
        "/slots",
        {"program": flash.program.pk, "starts_at": _soon().isoformat(), "duration_minutes": 30},
    )
    assert created.status_code == 201, created.json()
    listed = api_as(scenario.max).get("/slots", program=flash.program.pk).json()
    assert [s["id"] for s in listed] == [created.json()["id"]]
    booked = api_as(scenario.max).post(f"/slots/{listed[0]['id']}/book", {"topic": "Abstract"})
    assert booked.status_code == 200 and booked.json()["state"] == "in progress"
    again = api_as(scenario.max).post(f"/slots/{listed[0]['id']}/book", {"topic": "Again"})
    assert again.status_code == 409


def test_outsiders_do_not_see_slots(scenario, slot):
    assert (
        api_as(scenario.charlie).post(f"/slots/{slot.pk}/book", {"topic": "x"}).status_code == 404
    )


RACERS = 6


@pytest.fixture
def race(transactional_db):
    from mentorhub.people.models import Role
    from mentorhub.people.services import create_organization

    org = create_organization("Race Inc", "race")
    admin = make_person(org, "Ada Admin", Role.ADMIN, level=9)
    program = create_program(
        admin,
        {"name": "Flash race", "approach": "situational", "matching_mode": "self_service"}
        | {"evergreen": True},
    )
    set_program_status(admin, program, "open")
    program.refresh_from_db()
    mentor = make_person(org, "Mira Mentor", level=7)
    slot = publish_slot(mentor, enroll(mentor, program, "mentor", capacity=5), _soon(), 30)
    mentees = []
    for i in range(RACERS):
        mentee = make_person(org, f"Mentee {i}", level=2)
        enroll(mentee, program, "mentee", "")
        mentees.append(mentee)
    return slot, mentees


def test_two_mentees_racing_for_one_slot_one_wins(race):
    slot, mentees = race
    barrier = threading.Barrier(len(mentees))
    won: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def book(person) -> None:
        try:
            barrier.wait()
            book_slot(person, OpenSlot.objects.get(pk=slot.pk), f"Topic of {person.full_name}")
            won.append(person.pk)
        except IllegalTransition as exc:
            refused.append(exc.message)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(m,)) for m in mentees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(won) == 1 and len(refused) == len(mentees) - 1
    assert Challenge.objects.count() == 1 and Meeting.objects.count() == 1
    assert OpenSlot.objects.get(pk=slot.pk).booked_by_id == won[0]
