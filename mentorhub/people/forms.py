"""Profile, skills, availability and invitation forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf.locale import LANG_INFO

from mentorhub.people.models import Person, Role, SkillDirection, Weekday
from mentorhub.people.services import ADMIN_ONLY_FIELDS, PROFILE_FIELDS, SkillEntry, Slot
from mentorhub.people.validators import known_timezones


def language_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, str(info["name"])) for code, info in LANG_INFO.items() if "name" in info),
        key=lambda pair: pair[1],
    )


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label="Time zone", help_text="Meetings are shown in this time zone."
    )
    languages = forms.MultipleChoiceField(
        choices=language_choices, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    interests = forms.CharField(
        required=False, help_text="Comma-separated, e.g. hiking, open source, public speaking."
    )

    class Meta:
        model = Person
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args: Any, editor: Person, **kwargs: Any):
        super().__init__(*args, **kwargs)
        person = self.instance
        zone_field = self.fields["timezone"]
        assert isinstance(zone_field, forms.ChoiceField)
        zone_field.choices = [(z, z) for z in sorted(known_timezones())]
        self.fields["manager"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organization=person.organization, is_active=True
        ).exclude(pk=person.pk)
        self.initial["interests"] = ", ".join(person.interests or [])
        if not editor.is_org_admin:
            for name in ADMIN_ONLY_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Set by your organization's admin (org chart)."

    def clean_interests(self) -> list[str]:
        return split_list(self.cleaned_data["interests"])

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


LEVEL_WORDS = ["beginner", "basic", "solid", "advanced", "expert"]


class SkillForm(forms.Form):
    name = forms.CharField(max_length=100, label="Skill")
    proficiency = forms.TypedChoiceField(
        choices=[("", "Proficiency…")]
        + [(i, f"{i} – {w}") for i, w in enumerate(LEVEL_WORDS, start=1)],
        coerce=int,
    )
    direction = forms.ChoiceField(choices=[("", "Offers or seeks…"), *SkillDirection.choices])

    def entry(self) -> SkillEntry:
        data = self.cleaned_data
        return SkillEntry(data["name"], data["proficiency"], data["direction"])


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(choices=[("", "Day…"), *Weekday.choices], coerce=int)
    start = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] >= data["end"]:
            raise forms.ValidationError("The slot must end after it starts.")
        return data

    def slot(self) -> Slot:
        return Slot(
            self.cleaned_data["weekday"], self.cleaned_data["start"], self.cleaned_data["end"]
        )


SkillFormSet = forms.formset_factory(SkillForm, extra=2, can_delete=True, max_num=60)
SlotFormSet = forms.formset_factory(SlotForm, extra=2, can_delete=True, max_num=50)


def kept_forms(formset: forms.BaseFormSet) -> list[forms.Form]:  # type: ignore[type-arg]
    """The rows to keep: existing rows unless marked for deletion, and filled-in new rows.

    An existing row the person did not touch is still kept; only blank extra rows drop out.
    """
    existing = formset.initial_form_count()
    return [
        f
        for i, f in enumerate(formset.forms)
        if (i < existing or f.has_changed()) and not f.cleaned_data.get("DELETE", False)
    ]


class InviteForm(forms.Form):
    email = forms.EmailField()
    full_name = forms.CharField(max_length=200, label="Name")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ConflictForm(forms.Form):
    """Who must never be paired with whom; people are named by email, as they know them."""

    person_email = forms.EmailField(
        label="First person's email",
        required=False,
        help_text="Admins only: leave empty to declare a conflict of your own.",
    )
    other_email = forms.EmailField(label="Never pair with (email)")
    reason = forms.CharField(
        max_length=300,
        required=False,
        help_text="Private: only you and the organization's admins see it.",
    )

    def __init__(self, *args: Any, declarer: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.declarer = declarer
        if not declarer.is_org_admin:
            del self.fields["person_email"]

    def _colleague(self, field: str) -> Person:
        email = self.cleaned_data[field]
        found = Person.objects.filter(
            organization_id=self.declarer.organization_id, email__iexact=email
        ).first()
        if found is None:
            raise forms.ValidationError(f"Nobody in your organization has the email {email}.")
        return found

    def clean_person_email(self) -> Person:
        if not self.cleaned_data["person_email"]:
            return self.declarer
        return self._colleague("person_email")

    def clean_other_email(self) -> Person:
        return self._colleague("other_email")

    def people(self) -> tuple[Person, Person]:
        """The two people, once valid: the declarer themselves unless an admin named another."""
        return self.cleaned_data.get("person_email", self.declarer), self.cleaned_data[
            "other_email"
        ]
