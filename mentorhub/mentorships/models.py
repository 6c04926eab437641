"""Mentorships: the relationship itself, its members and its lifecycle state."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentorhub.people.models import Person
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import Cadence, Enrollment, Program


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    REQUESTED = "requested", "Requested"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    CLOSED_EARLY = "closed_early", "Closed early"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"
    INVALIDATED = "invalidated", "Invalidated"


OPEN_STATUSES = (Status.PROPOSED, Status.REQUESTED)
LIVE_STATUSES = (Status.PROPOSED, Status.REQUESTED, Status.ACTIVE)


class ClosureMode(models.TextChoices):
    COMPLETED = "completed", "Completed as planned"
    MUTUAL = "mutual", "Ended early by mutual agreement"
    ADMIN = "admin", "Ended by the program"
    INACTIVITY = "inactivity", "Ended for inactivity"
    LEAVING = "leaving", "A member is leaving"


class DeclineReason(models.TextChoices):
    NOT_A_FIT = "not_a_fit", "Not a good fit"
    AT_CAPACITY = "at_capacity", "At capacity"
    BUSY = "busy", "Too busy right now"
    OTHER = "other", "Other"


class Mentorship(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentorships")
    status = models.CharField(max_length=12, choices=Status.choices)
    # Sorted member ids, so the same people can hold only one live mentorship per program.
    member_key = models.CharField(max_length=200)
    initiated_by = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="mentorships_initiated"
    )
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    # The latest sign of life (a message, a meeting, a goal step, a check-in): nudges and the
    # health shown to managers read it. Written only by activity.note_activity.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closure_mode = models.CharField(max_length=12, choices=ClosureMode.choices, blank=True)
    decline_reason = models.CharField(max_length=12, choices=DeclineReason.choices, blank=True)
    reason = models.TextField(blank=True, help_text="Why it was declined, withdrawn or closed.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "member_key"],
                condition=Q(status__in=[s.value for s in LIVE_STATUSES]),
                name="mentorship_one_live_per_members",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.COMPLETED, Status.CLOSED_EARLY])
                | ~Q(closure_mode=""),
                name="mentorship_closed_has_mode",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="mentorship_status_known"
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"Mentorship #{self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Member(models.Model):
    """A person in a mentorship with a role; 1:1 pairs, circles and peer groups alike."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=10, choices=EnrollmentRole.choices)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Peer mentoring: what this member brings to and wants from this mentorship, in their words.
    offers = models.CharField(max_length=500, blank=True)
    seeks = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["role", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "person"], name="member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"


class Departure(models.Model):
    """Someone who left a circle that carries on without them.

    Their Member row is deleted, so every access check that reads `mentorship.members`
    shuts them out at once; this row keeps the record of who left, when and why.
    """

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="departures")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="departures")
    role = models.CharField(max_length=10, choices=EnrollmentRole.choices)
    reason = models.TextField(blank=True)
    left_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["left_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "person"], name="departure_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} left mentorship #{self.mentorship_id}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CircleInvitation(models.Model):
    """A manager asks someone enrolled to join an active circle (topping it up).

    They become a Member only when they accept; until then they see nothing of the circle.
    """

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="invitations")
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="circle_invitations"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="circle_invitations")
    role = models.CharField(max_length=10, choices=EnrollmentRole.choices)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "person"],
                condition=Q(status="pending"),
                name="circle_invitation_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in InvitationStatus]),
                name="circle_invitation_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} invited to mentorship #{self.mentorship_id} ({self.status})"


# The plan of a mentorship: what the program proposes, the agreement and the goals.


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video"
    MESSAGING = "messaging", "Messaging"


class AgreementTerms(models.Model):
    """The fields an agreement is made of, shared by the program's template and each copy."""

    goals = models.TextField(blank=True, help_text="What the relationship is for.")
    cadence = models.CharField(
        max_length=10,
        choices=Cadence.choices,
        default=Cadence.BIWEEKLY,
        help_text="How often the members mean to meet.",
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        default=45, help_text="How long a meeting usually lasts, in minutes."
    )
    channels = models.JSONField(default=list, blank=True, help_text="Preferred channels.")
    confidentiality = models.TextField(blank=True)
    ending = models.TextField(blank=True, help_text="How either side can end the mentorship.")

    class Meta:
        abstract = True

    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels if c in Channel.values]


class ProgramPlan(AgreementTerms):
    """What a program proposes to each of its mentorships: agreement text and goal structure."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="plan")
    # [{"title", "description", "milestones": [titles], "tasks": [titles]}], validated
    # by the plans service; copied into a formal program's mentorship when it starts.
    goal_template = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Plan of {self.program}"


class Agreement(AgreementTerms):
    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="agreement"
    )
    # Each edit makes a new version; confirmations count only for the version they name.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Agreement of mentorship #{self.mentorship_id} (v{self.version})"


class AgreementConfirmation(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="confirmations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["confirmed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "person", "version"], name="agreement_confirmed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} confirmed v{self.version}"


class GoalStatus(models.TextChoices):
    OPEN = "open", "In progress"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class Goal(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    # Empty: a goal the whole mentorship shares; set: one member's own goal (in a circle).
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="own_goals"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in GoalStatus]), name="goal_status_known"
            )
        ]

    def __str__(self) -> str:
        return self.title


class GoalComment(models.Model):
    """A member's word on a goal's progress: peers in a circle cheer each other on."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="goal_comment_has_body"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.goal}"


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="tasks")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


# Nudges: written by the nudge sweep (nudges.py), one per quiet spell and audience.


class NudgeKind(models.TextChoices):
    MEMBERS = "members", "Members nudged"
    MANAGERS = "managers", "Managers warned"


class Nudge(models.Model):
    """A nudge about one quiet spell: the row that makes a rerun or a retry send nothing more.

    A spell is named by when it began (the last sign of life); new activity starts a new
    spell, which may be nudged again.
    """

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="nudges")
    kind = models.CharField(max_length=10, choices=NudgeKind.choices)
    quiet_since = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    # When its emails were queued; a row without it is picked up again by the next sweep.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "kind", "quiet_since"], name="nudge_once_per_spell"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in NudgeKind]), name="nudge_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} about mentorship #{self.mentorship_id}"
