"""Program, enrollment and pairing forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from mentorhub.people.models import Person
from mentorhub.people.validators import LONG_TEXT
from mentorhub.programs.approaches import APPROACHES, EnrollmentRole
from mentorhub.programs.models import Enrollment, EnrollmentStatus, Program
from mentorhub.programs.services import PROGRAM_FIELDS, Resource
from mentorhub.programs.stage_forms import (
    KINDS,
    RESOURCE_SYNTAX,
    parse_resource_lines,
    resource_line,
)


class ProgramForm(forms.ModelForm):
    resources = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One per line: {RESOURCE_SYNTAX}, the kind being {KINDS} (reading if left "
        "out). For the whole program; a stage's own resources are on the structure page.",
    )
    application_questions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: free-text questions applicants answer when they enroll; "
        "for the program team, not used in matching.",
    )
    managers = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Program managers run the program day to day.",
    )

    class Meta:
        model = Program
        fields = list(PROGRAM_FIELDS)
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "applications_close_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "applications_close_on": "Formal programs: the last day people may apply "
            "(a cohort date); applicants already in are still decided after it. "
            "Empty: applications stay open while enrollment is open.",
        }

    def __init__(self, *args: Any, editor: Person, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["approach"].help_text = " ".join(
            f"{a.label}: {a.summary}" for a in APPROACHES.values()
        )
        if editor.is_org_admin:
            self.fields["managers"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
                organization=editor.organization, is_active=True
            )
            if self.instance.pk:
                self.initial["managers"] = list(self.instance.managers.all())
        else:
            del self.fields["managers"]
        if self.instance.pk and not self.instance.approach_rules.approves_applications:
            del self.fields["applications_close_on"]  # people enroll directly: no deadline
        if self.instance.pk:
            self.initial["application_questions"] = "\n".join(self.instance.application_questions)
            self.initial["resources"] = "\n".join(
                resource_line(r) for r in self.instance.resources.filter(stage=None)
            )

    def clean_resources(self) -> list[Resource]:
        return parse_resource_lines(self.cleaned_data["resources"])

    def clean_application_questions(self) -> list[str]:
        text = self.cleaned_data["application_questions"]
        return [line.strip() for line in text.splitlines() if line.strip()]

    def program_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROGRAM_FIELDS if name in self.fields}


NO_ANSWER = ("", "— rather not say")


@dataclass(frozen=True)
class FieldGroup:
    """A heading over consecutive fields of a form (includes/form.html shows it)."""

    title: str
    help: str


MATCHING_GROUP = FieldGroup(
    "Used in matching", "Multiple choice: the same answers on both sides count in the match score."
)
TEAM_GROUP = FieldGroup(
    "For the program team",
    "Read by the program team with your application; not used in matching.",
)


def _grouped(field: forms.Field, group: FieldGroup) -> forms.Field:
    field.group = group  # type: ignore[attr-defined]
    return field


def add_question_fields(form: forms.Form, program: Program, answers: dict[str, str]) -> None:
    """One multiple-choice field per matching question of the program, answered or not."""
    for question in program.matching_questions:
        form.fields[f"answer_{question['key']}"] = _grouped(
            forms.ChoiceField(
                label=question["question"],
                choices=[NO_ANSWER, *((c, c) for c in question["choices"])],
                required=False,
                initial=answers.get(question["key"], ""),
            ),
            MATCHING_GROUP,
        )


def add_application_fields(form: forms.Form, program: Program, answers: dict[str, str]) -> None:
    """One free-text field per application question of the program (all required)."""
    for number, question in enumerate(program.application_questions):
        form.fields[f"application_{number}"] = _grouped(
            forms.CharField(
                label=question,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=LONG_TEXT,
                initial=answers.get(question, ""),
            ),
            TEAM_GROUP,
        )


def pop_application_answers(data: dict[str, Any], program: Program) -> dict[str, str] | None:
    """The application answers among a form's cleaned data (removed from it), by question;
    None when the form did not ask them."""
    if not any(k.startswith("application_") for k in data):
        return None
    return {
        question: data.pop(f"application_{number}", "")
        for number, question in enumerate(program.application_questions)
    }


def pop_answers(data: dict[str, Any]) -> dict[str, str] | None:
    """The answers among a form's cleaned data (removed from it); None when none were asked."""
    keys = [k for k in data if k.startswith("answer_")]
    if not keys:
        return None
    return {k.removeprefix("answer_"): data.pop(k) for k in keys}


class EnrollForm(forms.Form):
    role = forms.ChoiceField(choices=EnrollmentRole.choices)
    goals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In your own words: what you want from this mentorship, or can offer.",
    )
    capacity = forms.IntegerField(
        min_value=1,
        max_value=20,
        required=False,
        help_text="Mentors: how many mentees you can take in this program.",
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        roles = program.approach_rules.roles
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(r, EnrollmentRole(r).label) for r in roles]
        if EnrollmentRole.MENTOR not in roles:
            del self.fields["capacity"]
        add_question_fields(self, program, {})
        add_application_fields(self, program, {})
        self.program = program

    def enrollment_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        answers = pop_answers(data)
        application_answers = pop_application_answers(data, self.program)
        return {**data, "answers": answers, "application_answers": application_answers}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") != EnrollmentRole.MENTOR:
            data["capacity"] = None  # only mentors choose one; the field is for them
        return data


class EnrollmentEditForm(forms.Form):
    goals = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    capacity = forms.IntegerField(
        min_value=1, max_value=20, help_text="How many mentees you take in this program."
    )

    screened_until = forms.DateField(
        required=False,
        label="Screening valid until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day this person's background check is valid; empty for none.",
    )

    def __init__(
        self,
        *args: Any,
        enrollment: Enrollment,
        managing: bool = False,
        editing_application: bool = False,
        **kwargs: Any,
    ):
        kwargs.setdefault(
            "initial",
            {
                "goals": enrollment.goals,
                "capacity": enrollment.capacity,
                "screened_until": enrollment.screened_until,
            },
        )
        super().__init__(*args, **kwargs)
        if enrollment.role != EnrollmentRole.MENTOR:
            del self.fields["capacity"]
        if not (managing and enrollment.needs_screening):
            del self.fields["screened_until"]
        add_question_fields(self, enrollment.program, enrollment.answers)
        if editing_application:  # the applicant, while the application waits
            add_application_fields(self, enrollment.program, enrollment.application_answers)


class PairForm(forms.Form):
    mentor = forms.ModelChoiceField(queryset=Enrollment.objects.none(), label="Mentor")
    mentee = forms.ModelChoiceField(queryset=Enrollment.objects.none(), label="Mentee")

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        active = program.enrollments.filter(status=EnrollmentStatus.ACTIVE).select_related("person")
        if program.approach_rules.is_mutual:
            self.fields["mentor"].label, self.fields["mentee"].label = "Peer", "Peer"
            self.fields["mentor"].queryset = active  # type: ignore[attr-defined]
            self.fields["mentee"].queryset = active  # type: ignore[attr-defined]
        else:
            self.fields["mentor"].queryset = active.filter(role=EnrollmentRole.MENTOR)  # type: ignore[attr-defined]
            self.fields["mentee"].queryset = active.filter(role=EnrollmentRole.MENTEE)  # type: ignore[attr-defined]
        if program.approach_rules.private_participants:
            # Who asked for help is private: crisis mentorships start when a responder accepts.
            self.fields["mentee"].queryset = active.none()  # type: ignore[attr-defined]
        for name in ("mentor", "mentee"):
            self.fields[name].label_from_instance = _enrollment_label  # type: ignore[attr-defined]


def _enrollment_label(enrollment: Enrollment) -> str:
    if enrollment.role == EnrollmentRole.MENTOR:
        return f"{enrollment.person.full_name} ({enrollment.load}/{enrollment.capacity})"
    return enrollment.person.full_name
