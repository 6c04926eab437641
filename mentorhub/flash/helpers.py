"""Who can help with a challenge now: the engine's suggestions, read against the challenge.

The matching engine scores the asker as it would for any self-service suggestion, but with
the challenge's own words in front of their goals, so goal-text similarity is about this
challenge. Only mentors with a free seat are suggested: flash help is for now.
"""

from __future__ import annotations

from dataclasses import replace

from mentorhub.errors import InvalidInput, NotAllowed
from mentorhub.flash.models import Challenge
from mentorhub.matching.engine import prepare, suggest
from mentorhub.matching.problem_builder import participant_id
from mentorhub.matching.selfservice import Suggestion, prepared_for
from mentorhub.people.models import Person

HELPERS = 5
MAX_HELPERS = 20


def helpers_for(actor: Person, challenge: Challenge, k: int = HELPERS) -> list[Suggestion]:
    """The k mentors who fit this challenge best and have room now, best first, with reasons."""
    if challenge.asker_id != actor.pk:
        raise NotAllowed("Suggested helpers are shown only to the person with the challenge.")
    if not 1 <= k <= MAX_HELPERS:
        raise InvalidInput(f"Ask for 1 to {MAX_HELPERS} helpers.", {"k": [f"1 to {MAX_HELPERS}"]})
    if challenge.is_closed:
        return []
    built, prepared = prepared_for(challenge.program)
    me = participant_id(challenge.enrollment_id)
    asker = next((p for p in prepared.problem.mentees if p.id == me), None)
    if asker is None:
        raise InvalidInput("You already have as many active mentorships as this program allows.")
    words = "\n".join(t for t in (challenge.title, challenge.description, asker.goals) if t)
    # Only this mentee against every mentor: one row, so preparing it again stays cheap.
    focused = prepare(replace(prepared.problem, mentees=(replace(asker, goals=words),)))
    return [
        Suggestion(built.enrollments[p.mentor_id], p.score, p.reasons, dict(p.parts))
        for p in suggest(focused, me, k)
    ]
