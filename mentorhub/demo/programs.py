"""Play the demo's program stories through the real domain actions, so the audit log is real.

Every enrollment, proposal, acceptance, refusal and closing goes through the same service
functions the web and the API use; the timeline then moves each record to its day in the
story (the actions themselves stamp the current time).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from mentorhub.demo.activity import Span, play_activity
from mentorhub.demo.people import PersonPlan, in_sentence
from mentorhub.demo.stories import (
    CLOSED_EARLY,
    COMPLETED,
    COMPLETIONS,
    DECLINED,
    DECLINES,
    EARLY_CLOSINGS,
    MENTEE_GOALS,
    MENTOR_GOALS,
    MENTOR_GOALS_BY_APPROACH,
    NAMED_GOALS,
    PEER_GOALS,
    PROPOSED,
    REQUESTED,
    STORIES,
    Pairing,
    Pick,
    ProgramStory,
)
from mentorhub.demo.timeline import Timeline
from mentorhub.mentorships.models import Member, Mentorship
from mentorhub.mentorships.services import (
    accept_mentorship,
    close_mentorship,
    decline_mentorship,
    propose_mentorship,
    request_mentorship,
)
from mentorhub.people.models import Person
from mentorhub.people.orgchart import in_management_chain
from mentorhub.programs.applications import acknowledge_guidelines, approve_application
from mentorhub.programs.models import Enrollment, Program
from mentorhub.programs.services import (
    create_program,
    enroll,
    set_program_status,
    update_matching_settings,
)

PENDING = (PROPOSED, REQUESTED)


@dataclass
class Cast:
    """The people of the demo, their plans, and the story's random source and clock."""

    people: list[Person]
    plans: dict[int, PersonPlan]  # by person id
    logins: dict[str, Person]
    rng: random.Random
    timeline: Timeline

    @classmethod
    def of(
        cls, people: list[Person], plans: list[PersonPlan], rng: random.Random, timeline: Timeline
    ) -> Cast:
        by_id = {person.pk: plan for person, plan in zip(people, plans, strict=True)}
        logins = {plan.login: person for person, plan in zip(people, plans, strict=True)}
        logins.pop("", None)
        return cls(people, by_id, logins, rng, timeline)

    def is_login(self, person: Person) -> bool:
        return bool(self.plans[person.pk].login)

    def skill(self, person: Person, direction: str) -> str:
        names = [s.name for s in self.plans[person.pk].skills if s.direction in (direction, "both")]
        if not names:
            return "presenting my work" if direction == "seeks" else "getting things unstuck"
        return in_sentence(self.rng.choice(names))

    def goals(self, person: Person, approach: str, role: str) -> str:
        named = NAMED_GOALS.get((self.plans[person.pk].login, approach))
        if named:
            return named
        options: tuple[str, ...]
        if role == "peer":
            options = PEER_GOALS
        elif role == "mentor":
            options = MENTOR_GOALS_BY_APPROACH.get(approach, MENTOR_GOALS)
        else:
            options = MENTEE_GOALS[approach]
        template = self.rng.choice(options)
        return template.format(seek=self.skill(person, "seeks"), offer=self.skill(person, "offers"))


def play_stories(cast: Cast) -> list[Program]:
    return [_play_story(cast, story) for story in STORIES]


def _play_story(cast: Cast, story: ProgramStory) -> Program:
    rng, clock = cast.rng, cast.timeline
    creator = cast.logins[story.creator]
    program = create_program(
        creator,
        _program_fields(story, clock),
        # A program manager who creates a program runs it; the admin names one.
        managers=None if story.creator == "programs" else [cast.logins["programs"]],
        resources=list(story.resources),
    )
    clock.settle(story.created + rng.uniform(0.3, 0.7), program)
    program = update_matching_settings(creator, program, {"matching_questions": DEMO_QUESTIONS})
    program = set_program_status(creator, program, "open")
    clock.settle(story.created - 1 + rng.uniform(0.3, 0.7))
    mentors, mentees, enrolled = _enroll_everyone(cast, story, program)
    seats = {e.pk: e.capacity for e in mentors}
    taken: set[int] = set()
    for pairing in story.pairings:
        pair = _find_pair(cast, story, pairing, mentors, mentees, seats, taken)
        if pair is not None:
            when = _pairing_days(rng, story, pairing.outcome, enrolled, pair)
            _play_pairing(cast, story, program, creator, pairing.outcome, pair, when)
    if story.status in ("running", "finished"):
        start = -story.dates[0] if story.dates else story.created - 30
        program = set_program_status(creator, program, "running")
        clock.settle(start + rng.uniform(0.3, 0.7))
    if story.status == "finished" and story.dates:
        program = set_program_status(creator, program, "finished")
        clock.settle(-story.dates[1] - 1 + rng.uniform(0.3, 0.7))
    return program


def _program_fields(story: ProgramStory, clock: Timeline) -> dict[str, object]:
    fields: dict[str, object] = {
        "name": story.name,
        "description": story.description,
        "approach": story.approach,
        "matching_mode": story.matching_mode,
        "meeting_cadence": story.cadence,
        "guidelines": story.guidelines,
        "evergreen": story.dates is None,
    }
    if story.dates:
        fields["starts_on"] = clock.day(story.dates[0])
        fields["ends_on"] = clock.day(story.dates[1])
    return fields


def _named(story: ProgramStory) -> tuple[list[str], list[str]]:
    mentors = [p.mentor for p in story.pairings if p.mentor]
    mentees = [p.mentee for p in story.pairings if p.mentee]
    mentees += [login for login, role in story.also_enrolled if role == "mentee"]
    mentors += [login for login, role in story.also_enrolled if role != "mentee"]
    return list(dict.fromkeys(mentors)), list(dict.fromkeys(mentees))


def _choose(cast: Cast, pick: Pick, named: list[str], exclude: set[int]) -> list[Person]:
    pool = [p for p in cast.people if not cast.is_login(p) and p.pk not in exclude and pick.who(p)]
    chosen = cast.rng.sample(pool, k=min(pick.count, len(pool)))
    return [cast.logins[key] for key in named] + chosen


def _enroll_everyone(
    cast: Cast, story: ProgramStory, program: Program
) -> tuple[list[Enrollment], list[Enrollment], dict[int, float]]:
    named_mentors, named_mentees = _named(story)
    mentor_role = "peer" if program.approach_rules.is_mutual else "mentor"
    mentor_people = _choose(cast, story.mentors, named_mentors, set())
    mentee_people: list[Person] = []
    if story.mentees is not None:
        exclude = {p.pk for p in mentor_people}
        mentee_people = _choose(cast, story.mentees, named_mentees, exclude)
    early, late = _enrollment_window(story)
    enrolled: dict[int, float] = {}
    groups = ((mentor_people, mentor_role, story.mentors), (mentee_people, "mentee", story.mentees))
    result: tuple[list[Enrollment], list[Enrollment]] = ([], [])
    for (people, role, pick), bucket in zip(groups, result, strict=True):
        for person in people:
            capacity = pick.capacity if pick and role == "mentor" else None
            goals = cast.goals(person, story.approach, role)
            answers = _answers(program, person)
            enrollment = enroll(person, program, role, goals, capacity=capacity, answers=answers)
            enrollment = _admit(cast.logins[story.creator], enrollment)
            enrolled[enrollment.pk] = cast.rng.uniform(late, early)
            cast.timeline.settle(enrolled[enrollment.pk], enrollment)
            bucket.append(enrollment)
    return result[0], result[1], enrolled


def _admit(manager: Person, enrollment: Enrollment) -> Enrollment:
    """Formal programs: the program team approves each applicant, who then acknowledges
    the guidelines, as the story's participants did before their first pairing."""
    rules = enrollment.program.approach_rules
    if rules.approves_applications:
        enrollment = approve_application(manager, enrollment)
    if rules.acknowledges_guidelines:
        acknowledge_guidelines(enrollment.person, enrollment)
    return enrollment


# The questionnaire every demo program asks; its answers count in matching.
DEMO_QUESTIONS = [
    {
        "key": "planning",
        "question": "How do you like to plan your sessions?",
        "choices": ["With an agenda", "As we go", "A bit of both"],
    },
    {
        "key": "feedback",
        "question": "How do you like feedback?",
        "choices": ["Direct", "Gentle", "In writing first"],
    },
]


def _answers(program: Program, person: Person) -> dict[str, str]:
    # Its own generator, seeded by the person: the story's draws stay as they were.
    rng = random.Random(person.pk)
    return {q["key"]: rng.choice(q["choices"]) for q in program.matching_questions}


def _enrollment_window(story: ProgramStory) -> tuple[float, float]:
    """Days before today in which people enrolled: from opening until pairing began."""
    early = story.created - 1.2
    if story.dates is None:
        return early, story.created - 30
    days_since_start = -story.dates[0]
    return early, max(days_since_start + 3, 1.0)


def _find_pair(
    cast: Cast,
    story: ProgramStory,
    pairing: Pairing,
    mentors: list[Enrollment],
    mentees: list[Enrollment],
    seats: dict[int, int],
    taken: set[int],
) -> tuple[Enrollment, Enrollment] | None:
    peer = story.mentees is None
    mentor_side = _side(cast, mentors, pairing.mentor, taken if peer else set())
    mentee_side = _side(cast, mentors if peer else mentees, pairing.mentee, taken)
    mentor_side.sort(key=lambda e: (e.person.department != pairing.prefer_department, -seats[e.pk]))
    for mentee in mentee_side:
        for mentor in mentor_side:
            if seats[mentor.pk] < 1 or mentor.person_id == mentee.person_id:
                continue
            if story.pair_rule and not story.pair_rule(mentor.person, mentee.person):
                continue
            if in_management_chain(mentor.person, mentee.person):
                continue
            if pairing.outcome != DECLINED:
                seats[mentor.pk] -= 1
            taken.update({mentee.pk, mentor.pk} if peer else {mentee.pk})
            return mentor, mentee
    return None


def _side(
    cast: Cast, enrollments: list[Enrollment], login: str | None, taken: set[int]
) -> list[Enrollment]:
    if login:
        return [e for e in enrollments if e.person_id == cast.logins[login].pk]
    return [e for e in enrollments if not cast.is_login(e.person) and e.pk not in taken]


def _pairing_days(
    rng: random.Random,
    story: ProgramStory,
    outcome: str,
    enrolled: dict[int, float],
    pair: tuple[Enrollment, Enrollment],
) -> tuple[float, float, float]:
    """When it was proposed, answered and ended, in days before today (later is smaller)."""
    if outcome in PENDING:
        proposed = rng.uniform(1, 6)
    elif story.dates:
        proposed = -story.dates[0] + rng.uniform(-6, 4)
    else:
        proposed = rng.uniform(12, story.created - 40)
    proposed = max(0.3, min(proposed, *(enrolled[e.pk] - 0.3 for e in pair)))
    answered = max(0.2, proposed - rng.uniform(0.3, 3))
    if outcome == COMPLETED and story.dates:
        ended = -story.dates[1] + rng.uniform(-2, 2)
    elif outcome == COMPLETED:
        ended = answered - rng.uniform(2, 8 if story.approach == "crisis" else 25)
    elif outcome == CLOSED_EARLY:
        ended = answered - rng.uniform(15, max(16.0, answered * 0.8))
    else:
        ended = answered
    return proposed, answered, max(0.1, min(ended, answered - 0.1))


def _play_pairing(
    cast: Cast,
    story: ProgramStory,
    program: Program,
    manager: Person,
    outcome: str,
    pair: tuple[Enrollment, Enrollment],
    when: tuple[float, float, float],
) -> Mentorship:
    rng, clock = cast.rng, cast.timeline
    mentor, mentee = pair
    proposed, answered, ended = when
    requested = story.matching_mode == "self_service"
    if requested:
        mentorship = request_mentorship(mentee.person, mentee, mentor)
    else:
        mentorship = propose_mentorship(manager, program, mentor, mentee)
    clock.settle(proposed)
    if outcome in PENDING:
        if not requested and (mentor.person == cast.logins["mentor"] or rng.random() < 0.5):
            accept_mentorship(mentee.person, mentorship)  # waiting for the mentor now
            clock.settle(answered)
        _retime(clock, mentorship, proposed, answered if not requested else proposed)
        return mentorship
    if outcome == DECLINED:
        decliner = mentor.person if requested or rng.random() < 0.5 else mentee.person
        code, reason = rng.choice(DECLINES)
        decline_mentorship(decliner, mentorship, code, reason)
        clock.settle(answered)
        _retime(clock, mentorship, proposed, answered, ended=answered)
        return mentorship
    for side in rng.sample(pair, 2):
        if side.person_id != mentorship.initiated_by_id:  # whoever asked has accepted already
            accept_mentorship(side.person, mentorship)
    clock.settle(answered)
    closes = outcome in (COMPLETED, CLOSED_EARLY)
    play_activity(clock, mentorship, Span(answered, ended if closes else None))
    if not closes:
        _retime(clock, mentorship, proposed, answered, activated=answered)
        return mentorship
    _close(cast, story, mentorship, outcome, pair)
    clock.settle(ended)
    _retime(clock, mentorship, proposed, answered, activated=answered, ended=ended)
    return mentorship


def _close(
    cast: Cast,
    story: ProgramStory,
    mentorship: Mentorship,
    outcome: str,
    pair: tuple[Enrollment, Enrollment],
) -> None:
    if outcome == COMPLETED:
        reasons = COMPLETIONS.get(story.approach, COMPLETIONS["other"])
        mode, reason = "completed", cast.rng.choice(reasons)
    else:
        mode, reason = cast.rng.choice(EARLY_CLOSINGS)
    closer = cast.rng.choice(pair).person
    close_mentorship(closer, mentorship, mode, reason)


def _retime(
    clock: Timeline,
    mentorship: Mentorship,
    proposed: float,
    accepted: float,
    activated: float | None = None,
    ended: float | None = None,
) -> None:
    fields = {"created_at": clock.at(proposed)}
    if activated is not None:
        fields["activated_at"] = clock.at(activated)
    if ended is not None:
        fields["ended_at"] = clock.at(ended)
    Mentorship.objects.filter(pk=mentorship.pk).update(**fields)
    Member.objects.filter(mentorship=mentorship, accepted_at__isnull=False).update(
        accepted_at=clock.at(accepted)
    )
