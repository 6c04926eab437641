"""Self-service matching: ranked suggestions (mentors for a mentee, mentees for a mentor),
the shortlist each side ranks in preference mode, and the rankings themselves."""

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
from mentorhub.errors import DomainError, InvalidInput, NotAllowed
from mentorhub.matching.engine import Prepared, prepare, suggest
from mentorhub.matching.engine.suggest import suggest_mentees
from mentorhub.matching.models import MAX_PREFERENCES, PairRule, Preference
from mentorhub.matching.problem_builder import BuiltProblem, build_problem, participant_id
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.applications import guidelines_version, only_acknowledged
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import (
    Acknowledgement,
    Enrollment,
    EnrollmentStatus,
    MatchingMode,
    Program,
    ProgramStatus,
)

MAX_SUGGESTIONS = 50
SHORTLIST = 10  # suggestions offered for ranking in preference mode
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
class MenteeSuggestion:
    """The mentor's side of a suggestion: a mentee who fits them, and why."""

    mentee: Enrollment
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
        _acknowledgements(program),
    )


def _acknowledgements(program: Program) -> Hashable:
    """Who acknowledged which guidelines, where the program asks: an acknowledgement (or new
    guidelines) changes who is suggested."""
    if not program.approach_rules.acknowledges_guidelines:
        return ()
    done = Acknowledgement.objects.filter(enrollment__program=program).aggregate(
        count=Count("id"), latest=Max("id")
    )
    return (guidelines_version(program), *done.values())


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


MENTEE_SIDE = (EnrollmentRole.MENTEE, EnrollmentRole.PEER)  # peers get mentors' suggestions


def _check_asking(
    actor: Person, enrollment: Enrollment, k: int, roles: tuple[str, ...], who: str
) -> None:
    if enrollment.person_id != actor.pk:
        raise NotAllowed("Suggestions are shown only to the person enrolled.")
    if enrollment.role not in roles or enrollment.status != EnrollmentStatus.ACTIVE:
        raise InvalidInput(f"Suggestions are for {who} still enrolled in the program.")
    if not 1 <= k <= MAX_SUGGESTIONS:
        raise InvalidInput(f"Ask for 1 to {MAX_SUGGESTIONS} suggestions.", {"k": ["1 to 50"]})


def _check_admitted(built: BuiltProblem, enrollment: Enrollment) -> None:
    if enrollment.pk in built.unacknowledged:
        raise InvalidInput(
            f"Acknowledge {enrollment.program.name}'s current guidelines and resources on the "
            "program page first; suggestions follow."
        )


def suggestions_for(actor: Person, enrollment: Enrollment, k: int = 10) -> list[Suggestion]:
    """The mentee's k best mentors with room right now, best first, each with its reasons."""
    _check_asking(actor, enrollment, k, MENTEE_SIDE, "mentees (or peers)")
    built, prepared = prepared_for(enrollment.program)
    _check_admitted(built, enrollment)
    me = participant_id(enrollment.pk)
    if me not in prepared.mentee_at:
        raise InvalidInput("You already have as many mentors as this program allows.")
    return [
        Suggestion(built.enrollments[p.mentor_id], p.score, p.reasons, dict(p.parts))
        for p in suggest(prepared, me, k)
    ]


def mentee_suggestions_for(
    actor: Person, enrollment: Enrollment, k: int = 10
) -> list[MenteeSuggestion]:
    """The mentor's k best mentees still looking for a mentor, best first, with reasons.

    The same rules and score as a mentee's suggestions, so both sides see one number for a
    pair; mentees who break a hard rule with this mentor are never listed.
    """
    _check_asking(actor, enrollment, k, (EnrollmentRole.MENTOR,), "mentors")
    built, prepared = prepared_for(enrollment.program)
    _check_admitted(built, enrollment)
    me = participant_id(enrollment.pk)
    column = prepared.mentor_at.get(me)
    if column is None or prepared.problem.mentors[column].capacity < 1:
        raise InvalidInput("You already mentor as many people as you offered in this program.")
    return [
        MenteeSuggestion(built.enrollments[p.mentee_id], p.score, p.reasons, dict(p.parts))
        for p in suggest_mentees(prepared, me, k)
    ]


@dataclass
class Candidate:
    """Someone the person may rank; score and reasons when the engine suggested them."""

    enrollment: Enrollment
    score: float | None = None
    reasons: tuple[str, ...] = ()


@dataclass
class Shortlist:
    candidates: list[Candidate]  # best fit first, then anyone already ranked
    note: str = ""  # why no suggestions are shown, when they are not


def shortlist_for(actor: Person, enrollment: Enrollment, k: int = SHORTLIST) -> Shortlist:
    """Whom the person may rank: their best suggestions (mentors for a mentee or peer,
    mentees for a mentor), else the other side by name; plus whoever they already ranked."""
    note = ""
    try:
        suggested = _suggested(actor, enrollment, k)
    except DomainError as exc:
        note = exc.message
        suggested = [Candidate(e) for e in _other_side_by_name(enrollment, k)]
    return Shortlist(_with_ranked(enrollment, suggested), note)


def _suggested(actor: Person, enrollment: Enrollment, k: int) -> list[Candidate]:
    if enrollment.role in MENTEE_SIDE:
        return [
            Candidate(s.mentor, s.score, s.reasons) for s in suggestions_for(actor, enrollment, k)
        ]
    return [
        Candidate(s.mentee, s.score, s.reasons)
        for s in mentee_suggestions_for(actor, enrollment, k)
    ]


def _other_side_by_name(enrollment: Enrollment, k: int) -> list[Enrollment]:
    program = enrollment.program
    others = program.enrollments.filter(
        status=EnrollmentStatus.ACTIVE, role=_other_side(enrollment)
    ).exclude(pk=enrollment.pk)
    return list(
        only_acknowledged(program, others)
        .select_related("person")
        .order_by("person__full_name")[:k]
    )


def _with_ranked(enrollment: Enrollment, candidates: list[Candidate]) -> list[Candidate]:
    """Keep whoever the person already ranked on the list, even if no longer suggested."""
    shown = {c.enrollment.pk for c in candidates}
    ranked = (
        Preference.objects.filter(enrollment=enrollment)
        .exclude(ranked_id__in=shown)
        .select_related("ranked__person")
        .order_by("rank")
    )
    return [*candidates, *(Candidate(p.ranked) for p in ranked)]


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
