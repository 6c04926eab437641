"""URL-walk rows for flash (see test_url_walk.py for the table's rules)."""

from __future__ import annotations

from typing import Any


def routes(C: Any) -> dict[str, list[Any]]:
    return {}
