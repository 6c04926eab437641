"""Look up match runs, their pairs and a person's own enrollment: 404 unseen, 403 not yours."""

from __future__ import annotations

from django.http import Http404

from mentorhub.errors import NotAllowed
from mentorhub.matching.models import MatchRun, ProposedPair
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage, get_enrollment_for, visible_programs
from mentorhub.programs.models import Enrollment


def get_match_run_for(person: Person, run_id: int) -> MatchRun:
    """A run of a program the person manages; seeing the program but not managing it is 403."""
    run = (
        MatchRun.objects.select_related("program", "program__organization", "created_by")
        .filter(pk=run_id, program__in=visible_programs(person))
        .first()
    )
    if run is None:
        raise Http404("No such match run.")
    if not can_manage(person, run.program):
        raise NotAllowed("Only this program's managers can see and change its match runs.")
    return run


def get_pair_for(person: Person, run_id: int, pair_id: int) -> ProposedPair:
    return pair_in_run(get_match_run_for(person, run_id), pair_id)


def pair_in_run(run: MatchRun, pair_id: int) -> ProposedPair:
    """A pair of a run the caller already looked up (and may see)."""
    pair = (
        ProposedPair.objects.select_related("mentee__person", "mentor__person")
        .filter(run=run, pk=pair_id)
        .first()
    )
    if pair is None:
        raise Http404("No such pair in this match run.")
    pair.run = run
    return pair


def get_own_enrollment_for(person: Person, enrollment_id: int) -> Enrollment:
    """The person's own enrollment; a manager who can see someone else's gets 403."""
    enrollment = get_enrollment_for(person, enrollment_id)
    if enrollment.person_id != person.pk:
        raise NotAllowed("Only the person enrolled can do this for their enrollment.")
    return enrollment
