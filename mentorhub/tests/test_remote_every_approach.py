"""Every approach works fully remotely: video meetings, each member's own time, messaging.

For each approach, one live mentorship (built once, through the approach's own flow where it
has one) whose members are in Berlin, São Paulo and Tokyo. GIVEN that mentorship, WHEN a
member schedules a video meeting or writes a message, THEN every member gets the link and
sees the time on their own clock, and everyone can talk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentorhub.crisis.services import accept_request, ask_for_help, mark_responder
from mentorhub.errors import InvalidInput
from mentorhub.flash.slots import book_slot, publish_slot
from mentorhub.meetings.models import Meeting
from mentorhub.meetings.services import MeetingPlan, schedule_meeting
from mentorhub.mentorships.agreements import confirm_agreement
from mentorhub.mentorships.circles import propose_circle
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.mentorships.services import accept_mentorship, start_mentorship
from mentorhub.people.models import Person, Role
from mentorhub.people.services import add_person, create_organization
from mentorhub.programs.applications import acknowledge_guidelines, approve_application
from mentorhub.programs.approaches import APPROACHES, EnrollmentRole, approach_of
from mentorhub.programs.models import Enrollment, Program
from mentorhub.programs.services import (
    create_program,
    enroll,
    set_program_status,
    update_matching_settings,
)

pytestmark = pytest.mark.django_db

BERLIN, SAO_PAULO, TOKYO = "Europe/Berlin", "America/Sao_Paulo", "Asia/Tokyo"


@dataclass
class Remote:
    approach: str
    program: Program
    mentorship: Mentorship
    manager: Person
    members: list[Person]
    booked: Meeting | None  # the meeting the approach's own flow booked, if it books one


def _person(org, name: str, zone: str, level: int, role: str = Role.MEMBER) -> Person:
    # No password: tests sign in with force_login, and hashing would slow the module down.
    email = f"{name.lower()}@{org.slug}.example"
    return add_person(None, org, email, name, role, timezone=zone, level=level, languages=["en"])


def _enroll(person: Person, program: Program, role: str, manager: Person) -> Enrollment:
    capacity = 3 if role == EnrollmentRole.MENTOR else None
    enrollment = enroll(person, program, role, "Learn from someone far away", capacity=capacity)
    rules = program.approach_rules
    if rules.approves_applications:
        enrollment = approve_application(manager, enrollment)
    if rules.acknowledges_guidelines:
        acknowledge_guidelines(person, enrollment)
    return enrollment


def _soon(days: int = 3) -> datetime:
    start = timezone.now() + timedelta(days=days)
    return start.replace(hour=13, minute=0, second=0, microsecond=0)


def _build(key: str) -> Remote:
    rules = approach_of(key)
    org = create_organization(f"Remote {key}", f"remote-{key}")
    manager = _person(org, "Pia", TOKYO, 7, Role.PROGRAM_MANAGER)
    # Reverse mentoring: the mentor is the junior one.
    mentor_level, mentee_level = (2, 8) if rules.mentor_less_senior else (6, 2)
    berlin = _person(org, "Bertha", BERLIN, mentor_level)
    sao_paulo = _person(org, "Sergio", SAO_PAULO, mentee_level)
    tokyo = _person(org, "Tomoko", TOKYO, mentee_level)
    program = create_program(
        manager,
        {
            "name": f"Remote {rules.label}",
            "approach": key,
            "matching_mode": "self_service" if rules.challenges else "admin",
            "starts_on": date(2026, 1, 1),
            "ends_on": date(2027, 12, 31),
        },
    )
    program = update_matching_settings(manager, program, {"circle_min_size": 2})
    program = set_program_status(manager, program, "open")
    booked = None
    mentorship: Mentorship | None
    if rules.forms_circles:
        roles = [r for r in rules.roles for _ in range(1 if r == EnrollmentRole.MENTOR else 2)]
        people = [berlin, sao_paulo, tokyo]
        if rules.is_mutual:
            roles = [EnrollmentRole.PEER] * 3
        enrollments = [_enroll(p, program, r, manager) for p, r in zip(people, roles, strict=True)]
        mentorship = propose_circle(manager, program, enrollments)
        for person in people:
            accept_mentorship(person, mentorship)
    elif rules.challenges:  # flash: the mentee books the mentor's one-off slot
        mentor = _enroll(berlin, program, EnrollmentRole.MENTOR, manager)
        _enroll(sao_paulo, program, EnrollmentRole.MENTEE, manager)
        slot = publish_slot(berlin, mentor, _soon(2), 45)
        challenge = book_slot(sao_paulo, slot, "Pricing model sanity check")
        mentorship = challenge.mentorship
        booked = Meeting.objects.get(mentorship=mentorship)
    elif rules.private_participants:  # crisis: a responder accepts a request for help
        responder = _enroll(berlin, program, EnrollmentRole.MENTOR, manager)
        mark_responder(manager, responder, date(2026, 1, 10), on_call=True)
        request = ask_for_help(sao_paulo, program, "A very hard week; I need to talk.")
        mentorship = accept_request(berlin, request).mentorship
    else:
        mentor = _enroll(berlin, program, EnrollmentRole.MENTOR, manager)
        mentee = _enroll(sao_paulo, program, EnrollmentRole.MENTEE, manager)
        mentorship = start_mentorship(manager, program, mentor, mentee)
    assert mentorship is not None
    mentorship = Mentorship.objects.get(pk=mentorship.pk)
    members = [m.person for m in mentorship.members.select_related("person").order_by("pk")]
    if rules.requires_agreement:
        for person in members:
            confirm_agreement(person, mentorship)
    return Remote(key, program, mentorship, manager, members, booked)


@pytest.fixture(scope="module", params=sorted(APPROACHES))
def remote(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build(request.param)
        transaction.set_rollback(True)


def _client(client, person: Person):
    client.force_login(person.user)
    return client


def _local(moment: datetime, zone: str) -> str:
    """As the pages and emails write it ("l j F Y, H:i"), on that zone's clock."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


def test_the_mentorship_is_live_and_spans_time_zones(remote):
    assert remote.mentorship.status == Status.ACTIVE
    assert len({p.timezone for p in remote.members}) == len(remote.members) >= 2


def test_a_video_meeting_invites_everyone_on_their_own_clock(
    remote, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    organizer = remote.members[0]
    plan = MeetingPlan("Remote session", _soon(), 45, generate_video=True)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_meeting(organizer, remote.mentorship, plan)[0]
    run_tasks()
    assert meeting.video_url.startswith(settings.VIDEO_BASE_URL.rstrip("/"))
    invitations = {m.to[0]: m for m in mailoutbox if m.attachments}
    assert set(invitations) == {p.email for p in remote.members}
    for person in remote.members:
        email = invitations[person.email]
        assert f"{_local(meeting.starts_at, person.timezone)} ({person.timezone})" in email.body
        assert meeting.video_url in email.body
        _, ics, _ = email.attachments[0]
        assert f"DTSTART:{meeting.starts_at:%Y%m%dT%H%M%S}Z" in ics  # UTC: each calendar converts
        assert meeting.video_url in ics


def test_the_meeting_page_shows_each_member_their_own_time(remote, client):
    plan = MeetingPlan("Remote session", _soon(), 45, generate_video=True)
    meeting = schedule_meeting(remote.members[-1], remote.mentorship, plan)[0]
    for person in remote.members:
        page = _client(client, person).get(f"/meetings/{meeting.pk}/").content.decode()
        assert f"{_local(meeting.starts_at, person.timezone)}–" in page
        assert f"({person.timezone})" in page
        assert meeting.video_url in page


def test_every_member_can_message_everyone(remote, client):
    url = f"/mentorships/{remote.mentorship.pk}/messages/"
    for person in remote.members:
        response = _client(client, person).post(url, {"body": f"Hello from {person.timezone}"})
        assert response.status_code in (200, 302)
    for person in remote.members:
        page = _client(client, person).get(url).content.decode()
        assert all(f"Hello from {p.timezone}" in page for p in remote.members)


def test_the_meetings_page_offers_a_video_room_by_default(remote, client):
    page = _client(client, remote.members[-1]).get(f"/mentorships/{remote.mentorship.pk}/meetings/")
    assert '<option value="generate" selected>' in page.content.decode()


def test_the_approach_flow_meets_by_video(remote, client):
    """Flash slots book a meeting with a video room; crisis offers a video call at once."""
    if remote.booked is not None:
        assert remote.booked.video_url
    overview = _client(client, remote.members[-1]).get(f"/mentorships/{remote.mentorship.pk}/")
    offers_now = 'id="talk-by-video"' in overview.content.decode()
    assert offers_now == approach_of(remote.approach).private_participants


@pytest.mark.parametrize("remote", ["situational"], indirect=True)
def test_a_clashing_flash_slot_is_named_on_the_mentors_clock(remote):
    mentor = remote.members[0]
    enrollment = remote.program.enrollments.get(person=mentor)
    slot = publish_slot(mentor, enrollment, _soon(4), 45)
    with pytest.raises(InvalidInput) as refused:
        publish_slot(mentor, enrollment, slot.starts_at + timedelta(minutes=15), 45)
    local = slot.starts_at.astimezone(ZoneInfo(mentor.timezone))
    assert f"{local:%Y-%m-%d %H:%M} ({mentor.timezone})" in str(refused.value)
