"""Import people from an HR system's CSV export: check every row, then add or update them."""

from mentorhub.people.importing.checking import ImportPlan, validate_rows
from mentorhub.people.importing.reading import COLUMNS, RowError, decode_csv
from mentorhub.people.importing.writing import ImportRejected, ImportResult, import_people

__all__ = [
    "COLUMNS",
    "ImportPlan",
    "ImportRejected",
    "ImportResult",
    "RowError",
    "decode_csv",
    "import_people",
    "validate_rows",
]
