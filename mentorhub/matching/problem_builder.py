"""A program's enrollments as the engine's Problem: participants, org chart, rules, pair rules.

Participant ids are enrollment ids (as strings). The org chart is built from every person
of the organization, so a chain through people who are not enrolled still counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise, permutations

from django.db.models import Count, QuerySet
from django.utils import timezone

from mentorhub.matching.engine import (
    MENTEE,
    MENTOR,
    PEER,
    Participant,
    Problem,
    Rules,
    Weights,
    rules_for,
)
from mentorhub.matching.models import PairRule, PairRuleKind, Preference
from mentorhub.mentorships.models import LIVE_STATUSES, Member
from mentorhub.people.declarations import conflicts_among
from mentorhub.people.models import AvailabilitySlot, Person, PersonSkill, SkillDirection
from mentorhub.programs.applications import split_by_acknowledgement
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program

OFFERS = (SkillDirection.OFFERS, SkillDirection.BOTH)
SEEKS = (SkillDirection.SEEKS, SkillDirection.BOTH)


@dataclass
class BuiltProblem:
    problem: Problem
    enrollments: dict[str, Enrollment]  # participant id -> enrollment
    left_out: int = 0  # enrollments already paired, so not in this problem
    pair_rules: dict[tuple[str, str], str] = field(default_factory=dict)
    # Active enrollments left out because the program asks for its current guidelines to be
    # acknowledged and they have not (they would only be skipped at publishing).
    unacknowledged: frozenset[int] = frozenset()


def participant_id(enrollment_id: int) -> str:
    return str(enrollment_id)


def program_rules(program: Program, today: date | None = None) -> Rules:
    """The approach's rules with the program's switches; the management chain always holds."""
    overrides = {**program.matching_rules, "management_chain": True}
    return rules_for(program.approach, **overrides, reference_date=today or timezone.localdate())


def program_weights(program: Program) -> Weights:
    return Weights(**program.matching_weights)


# Only what the engine reads: at 20,000 enrollments, whole rows cost a second to build.
ENGINE_FIELDS = (
    *("program_id", "person_id", "role", "goals", "capacity", "load", "status"),
    *("screened_until", "answers"),
    *("person__full_name", "person__department", "person__level", "person__timezone"),
    *("person__languages", "person__interests", "person__bio"),
)


def _active(program: Program) -> QuerySet[Enrollment]:
    return (
        program.enrollments.filter(status=EnrollmentStatus.ACTIVE, person__is_active=True)
        .select_related("person")
        .only(*ENGINE_FIELDS)
    )


def _live_counts(program: Program) -> dict[int, int]:
    live = Member.objects.filter(
        enrollment__program=program, mentorship__status__in=LIVE_STATUSES
    ).values("enrollment_id")
    return {row["enrollment_id"]: row["n"] for row in live.annotate(n=Count("id"))}


def _live_pairs(program: Program) -> set[tuple[str, str]]:
    """Both orders of every two enrollments that already share a live mentorship."""
    members: dict[int, list[str]] = defaultdict(list)
    rows = Member.objects.filter(mentorship__program=program, mentorship__status__in=LIVE_STATUSES)
    for mentorship_id, enrollment_id in rows.values_list("mentorship_id", "enrollment_id"):
        members[mentorship_id].append(participant_id(enrollment_id))
    return {pair for group in members.values() for pair in permutations(group, 2)}


@dataclass
class Profiles:
    """Skills, availability and preferences of the enrolled people, read in a few queries."""

    offers: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    seeks: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    slots: dict[int, list[tuple[int, int, int]]] = field(default_factory=lambda: defaultdict(list))
    ranking: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    exclude: dict[int, frozenset[str]] = field(default_factory=dict)  # person -> participants
    today: date = field(default_factory=timezone.localdate)  # for screening validity
    questions: frozenset[str] = frozenset()  # keys of the questions the program asks now


def _profiles(
    program: Program,
    enrollments: QuerySet[Enrollment],
    nodes_of: Mapping[int, list[str]],
    today: date,
) -> Profiles:
    asked = frozenset(q["key"] for q in program.matching_questions)
    profiles = Profiles(today=today, questions=asked)
    people = enrollments.values("person_id")
    profiles.exclude = _exclusions(program.organization_id, nodes_of)
    skills = PersonSkill.objects.filter(person_id__in=people).values_list(
        "person_id", "skill__name", "proficiency", "direction"
    )
    for person_id, name, proficiency, direction in skills:
        if direction in OFFERS:
            profiles.offers[person_id][name.lower()] = proficiency
        if direction in SEEKS:
            profiles.seeks[person_id].add(name.lower())
    slots = AvailabilitySlot.objects.filter(person_id__in=people).values_list(
        "person_id", "weekday", "start", "end"
    )
    for person_id, weekday, start, end in slots:
        minutes = (start.hour * 60 + start.minute, end.hour * 60 + end.minute)
        profiles.slots[person_id].append((weekday, *minutes))
    ranked = Preference.objects.filter(enrollment__program=program).order_by("enrollment", "rank")
    for enrollment_id, ranked_id in ranked.values_list("enrollment_id", "ranked_id"):
        profiles.ranking[enrollment_id].append(participant_id(ranked_id))
    return profiles


def _nodes_of(enrollments: Iterable[Enrollment]) -> dict[int, list[str]]:
    """Each person's participant ids (their enrollments in the problem), oldest first."""
    nodes_of: dict[int, list[str]] = defaultdict(list)
    for enrollment in sorted(enrollments, key=lambda e: e.pk):
        nodes_of[enrollment.person_id].append(participant_id(enrollment.pk))
    return nodes_of


def _exclusions(
    organization_id: int, nodes_of: Mapping[int, list[str]]
) -> dict[int, frozenset[str]]:
    """Per person: the participants (enrollments) of everyone they declared a conflict with."""
    partners = conflicts_among(organization_id, nodes_of)
    return {
        person: frozenset(node for other in others for node in nodes_of[other])
        for person, others in partners.items()
    }


def _words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in values if isinstance(v, str) and v.strip())


def _participant(
    enrollment: Enrollment, role: str, seats: int, profiles: Profiles, other_side: set[str]
) -> Participant:
    person = enrollment.person
    return Participant(
        id=participant_id(enrollment.pk),
        role=role,
        name=person.full_name,
        department=person.department,
        level=person.level,
        timezone=person.timezone or None,
        languages=_words(person.languages),
        offers=dict(profiles.offers.get(person.pk, {})),
        seeks=frozenset(profiles.seeks.get(person.pk, ())),
        interests=_words(person.interests),
        goals="\n".join(t for t in (enrollment.goals, person.bio) if t),
        capacity=seats,
        exclude=profiles.exclude.get(person.pk, frozenset()),
        availability=tuple(profiles.slots.get(person.pk, ())),
        screened=enrollment.is_screened(profiles.today),
        answers={k: v for k, v in enrollment.answers.items() if k in profiles.questions},
        ranking=tuple(r for r in profiles.ranking.get(enrollment.pk, ()) if r in other_side),
    )


def org_chart(organization_id: int, nodes_of: Mapping[int, list[str]]) -> dict[str, str | None]:
    """Manager links over participant ids, so chains hold between enrollments.

    A person enrolled twice (say mentor and mentee) becomes a short chain of their own
    enrollments, so each of them sits above their reports and below their managers, and the
    two never meet in a pair. People not enrolled keep a node of their own ("p<id>").
    """
    manager_of = Person.objects.filter(organization_id=organization_id).values_list(
        "id", "manager_id"
    )

    def entry(person_id: int) -> str:
        nodes = nodes_of.get(person_id)
        return nodes[0] if nodes else f"p{person_id}"

    chart: dict[str, str | None] = {}
    for person_id, manager_id in manager_of:
        nodes = nodes_of.get(person_id) or [f"p{person_id}"]
        for lower, upper in pairwise(nodes):
            chart[lower] = upper
        chart[nodes[-1]] = entry(manager_id) if manager_id is not None else None
    return chart


def _pair_rules(program: Program, ids: set[str]) -> dict[tuple[str, str], str]:
    rules = PairRule.objects.filter(program=program).values_list("mentee_id", "mentor_id", "kind")
    pairs = {(participant_id(a), participant_id(b)): kind for a, b, kind in rules}
    return {pair: kind for pair, kind in pairs.items() if pair[0] in ids and pair[1] in ids}


@dataclass
class Sides:
    mentees: list[Enrollment]
    mentors: list[Enrollment]
    seats: dict[int, int]  # mentor enrollment -> seats left
    left_out: int


def _sides(program: Program, enrollments: list[Enrollment], for_suggestions: bool) -> Sides:
    live = {} if for_suggestions else _live_counts(program)
    taken = {e.pk: max(e.load, live.get(e.pk, 0)) for e in enrollments}
    mutual = program.approach_rules.is_mutual
    mentee_role = EnrollmentRole.PEER if mutual else EnrollmentRole.MENTEE
    candidates = [e for e in enrollments if e.role == mentee_role]
    mentees = [e for e in candidates if taken[e.pk] < e.capacity]
    mentors = mentees if mutual else [e for e in enrollments if e.role == EnrollmentRole.MENTOR]
    seats = {e.pk: max(e.capacity - taken[e.pk], 0) for e in mentors}
    return Sides(mentees, mentors, seats, len(candidates) - len(mentees))


def _ids(enrollments: Iterable[Enrollment]) -> set[str]:
    return {participant_id(e.pk) for e in enrollments}


def build_problem(
    program: Program, *, for_suggestions: bool = False, today: date | None = None
) -> BuiltProblem:
    """The program as the engine sees it.

    A match run leaves out mentees already paired (a proposed, requested or active
    mentorship fills their seat) and gives mentors the seats those leave; suggestions count
    only active mentorships, so a mentee waiting on requests can still browse. Where the
    program asks for its guidelines to be acknowledged, only those who acknowledged the
    current version take part (`unacknowledged` counts the others).
    """
    today = today or timezone.localdate()
    enrollments = _active(program)
    admitted, unacknowledged = split_by_acknowledgement(program, enrollments)
    sides = _sides(program, admitted, for_suggestions)
    nodes_of = _nodes_of({*sides.mentees, *sides.mentors})
    profiles = _profiles(program, enrollments, nodes_of, today)
    mutual = sides.mentees is sides.mentors
    mentee_ids, mentor_ids = _ids(sides.mentees), _ids(sides.mentors)
    mentor_side = tuple(
        _participant(e, PEER if mutual else MENTOR, sides.seats[e.pk], profiles, mentee_ids)
        for e in sides.mentors
    )
    # Peers: the same participants on both sides.
    mentee_side = (
        mentor_side
        if mutual
        else tuple(_participant(e, MENTEE, 1, profiles, mentor_ids) for e in sides.mentees)
    )
    rules = _pair_rules(program, mentee_ids | mentor_ids)
    problem = Problem(
        mentees=mentee_side,
        mentors=mentor_side,
        rules=program_rules(program, today),
        weights=program_weights(program),
        locked=frozenset(p for p, k in rules.items() if k == PairRuleKind.LOCK),
        forbidden=frozenset(p for p, k in rules.items() if k == PairRuleKind.FORBID)
        | _live_pairs(program),
        org_chart=org_chart(program.organization_id, nodes_of),
    )
    by_id = {participant_id(e.pk): e for e in (*sides.mentees, *sides.mentors)}
    left_unacknowledged = frozenset(e.pk for e in unacknowledged)
    return BuiltProblem(problem, by_id, sides.left_out, rules, left_unacknowledged)


def build_pair_problem(program: Program, mentee: Enrollment, mentor: Enrollment) -> Problem:
    """Just these two, under the program's rules, to check one pair a manager chose by hand."""
    enrollments = Enrollment.objects.filter(pk__in=[mentee.pk, mentor.pk]).select_related("person")
    nodes_of = _nodes_of((mentee, mentor))
    profiles = _profiles(program, enrollments, nodes_of, timezone.localdate())
    mutual = program.approach_rules.is_mutual
    mentee_id, mentor_id = participant_id(mentee.pk), participant_id(mentor.pk)
    one = _participant(mentee, PEER if mutual else MENTEE, 1, profiles, {mentor_id})
    other = _participant(mentor, PEER if mutual else MENTOR, 1, profiles, {mentee_id})
    return Problem(
        mentees=(one,),
        mentors=(other,),
        rules=program_rules(program),
        weights=program_weights(program),
        org_chart=org_chart(program.organization_id, nodes_of),
    )
