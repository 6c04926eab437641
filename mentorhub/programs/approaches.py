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
    # Reverse mentoring: the mentor is less senior than the mentee, never more (levels
    # known on both sides); checked on every pairing, whoever proposes it.
    mentor_less_senior: bool = False
    # How check-ins ask about progress: reverse mentoring is about topics, not goals.
    goal_question: str = "Progress on your goals (1 = none, 5 = a lot)"
    # Formal programs: every member confirms the agreement before the first meeting.
    requires_agreement: bool = False
    # What a program's proposed agreement says the mentorship is for, until its managers
    # write their own plan: reverse mentoring is about the topics the mentor teaches.
    agreement_goals: str = (
        "The mentee's goals, in their words, and what the mentor will help with; we look "
        "at our progress together at every meeting."
    )
    # The program's goal structure is copied into each mentorship when it starts.
    prefills_goals: bool = False
    # Formal programs: enrolling is applying; a manager approves (or declines) each
    # applicant before they can be matched or paired.
    approves_applications: bool = False
    # Formal programs: each participant acknowledges the current guidelines and resources
    # before their first pairing; changing them asks everyone again.
    acknowledges_guidelines: bool = False
    # Formal programs give structure: stages (weeks from each mentorship's start) with goals,
    # milestones, tasks and resources, cohort dates and a program calendar of events.
    structured: bool = False
    # Whether managers form circles (one mentorship of several people) in this approach;
    # a circle's size counts its mentees (or peers) and stays within the program's range.
    forms_circles: bool = False
    # Extra parts of a mentorship's check-in page (rendered with `mentorship`, `current`
    # and `request`), e.g. the wellbeing questions of personal development.
    checkin_panels: tuple[str, ...] = ()
    # Stronger privacy: the program's check-in report shows participation and
    # satisfaction only (no goal progress, alert texts, meeting ratings or survey text).
    reports_participation_only: bool = False
    # Each mentorship serves one challenge the mentee describes (flash mentoring): scoped,
    # time-boxed, and closed when the challenge is resolved.
    challenges: bool = False
    # Who takes part is private to the members (crisis support): managers and org admins see
    # neither the mentee side's enrollments nor the mentorships, only what the approach reports.
    private_participants: bool = False

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
            program_panels=("programs/_topics_covered.html",),
            mentor_less_senior=True,
            goal_question="Progress on the topics being taught (1 = none, 5 = a lot)",
            agreement_goals=(
                "The topics the mentor teaches (tools, practices, how newer colleagues see "
                "the work), chosen by the mentor with the senior mentee's questions in "
                "mind. In return, the mentee shares context: how decisions get made, the "
                "strategy behind them, and the people worth knowing."
            ),
        ),
        Approach(
            "group",
            "One or more mentors guide a circle of mentees who also learn from each other.",
            _MENTOR_MENTEE,
            panels=("mentorships/_circle_panel.html",),
            program_panels=("mentorships/_circle_form_panel.html",),
            forms_circles=True,
            agreement_goals=(
                "Each mentee's goals and the circle's shared ones; everyone brings one real "
                "situation to work on together."
            ),
        ),
        Approach(
            "peer",
            "Equals mentor each other; everyone gives and receives.",
            ("peer",),
            panels=("mentorships/_circle_panel.html", "mentorships/_peer_exchange_panel.html"),
            program_panels=("mentorships/_circle_form_panel.html",),
            forms_circles=True,
            agreement_goals="What each of us teaches and what each of us wants to learn.",
        ),
        Approach(
            "virtual",
            "Any shape, fully remote: messaging, video and time-zone aware scheduling.",
            _MENTOR_MENTEE,
            panels=("meetings/_time_zones_panel.html",),
            agreement_goals=(
                "The mentee's goals, in their words. We meet by video at a time inside both "
                "our working hours, take turns with the early or late slot, and keep in "
                "touch by message between meetings."
            ),
        ),
        Approach(
            "situational",
            "Short, scoped help with one challenge; ends when it is resolved.",
            _MENTOR_MENTEE,
            panels=("flash/_mentorship_panel.html",),
            program_panels=("flash/_program_panel.html",),
            challenges=True,
            agreement_goals="The one challenge the mentee described, until it is resolved.",
        ),
        Approach(
            "career",
            "Career plans, skills gaps and introductions.",
            _MENTOR_MENTEE,
            panels=("careers/_panel.html",),
            program_panels=("careers/_program_panel.html",),
            agreement_goals=(
                "The mentee's career plan: the role they aim for, the skills gaps on the way "
                "and the introductions that help."
            ),
        ),
        Approach(
            "personal",
            "Self-awareness, interpersonal skills and wellbeing, with stronger privacy.",
            _MENTOR_MENTEE,
            panels=("journal/_panel.html",),
            checkin_panels=("journal/_wellbeing.html",),
            reports_participation_only=True,
            prefills_goals=True,
            agreement_goals=(
                "Self-awareness, interpersonal skills and wellbeing, as the mentee describes "
                "them; reflections stay private unless the mentee shares them."
            ),
        ),
        Approach(
            "formal",
            "Criteria-based matching with structure, resources and guidelines.",
            _MENTOR_MENTEE,
            requires_agreement=True,
            prefills_goals=True,
            approves_applications=True,
            acknowledges_guidelines=True,
            structured=True,
            panels=("programs/_stage_panel.html",),
            program_panels=(
                "programs/_formal_panel.html",
                "programs/_structure_panel.html",
                "programs/_calendar_panel.html",
            ),
        ),
        Approach(
            "crisis",
            "Urgent, short-term support from trained responders.",
            _MENTOR_MENTEE,
            panels=("crisis/_mentorship_panel.html",),
            program_panels=("crisis/_program_panel.html",),
            private_participants=True,
            agreement_goals=(
                "Short-term support until the mentee is through the immediate situation and "
                "connected to the right help."
            ),
        ),
    ]
}


def approach_of(key: str) -> Approach:
    return APPROACHES[key]
