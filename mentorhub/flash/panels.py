"""What the flash panels show on a mentorship's and a program's page, in a few queries each."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from mentorhub.flash.access import is_party
from mentorhub.flash.forms import ChallengeForm, OutcomeForm, SlotForm, TermsForm
from mentorhub.flash.models import Challenge, OpenSlot, Outcome
from mentorhub.flash.slots import open_slots
from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.people.models import Person
from mentorhub.programs.access import can_manage
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program

MANAGER_LIST = 50  # the latest challenges a manager sees on the program page
MY_LIST = 5
SLOTS_SHOWN = 20


@dataclass
class ChallengeView:
    """One challenge as the viewer may see it, with the forms they may use."""

    challenge: Challenge
    party: bool
    member: bool
    terms_form: TermsForm | None = None
    can_agree: bool = False
    outcome_form: OutcomeForm | None = None
    days_left: int | None = None


def challenge_view(viewer: Person, challenge: Challenge) -> ChallengeView:
    mentorship = challenge.mentorship
    member = mentorship is not None and any(
        m.person_id == viewer.pk for m in mentorship.members.all()
    )
    view = ChallengeView(challenge, is_party(viewer, challenge), member)
    view.days_left = challenge.days_left()
    if not member or mentorship is None:
        return view
    working = not challenge.is_closed and mentorship.status == Status.ACTIVE
    if working:
        initial = {"scope": challenge.scope, "end_condition": challenge.end_condition}
        view.terms_form = TermsForm(initial=initial)
        view.can_agree = (
            bool(challenge.scope)
            and challenge.agreed_at is None
            and challenge.terms_by_id != viewer.pk
        )
    if working or (challenge.is_closed and not challenge.outcome):
        view.outcome_form = OutcomeForm()
    return view


def for_mentorship(viewer: Person, mentorship: Mentorship) -> ChallengeView | None:
    """The challenge a flash mentorship serves, for its overview page (one query)."""
    challenge = (
        Challenge.objects.select_related("asker", "terms_by").filter(mentorship=mentorship).first()
    )
    if challenge is None:
        return None
    challenge.mentorship = mentorship  # its members are already on the page
    return challenge_view(viewer, challenge)


@dataclass
class ProgramChallenges:
    enrollment: Enrollment | None = None  # the viewer's mentee enrollment, if any
    mine: list[Challenge] = field(default_factory=list)
    form: ChallengeForm | None = None
    managing: bool = False
    latest: list[Challenge] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    # One-off sessions: a mentor's own upcoming slots, and the slots a mentee may book.
    mentor: Enrollment | None = None
    my_slots: list[OpenSlot] = field(default_factory=list)
    slot_form: SlotForm | None = None
    open_slots: list[OpenSlot] = field(default_factory=list)


def for_program(
    viewer: Person, program: Program, managing: bool | None = None
) -> ProgramChallenges:
    """The viewer's own challenges and, for managers, titles and outcomes (a few queries)."""
    view = ProgramChallenges(managing=can_manage(viewer, program) if managing is None else managing)
    view.enrollment = program.enrollments.filter(
        person=viewer, role=EnrollmentRole.MENTEE, status=EnrollmentStatus.ACTIVE
    ).first()
    if view.enrollment is not None:
        view.mine = list(
            Challenge.objects.filter(enrollment=view.enrollment).select_related("mentorship")[
                :MY_LIST
            ]
        )
        if not any(not c.is_closed for c in view.mine):
            view.form = ChallengeForm()
    _slots(viewer, program, view)
    if view.managing:
        challenges = Challenge.objects.filter(program=program)
        view.latest = list(challenges.select_related("asker", "mentorship")[:MANAGER_LIST])
        view.outcomes = challenges.aggregate(
            total=Count("id"),
            open=Count("id", filter=Q(closed_at__isnull=True)),
            **{o.value: Count("id", filter=Q(outcome=o.value)) for o in Outcome},
        )
    return view


def _slots(viewer: Person, program: Program, view: ProgramChallenges) -> None:
    now = timezone.now()
    view.mentor = program.enrollments.filter(
        person=viewer, role=EnrollmentRole.MENTOR, status=EnrollmentStatus.ACTIVE
    ).first()
    if view.mentor is not None:
        upcoming = OpenSlot.objects.filter(mentor=view.mentor, starts_at__gt=now)
        view.my_slots = list(upcoming.select_related("booked_by")[:SLOTS_SHOWN])
        view.slot_form = SlotForm()
    if view.enrollment is not None and view.form is not None:  # free for a new challenge
        view.open_slots = list(open_slots(program, now)[:SLOTS_SHOWN])
