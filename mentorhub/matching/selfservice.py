"""Self-service matching: ranked mentor suggestions for a mentee, and ranked preferences."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Q, Sum

from mentorhub.audit.services import record
from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.matching.engine import Prepared, prepare, suggest
from mentorhub.matching.models import MAX_PREFERENCES, PairRule, Preference
from mentorhub.matching.problem_builder import BuiltProblem, build_problem, participant_id
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import (
    Enrollment,
    EnrollmentStatus,
    MatchingMode,
    Program,
    ProgramStatus,
)

MAX_SUGGESTIONS = 50
CACHE_SECONDS = 60.0  # profile edits (skills, availability) show within a minute
CACHE_PROGRAMS = 8  # prepared programs kept per process, least recently used dropped first
PREFERENCE_MODES = (MatchingMode.PREFERENCE, MatchingMode.HYBRID)


@dataclass
class Suggestion:
    mentor: Enrollment
    score: float
    reasons: tuple[str, ...]
    parts: dict[str, float] = field(default_factory=dict)


@dataclass
class _Entry:
    key: Hashable
    expires: float
    built: BuiltProblem
    prepared: Prepared


_cache: OrderedDict[int, _Entry] = OrderedDict()
_cache_lock = threading.Lock()


def _latest_change(program: Program) -> Hashable:
    """What changes when the program's matching inputs change, in three small queries."""
    enrollments = program.enrollments.aggregate(
        count=Count("id"),
        active=Count("id", filter=Q(status=EnrollmentStatus.ACTIVE)),
        latest=Max("created_at"),
        load=Sum("load"),
        capacity=Sum("capacity"),
    )
    mentorships = Mentorship.objects.filter(program=program).aggregate(
        count=Count("id"), created=Max("created_at"), ended=Max("ended_at")
    )
    rules = PairRule.objects.filter(program=program).aggregate(count=Count("id"), latest=Max("id"))
    settings = json.dumps([program.matching_rules, program.matching_weights], sort_keys=True)
    return (
        tuple(enrollments.values()),
        tuple(mentorships.values()),
        tuple(rules.values()),
        settings,
    )


def prepared_for(program: Program) -> tuple[BuiltProblem, Prepared]:
    """The program ready for suggestions, cached in this process for a short time."""
    key = _latest_change(program)
    with _cache_lock:
        entry = _cache.get(program.pk)
        if entry is not None and entry.key == key and entry.expires > time.monotonic():
            _cache.move_to_end(program.pk)
            return entry.built, entry.prepared
    built = build_problem(program, for_suggestions=True)
    prepared = prepare(built.problem)
    with _cache_lock:
        _cache[program.pk] = _Entry(key, time.monotonic() + CACHE_SECONDS, built, prepared)
        _cache.move_to_end(program.pk)
        while len(_cache) > CACHE_PROGRAMS:
            _cache.popitem(last=False)
    return built, prepared


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _mentee_side(enrollment: Enrollment) -> bool:
    return enrollment.role in (EnrollmentRole.MENTEE, EnrollmentRole.PEER)


def suggestions_for(actor: Person, enrollment: Enrollment, k: int = 10) -> list[Suggestion]:
    """The mentee's k best mentors with room right now, best first, each with its reasons."""
    if enrollment.person_id != actor.pk:
        raise NotAllowed("Suggestions are shown only to the person enrolled.")
    if not _mentee_side(enrollment) or enrollment.status != EnrollmentStatus.ACTIVE:
        raise InvalidInput("Suggestions are for mentees (or peers) still enrolled in the program.")
    if not 1 <= k <= MAX_SUGGESTIONS:
        raise InvalidInput(f"Ask for 1 to {MAX_SUGGESTIONS} suggestions.", {"k": ["1 to 50"]})
    built, prepared = prepared_for(enrollment.program)
    me = participant_id(enrollment.pk)
    if me not in prepared.mentee_at:
        raise InvalidInput("You already have as many mentors as this program allows.")
    return [
        Suggestion(built.enrollments[p.mentor_id], p.score, p.reasons, dict(p.parts))
        for p in suggest(prepared, me, k)
    ]


def _other_side(enrollment: Enrollment) -> str:
    return {
        EnrollmentRole.MENTEE: EnrollmentRole.MENTOR,
        EnrollmentRole.MENTOR: EnrollmentRole.MENTEE,
    }.get(EnrollmentRole(enrollment.role), EnrollmentRole.PEER)


def _check_preferences(enrollment: Enrollment, ranked_ids: list[int]) -> list[Enrollment]:
    program = enrollment.program
    if program.matching_mode not in PREFERENCE_MODES:
        raise InvalidInput(f"{program.name} does not collect rankings; its managers match people.")
    if program.status == ProgramStatus.FINISHED or enrollment.status != EnrollmentStatus.ACTIVE:
        raise InvalidInput(f"Rankings are closed: you are no longer matching in {program.name}.")
    if len(ranked_ids) > MAX_PREFERENCES:
        raise InvalidInput(f"Rank at most {MAX_PREFERENCES} people.", {"ranked": ["Too many."]})
    if len(set(ranked_ids)) != len(ranked_ids):
        raise InvalidInput(
            "Each person can appear only once in your ranking.", {"ranked": ["Duplicates."]}
        )
    found = Enrollment.objects.filter(
        pk__in=ranked_ids,
        program=program,
        status=EnrollmentStatus.ACTIVE,
        role=_other_side(enrollment),
    ).exclude(pk=enrollment.pk)
    by_id = {e.pk: e for e in found.select_related("person")}
    unknown = [pk for pk in ranked_ids if pk not in by_id]
    if unknown:
        wanted = _other_side(enrollment)
        raise InvalidInput(
            f"Rank only {wanted}s enrolled in {program.name}; not: "
            + ", ".join(str(pk) for pk in unknown)
            + ".",
            {"ranked": [f"Not a {wanted} of this program: {', '.join(map(str, unknown))}."]},
        )
    return [by_id[pk] for pk in ranked_ids]


@transaction.atomic
def set_preferences(
    actor: Person, enrollment: Enrollment, ranked_ids: list[int]
) -> list[Preference]:
    """Replace the person's ranking of the other side (first choice first)."""
    if enrollment.person_id != actor.pk:
        raise NotAllowed("Only the person enrolled can rank for this enrollment.")
    ranked = _check_preferences(enrollment, ranked_ids)
    Preference.objects.filter(enrollment=enrollment).delete()
    preferences = Preference.objects.bulk_create(
        Preference(enrollment=enrollment, ranked=other, rank=place)
        for place, other in enumerate(ranked, start=1)
    )
    record(
        actor,
        "enrollment.preferences_set",
        enrollment,
        enrollment.program.organization,
        ranked=ranked_ids,
    )
    return preferences
