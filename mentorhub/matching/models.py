"""Match runs and their draft pairs, the manager's standing pair rules, and ranked preferences."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person
from mentorhub.programs.models import Enrollment, Program

MAX_PREFERENCES = 20


class Method(models.TextChoices):
    OPTIMAL = "optimal", "Optimal (most people matched, then the best total fit)"
    STABLE = "stable", "Stable (from both sides' rankings)"
    CIRCLES = "circles", "Circles (group mentoring)"
    PEERS = "peers", "Peers (mutual pairs)"
    PEER_CIRCLES = "peer-circles", "Peer circles (small groups of equals)"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DRAFT = "draft", "Draft, for review"
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    DISCARDED = "discarded", "Discarded"


class MatchRun(models.Model):
    """One execution of the engine on a program; its pairs stay a draft until published."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="match_runs")
    method = models.CharField(max_length=12, choices=Method.choices, default=Method.OPTIMAL)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.FloatField(default=0.0)
    phase = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="match_runs_started"
    )
    published_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    settings = models.JSONField(default=dict, blank=True, help_text="Rules and weights used.")
    stats = models.JSONField(default=dict, blank=True, help_text="Counts, mean score, timings.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "status"], name="matchrun_program_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=1), name="matchrun_progress_0_1"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="matchrun_status_known"
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="matchrun_method_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Match run #{self.pk} of {self.program} ({self.status})"

    @property
    def is_finished(self) -> bool:
        """Nothing more will happen by itself: no engine work and no publishing under way."""
        return self.status not in (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PUBLISHING)


class PairOrigin(models.TextChoices):
    ENGINE = "engine", "Proposed by the engine"
    MANAGER = "manager", "Chosen by the program manager"


class ProposedPair(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list, blank=True)
    parts = models.JSONField(default=dict, blank=True, help_text="Each part of the score, 0..1.")
    circle = models.CharField(max_length=40, blank=True)
    origin = models.CharField(max_length=10, choices=PairOrigin.choices, default=PairOrigin.ENGINE)
    locked = models.BooleanField(default=False)
    # After publishing: the mentorship it became, or why it could not be proposed.
    mentorship = models.ForeignKey(
        Mentorship, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skipped_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee", "mentor"], name="pair_once_per_run"),
            models.CheckConstraint(condition=~Q(mentee=F("mentor")), name="pair_two_enrollments"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="pair_score_0_1"),
        ]

    def __str__(self) -> str:
        return f"pair #{self.pk}: {self.mentor_id} → {self.mentee_id}"


class UnmatchedEnrollment(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "enrollment"], name="unmatched_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"enrollment {self.enrollment_id} unmatched: {self.reason}"


class PairRuleKind(models.TextChoices):
    LOCK = "lock", "Always pair them (kept in every run)"
    FORBID = "forbid", "Never pair them"


class PairRule(models.Model):
    """A program manager's standing decision about one pair, applied by every later run."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pair_rules")
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=6, choices=PairRuleKind.choices)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee", "mentor"], name="pair_rule_once_per_pair"
            ),
            models.CheckConstraint(condition=~Q(mentee=F("mentor")), name="pair_rule_two_people"),
            models.CheckConstraint(
                condition=Q(kind__in=PairRuleKind.values), name="pair_rule_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.mentor_id} → {self.mentee_id}"


class Preference(models.Model):
    """One place in a person's ranked shortlist of the other side (1 = first choice)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="preferences")
    ranked = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["enrollment", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "ranked"], name="preference_once"),
            models.UniqueConstraint(fields=["enrollment", "rank"], name="preference_rank_once"),
            models.CheckConstraint(
                condition=~Q(enrollment=F("ranked")), name="preference_not_self"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=MAX_PREFERENCES), name="preference_rank_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} ranks {self.ranked_id} #{self.rank}"
