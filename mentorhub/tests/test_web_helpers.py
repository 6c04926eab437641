"""The small web helpers every app's buttons share."""

from __future__ import annotations

from django import forms

from mentorhub.web import first_error


class Pick(forms.Form):
    role = forms.ChoiceField(choices=[("mentor", "Mentor")], label="Your role")

    def clean(self):
        if self.data.get("role") == "mentor" and self.data.get("block"):
            raise forms.ValidationError("Not now.")
        return super().clean()


def test_the_first_error_names_the_field_by_its_label():
    form = Pick({"role": "pilot"})
    assert not form.is_valid()
    assert first_error(form).startswith("Your role: Select a valid choice.")


def test_a_problem_of_the_whole_form_is_shown_as_it_is():
    form = Pick({"role": "mentor", "block": "1"})
    assert not form.is_valid()
    assert first_error(form) == "Not now."
