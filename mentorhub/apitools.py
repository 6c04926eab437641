"""Pieces every app's API shares: bounded ids and pages, input hygiene, length limits."""

# No `from __future__ import annotations`: ninja reads these types at runtime.

from typing import Annotated, Any, TypeVar

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict

from mentorhub.people.validators import LONG_TEXT

__all__ = ["LONG_TEXT"]

T = TypeVar("T")

MAX_PAGE = 200
MAX_OFFSET = 10**9
MAX_ID = 2**63 - 1  # the largest id the database can hold (BigAutoField)
SHORT_TEXT = 200  # names, titles, departments
MAX_ITEMS = 50  # entries in a list field (interests, languages, skills, resources)

# An id given as a query filter or in a body: out of range is a field error, not a 500.
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
ListItem = Annotated[str, Field(min_length=1, max_length=100)]


class InputSchema(Schema):
    """Every request body: surrounding whitespace is never part of a value."""

    model_config = ConfigDict(str_strip_whitespace=True)


class Page(LimitOffsetPagination):
    """`?limit=` and `?offset=` within bounds the database can answer."""

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, max_limit: int = MAX_PAGE, **kwargs: Any) -> None:
        super().__init__(max_limit=max_limit, **kwargs)


def refuse_null(value: T | None) -> T:
    """For a PATCH field the record cannot be without: null is a mistake, not "clear it"."""
    if value is None:
        raise ValueError("Cannot be null; leave the field out to keep its current value.")
    return value
