"""Cross-app tests, and the API client that every app's API tests share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.test import Client

from mentorhub.people.models import Person
from mentorhub.people.services import create_api_token

if TYPE_CHECKING:
    # Only the type stubs name the test client's response (it has .json()).
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def token_for(person: Person) -> str:
    """A fresh API token acting as `person`, made the way a person makes one."""
    _, raw = create_api_token(person, "tests")
    return raw


class ApiClient:
    """Calls /api/… with a bearer token and JSON bodies, as an API script would."""

    def __init__(self, token: str | None):
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self.client = Client(headers=headers)

    def get(self, path: str, **params: Any) -> Response:
        return self.client.get(f"/api{path}", params)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Response:
        return self.client.post(f"/api{path}", body or {}, content_type="application/json")

    def patch(self, path: str, body: dict[str, Any]) -> Response:
        return self.client.patch(f"/api{path}", body, content_type="application/json")

    def put(self, path: str, body: dict[str, Any]) -> Response:
        return self.client.put(f"/api{path}", body, content_type="application/json")


def api_as(person: Person) -> ApiClient:
    return ApiClient(token_for(person))
