"""Forms for a mentorship's plan: the agreement, goals, milestones, tasks, the program's plan."""

from __future__ import annotations

from typing import Any

from django import forms

from mentorhub.mentorships.agreements import MEETING_MINUTES
from mentorhub.mentorships.models import Channel, GoalStatus
from mentorhub.programs.models import Cadence

DATE = forms.DateInput(attrs={"type": "date"})


class AgreementForm(forms.Form):
    goals = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Goals of the relationship",
    )
    cadence = forms.ChoiceField(choices=Cadence.choices, label="How often we meet")
    meeting_minutes = forms.IntegerField(
        min_value=MEETING_MINUTES[0], max_value=MEETING_MINUTES[1], label="Meeting length (min)"
    )
    channels = forms.MultipleChoiceField(
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Preferred channels",
    )
    confidentiality = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    ending = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="How either side can end it",
    )


class ProgramPlanForm(AgreementForm):
    goal_template = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Goal structure",
        help_text="One goal per line; under it, “- ” starts a milestone and “* ” a task. "
        "Formal programs copy it into each mentorship when it starts.",
    )

    def clean_goal_template(self) -> list[dict[str, Any]]:
        return parse_goal_outline(self.cleaned_data["goal_template"])


def parse_goal_outline(text: str) -> list[dict[str, Any]]:
    goals: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not add_goal_line(goals, line):
            raise forms.ValidationError("Start with a goal before its milestones and tasks.")
    return goals


def add_goal_line(goals: list[dict[str, Any]], line: str) -> bool:
    """Read one line of a goal outline into `goals`: a goal, or under the last one a
    milestone (“- ”) or task (“* ”); False when a milestone or task comes before any goal."""
    kind = {"-": "milestones", "*": "tasks"}.get(line[0])
    if kind is None:
        goals.append({"title": line, "description": "", "milestones": [], "tasks": []})
    elif not goals:
        return False
    else:
        goals[-1][kind].append(line[1:].strip())
    return True


def goal_outline(template: list[dict[str, Any]]) -> str:
    lines = []
    for goal in template:
        lines.append(goal["title"])
        lines += [f"- {m}" for m in goal.get("milestones", [])]
        lines += [f"* {t}" for t in goal.get("tasks", [])]
    return "\n".join(lines)


class GoalForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(required=False, widget=DATE, label="Due date")


class OwnGoalForm(GoalForm):
    mine = forms.BooleanField(
        required=False,
        label="This is my own goal",
        help_text="Unticked, the goal is shared by the whole circle.",
    )


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=GoalStatus.choices)


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=200, label="Milestone")
    due_on = forms.DateField(required=False, widget=DATE, label="Due date")


class TaskForm(forms.Form):
    title = forms.CharField(max_length=200, label="Task")
    owner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    milestone = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(required=False, widget=DATE, label="Due date")

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[int, str]],
        milestones: list[tuple[int, str]],
        **kwargs: Any,
    ):
        # Choices come from data the page already loaded: no query per goal.
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Nobody yet"), *owners]  # type: ignore[attr-defined]
        self.fields["milestone"].choices = [("", "—"), *milestones]  # type: ignore[attr-defined]
