"""Forms for asking for urgent help, closing with a hand-off, and a program's crisis set-up."""

from __future__ import annotations

from django import forms

from mentorhub.crisis.models import (
    MAX_LENGTH,
    MAX_NEED,
    MAX_REASON,
    MAX_RESPONSE,
    MIN_LENGTH,
    MIN_RESPONSE,
    Responder,
)
from mentorhub.crisis.rota import Slot, format_hours, parse_hours, slots_of
from mentorhub.crisis.services import Contact, SettingsChange
from mentorhub.errors import InvalidInput
from mentorhub.mentorships.models import ClosureMode
from mentorhub.people.models import Person
from mentorhub.people.validators import LONG_TEXT
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program


class AskForm(forms.Form):
    need = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_NEED,
        label="What is going on, in your own words",
        help_text="Only the responder who accepts and the safeguarding lead will read this.",
    )
    language = forms.ChoiceField(choices=[], required=False, label="Language to talk in")

    def __init__(self, *args: object, person: Person, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [(code, code) for code in person.languages or []]
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices or [("", "any")]


class HandOffForm(forms.Form):
    hand_off = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
        label="Hand-off note",
        help_text="Where the person goes next: the EAP, a professional, a regular mentorship.",
    )
    mode = forms.ChoiceField(choices=ClosureMode.choices, initial=ClosureMode.COMPLETED)


class AssignForm(forms.Form):
    responder = forms.ModelChoiceField(queryset=Responder.objects.none())

    def __init__(self, *args: object, program: Program, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["responder"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Responder.objects.filter(program=program).select_related("person")


class SettingsForm(forms.Form):
    response_minutes = forms.IntegerField(
        min_value=MIN_RESPONSE,
        max_value=MAX_RESPONSE,
        label="Response target (minutes)",
        help_text="Escalate to the safeguarding lead when nobody accepts within this time.",
    )
    default_length_days = forms.IntegerField(
        min_value=MIN_LENGTH, max_value=MAX_LENGTH, label="Planned length (days)"
    )
    safeguarding_lead = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)

    def __init__(self, *args: object, program: Program, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["safeguarding_lead"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.filter(
            organization_id=program.organization_id, is_active=True
        )

    def change(self) -> SettingsChange:
        data = self.cleaned_data
        return SettingsChange(
            data["response_minutes"], data["default_length_days"], data["safeguarding_lead"]
        )


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200)
    phone = forms.CharField(max_length=40, required=False)
    url = forms.URLField(required=False, assume_scheme="https", label="Web address (https)")
    note = forms.CharField(max_length=300, required=False)
    locale = forms.CharField(
        max_length=16, required=False, label="Language", help_text="e.g. de; empty for everyone."
    )

    def contact(self) -> Contact:
        return Contact(**{f: self.cleaned_data[f] or "" for f in Contact.__dataclass_fields__})


class ResponderForm(forms.Form):
    enrollment = forms.ModelChoiceField(queryset=Enrollment.objects.none(), label="Mentor")
    trained_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    on_call = forms.BooleanField(
        required=False, label="On call now", help_text="On top of their weekly hours."
    )
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: object, program: Program, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["enrollment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Enrollment.objects.filter(
            program=program, role="mentor", status=EnrollmentStatus.ACTIVE
        ).select_related("person")
        field.label_from_instance = _person_name  # type: ignore[method-assign,assignment]


def _person_name(enrollment: Enrollment) -> str:
    return enrollment.person.full_name


class AvailabilityForm(forms.Form):
    hours = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Weekly on-call hours",
        help_text="In the responder's time zone, e.g. “mon-fri 18:00-22:00; sat 10:00-14:00”. "
        "A slot ending before it starts runs past midnight.",
    )
    away_through = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Away through",
        help_text="The last day away: the hours pause until then. Empty: back on the rota.",
    )

    @classmethod
    def for_responder(cls, responder: Responder) -> AvailabilityForm:
        hours = format_hours(slots_of(responder))
        return cls(initial={"hours": hours, "away_through": responder.away_through})

    def clean_hours(self) -> list[Slot]:
        try:
            return parse_hours(self.cleaned_data["hours"])
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from None


class ExtendForm(forms.Form):
    planned_end_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label="New planned end"
    )
    reason = forms.CharField(max_length=MAX_REASON, label="Why it needs longer")
