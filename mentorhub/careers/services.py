"""Domain actions of career mentoring: the plan, its target skills, gap goals, introductions."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.careers.models import (
    MAX_HORIZON,
    MIN_HORIZON,
    CareerPlan,
    GoalSkill,
    Introduction,
    IntroStatus,
    TargetSkill,
)
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.mentorships.access import is_member, member_with_role
from mentorhub.mentorships.activity import note_activity
from mentorhub.mentorships.goals import add_goal
from mentorhub.mentorships.models import Goal, Mentorship, Status
from mentorhub.notify import email_people
from mentorhub.people.declarations import refuse_declared
from mentorhub.people.models import Person, Skill
from mentorhub.programs.approaches import ApproachKey, EnrollmentRole

MAX_TARGET_SKILLS = 30


def _require_live_member(actor: Person, mentorship: Mentorship) -> None:
    if mentorship.program.approach != ApproachKey.CAREER:
        raise InvalidInput("Career plans and introductions belong to career programs.")
    if not is_member(actor, mentorship):
        raise NotAllowed("Only the mentorship's members can work on its career plan.")
    if mentorship.status != Status.ACTIVE:
        raise IllegalTransition(
            f"This mentorship is {mentorship.get_status_display().lower()}; "
            "its career plan changes only while it is active."
        )


def _mentee(mentorship: Mentorship) -> Person:
    mentee = member_with_role(mentorship, EnrollmentRole.MENTEE)
    if mentee is None:
        raise InvalidInput("A career plan belongs to a mentee; this mentorship has none.")
    return mentee


def _check_plan(target_role: str, horizon_months: int) -> str:
    role = " ".join(target_role.split())
    if not role or len(role) > 200:
        raise InvalidInput(
            "Name the target role (1 to 200 characters), e.g. “Engineering manager”.",
            {"target_role": ["Name the role the mentee is aiming for."]},
        )
    if not MIN_HORIZON <= horizon_months <= MAX_HORIZON:
        raise InvalidInput(
            f"The time horizon is {MIN_HORIZON} to {MAX_HORIZON} months.",
            {"horizon_months": [f"Between {MIN_HORIZON} and {MAX_HORIZON} months."]},
        )
    return role


@transaction.atomic
def save_plan(
    actor: Person, mentorship: Mentorship, target_role: str, horizon_months: int
) -> CareerPlan:
    """Write (or rewrite) the mentee's career plan: where to, and within how many months."""
    _require_live_member(actor, mentorship)
    role = _check_plan(target_role, horizon_months)
    plan, created = CareerPlan.objects.update_or_create(
        mentorship=mentorship,
        defaults={
            "person": _mentee(mentorship),
            "target_role": role,
            "horizon_months": horizon_months,
            "updated_at": timezone.now(),
        },
    )
    verb = "career_plan.created" if created else "career_plan.updated"
    record(actor, verb, mentorship, mentorship.program.organization, plan=plan.pk)
    note_activity(mentorship.pk)
    return plan


def skill_named(actor: Person, name: str) -> Skill:
    """The organization's skill of that name (any case), added if nobody listed it yet."""
    clean = " ".join(name.split())
    if not clean or len(clean) > 100:
        raise InvalidInput(
            "A skill name is 1 to 100 characters.", {"skill": ["Name the skill, e.g. “SQL”."]}
        )
    found = Skill.objects.filter(organization=actor.organization, name__iexact=clean).first()
    return found or Skill.objects.create(organization=actor.organization, name=clean)


@transaction.atomic
def set_target_skill(actor: Person, plan: CareerPlan, skill_name: str, wanted: int) -> TargetSkill:
    """Add a skill the target role needs (or change the level wanted)."""
    _require_live_member(actor, plan.mentorship)
    if not 1 <= wanted <= 5:
        raise InvalidInput(
            "The proficiency wanted is from 1 to 5.", {"wanted": ["From 1 (basics) to 5."]}
        )
    skill = skill_named(actor, skill_name)
    if plan.target_skills.exclude(skill=skill).count() >= MAX_TARGET_SKILLS:
        raise InvalidInput(f"A plan targets at most {MAX_TARGET_SKILLS} skills.")
    target, _ = TargetSkill.objects.update_or_create(
        plan=plan, skill=skill, defaults={"wanted": wanted}
    )
    CareerPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    org = plan.mentorship.program.organization
    record(actor, "career_plan.skill_set", plan.mentorship, org, skill=skill.name, wanted=wanted)
    return target


@transaction.atomic
def remove_target_skill(actor: Person, plan: CareerPlan, skill: Skill) -> None:
    _require_live_member(actor, plan.mentorship)
    deleted, _ = TargetSkill.objects.filter(plan=plan, skill=skill).delete()
    if not deleted:
        raise InvalidInput(f"The plan does not target {skill.name}.")
    org = plan.mentorship.program.organization
    record(actor, "career_plan.skill_removed", plan.mentorship, org, skill=skill.name)


@transaction.atomic
def add_gap_goal(actor: Person, plan: CareerPlan, skill: Skill) -> Goal:
    """“Close the gap in X”: a goal of the mentorship, tied to the skill it works on."""
    if not plan.target_skills.filter(skill=skill).exists():
        raise InvalidInput(f"The plan does not target {skill.name}; add it first.")
    goal = add_goal(
        actor,
        plan.mentorship,
        f"Close the gap in {skill.name}",
        f"Towards {plan.target_role}, within {plan.horizon_months} months.",
    )
    GoalSkill.objects.create(goal=goal, skill=skill)
    return goal


def _check_introduction(mentorship: Mentorship, mentee: Person, to_person: Person) -> None:
    if to_person.organization_id != mentorship.program.organization_id or not to_person.is_active:
        raise InvalidInput(
            "Introduce the mentee to an active person of your organization.",
            {"to_person": ["Not an active person of this organization."]},
        )
    if is_member(to_person, mentorship):
        raise InvalidInput(
            f"{to_person.full_name} is already in this mentorship.",
            {"to_person": ["Choose someone outside the mentorship."]},
        )
    refuse_declared(mentee, to_person)
    pending = Introduction.objects.filter(
        mentee=mentee, to_person=to_person, status=IntroStatus.PENDING
    )
    if pending.exists():
        raise InvalidInput(
            f"{mentee.full_name} already has an introduction to {to_person.full_name} "
            "waiting for an answer.",
            {"to_person": ["An introduction to this person is already waiting."]},
        )


@transaction.atomic
def introduce(
    actor: Person, mentorship: Mentorship, to_person: Person, note: str = ""
) -> Introduction:
    """The mentor introduces the mentee to someone worth knowing; they are asked by email."""
    if mentorship.program.approach != ApproachKey.CAREER:
        raise InvalidInput("Career plans and introductions belong to career programs.")
    if member_with_role(mentorship, EnrollmentRole.MENTOR) != actor:
        raise NotAllowed("Only the mentor of this mentorship can make introductions.")
    if mentorship.status != Status.ACTIVE:
        raise IllegalTransition("Introductions can be made while the mentorship is active.")
    mentee = _mentee(mentorship)
    _check_introduction(mentorship, mentee, to_person)
    try:
        with transaction.atomic():
            intro = Introduction.objects.create(
                mentorship=mentorship,
                introduced_by=actor,
                mentee=mentee,
                to_person=to_person,
                note=note.strip(),
            )
    except IntegrityError:  # another request made the same introduction a moment ago
        raise InvalidInput(
            f"An introduction to {to_person.full_name} is already waiting for an answer."
        ) from None
    # The audit trail names who was introduced to whom, never the note.
    org = mentorship.program.organization
    record(actor, "introduction.made", intro, org, mentee=mentee.pk, to_person=to_person.pk)
    note_activity(mentorship.pk)
    email_people([to_person], "introduction_requested", introduction=intro)
    return intro


def _require_pending(intro: Introduction) -> None:
    if intro.status != IntroStatus.PENDING:
        raise IllegalTransition(f"This introduction is already {intro.status}.")


@transaction.atomic
def answer_introduction(actor: Person, intro: Introduction, accept: bool) -> Introduction:
    """The person introduced to accepts (both get each other's contact) or declines."""
    if actor.pk != intro.to_person_id:
        raise NotAllowed("Only the person introduced to can answer an introduction.")
    _require_pending(intro)
    intro.status = IntroStatus.ACCEPTED if accept else IntroStatus.DECLINED
    intro.answered_at = timezone.now()
    intro.save(update_fields=["status", "answered_at"])
    org = intro.mentorship.program.organization
    record(actor, f"introduction.{intro.status}", intro, org)
    if accept:
        email_people([intro.mentee, intro.to_person], "introduction_accepted", introduction=intro)
    return intro


@transaction.atomic
def withdraw_introduction(actor: Person, intro: Introduction) -> Introduction:
    if actor.pk != intro.introduced_by_id:
        raise NotAllowed("Only the mentor who made the introduction can withdraw it.")
    _require_pending(intro)
    intro.status = IntroStatus.WITHDRAWN
    intro.answered_at = timezone.now()
    intro.save(update_fields=["status", "answered_at"])
    record(actor, "introduction.withdrawn", intro, intro.mentorship.program.organization)
    return intro
