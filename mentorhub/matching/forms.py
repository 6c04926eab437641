"""Forms of the matching pages: start a run, review its draft, settings, and rankings."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.text import slugify

from mentorhub.matching.engine import Weights, rules_for
from mentorhub.matching.models import MAX_PREFERENCES, MatchRun, Method, ProposedPair
from mentorhub.matching.selfservice import Candidate
from mentorhub.matching.validators import (
    KEY_LENGTH,
    MAX_WEIGHT,
    RULE_RANGES,
    validate_questions,
)
from mentorhub.programs.approaches import EnrollmentRole
from mentorhub.programs.models import (
    MAX_CIRCLE,
    MAX_EXPIRY_DAYS,
    MAX_OPEN_REQUESTS,
    MIN_CIRCLE,
    Enrollment,
    EnrollmentStatus,
    MatchingMode,
    Program,
)


def methods_for(program: Program) -> list[tuple[str, str]]:
    """The methods that make sense for the program, the usual one first."""
    if program.approach_rules.is_mutual:
        methods = [Method.PEERS, Method.PEER_CIRCLES]
        return [(m.value, m.label) for m in methods]
    methods = [Method.OPTIMAL]
    if program.matching_mode in (MatchingMode.PREFERENCE, MatchingMode.HYBRID):
        methods.append(Method.STABLE)
    if program.approach_rules.forms_circles:
        methods.insert(0, Method.CIRCLES)
    return [(m.value, m.label) for m in methods]


class StartRunForm(forms.Form):
    method = forms.ChoiceField(label="Method")

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = methods_for(program)
        method = self.fields["method"]
        assert isinstance(method, forms.ChoiceField)
        method.choices = choices
        method.initial = choices[0][0]


class PairChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.mentee.person.full_name} with {obj.mentor.person.full_name}"


class EnrollmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person.full_name} ({obj.person.department or obj.person.title or 'no team'})"


class SwapForm(forms.Form):
    pair_a = PairChoiceField(queryset=ProposedPair.objects.none(), label="Swap the mentors of")
    pair_b = PairChoiceField(queryset=ProposedPair.objects.none(), label="and")

    def __init__(self, *args: Any, run: MatchRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pairs = run.pairs.select_related("mentee__person", "mentor__person").order_by(
            "mentee__person__full_name"
        )
        for name in ("pair_a", "pair_b"):
            self.fields[name].queryset = pairs  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pair_a") and data.get("pair_a") == data.get("pair_b"):
            self.add_error("pair_b", "Choose a different pair.")
        return data


def _active(program: Program, role: str) -> QuerySet[Enrollment]:
    return (
        program.enrollments.filter(status=EnrollmentStatus.ACTIVE, role=role)
        .select_related("person")
        .order_by("person__full_name")
    )


class AddPairForm(forms.Form):
    mentee = EnrollmentChoiceField(queryset=Enrollment.objects.none(), label="Mentee")
    mentor = EnrollmentChoiceField(queryset=Enrollment.objects.none(), label="Mentor")

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mutual = program.approach_rules.is_mutual
        mentee_role = EnrollmentRole.PEER if mutual else EnrollmentRole.MENTEE
        mentor_role = EnrollmentRole.PEER if mutual else EnrollmentRole.MENTOR
        self.fields["mentee"].queryset = _active(program, mentee_role)  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = _active(program, mentor_role)  # type: ignore[attr-defined]
        if mutual:
            self.fields["mentee"].label, self.fields["mentor"].label = "Peer", "With peer"


RULE_SWITCHES = {
    "shared_language": "Require a shared language (when both list languages)",
    "expertise": "Require expertise: the mentor offers a skill the mentee seeks",
    "screening": "Require valid screening",
}
RULE_NUMBERS = {
    "max_timezone_gap_hours": "Largest time-zone gap (hours)",
    "min_overlap_minutes": "Or at least this weekly availability overlap (minutes)",
}
PROGRAM_NUMBERS = ("max_open_requests", "request_expiry_days", "circle_min_size", "circle_max_size")
WEIGHT_HELP = {
    "goals": "Similar goals and bios",
    "skills": "Sought skills the mentor offers, and how well",
    "interests": "Shared interests",
    "questionnaire": "Same answers on values and working style",
    "availability": "Weekly hours both are free",
    "diversity": "A mentor from another department",
    "rankings": "The participants' own choices, where collected",
}


def questions_as_text(questions: list[dict[str, Any]]) -> str:
    return "\n".join(" | ".join([q["question"], *q["choices"]]) for q in questions)


def questions_from_text(text: str, before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Questions from their lines; a question kept word for word keeps its key (and so the
    answers already given to it)."""
    keys = {q["question"]: q["key"] for q in before}
    questions: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        question, *choices = (" ".join(part.split()) for part in line.split("|"))
        if not question or len([c for c in choices if c]) < 2:
            raise forms.ValidationError(
                f"Line {number}: give the question and at least two answers, separated by |."
            )
        taken = {q["key"] for q in questions}
        key = keys.get(question) or _new_key(question, taken | set(keys.values()))
        questions.append({"key": key, "question": question, "choices": [c for c in choices if c]})
    try:
        validate_questions(questions)
    except DjangoValidationError as exc:
        raise forms.ValidationError(exc.messages) from None
    return questions


def _new_key(question: str, taken: set[str]) -> str:
    base = slugify(question)[: KEY_LENGTH - 3] or "question"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _weight_field(name: str) -> forms.FloatField:
    return forms.FloatField(
        label=f"Weight: {name}",
        min_value=0,
        max_value=MAX_WEIGHT,
        help_text=WEIGHT_HELP.get(name, ""),
    )


class MatchingSettingsForm(forms.Form):
    """The program's rule switches and weights; only what differs from the defaults is kept."""

    shared_language = forms.BooleanField(required=False, label=RULE_SWITCHES["shared_language"])
    expertise = forms.BooleanField(required=False, label=RULE_SWITCHES["expertise"])
    screening = forms.BooleanField(required=False, label=RULE_SWITCHES["screening"])
    max_timezone_gap_hours = forms.FloatField(
        required=False,
        label=RULE_NUMBERS["max_timezone_gap_hours"],
        min_value=RULE_RANGES["max_timezone_gap_hours"][0],
        max_value=RULE_RANGES["max_timezone_gap_hours"][1],
        help_text="Leave empty for no limit.",
    )
    min_overlap_minutes = forms.IntegerField(
        required=False,
        label=RULE_NUMBERS["min_overlap_minutes"],
        min_value=int(RULE_RANGES["min_overlap_minutes"][0]),
        max_value=int(RULE_RANGES["min_overlap_minutes"][1]),
        help_text="Used when both people gave availability; leave empty to not require it.",
    )
    max_open_requests = forms.IntegerField(
        label="Mentors a mentee may ask at once", min_value=1, max_value=MAX_OPEN_REQUESTS
    )
    request_expiry_days = forms.IntegerField(
        label="Unanswered requests expire after (days)", min_value=1, max_value=MAX_EXPIRY_DAYS
    )
    circle_min_size = forms.IntegerField(
        label="Smallest circle", min_value=MIN_CIRCLE, max_value=MAX_CIRCLE
    )
    circle_max_size = forms.IntegerField(
        label="Largest circle", min_value=MIN_CIRCLE, max_value=MAX_CIRCLE
    )
    matching_questions = forms.CharField(
        required=False,
        label="Matching questions (values, working style)",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: the question, then its answers, separated by |, e.g. "
        "“How do you like to plan? | Ahead | As we go”. Participants answer when they "
        "enroll; the same answers on both sides count in the score.",
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        self.program = program
        self.defaults = rules_for(program.approach)
        self.default_weights = Weights()
        self.weight_names = [f.name for f in dataclass_fields(Weights)]
        kwargs.setdefault("initial", self._initial())
        super().__init__(*args, **kwargs)
        for name in self.weight_names:
            self.fields[f"weight_{name}"] = _weight_field(name)

    def _initial(self) -> dict[str, Any]:
        rules = rules_for(self.program.approach, **self.program.matching_rules)
        weights = {**self.default_weights.as_dict(), **self.program.matching_weights}
        return {
            **{name: getattr(rules, name) for name in (*RULE_SWITCHES, *RULE_NUMBERS)},
            **{f"weight_{name}": value for name, value in weights.items()},
            **{name: getattr(self.program, name) for name in PROGRAM_NUMBERS},
            "matching_questions": questions_as_text(self.program.matching_questions),
        }

    def clean_matching_questions(self) -> list[dict[str, Any]]:
        return questions_from_text(
            self.cleaned_data["matching_questions"], self.program.matching_questions
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("circle_min_size"), data.get("circle_max_size")
        if low is not None and high is not None and low > high:
            self.add_error("circle_min_size", "The smallest circle cannot exceed the largest.")
        return data

    def settings_fields(self) -> dict[str, Any]:
        """The fields for update_matching_settings: overrides over the approach defaults."""
        data = self.cleaned_data
        rules = {
            k: v
            for k, v in self.program.matching_rules.items()
            if k not in RULE_SWITCHES and k not in RULE_NUMBERS
        }
        for name in (*RULE_SWITCHES, *RULE_NUMBERS):
            if data[name] != getattr(self.defaults, name):
                rules[name] = data[name]
        weights = {
            name: data[f"weight_{name}"]
            for name in self.weight_names
            if data[f"weight_{name}"] != getattr(self.default_weights, name)
        }
        return {
            "matching_rules": rules,
            "matching_weights": weights,
            "matching_questions": data["matching_questions"],
            **{name: data[name] for name in PROGRAM_NUMBERS},
        }


class PreferencesForm(forms.Form):
    """A rank (1 = first choice) for each candidate on the person's shortlist."""

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        limit = min(len(candidates), MAX_PREFERENCES) or 1
        for candidate in candidates:
            self.fields[_rank_field(candidate)] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=limit,
                label=candidate.enrollment.person.full_name,
            )

    def rows(self) -> list[tuple[Candidate, forms.BoundField]]:
        """Each candidate, in the shortlist's order (best fit first), with its rank field."""
        return [(candidate, self[_rank_field(candidate)]) for candidate in self.candidates]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[int, str] = {}
        for name, rank in list(data.items()):
            if rank is None:
                continue
            if rank in seen:
                self.add_error(name, f"Rank {rank} is already given; use each rank once.")
            seen[rank] = name
        return data

    def ranked_ids(self) -> list[int]:
        ranks = [
            (rank, candidate.enrollment.pk)
            for candidate in self.candidates
            if (rank := self.cleaned_data.get(_rank_field(candidate))) is not None
        ]
        return [pk for _, pk in sorted(ranks)]


def _rank_field(candidate: Candidate) -> str:
    return f"rank_{candidate.enrollment.pk}"
