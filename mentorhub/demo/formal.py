"""The demo's formal program in stages: the Leadership Accelerator's curriculum, week by week.

Played after the stories through the stages action, then dated to before the cohort
started, so each running mentorship's page shows the stage it is in. The mentorships the
stories started had only the program's own goals: the manager then adds the stage goals to
them (due by each one's own start), dated the day after the last of them started. The
stage resources are readings: the guides participants acknowledged are the program-wide
ones, so the demo's acknowledgements stay current.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max

from mentorhub.demo.timeline import Timeline
from mentorhub.mentorships.goals import apply_stages_to_running
from mentorhub.mentorships.models import Goal, Status
from mentorhub.people.models import Organization
from mentorhub.programs.approaches import ApproachKey
from mentorhub.programs.models import Program
from mentorhub.programs.services import Resource
from mentorhub.programs.stages import StagePlan, set_stages

PROGRAM = "Leadership Accelerator"
SET_DAYS_AGO = 80  # after the program was created (90), before the cohort started (60)


def _link(path: str) -> str:
    return f"https://leadership.example.org/accelerator/{path}"


def _goal(title: str, milestones: list[str], tasks: list[str]) -> dict[str, object]:
    return {"title": title, "description": "", "milestones": milestones, "tasks": tasks}


STAGES = (
    StagePlan(
        "Foundations: your leadership baseline",
        4,
        "Get to know each other, agree how you will work, and take stock of where you lead "
        "from today.",
        [
            _goal(
                "Agree what you want from the Accelerator",
                ["Mentoring agreement confirmed by both"],
                ["Write down three things you want to lead differently in six months"],
            ),
            _goal(
                "Know your leadership baseline",
                ["Self-assessment discussed with your mentor"],
                ["Complete the 360° leadership self-assessment", "Ask five colleagues for input"],
            ),
        ],
        [
            Resource("Leadership self-assessment worksheet", _link("baseline/worksheet")),
            Resource("Running a great first mentoring session", _link("baseline/first-session")),
        ],
    ),
    StagePlan(
        "Leading people: feedback and hiring",
        8,
        "Modules 1 and 2: the everyday craft of leading a team.",
        [
            _goal(
                "Give feedback that lands",
                ["Practised a difficult conversation with your mentor"],
                ["Do the feedback module exercise", "Ask two teammates how your feedback lands"],
            ),
            _goal(
                "Run a fair hiring loop",
                ["Shadowed an interview loop outside your team"],
                ["Write a scorecard for an open role"],
            ),
        ],
        [
            Resource("Module 1: feedback that lands", _link("modules/feedback")),
            Resource("Module 2: structured hiring", _link("modules/hiring")),
        ],
    ),
    StagePlan(
        "Strategy, influence and finance",
        8,
        "Modules 3 to 5: from the company strategy to your team's plan, and the numbers behind it.",
        [
            _goal(
                "Turn the strategy into a team plan",
                ["Team plan reviewed with your mentor"],
                ["Map your team's work to the three company bets"],
            ),
            _goal(
                "Build a business case",
                ["Business case challenged by your mentor"],
                ["Do the finance basics module", "Draft a one-page P&L for your team"],
            ),
        ],
        [
            Resource("Module 3: strategy on a page", _link("modules/strategy")),
            Resource("Module 4: influence without authority", _link("modules/influence")),
            Resource("Module 5: finance basics for leaders", _link("modules/finance")),
        ],
    ),
    StagePlan(
        "Leading change: your leadership project",
        6,
        "Module 6 and the project mentees present at the closing session.",
        [
            _goal(
                "Deliver your leadership project",
                ["Project plan agreed with your sponsor", "Presented at the closing session"],
                ["Write a one-page change story", "Rehearse the presentation with your mentor"],
            ),
        ],
        [
            Resource("Module 6: leading change", _link("modules/change")),
            Resource("Closing session: presenting your project", _link("closing/presenting")),
        ],
    ),
)


def play_formal(clock: Timeline, organization: Organization) -> None:
    program = Program.objects.filter(
        organization=organization, approach=ApproachKey.FORMAL, name=PROGRAM
    ).first()
    manager = program.managers.order_by("pk").first() if program else None
    if program is None or manager is None:
        return
    set_stages(manager, program, list(STAGES))
    clock.settle(SET_DAYS_AGO)
    running = program.mentorships.filter(status=Status.ACTIVE)
    last_start = running.aggregate(last=Max("activated_at"))["last"]
    if last_start is None:
        return
    added_after = Goal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    apply_stages_to_running(manager, program)
    added_at = min(last_start + timedelta(days=1), clock.at(0.5))
    Goal.objects.filter(pk__gt=added_after, mentorship__program=program).update(created_at=added_at)
    clock.settle((clock.midnight - added_at) / timedelta(days=1))
