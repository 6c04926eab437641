"""A program manager's review of a draft run: remove, swap, add, lock and forbid pairs."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from mentorhub.audit.services import record
from mentorhub.errors import CapacityFull, IllegalTransition, InvalidInput
from mentorhub.matching.eligibility import Fit, check_sides, require_fit, require_room
from mentorhub.matching.models import (
    MatchRun,
    PairOrigin,
    PairRule,
    PairRuleKind,
    ProposedPair,
    RunStatus,
    UnmatchedEnrollment,
)
from mentorhub.matching.services import require_manager, set_pair_rule
from mentorhub.people.models import Person
from mentorhub.programs.models import Enrollment

REMOVED = "removed from the draft by the program manager"
FORBIDDEN = "the program manager forbade the pair the engine proposed"


def _draft(actor: Person, run: MatchRun) -> MatchRun:
    """The run, locked for this change, if the actor manages it and it is still a draft."""
    require_manager(actor, run.program)
    run = MatchRun.objects.select_for_update().select_related("program").get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise IllegalTransition(f"Only a draft can be changed; this run is {run.status}.")
    return run


def _fresh(pair: ProposedPair, run: MatchRun) -> ProposedPair:
    fresh = (
        ProposedPair.objects.select_related("mentee__person", "mentor__person")
        .filter(pk=pair.pk, run=run)
        .first()
    )
    if fresh is None:
        raise InvalidInput("That pair is no longer in this draft.")
    fresh.run = run
    return fresh


def _leave_unmatched(run: MatchRun, enrollment: Enrollment, reason: str) -> None:
    if not run.pairs.filter(mentee=enrollment).exists():
        UnmatchedEnrollment.objects.get_or_create(
            run=run, enrollment=enrollment, defaults={"reason": reason}
        )


def _drop(pair: ProposedPair, reason: str) -> None:
    pair.delete()
    _leave_unmatched(pair.run, pair.mentee, reason)


@transaction.atomic
def remove_pair(actor: Person, pair: ProposedPair) -> None:
    """Take a pair out of the draft; a lock on it goes too, so the next run may differ."""
    run = _draft(actor, pair.run)
    pair = _fresh(pair, run)
    unlocked = PairRule.objects.filter(
        program=run.program, mentee=pair.mentee, mentor=pair.mentor, kind=PairRuleKind.LOCK
    ).delete()[0]
    record(
        actor,
        "match_run.pair_removed",
        run,
        run.program.organization,
        mentee=pair.mentee_id,
        mentor=pair.mentor_id,
        unlocked=bool(unlocked),
    )
    _drop(pair, REMOVED)


def _check_swappable(a: ProposedPair, b: ProposedPair) -> None:
    if a.pk == b.pk or a.mentor_id == b.mentor_id:
        raise InvalidInput("Choose two pairs with different mentors to swap.")
    for pair in (a, b):
        if pair.locked:
            raise InvalidInput(
                f"{pair.mentor.person} and {pair.mentee.person} are locked together; "
                "unlock them before swapping."
            )


def _rematch(pair: ProposedPair, mentor: Enrollment, circle: str, fit: Fit) -> None:
    pair.mentor = mentor
    pair.circle = circle
    pair.score = fit.score
    pair.reasons = ["swapped by the program manager", *fit.reasons]
    pair.parts = fit.parts
    pair.origin = PairOrigin.MANAGER
    pair.save(update_fields=["mentor", "circle", "score", "reasons", "parts", "origin"])


@transaction.atomic
def swap_mentors(
    actor: Person, pair_a: ProposedPair, pair_b: ProposedPair
) -> tuple[ProposedPair, ProposedPair]:
    """Give each of two mentees the other's mentor, if both new pairs keep every rule."""
    run = _draft(actor, pair_a.run)
    a, b = _fresh(pair_a, run), _fresh(pair_b, run)
    _check_swappable(a, b)
    fit_a = require_fit(run.program, a.mentee, b.mentor)
    fit_b = require_fit(run.program, b.mentee, a.mentor)
    # Each mentor keeps as many mentees as before; a capacity lowered since the run counts.
    for mentor in (a.mentor, b.mentor):
        require_room(mentor, _seats_in_draft(run, mentor) - 1)
    mentor_a, circle_a = a.mentor, a.circle
    _rematch(a, b.mentor, b.circle, fit_a)
    _rematch(b, mentor_a, circle_a, fit_b)
    record(
        actor,
        "match_run.mentors_swapped",
        run,
        run.program.organization,
        pairs=[a.pk, b.pk],
        mentors=[a.mentor_id, b.mentor_id],
    )
    return a, b


def _seats_in_draft(run: MatchRun, mentor: Enrollment) -> int:
    """The mentor's seats the draft uses: one per pair, and one per circle whatever its size."""
    pairs = run.pairs.filter(mentor=mentor)
    circles = pairs.exclude(circle="").values("circle").distinct().count()
    return circles + pairs.filter(circle="").count()


def _require_circle_room(run: MatchRun, circle: str) -> None:
    """Refuse a row that would grow a drafted circle past the program's largest size (one row
    per mentee or peer), rather than let publishing refuse the whole circle later."""
    held = run.pairs.filter(circle=circle).values("mentee").distinct().count()
    program = run.program
    if held >= program.circle_max_size:
        raise CapacityFull(
            f"That circle already holds {held}; {program.name}'s circles hold at most "
            f"{program.circle_max_size}. Remove someone from it first, or pair with another mentor."
        )


def _in_draft(run: MatchRun, enrollment: Enrollment) -> int:
    """How many pairs of the draft already use this enrollment, on either side."""
    return run.pairs.filter(Q(mentee=enrollment) | Q(mentor=enrollment)).count()


@transaction.atomic
def add_pair(actor: Person, run: MatchRun, mentee: Enrollment, mentor: Enrollment) -> ProposedPair:
    """Pair two people by hand in the draft; the program's rules and capacity still hold."""
    run = _draft(actor, run)
    check_sides(run.program, mentee, mentor)
    if run.pairs.filter(mentee=mentee).exists() or (
        mentee.role == mentor.role and _in_draft(run, mentee)
    ):
        raise InvalidInput(
            f"{mentee.person} already has a pair in this draft; remove or swap it first."
        )
    fit = require_fit(run.program, mentee, mentor)
    circles = run.pairs.filter(mentor=mentor).exclude(circle="")
    circle = circles.values_list("circle", flat=True).first() or ""  # joins the circle
    # Joining the mentor's circle takes none of their seats: the circle holds one already.
    require_room(mentor, _seats_in_draft(run, mentor) - 1 if circle else _in_draft(run, mentor))
    if circle:
        _require_circle_room(run, circle)
    pair = ProposedPair.objects.create(
        run=run,
        mentee=mentee,
        mentor=mentor,
        circle=circle,
        score=fit.score,
        reasons=["chosen by the program manager", *fit.reasons],
        parts=fit.parts,
        origin=PairOrigin.MANAGER,
    )
    UnmatchedEnrollment.objects.filter(run=run, enrollment__in=[mentee, mentor]).delete()
    record(
        actor,
        "match_run.pair_added",
        run,
        run.program.organization,
        pair=pair.pk,
        mentee=mentee.pk,
        mentor=mentor.pk,
    )
    pair.run = run
    return pair


@transaction.atomic
def lock_pair(actor: Person, pair: ProposedPair) -> ProposedPair:
    """Keep this pair in every later run of the program (a lock rule), and mark it here."""
    run = _draft(actor, pair.run)
    pair = _fresh(pair, run)
    set_pair_rule(actor, run.program, pair.mentee, pair.mentor, PairRuleKind.LOCK)
    pair.locked = True
    pair.save(update_fields=["locked"])
    return pair


@transaction.atomic
def forbid_pair(actor: Person, pair: ProposedPair) -> PairRule:
    """Never pair these two again (a forbid rule), and take the pair out of this draft."""
    run = _draft(actor, pair.run)
    pair = _fresh(pair, run)
    rule = set_pair_rule(actor, run.program, pair.mentee, pair.mentor, PairRuleKind.FORBID)
    _drop(pair, FORBIDDEN)
    return rule
