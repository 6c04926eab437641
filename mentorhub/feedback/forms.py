"""Forms for a check-in answer, the closing survey and a program's check-in policy."""

from __future__ import annotations

from typing import Any

from django import forms

from mentorhub.feedback.models import EVERY_DAYS, FIRST_AFTER_DAYS, Met, Rate
from mentorhub.feedback.services import Answer, LookingBack
from mentorhub.people.validators import LONG_TEXT
from mentorhub.programs.approaches import Approach

SCALE = [(n, str(n)) for n in range(1, 6)]


class CheckInForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        label="How satisfied are you with the mentorship? (1 = not at all, 5 = very)",
    )
    meeting_rate = forms.ChoiceField(choices=Rate.choices, label="How often do you meet?")
    expected_rate = forms.ChoiceField(
        choices=Rate.choices, label="How often did you expect to meet?"
    )
    goal_progress = forms.TypedChoiceField(
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        label="Progress on your goals (1 = none, 5 = a lot)",
    )
    expectations_met = forms.ChoiceField(
        choices=Met.choices, widget=forms.RadioSelect, label="Are your expectations being met?"
    )
    received = forms.TypedChoiceField(
        choices=SCALE,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        label="How much did you get from the others? (1 = little, 5 = a lot)",
    )
    gave = forms.TypedChoiceField(
        choices=SCALE,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        label="How much did you give? (1 = little, 5 = a lot)",
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LONG_TEXT,
        help_text="For the members only; the program's managers never see it.",
    )

    def __init__(self, *args: Any, rules: Approach | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if rules is not None:
            self.fields["goal_progress"].label = rules.goal_question
        if rules is None or not rules.is_mutual:  # give and take: peer programs only
            del self.fields["received"]
            del self.fields["gave"]

    def answer(self) -> Answer:
        return Answer(**self.cleaned_data)


class ClosingSurveyForm(forms.Form):
    goals_met = forms.TypedChoiceField(
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        label="How far were your goals met? (1 = not at all, 5 = fully)",
    )
    would_again = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Would you do it again?",
    )
    achieved = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LONG_TEXT,
        label="What did you achieve?",
    )
    share_with_program = forms.BooleanField(
        required=False, label="Share what I achieved with the program's managers"
    )

    def survey(self) -> LookingBack:
        return LookingBack(**self.cleaned_data)


class PolicyForm(forms.Form):
    enabled = forms.BooleanField(required=False, label="Send check-ins")
    first_after_days = forms.IntegerField(
        min_value=FIRST_AFTER_DAYS[0],
        max_value=FIRST_AFTER_DAYS[1],
        label="First check-in, days after the start",
    )
    every_days = forms.IntegerField(
        min_value=EVERY_DAYS[0], max_value=EVERY_DAYS[1], label="Then every (days)"
    )
