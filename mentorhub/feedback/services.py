"""Domain actions on feedback: answer a check-in, acknowledge an alert, set the check-in
policy, rate a meeting, fill in the closing survey."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from mentorhub.audit.services import record
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.feedback.access import is_member
from mentorhub.feedback.alerts import Said, divergences
from mentorhub.feedback.models import (
    EVERY_DAYS,
    FIRST_AFTER_DAYS,
    SCORE,
    CheckIn,
    CheckInAnswer,
    CheckInPolicy,
    ClosingSurvey,
    ExpectationAlert,
    MeetingFeedback,
    Met,
    Rate,
    Rating,
)
from mentorhub.meetings.models import Meeting, MeetingStatus
from mentorhub.mentorships.activity import note_activity
from mentorhub.mentorships.models import Agreement, Mentorship, Status
from mentorhub.people.models import Person
from mentorhub.people.validators import LONG_TEXT
from mentorhub.programs.access import can_manage
from mentorhub.programs.models import Program

ENDED = (Status.COMPLETED, Status.CLOSED_EARLY)


@dataclass
class Answer:
    """What a member says in a check-in; `comment` stays with the members."""

    satisfaction: int
    meeting_rate: str
    expected_rate: str
    goal_progress: int
    expectations_met: str
    comment: str = ""
    # Mutual (peer) programs only: how much one got from the others, and gave them.
    received: int | None = None
    gave: int | None = None


def _score(value: int, field: str, label: str) -> None:
    if not SCORE[0] <= value <= SCORE[1]:
        message = f"Rate {label} from {SCORE[0]} to {SCORE[1]}."
        raise InvalidInput(message, {field: [message]})


def _choice(value: str, field: str, choices: list[str]) -> None:
    if value not in choices:
        message = f"Unknown value {value!r}; choose one of {', '.join(choices)}."
        raise InvalidInput(message, {field: [message]})


def _check_answer(answer: Answer, mutual: bool) -> None:
    _score(answer.satisfaction, "satisfaction", "your satisfaction")
    if mutual:
        for field, label in (("received", "how much you got"), ("gave", "how much you gave")):
            value = getattr(answer, field)
            if value is None:
                message = f"In a peer program, say {label} (from {SCORE[0]} to {SCORE[1]})."
                raise InvalidInput(message, {field: [message]})
            _score(value, field, label)
    _score(answer.goal_progress, "goal_progress", "progress on your goals")
    _choice(answer.meeting_rate, "meeting_rate", Rate.values)
    _choice(answer.expected_rate, "expected_rate", Rate.values)
    _choice(answer.expectations_met, "expectations_met", Met.values)
    if len(answer.comment) > LONG_TEXT:
        message = f"Keep the comment under {LONG_TEXT:,} characters."
        raise InvalidInput(message, {"comment": [message]})


def expected_cadence(mentorship: Mentorship) -> str:
    """The rate the members agreed on, else the one their program expects."""
    agreed = Agreement.objects.filter(mentorship=mentorship).values_list("cadence", flat=True)
    return agreed.first() or mentorship.program.meeting_cadence


@transaction.atomic
def answer_checkin(actor: Person, checkin: CheckIn, answer: Answer) -> CheckInAnswer:
    """Answer (or change one's answer) while the check-in is open; alerts follow the answers."""
    mentorship = checkin.mentorship
    if not is_member(actor, mentorship):
        raise NotAllowed("Only the members of this mentorship answer its check-ins.")
    if mentorship.status != Status.ACTIVE:
        raise IllegalTransition("This mentorship is no longer active; its check-ins are closed.")
    if not checkin.is_open():
        raise IllegalTransition(
            f"This check-in closed on {_day(actor, checkin.closes_at)}; answer the next one."
        )
    mutual = mentorship.program.approach_rules.is_mutual
    _check_answer(answer, mutual)
    if not mutual:  # the give-and-take questions belong to peer programs only
        answer = replace(answer, received=None, gave=None)
    # Lock the check-in: two members answering at once both see each other's answer.
    CheckIn.objects.select_for_update().filter(pk=checkin.pk).first()
    fields = asdict(answer) | {"answered_at": timezone.now()}
    saved, created = CheckInAnswer.objects.update_or_create(
        checkin=checkin, person=actor, defaults=fields
    )
    org = mentorship.program.organization
    # The audit trail says who answered, never what.
    record(actor, "checkin.answered", checkin, org, number=checkin.number, changed=not created)
    note_activity(mentorship.pk)
    refresh_alerts(checkin)
    return saved


def refresh_alerts(checkin: CheckIn) -> list[ExpectationAlert]:
    """Raise the alerts the answers call for; drop unacknowledged ones that no longer apply."""
    answers = checkin.answers.select_related("person")
    said = [
        Said(
            a.person.full_name,
            a.satisfaction,
            a.meeting_rate,
            a.expected_rate,
            a.expectations_met,
            a.received,
            a.gave,
        )
        for a in answers
    ]
    found = divergences(said, expected_cadence(checkin.mentorship))
    checkin.alerts.filter(acknowledged_at__isnull=True).exclude(kind__in=found).delete()
    alerts = []
    for kind, summary in found.items():
        alert, created = ExpectationAlert.objects.get_or_create(
            checkin=checkin, kind=kind, defaults={"summary": summary}
        )
        if not created and alert.acknowledged_at is None and alert.summary != summary:
            alert.summary = summary
            alert.save(update_fields=["summary"])
        alerts.append(alert)
    return alerts


def _day(person: Person, moment: datetime) -> str:
    """A date as the person reads it: in their own time zone."""
    return f"{timezone.localtime(moment, ZoneInfo(person.timezone or 'UTC')):%d %B %Y}"


@transaction.atomic
def acknowledge_alert(actor: Person, alert: ExpectationAlert) -> ExpectationAlert:
    program = alert.checkin.mentorship.program
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers handle its alerts.")
    # The check-in's lock orders this against answers that may clear the alert and against
    # another manager acknowledging it at the same moment.
    CheckIn.objects.select_for_update().filter(pk=alert.checkin_id).first()
    current = ExpectationAlert.objects.select_related("acknowledged_by").filter(pk=alert.pk)
    alert = current.first() or _gone()
    if alert.acknowledged_at is not None:
        raise IllegalTransition(
            f"{alert.acknowledged_by.full_name if alert.acknowledged_by else 'Someone'} "
            f"acknowledged this alert on {_day(actor, alert.acknowledged_at)}."
        )
    alert.acknowledged_by = actor
    alert.acknowledged_at = timezone.now()
    alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    record(actor, "expectation_alert.acknowledged", alert, program.organization, kind=alert.kind)
    return alert


def _gone() -> ExpectationAlert:
    raise IllegalTransition("This alert no longer applies: the members' answers now agree.")


@transaction.atomic
def set_checkin_policy(
    actor: Person, program: Program, enabled: bool, first_after_days: int, every_days: int
) -> CheckInPolicy:
    if not can_manage(actor, program):
        raise NotAllowed("Only this program's managers set its check-ins.")
    errors = {}
    if not FIRST_AFTER_DAYS[0] <= first_after_days <= FIRST_AFTER_DAYS[1]:
        errors["first_after_days"] = [
            f"The first check-in comes {FIRST_AFTER_DAYS[0]} to {FIRST_AFTER_DAYS[1]} days "
            "after the mentorship starts."
        ]
    if not EVERY_DAYS[0] <= every_days <= EVERY_DAYS[1]:
        errors["every_days"] = [f"Check-ins repeat every {EVERY_DAYS[0]} to {EVERY_DAYS[1]} days."]
    if errors:
        raise InvalidInput(" ".join(m for ms in errors.values() for m in ms), errors)
    policy, _ = CheckInPolicy.objects.update_or_create(
        program=program,
        defaults={
            "enabled": enabled,
            "first_after_days": first_after_days,
            "every_days": every_days,
            "updated_at": timezone.now(),
        },
    )
    record(
        actor,
        "checkin_policy.set",
        program,
        program.organization,
        enabled=enabled,
        first_after_days=first_after_days,
        every_days=every_days,
    )
    return policy


def feedback_open(meeting: Meeting) -> bool:
    """A meeting can be rated once it was held or its time has come, unless cancelled."""
    if meeting.status == MeetingStatus.CANCELLED:
        return False
    return meeting.status == MeetingStatus.HELD or meeting.starts_at <= timezone.now()


@transaction.atomic
def rate_meeting(actor: Person, meeting: Meeting, rating: str) -> MeetingFeedback:
    """One click after a meeting: helpful, okay or not helpful; a second click changes it."""
    if not is_member(actor, meeting.mentorship):
        raise NotAllowed("Only the members of this mentorship rate its meetings.")
    _choice(rating, "rating", Rating.values)
    if not feedback_open(meeting):
        raise IllegalTransition(
            "This meeting was cancelled."
            if meeting.status == MeetingStatus.CANCELLED
            else "Rate the meeting once it has started."
        )
    feedback, _ = MeetingFeedback.objects.update_or_create(
        meeting=meeting, person=actor, defaults={"rating": rating, "created_at": timezone.now()}
    )
    org = meeting.mentorship.program.organization
    record(actor, "meeting.rated", meeting, org)  # each rating stays out of sight; totals only
    note_activity(meeting.mentorship_id)
    return feedback


@dataclass
class LookingBack:
    """A member's closing survey; `achieved` reaches the program only if shared."""

    goals_met: int
    would_again: bool
    achieved: str = ""
    share_with_program: bool = False


@transaction.atomic
def answer_closing_survey(
    actor: Person, mentorship: Mentorship, survey: LookingBack
) -> ClosingSurvey:
    if not is_member(actor, mentorship):
        raise NotAllowed("Only the members of this mentorship fill in its closing survey.")
    if mentorship.status not in ENDED:
        raise IllegalTransition("The closing survey opens once the mentorship has ended.")
    _score(survey.goals_met, "goals_met", "how far the goals were met")
    if len(survey.achieved) > LONG_TEXT:
        message = f"Keep it under {LONG_TEXT:,} characters."
        raise InvalidInput(message, {"achieved": [message]})
    saved, created = ClosingSurvey.objects.update_or_create(
        mentorship=mentorship,
        person=actor,
        defaults=asdict(survey) | {"answered_at": timezone.now()},
    )
    org = mentorship.program.organization
    record(actor, "closing_survey.answered", mentorship, org, changed=not created)
    return saved
