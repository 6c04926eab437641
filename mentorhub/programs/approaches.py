"""The ten mentorship approaches and what each one means for roles and shape.

Approach-specific rules live here, one entry per approach, so views and services ask
the approach instead of testing `program.approach == ...` themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class ApproachKey(models.TextChoices):
    TRADITIONAL = "traditional", "Traditional 1:1"
    REVERSE = "reverse", "Reverse"
    GROUP = "group", "Group (circles)"
    PEER = "peer", "Peer"
    VIRTUAL = "virtual", "Virtual"
    SITUATIONAL = "situational", "Situational / flash"
    CAREER = "career", "Career"
    PERSONAL = "personal", "Personal development"
    FORMAL = "formal", "Formal program"
    CRISIS = "crisis", "Crisis"


class EnrollmentRole(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"
    PEER = "peer", "Peer"


@dataclass(frozen=True)
class Approach:
    key: str
    summary: str
    roles: tuple[str, ...]
    # How many active mentorships one mentee-side enrollment may have at once.
    mentee_capacity: int = 1
    # Templates this approach adds to a mentorship's overview and to its program's page.
    # Each renders from `mentorship` (or `program`) and the viewer (`request`), with a
    # bounded number of queries, so the pages stay free of `if approach == …` branches.
    panels: tuple[str, ...] = ()
    program_panels: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return str(ApproachKey(self.key).label)

    @property
    def is_mutual(self) -> bool:
        return self.roles == (EnrollmentRole.PEER,)


_MENTOR_MENTEE = (EnrollmentRole.MENTOR.value, EnrollmentRole.MENTEE.value)

APPROACHES: dict[str, Approach] = {
    a.key: a
    for a in [
        Approach("traditional", "One experienced mentor guides one mentee.", _MENTOR_MENTEE),
        Approach(
            "reverse",
            "A junior expert mentors a senior colleague on a topic they know best.",
            _MENTOR_MENTEE,
        ),
        Approach(
            "group",
            "One or more mentors guide a circle of mentees who also learn from each other.",
            _MENTOR_MENTEE,
        ),
        Approach("peer", "Equals mentor each other; everyone gives and receives.", ("peer",)),
        Approach(
            "virtual",
            "Any shape, fully remote: messaging, video and time-zone aware scheduling.",
            _MENTOR_MENTEE,
        ),
        Approach(
            "situational",
            "Short, scoped help with one challenge; ends when it is resolved.",
            _MENTOR_MENTEE,
        ),
        Approach("career", "Career plans, skills gaps and introductions.", _MENTOR_MENTEE),
        Approach(
            "personal",
            "Self-awareness, interpersonal skills and wellbeing, with stronger privacy.",
            _MENTOR_MENTEE,
        ),
        Approach(
            "formal",
            "Criteria-based matching with structure, resources and guidelines.",
            _MENTOR_MENTEE,
        ),
        Approach(
            "crisis",
            "Urgent, short-term support from trained responders.",
            _MENTOR_MENTEE,
        ),
    ]
}


def approach_of(key: str) -> Approach:
    return APPROACHES[key]
