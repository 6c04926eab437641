"""Forms of career mentoring: the plan, a target skill, an introduction."""

from __future__ import annotations

from django import forms

from mentorhub.careers.models import MAX_HORIZON, MIN_HORIZON
from mentorhub.mentorships.models import Mentorship
from mentorhub.people.models import Person


class PlanForm(forms.Form):
    target_role = forms.CharField(
        max_length=200, help_text="The role the mentee is aiming for, e.g. “Engineering manager”."
    )
    horizon_months = forms.IntegerField(
        label="Time horizon (months)", min_value=MIN_HORIZON, max_value=MAX_HORIZON, initial=12
    )


class TargetSkillForm(forms.Form):
    skill = forms.CharField(max_length=100, help_text="A skill the target role needs.")
    wanted = forms.IntegerField(
        label="Proficiency wanted", min_value=1, max_value=5, initial=4, help_text="1 to 5."
    )


class IntroductionForm(forms.Form):
    to_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), label="Introduce the mentee to"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text="Why these two should talk; the person you introduce reads it.",
    )

    def __init__(self, *args: object, mentorship: Mentorship, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["to_person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Person.objects.filter(
                organization_id=mentorship.program.organization_id, is_active=True
            )
            .exclude(memberships__mentorship=mentorship)
            .order_by("full_name")
        )
