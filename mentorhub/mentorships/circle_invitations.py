"""Topping up a circle: a manager invites someone enrolled to join an active circle.

The newcomer is checked against every member (conflicts, management chain, screening and
the program's other pairing rules), against their own capacity and the circle's largest
size, when invited and again when they accept. Accepting makes them a Member, with every
access that reads the members; declining ends only their invitation, never the circle.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import CapacityFull, IllegalTransition, InvalidInput, NotAllowed
from mentorhub.mentorships.access import visible_mentorships
from mentorhub.mentorships.circle_sizes import circle_seats
from mentorhub.mentorships.circles import rekey
from mentorhub.mentorships.models import (
    CircleInvitation,
    InvitationStatus,
    Member,
    Mentorship,
    Status,
)
from mentorhub.mentorships.services import (
    _full_message,
    _invalidate_others_if_full,
    _locked,
    check_pairable,
)
from mentorhub.notify import email_people
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, EnrollmentStatus, ProgramStatus
from mentorhub.programs.services import take_seat

INVITE_FIELD = "enrollment"


def get_invitation_for(person: Person, invitation_id: int) -> CircleInvitation:
    """An invitation its invitee, or anyone who may see the circle, may look at; else 404."""
    found = CircleInvitation.objects.select_related(
        "mentorship__program__organization", "person", "invited_by", "enrollment"
    ).filter(pk=invitation_id, mentorship__program__organization=person.organization)
    visible = Q(person=person) | Q(mentorship__in=visible_mentorships(person))
    invitation = found.filter(visible).first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def pending_invitations(mentorship: Mentorship) -> QuerySet[CircleInvitation]:
    return mentorship.invitations.filter(status=InvitationStatus.PENDING).select_related("person")


def invitations_for(person: Person) -> QuerySet[CircleInvitation]:
    """The person's invitations still waiting for an answer, to circles still active."""
    return CircleInvitation.objects.filter(
        person=person, status=InvitationStatus.PENDING, mentorship__status=Status.ACTIVE
    ).select_related("mentorship__program")


def invite_candidates(mentorship: Mentorship) -> QuerySet[Enrollment]:
    """Who may be offered a place: enrolled and active in the program, not in the circle yet."""
    program = mentorship.program
    return (
        program.enrollments.filter(status=EnrollmentStatus.ACTIVE)
        .exclude(person__memberships__mentorship=mentorship)
        .select_related("person")
        .order_by("role", "person__full_name")
    )


def _refuse(message: str) -> None:
    raise InvalidInput(message, field_errors={INVITE_FIELD: [message]})


def _check_role(mentorship: Mentorship, newcomer: Enrollment) -> None:
    program = mentorship.program
    if program.approach_rules.is_mutual and newcomer.role != EnrollmentRole.PEER:
        _refuse(f"{newcomer.person} is not enrolled as a peer; a peer circle holds peers only.")
    if newcomer.role not in program.approach_rules.roles:
        _refuse(f"{newcomer.person} takes part as {newcomer.role}, not in a circle's roles.")


def _check_newcomer(mentorship: Mentorship, newcomer: Enrollment, invited: list[str]) -> None:
    """Every rule the newcomer must meet to join; `invited` are the roles of other pending
    invitations, which keep their places in the circle's size."""
    program = mentorship.program
    if not program.approach_rules.forms_circles:
        _refuse(f"{program.name} has no circles; only a circle can be topped up.")
    if mentorship.status != Status.ACTIVE:
        current = Status(mentorship.status).label.lower()
        raise IllegalTransition(
            f"This mentorship is {current}; only an active circle takes in someone new."
        )
    if program.status == ProgramStatus.FINISHED:
        raise IllegalTransition(f"{program.name} has finished; nobody new joins its circles.")
    if newcomer.program_id != program.pk:
        _refuse(f"{newcomer.person} is not enrolled in {program.name}.")
    members = list(mentorship.members.select_related("enrollment__person"))
    if any(m.person_id == newcomer.person_id for m in members):
        _refuse(f"{newcomer.person} is already in this circle.")
    _check_role(mentorship, newcomer)
    # Conflicts, the org chart, screening and admission: the newcomer with each member.
    for member in members:
        check_pairable(program, [member.enrollment, newcomer])
    roles = [m.role for m in members] + invited + [newcomer.role]
    seats, high = circle_seats(roles), program.circle_max_size
    if seats > high:
        who = "peers" if program.approach_rules.is_mutual else "mentees"
        waiting = f", counting {len(invited)} invited" if invited else ""
        _refuse(f"The circle would hold {seats} {who}{waiting}; {program.name} allows {high}.")
    newcomer.refresh_from_db(fields=["load", "capacity", "status"])
    if newcomer.is_full:
        raise CapacityFull(_full_message(newcomer))


@transaction.atomic
def invite_to_circle(
    actor: Person, mentorship: Mentorship, newcomer: Enrollment
) -> CircleInvitation:
    """A program manager asks someone enrolled to join an active circle; they accept or not."""
    mentorship = _locked(mentorship)
    if not can_manage(actor, mentorship.program):
        raise NotAllowed("Only this program's managers can invite people into a circle.")
    waiting = pending_invitations(mentorship)
    if waiting.filter(person_id=newcomer.person_id).exists():
        _refuse(f"{newcomer.person} is already invited to this circle; waiting for their answer.")
    _check_newcomer(mentorship, newcomer, [i.role for i in waiting])
    try:
        with transaction.atomic():
            invitation = CircleInvitation.objects.create(
                mentorship=mentorship,
                enrollment=newcomer,
                person=newcomer.person,
                role=newcomer.role,
                invited_by=actor,
            )
    except IntegrityError:  # a second manager invited them at the same moment
        _refuse(f"{newcomer.person} is already invited to this circle; waiting for their answer.")
    program = mentorship.program
    record(
        actor, "mentorship.member_invited", mentorship, program.organization, enrollment=newcomer.pk
    )
    email_people([newcomer.person], "mentorship_circle_invitation", invitation=invitation)
    return invitation


def _pending(invitation: CircleInvitation) -> CircleInvitation:
    """The invitation locked, if it still waits for an answer."""
    invitation = (
        CircleInvitation.objects.select_for_update(of=("self",))
        .select_related("mentorship__program", "enrollment__person", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.PENDING:
        raise IllegalTransition(
            f"This invitation was already answered: {invitation.get_status_display().lower()}."
        )
    return invitation


def _answer(invitation: CircleInvitation, status: InvitationStatus) -> None:
    invitation.status, invitation.answered_at = status, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])


def _invitee_only(actor: Person, invitation: CircleInvitation, verb: str) -> None:
    if invitation.person_id != actor.pk:
        raise NotAllowed(f"Only {invitation.person} can {verb} this invitation.")


@transaction.atomic
def accept_circle_invitation(actor: Person, invitation: CircleInvitation) -> Member:
    """The newcomer joins: the rules are checked again, a seat is taken, the circle is told."""
    mentorship = _locked(invitation.mentorship)
    invitation = _pending(invitation)
    _invitee_only(actor, invitation, "accept")
    newcomer = invitation.enrollment
    _check_newcomer(mentorship, newcomer, [])
    if not take_seat(newcomer.pk):
        raise CapacityFull(_full_message(newcomer))
    member = Member.objects.create(
        mentorship=mentorship,
        person=actor,
        enrollment=newcomer,
        role=newcomer.role,
        accepted_at=timezone.now(),
    )
    rekey(
        mentorship,
        "You already share another live mentorship in this program with exactly these "
        "people; close that one first.",
    )
    _answer(invitation, InvitationStatus.ACCEPTED)
    record(
        actor,
        "mentorship.member_joined",
        mentorship,
        mentorship.program.organization,
        role=member.role,
        invitation=invitation.pk,
    )
    if member.role != EnrollmentRole.MENTOR:
        _invalidate_others_if_full(newcomer.pk, mentorship)
    others = [m.person for m in mentorship.members.select_related("person") if m.pk != member.pk]
    email_people(others, "mentorship_member_joined", mentorship=mentorship, invitation=invitation)
    return member


@transaction.atomic
def decline_circle_invitation(actor: Person, invitation: CircleInvitation) -> CircleInvitation:
    """The newcomer says no: only their invitation ends; whoever invited them is told."""
    invitation = _pending(invitation)
    _invitee_only(actor, invitation, "decline")
    _answer(invitation, InvitationStatus.DECLINED)
    mentorship = invitation.mentorship
    record(
        actor,
        "mentorship.invitation_declined",
        mentorship,
        mentorship.program.organization,
        invitation=invitation.pk,
    )
    if invitation.invited_by is not None:
        declined = "mentorship_invitation_declined"
        email_people([invitation.invited_by], declined, invitation=invitation)
    return invitation


@transaction.atomic
def withdraw_circle_invitation(actor: Person, invitation: CircleInvitation) -> CircleInvitation:
    """A program manager takes back an invitation nobody has answered yet."""
    invitation = _pending(invitation)
    mentorship = invitation.mentorship
    if not can_manage(actor, mentorship.program):
        raise NotAllowed("Only this program's managers can withdraw an invitation to a circle.")
    _answer(invitation, InvitationStatus.WITHDRAWN)
    record(
        actor,
        "mentorship.invitation_withdrawn",
        mentorship,
        mentorship.program.organization,
        invitation=invitation.pk,
    )
    return invitation
