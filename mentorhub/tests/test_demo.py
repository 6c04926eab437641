"""The demo organization: big and believable, and never breaking the rules it shows off.

It is built once for the whole module (a few seconds) and rolled back at the end.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations

import pytest
from django.db import transaction
from django.db.models import Count, Q

from mentorhub.audit.models import AuditEvent
from mentorhub.careers.models import CareerPlan, GoalSkill, Introduction, IntroStatus
from mentorhub.crisis.coverage import week_coverage
from mentorhub.crisis.models import CrisisRequest, EmergencyContact, RequestStatus, Responder
from mentorhub.demo import DEMO_LOGINS, DEMO_PASSWORD, DEMO_SEED
from mentorhub.demo.build import build_demo, delete_demo
from mentorhub.demo.people import plan_people
from mentorhub.feedback.models import CheckInAnswer
from mentorhub.feedback.schedule import open_due_checkins
from mentorhub.feedback.tasks import ask_meeting_feedback
from mentorhub.journal.models import JournalEntry, WellbeingAnswer
from mentorhub.mentorships.models import Goal, Mentorship, Nudge, Status
from mentorhub.mentorships.nudges import record_quiet_spells, send_nudges
from mentorhub.mentorships.services import expire_stale
from mentorhub.people.models import Organization, Person, Role
from mentorhub.people.orgchart import in_management_chain
from mentorhub.programs.approaches import ApproachKey
from mentorhub.programs.models import Enrollment, Program

TODAY = date(2026, 3, 2)
MIDNIGHT = datetime.combine(TODAY, time.min, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        org = build_demo(seed=DEMO_SEED, today=TODAY)
        yield org
        transaction.set_rollback(True)


def _login(email: str) -> Person:
    return Person.objects.select_related("user").get(email=email)


def test_demo_has_about_300_people_in_one_org_chart(demo):
    people = list(Person.objects.filter(organization=demo).select_related("manager"))
    assert 280 <= len(people) <= 320
    assert [p.title for p in people if p.manager is None] == ["Chief Executive Officer"]
    assert all(p.manager.level > p.level for p in people if p.manager)


def test_demo_people_are_varied(demo):
    people = Person.objects.filter(organization=demo)
    assert people.values("department").distinct().count() >= 10
    assert people.values("timezone").distinct().count() >= 10
    languages = {code for person in people for code in person.languages}
    assert {"en", "de", "fr", "es", "pt-br", "ja", "hi", "pl", "nl"} <= languages
    assert people.filter(skills__direction="offers").distinct().count() > 100
    assert people.filter(skills__direction="seeks").distinct().count() > 100
    assert people.annotate(slots=Count("availability")).filter(slots=0).count() == 0


def test_demo_runs_programs_of_every_approach_in_different_stages(demo):
    programs = Program.objects.filter(organization=demo)
    assert set(programs.values_list("approach", flat=True)) == set(ApproachKey.values)
    assert set(programs.values_list("status", flat=True)) == {"open", "running", "finished"}
    assert all(p.guidelines and p.resources.exists() for p in programs)


def test_demo_every_approach_has_a_live_program_with_active_mentorships_and_activity(demo):
    live = Mentorship.objects.filter(
        program__organization=demo,
        program__status__in=["open", "running"],
        status=Status.ACTIVE,
        last_activity_at__isnull=False,
    )
    assert set(live.values_list("program__approach", flat=True)) == set(ApproachKey.values)
    careers = live.filter(program__approach=ApproachKey.CAREER)
    assert CareerPlan.objects.filter(mentorship__in=careers).count() == careers.count()
    assert GoalSkill.objects.filter(goal__mentorship__in=careers).exists()
    assert Introduction.objects.filter(mentorship__in=careers, status=IntroStatus.PENDING)


def test_demo_first_start_sends_nothing_about_the_past(demo):
    quiet = Nudge.objects.filter(mentorship__program__organization=demo)
    assert quiet.exists() and not quiet.filter(sent_at__isnull=True).exists()
    assert all(n.sent_at and n.sent_at < MIDNIGHT for n in quiet)
    assert open_due_checkins(now=MIDNIGHT, organization=demo) == []
    assert record_quiet_spells(MIDNIGHT) == 0 and send_nudges(MIDNIGHT) == 0
    assert ask_meeting_feedback(now=MIDNIGHT) == 0


def test_demo_has_mentorships_in_every_typical_state(demo):
    statuses = Counter(
        Mentorship.objects.filter(program__organization=demo).values_list("status", flat=True)
    )
    assert statuses[Status.ACTIVE] >= 1
    for status in (Status.PROPOSED, Status.REQUESTED, Status.DECLINED, Status.COMPLETED):
        assert statuses[status] >= 1, status
    closed = Mentorship.objects.filter(
        program__organization=demo, status__in=[Status.COMPLETED, Status.CLOSED_EARLY]
    )
    assert all(m.closure_mode and m.reason and m.ended_at for m in closed)


def test_no_mentorship_pairs_people_in_one_management_chain(demo):
    mentorships = Mentorship.objects.filter(program__organization=demo).prefetch_related(
        "members__person"
    )
    for mentorship in mentorships:  # every two people of a circle, too
        people = [member.person for member in mentorship.members.all()]
        for a, b in combinations(people, 2):
            assert not in_management_chain(a, b), mentorship


def test_no_enrollment_carries_more_than_its_capacity(demo):
    enrollments = Enrollment.objects.filter(program__organization=demo).annotate(
        active=Count("members", filter=Q(members__mentorship__status=Status.ACTIVE))
    )
    assert all(e.load <= e.capacity for e in enrollments)
    assert all(e.load == e.active for e in enrollments)


def test_every_demo_login_signs_in_with_the_demo_password(demo, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    for login in DEMO_LOGINS:
        person = _login(login.email)
        assert person.full_name == login.full_name
        assert person.user.check_password(DEMO_PASSWORD)
    assert _login(DEMO_LOGINS[0].email).role == Role.ADMIN
    assert _login(DEMO_LOGINS[1].email).role == Role.PROGRAM_MANAGER


def test_demo_mentor_and_mentee_have_something_going_on(demo):
    mentor, mentee = _login(DEMO_LOGINS[2].email), _login(DEMO_LOGINS[3].email)
    mentor_statuses = set(
        Mentorship.objects.filter(members__person=mentor).values_list("status", flat=True)
    )
    assert Status.ACTIVE in mentor_statuses
    # a proposal the mentee already accepted waits on him as a request
    assert mentor.memberships.filter(
        mentorship__status__in=[Status.PROPOSED, Status.REQUESTED], accepted_at__isnull=True
    ).exists()
    assert Mentorship.objects.filter(members__person=mentee, status=Status.ACTIVE).exists()


def test_demo_story_is_in_the_audit_log_and_in_the_past(demo):
    events = AuditEvent.objects.filter(organization=demo)
    verbs = set(events.values_list("verb", flat=True))
    assert {"person.added", "program.created", "enrollment.created"} <= verbs
    assert {"mentorship.proposed", "mentorship.activated", "mentorship.declined"} <= verbs
    assert not events.filter(created_at__gte=MIDNIGHT).exists()


def test_demo_has_live_circles_with_goals_a_comment_and_a_leaver(demo):
    circles = Mentorship.objects.filter(
        program__organization=demo, program__approach="group", status=Status.ACTIVE
    ).annotate(size=Count("members"))
    assert circles and all(c.size >= 4 for c in circles)
    circle = circles.filter(departures__isnull=False).get()
    assert circle.goals.filter(owner__isnull=True).exists()
    assert circle.goals.filter(owner__isnull=False).count() >= 3
    assert circle.goals.filter(comments__isnull=False).exists()
    assert circle.messages.values("author").distinct().count() >= 2
    assert circle.meetings.exists()
    left = circle.departures.get()
    assert not circle.members.filter(person=left.person).exists()


def test_demo_peer_circle_says_what_each_gives_and_takes(demo):
    circle = (
        Mentorship.objects.filter(program__organization=demo, program__approach="peer")
        .annotate(size=Count("members"))
        .get(size=3)
    )
    assert all(m.offers and m.seeks for m in circle.members.all())
    answers = CheckInAnswer.objects.filter(checkin__mentorship__program=circle.program)
    assert answers.exists() and not answers.filter(received__isnull=True).exists()


def test_pending_demo_proposals_do_not_expire_on_first_start(demo):
    assert expire_stale(now=MIDNIGHT) == 0


def test_same_seed_plans_the_same_people():
    first = [(p.full_name, p.email, p.title) for p in plan_people(DEMO_SEED, TODAY)]
    again = [(p.full_name, p.email, p.title) for p in plan_people(DEMO_SEED, TODAY)]
    other = [(p.full_name, p.email, p.title) for p in plan_people(DEMO_SEED + 1, TODAY)]
    assert first == again
    assert first != other


def test_building_again_with_the_same_seed_gives_the_same_people(demo):
    def names_and_emails() -> list[tuple[str, str]]:
        org = Organization.objects.get(slug="demo")
        return sorted(Person.objects.filter(organization=org).values_list("full_name", "email"))

    built = names_and_emails()
    assert delete_demo()
    assert not Organization.objects.filter(slug="demo").exists()
    build_demo(seed=DEMO_SEED, today=TODAY)
    assert names_and_emails() == built


def _live_or_finished(demo) -> list[Mentorship]:
    return list(
        Mentorship.objects.filter(program__organization=demo, activated_at__isnull=False)
        .select_related("program")
        .prefetch_related("meetings")
    )


def test_demo_mentorships_met_while_they_were_live(demo):
    from mentorhub.meetings.models import MeetingNote, MeetingStatus

    mentorships = _live_or_finished(demo)
    assert mentorships
    for mentorship in mentorships:
        held = [m for m in mentorship.meetings.all() if m.status == MeetingStatus.HELD]
        for meeting in held:
            assert meeting.starts_at < (mentorship.ended_at or MIDNIGHT), mentorship
    with_meetings = [m for m in mentorships if m.meetings.all()]
    assert len(with_meetings) >= 0.8 * len(mentorships)
    assert MeetingNote.objects.filter(meeting__mentorship__program__organization=demo).exists()


def test_demo_formal_mentorships_confirmed_their_agreement_before_meeting(demo):
    from mentorhub.mentorships.agreements import agreement_confirmed

    formal = [
        m
        for m in _live_or_finished(demo)
        if m.program.approach == ApproachKey.FORMAL and m.status == Status.ACTIVE
    ]
    assert formal
    assert all(agreement_confirmed(m) for m in formal)


def test_demo_formal_participants_were_approved_and_acknowledged_the_guidelines(demo):
    from mentorhub.programs.applications import guidelines_version

    program = Program.objects.get(organization=demo, approach=ApproachKey.FORMAL)
    enrollments = list(program.enrollments.prefetch_related("acknowledgements"))
    assert enrollments and all(e.status == "active" and e.decided_at for e in enrollments)
    version = guidelines_version(program)
    assert all(
        [a.guidelines_version for a in e.acknowledgements.all()] == [version] for e in enrollments
    )
    assert AuditEvent.objects.filter(organization=demo, verb="enrollment.approved").count() == len(
        enrollments
    )


def test_demo_formal_program_runs_in_stages_its_mentorships_are_in(demo):
    from mentorhub.programs.stages import stage_on, stages_of, started_on

    program = Program.objects.get(organization=demo, name="Leadership Accelerator")
    stages = list(stages_of(program))
    assert len(stages) == 4 and all(s.goal_template and s.resources.all() for s in stages)
    active = program.mentorships.filter(status=Status.ACTIVE)
    assert active
    assert all(stage_on(stages, started_on(m.activated_at) or TODAY, TODAY).current for m in active)
    # The stage goals reached the mentorships already running, due by each one's start.
    first = active.order_by("pk")[0]
    due = dict(first.goals.filter(due_on__isnull=False).values_list("title", "due_on"))
    start = started_on(first.activated_at)
    assert start and due["Know your leadership baseline"] == start + timedelta(weeks=4, days=-1)
    assert due["Deliver your leadership project"] == start + timedelta(weeks=26, days=-1)
    titles = {goal["title"] for stage in stages for goal in stage.goal_template}
    assert all(titles <= set(m.goals.values_list("title", flat=True)) for m in active)


def test_demo_has_busy_and_quiet_active_mentorships(demo):
    active = [m for m in _live_or_finished(demo) if m.status == Status.ACTIVE]
    spans = [(m.activated_at, m.last_activity_at) for m in active]
    assert all(start and last and start <= last <= MIDNIGHT for start, last in spans)
    quiet_days = [(MIDNIGHT - last).days for _, last in spans if last]
    # Most met or planned something lately; a few went quiet past the 21-day nudge.
    assert sum(days <= 2 for days in quiet_days) >= len(active) * 0.6
    assert any(days >= 21 for days in quiet_days)
    upcoming = [m for m in active if any(x.starts_at > MIDNIGHT for x in m.meetings.all())]
    assert len(upcoming) >= len(active) * 0.6


def test_demo_check_ins_show_managers_mostly_content_people_and_a_few_alerts(demo):
    from mentorhub.feedback.models import CheckIn, CheckInAnswer, ClosingSurvey, ExpectationAlert

    checkins = CheckIn.objects.filter(mentorship__program__organization=demo)
    answers = CheckInAnswer.objects.filter(checkin__in=checkins)
    assert checkins.exists()
    assert answers.filter(satisfaction__gte=4).count() > answers.filter(satisfaction__lte=2).count()
    assert ExpectationAlert.objects.filter(checkin__in=checkins).exists()
    assert all(a.answered_at <= MIDNIGHT for a in answers)
    assert ClosingSurvey.objects.filter(mentorship__program__organization=demo).exists()


def test_demo_conversations_are_in_the_past_with_something_left_to_read(demo):
    from mentorhub.messaging.models import Message
    from mentorhub.messaging.unread import unread_counts

    messages = Message.objects.filter(mentorship__program__organization=demo)
    assert messages.count() >= 50
    assert all(m.created_at < MIDNIGHT for m in messages)
    active = Mentorship.objects.filter(program__organization=demo, status=Status.ACTIVE)
    unread = [
        sum(unread_counts(member.person, [m.pk]).values())
        for m in active
        for member in m.members.select_related("person")
    ]
    assert 0 < sum(unread) < len(unread)  # some people have a message waiting, not everyone


# Crisis support


def test_demo_crisis_program_is_set_up(demo):
    program = Program.objects.get(organization=demo, approach="crisis")
    assert program.crisis_settings.safeguarding_lead is not None
    responders = Responder.objects.filter(program=program)
    assert responders.count() >= 3 and all(r.hours.exists() for r in responders)
    gaps = week_coverage(program, "UTC", TODAY).gap_hours
    assert 0 < gaps < 168  # the rota covers much of the week, with gaps to show
    names = list(EmergencyContact.objects.filter(program=program).values_list("name", flat=True))
    assert names[0] == "Local emergency number"


def test_demo_crisis_requests_tell_the_three_stories_in_the_past(demo):
    program = Program.objects.get(organization=demo, approach="crisis")
    requests = list(CrisisRequest.objects.filter(program=program).select_related("mentorship"))
    statuses = sorted(r.status for r in requests)
    assert statuses == [RequestStatus.ACCEPTED, RequestStatus.CLOSED, RequestStatus.CLOSED]
    assert any(r.escalated_at is not None for r in requests)
    assert all(r.created_at < MIDNIGHT for r in requests)
    live = next(r for r in requests if r.status == RequestStatus.ACCEPTED)
    assert live.mentorship is not None and live.mentorship.status == Status.ACTIVE
    assert live.planned_end_on is not None and 0 < (live.planned_end_on - TODAY).days <= 3
    closed = [r for r in requests if r.status == RequestStatus.CLOSED]
    assert all(r.hand_off and r.closed_at and r.closed_at < MIDNIGHT for r in closed)
    assert all(r.mentorship and r.mentorship.status == Status.COMPLETED for r in closed)


# Careers and personal development


def test_career_mentorships_have_plans_with_gaps_and_goals_tied_to_skills(demo):
    plans = CareerPlan.objects.filter(mentorship__program__organization=demo)
    assert plans.count() >= 5
    assert all(p.target_skills.count() >= 2 for p in plans)
    assert GoalSkill.objects.filter(goal__mentorship__program__organization=demo).count() >= 5
    for plan in plans.select_related("mentorship"):
        started, ended = plan.mentorship.activated_at, plan.mentorship.ended_at
        assert started and started <= plan.updated_at <= (ended or MIDNIGHT)


def test_career_introductions_are_mostly_accepted_with_one_waiting(demo):
    intros = Introduction.objects.filter(mentorship__program__organization=demo)
    statuses = set(intros.values_list("status", flat=True))
    assert {IntroStatus.ACCEPTED, IntroStatus.PENDING} <= statuses
    assert intros.filter(status=IntroStatus.PENDING).count() == 1
    assert all(i.created_at < MIDNIGHT for i in intros)
    assert all(
        i.answered_at and i.answered_at >= i.created_at for i in intros.exclude(status="pending")
    )


def test_finished_career_mentorships_are_still_finished(demo):
    statuses = set(
        Mentorship.objects.filter(
            program__organization=demo, program__approach="career", program__status="finished"
        ).values_list("status", flat=True)
    )
    assert Status.ACTIVE not in statuses


def test_personal_program_is_live_with_reflections_and_wellbeing(demo):
    program = Program.objects.get(organization=demo, approach="personal")
    assert program.status == "running"
    assert program.plan.goal_template and "Self-awareness" in program.plan.goal_template[0]["title"]
    live = program.mentorships.filter(status=Status.ACTIVE)
    assert live.count() >= 3
    entries = JournalEntry.objects.filter(mentorship__program=program)
    assert (
        entries.filter(shared_at__isnull=True).exists()
        and entries.filter(shared_at__isnull=False).exists()
    )
    assert all(e.created_at < MIDNIGHT for e in entries)
    assert WellbeingAnswer.objects.filter(checkin__mentorship__program=program).exists()
    assert (
        Goal.objects.filter(mentorship__in=live, title__startswith="Wellbeing").count()
        == live.count()
    )


def test_demo_reverse_mentorships_are_live_and_keep_seniority_flipped(demo):
    program = Program.objects.get(organization=demo, approach="reverse")
    live = Mentorship.objects.filter(program=program, status=Status.ACTIVE)
    assert live.count() >= 3
    for mentorship in live.prefetch_related("members__person"):
        level = {m.role: m.person.level for m in mentorship.members.all()}
        assert level["mentor"] < level["mentee"]


def test_leadership_accelerator_has_a_program_calendar_dated_in_the_story(demo):
    program = Program.objects.get(organization=demo, name="Leadership Accelerator")
    events = list(program.events.order_by("starts_at"))
    assert events[0].title == "Cohort kick-off"
    assert events[0].starts_at < MIDNIGHT < events[1].starts_at  # the kick-off was held
    assert any(e.video_url.startswith("https://") for e in events[1:])
    assert all(e.created_at < MIDNIGHT and e.cancelled_at is None for e in events)
    added = AuditEvent.objects.filter(organization=demo, verb="program_event.added")
    assert added.count() == len(events) == 4
    assert all(a.created_at < MIDNIGHT for a in added)
