"""Agreements: the program's proposed terms, each mentorship's copy, and its confirmations.

Who sees what: the agreement text belongs to the members (they may write personal goals and
confidentiality terms into it); the program's managers see only whether it is confirmed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed, validate_model
from mentorhub.mentorships.access import get_mentorship_for
from mentorhub.mentorships.activity import note_activity
from mentorhub.mentorships.models import (
    LIVE_STATUSES,
    Agreement,
    AgreementConfirmation,
    Channel,
    Mentorship,
    ProgramPlan,
)
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import Cadence, Program

TERMS = ("goals", "cadence", "meeting_minutes", "channels", "confidentiality", "ending")
MEETING_MINUTES = (5, 480)
DEFAULT_TERMS: dict[str, Any] = {
    "goals": "",
    "meeting_minutes": 45,
    "channels": [Channel.VIDEO.value],
    "confidentiality": "What we discuss stays between us unless we both agree otherwise.",
    "ending": "Either of us can end the mentorship at any time by telling the other and "
    "closing it here; we will say briefly why.",
}


def agreement_required(mentorship: Mentorship) -> bool:
    """Formal programs require a confirmed agreement before the first meeting."""
    return mentorship.program.approach_rules.requires_agreement


def agreement_confirmed(mentorship: Mentorship) -> bool:
    """Every member has confirmed the agreement's current text."""
    agreement = Agreement.objects.filter(mentorship=mentorship).first()
    if agreement is None:
        return False
    members = set(mentorship.members.values_list("person_id", flat=True))
    confirmed = set(
        agreement.confirmations.filter(version=agreement.version).values_list(
            "person_id", flat=True
        )
    )
    return members <= confirmed


def plan_for(program: Program) -> ProgramPlan:
    """The program's plan, or an unsaved one with the platform's defaults."""
    plan = ProgramPlan.objects.filter(program=program).first()
    # Until the managers write a plan, the program's own meeting cadence is the proposal,
    # and its approach says what the mentorship is for.
    defaults = {
        **DEFAULT_TERMS,
        "cadence": program.meeting_cadence,
        "goals": program.approach_rules.agreement_goals,
    }
    return plan or ProgramPlan(program=program, **defaults)


def agreement_for(mentorship: Mentorship) -> Agreement:
    """The mentorship's agreement, or an unsaved draft pre-filled from the program's plan."""
    agreement = Agreement.objects.filter(mentorship=mentorship).first()
    if agreement is not None:
        return agreement
    plan = plan_for(mentorship.program)
    return Agreement(mentorship=mentorship, **{t: getattr(plan, t) for t in TERMS})


def get_agreement_mentorship_for(person: Person, mentorship_id: int) -> Mentorship:
    """The mentorship whose agreement text `person` may read: members only (403 for managers)."""
    mentorship = get_mentorship_for(person, mentorship_id)
    if not mentorship.members.filter(person=person).exists():
        raise NotAllowed("Only the members of this mentorship can read its agreement.")
    return mentorship


def _clean_terms(terms: dict[str, Any]) -> dict[str, Any]:
    unknown = set(terms) - set(TERMS)
    if unknown:
        raise InvalidInput(f"Unknown agreement fields: {', '.join(sorted(unknown))}.")
    cleaned = dict(terms)
    channels = list(dict.fromkeys(cleaned.get("channels", [])))
    wrong = [c for c in channels if c not in Channel.values]
    if wrong:
        message = f"Unknown channel {wrong[0]!r}; choose from {', '.join(Channel.values)}."
        raise InvalidInput(message, field_errors={"channels": [message]})
    if "channels" in cleaned:
        cleaned["channels"] = channels
    if "cadence" in cleaned and cleaned["cadence"] not in Cadence.values:
        message = (
            f"Unknown cadence {cleaned['cadence']!r}; choose from {', '.join(Cadence.values)}."
        )
        raise InvalidInput(message, field_errors={"cadence": [message]})
    minutes = cleaned.get("meeting_minutes")
    if minutes is not None and not MEETING_MINUTES[0] <= minutes <= MEETING_MINUTES[1]:
        message = "A meeting lasts between 5 and 480 minutes."
        raise InvalidInput(message, field_errors={"meeting_minutes": [message]})
    return cleaned


def _locked(mentorship: Mentorship) -> Mentorship:
    """Agreement writes of one mentorship take turns: no two first drafts, no lost version."""
    return (
        Mentorship.objects.select_for_update()
        .select_related("program__organization")
        .get(pk=mentorship.pk)
    )


def _require_member(actor: Person, mentorship: Mentorship, what: str) -> None:
    if not mentorship.members.filter(person=actor).exists():
        raise NotAllowed(f"Only the members of this mentorship can {what}.")
    if mentorship.status not in LIVE_STATUSES:
        raise IllegalTransition(
            f"This mentorship is {mentorship.get_status_display().lower()}; "
            "its agreement is kept as it was."
        )


@transaction.atomic
def save_agreement(actor: Person, mentorship: Mentorship, terms: dict[str, Any]) -> Agreement:
    """A member edits the agreement; a change asks every member to confirm the new text."""
    mentorship = _locked(mentorship)
    _require_member(actor, mentorship, "edit its agreement")
    cleaned = _clean_terms(terms)
    agreement = agreement_for(mentorship)
    changed = any(getattr(agreement, k) != v for k, v in cleaned.items())
    if agreement.pk is not None and not changed:
        return agreement
    for key, value in cleaned.items():
        setattr(agreement, key, value)
    validate_model(agreement, exclude=["mentorship", "updated_by"])
    if agreement.pk is not None:
        # Earlier confirmations name the old version, so they no longer count.
        agreement.version += 1
    agreement.updated_at = timezone.now()
    agreement.updated_by = actor
    agreement.save()
    org = mentorship.program.organization
    record(actor, "agreement.updated", mentorship, org, version=agreement.version)
    return agreement


@transaction.atomic
def confirm_agreement(actor: Person, mentorship: Mentorship) -> Agreement:
    """A member confirms the current text (the program's proposal, if nobody edited it)."""
    mentorship = _locked(mentorship)
    _require_member(actor, mentorship, "confirm its agreement")
    agreement = agreement_for(mentorship)
    if agreement.pk is None:
        agreement.updated_by = actor
        agreement.save()
    _, created = AgreementConfirmation.objects.get_or_create(
        agreement=agreement, person=actor, version=agreement.version
    )
    if not created:
        raise InvalidInput("You have already confirmed this version of the agreement.")
    org = mentorship.program.organization
    record(actor, "agreement.confirmed", mentorship, org, version=agreement.version)
    note_activity(mentorship.pk)
    return agreement


def confirmations(agreement: Agreement) -> dict[int, AgreementConfirmation]:
    """Who confirmed the current version, by person id."""
    if agreement.pk is None:
        return {}
    return {c.person_id: c for c in agreement.confirmations.filter(version=agreement.version)}


def get_plan_program_for(person: Person, program_id: int) -> Program:
    """A program whose plan `person` may edit: its managers and org admins; others 404."""
    program = Program.objects.filter(pk=program_id, organization=person.organization).first()
    if program is None or not can_manage(person, program):
        raise Http404("No such program.")
    return program


@transaction.atomic
def save_program_plan(
    actor: Person,
    program: Program,
    terms: dict[str, Any],
    goal_template: list[dict[str, Any]] | None = None,
) -> ProgramPlan:
    """A program manager sets the agreement and goal structure new mentorships start from."""
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers can change its plan.")
    plan = plan_for(program)
    for key, value in _clean_terms(terms).items():
        setattr(plan, key, value)
    if goal_template is not None:
        plan.goal_template = clean_goal_template(goal_template)
    validate_model(plan, exclude=["program"])
    plan.updated_at = timezone.now()
    plan.save()
    record(actor, "program.plan_updated", program, program.organization)
    return plan


def clean_goal_template(template: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{title, description?, milestones?: [title], tasks?: [title]}] with titles of ≤ 200."""
    cleaned = []
    for index, goal in enumerate(template, start=1):
        title = str(goal.get("title", "")).strip()
        if not title or len(title) > 200:
            message = f"Goal {index} needs a title of at most 200 characters."
            raise InvalidInput(message, field_errors={"goal_template": [message]})
        steps = {}
        for kind in ("milestones", "tasks"):
            names = [str(s).strip() for s in goal.get(kind, []) if str(s).strip()]
            if any(len(s) > 200 for s in names):
                message = f"Goal {index}: {kind} have titles of at most 200 characters."
                raise InvalidInput(message, field_errors={"goal_template": [message]})
            steps[kind] = names
        description = str(goal.get("description", "")).strip()
        cleaned.append({"title": title, "description": description, **steps})
    return cleaned
