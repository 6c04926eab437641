"""The demo's circles: two new-manager circles (one mentee left one) and a circle of peers.

Played after the check-ins of the other stories, through the domain actions, then dated
back to their days in the story. Each circle draws from its own generator.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from mentorhub.demo.activity import Span, play_activity
from mentorhub.demo.feedback import both_ways
from mentorhub.demo.timeline import Timeline
from mentorhub.errors import DomainError
from mentorhub.feedback.models import CheckIn, CheckInAnswer, ExpectationAlert
from mentorhub.feedback.schedule import open_due_checkins
from mentorhub.feedback.services import Answer, answer_checkin
from mentorhub.mentorships.circles import leave_circle, propose_circle
from mentorhub.mentorships.goals import add_goal, comment_on_goal
from mentorhub.mentorships.models import Departure, Goal, Member, Mentorship
from mentorhub.mentorships.peer import set_exchange
from mentorhub.mentorships.services import accept_mentorship, check_pairable
from mentorhub.messaging.services import post_message
from mentorhub.people.models import Organization, Person
from mentorhub.programs.models import Enrollment, Program

# (mentees, days ago it was proposed); the first circle loses a mentee along the way.
GROUP_CIRCLES = ((4, 55.0), (3, 48.0))
PEER_CIRCLE = (3, 45.0)
OWN_GOALS = (
    "Hold a first skip-level meeting",
    "Give one piece of hard feedback well",
    "Hire for my first open role",
    "Stop doing my old job on the side",
)
COMMENTS = (
    "You handled that so calmly in the last session; the script idea really worked.",
    "Proud of you for this one. Tell us how the follow-up goes!",
    "I tried your approach with my team too; it helped.",
)
GROUP_MESSAGES = (
    "Before Thursday: bring one situation from this fortnight, even a small one.",
    "Sharing the one-to-one template we discussed; adapt as you like.",
)
LEAVING = "I'm moving to a specialist role and won't manage a team after all; thank you all."
CONTENT = Answer(4, "fortnightly", "fortnightly", 4, "yes", "A good circle; I learn from everyone.")


def play_circles(clock: Timeline, organization: Organization) -> None:
    programs = Program.objects.filter(organization=organization)
    group = programs.get(approach="group")
    for number, (size, proposed) in enumerate(GROUP_CIRCLES):
        rng = random.Random(group.pk * 7349 + number)
        circle = _form(clock, group, size, proposed, rng)
        if circle is not None:
            _circle_life(clock, circle, proposed - 2, rng, leaves=number == 0)
    peers = programs.get(approach="peer")
    rng = random.Random(peers.pk * 7349)
    circle = _form(clock, peers, *PEER_CIRCLE, rng)
    if circle is not None:
        _peer_life(clock, circle, PEER_CIRCLE[1] - 2, rng)
    _answer_checkins(clock, organization)


def _free(program: Program, role: str) -> list[Enrollment]:
    enrollments = program.enrollments.filter(role=role, load=0).select_related("person")
    return list(enrollments.order_by("pk"))


def _pick(program: Program, lead: list[Enrollment], pool: list[Enrollment], size: int):
    """`size` of the pool who may sit with the lead and with each other (the circle rules)."""
    chosen = list(lead)
    for candidate in pool:
        if len(chosen) - len(lead) == size:
            break
        try:
            check_pairable(program, [*chosen, candidate])
        except DomainError:
            continue
        chosen.append(candidate)
    return chosen if len(chosen) - len(lead) == size else None


def _form(
    clock: Timeline, program: Program, size: int, proposed: float, rng: random.Random
) -> Mentorship | None:
    manager = program.managers.first()
    assert manager is not None, "every demo program has a manager"
    if program.approach_rules.is_mutual:
        pool = _free(program, "peer")
        rng.shuffle(pool)
        chosen = _pick(program, [], pool, size)
    else:
        mentors, mentees = _free(program, "mentor"), _free(program, "mentee")
        rng.shuffle(mentees)
        chosen = _pick(program, mentors[:1], mentees, size) if mentors else None
    if chosen is None:
        return None
    circle = propose_circle(manager, program, chosen)
    clock.settle(proposed, circle)
    accepted = proposed - rng.uniform(0.5, 2)
    for member in circle.members.select_related("person"):
        accept_mentorship(member.person, circle)
    clock.settle(accepted)
    Mentorship.objects.filter(pk=circle.pk).update(
        created_at=clock.at(proposed), activated_at=clock.at(accepted)
    )
    Member.objects.filter(mentorship=circle).update(accepted_at=clock.at(accepted))
    return Mentorship.objects.select_related("program").get(pk=circle.pk)  # now active


def _members(circle: Mentorship) -> list[Person]:
    ordered = circle.members.select_related("person").order_by("role", "person__full_name")
    return [m.person for m in ordered]


def _circle_life(
    clock: Timeline, circle: Mentorship, started: float, rng: random.Random, leaves: bool
) -> None:
    """Meetings, messages and the shared goal; each mentee's own goal; a comment; a leaver."""
    members = _members(circle)
    mentor, mentees = members[0], members[1:]
    welcome = post_message(mentor, circle, rng.choice(GROUP_MESSAGES))
    clock.settle(started - 0.5, welcome)
    play_activity(clock, circle, Span(started, None))
    last_activity = Mentorship.objects.get(pk=circle.pk).last_activity_at
    own: list[Goal] = []
    for mentee, title in zip(mentees, rng.sample(OWN_GOALS, len(mentees)), strict=False):
        own.append(add_goal(mentee, circle, title, owner=mentee))
        clock.settle(started - 4, own[-1])
    peer, goal = mentees[-1], own[0]
    comment = comment_on_goal(peer, goal, rng.choice(COMMENTS))
    clock.settle(started - 20, comment)
    if leaves:
        departure = leave_circle(mentees[1], circle, LEAVING)
        clock.settle(18)
        Departure.objects.filter(pk=departure.pk).update(left_at=clock.at(18))
    Mentorship.objects.filter(pk=circle.pk).update(last_activity_at=last_activity)


def _peer_life(clock: Timeline, circle: Mentorship, started: float, rng: random.Random) -> None:
    """Each peer says what they bring and want, then the circle meets and talks."""
    for person in _members(circle):
        offers = person.skills.filter(direction__in=("offers", "both")).select_related("skill")
        seeks = person.skills.filter(direction__in=("seeks", "both")).select_related("skill")
        set_exchange(
            person,
            circle,
            ", ".join(s.skill.name for s in offers[:2]) or "Reviews of each other's work",
            ", ".join(s.skill.name for s in seeks[:2]) or "A fresh view on my projects",
        )
    clock.settle(started - 0.5)
    play_activity(clock, circle, Span(started, None))


def _answer_checkins(clock: Timeline, organization: Organization) -> None:
    """The circles' first check-ins (the others' were played already): peers say both ways."""
    for checkin in open_due_checkins(now=clock.midnight, organization=organization):
        rng = random.Random(checkin.mentorship_id * 104729)
        mentorship = Mentorship.objects.select_related("program").get(pk=checkin.mentorship_id)
        closes_at, before = checkin.closes_at, mentorship.last_activity_at
        # Held open while the answers are played (the demo's today may lie in the past).
        CheckIn.objects.filter(pk=checkin.pk).update(
            opened_at=checkin.due_at, closes_at=timezone.now() + timedelta(days=1)
        )
        checkin.refresh_from_db()
        for member in mentorship.members.select_related("person"):
            said = CONTENT
            if mentorship.program.approach_rules.is_mutual:
                said = both_ways(said, rng)
            answer_checkin(member.person, checkin, said)
        answered = min(checkin.due_at + timedelta(days=rng.uniform(0.5, 4)), clock.at(0.05))
        CheckIn.objects.filter(pk=checkin.pk).update(closes_at=closes_at)
        CheckInAnswer.objects.filter(checkin=checkin).update(answered_at=answered)
        ExpectationAlert.objects.filter(checkin=checkin).update(created_at=answered)
        last = max(filter(None, (before, answered)))
        Mentorship.objects.filter(pk=mentorship.pk).update(last_activity_at=last)
        clock.settle((clock.midnight - answered) / timedelta(days=1))
