"""The upload form for importing people from CSV: the file and how to treat bad rows."""

from __future__ import annotations

from django import forms
from django.conf import settings

from mentorhub.errors import InvalidInput
from mentorhub.people.importing import decode_csv

BYTES_PER_ROW = 1024  # generous for one person's row; bounds what we read into memory
MIN_UPLOAD_BYTES = 1024 * 1024


def max_upload_bytes() -> int:
    return max(MIN_UPLOAD_BYTES, settings.IMPORT_MAX_ROWS * BYTES_PER_ROW)


class ImportPeopleForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, comma-separated, with a header row. The columns are listed below.",
    )
    skip_invalid = forms.BooleanField(
        required=False,
        label="Import the good rows and skip the bad ones",
        help_text="Otherwise a file with any bad row is rejected and nothing is imported.",
    )
    invite = forms.BooleanField(
        required=False,
        label="Email an invitation to each new person",
        help_text="People already in the organization are updated, never re-invited.",
    )

    def clean_file(self) -> str:
        """The file's text; the cleaned value is the decoded CSV, not the upload."""
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            limit = max_upload_bytes() // (1024 * 1024)
            raise forms.ValidationError(f"The file is larger than {limit} MB; split it.")
        try:
            return decode_csv(upload.read())
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from None
