"""Messages as HTML: the text escaped, line breaks kept, http(s) links made clickable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import Urlizer
from django.utils.safestring import SafeString, mark_safe

from mentorhub.messaging.models import Message


class _Links(Urlizer):
    # Links open without handing the thread's address to the other site, or its window.
    url_template = '<a href="{href}" rel="nofollow noopener noreferrer">{url}</a>'


_urlize = _Links()


def message_html(text: str) -> SafeString:
    """Every character of `text` is escaped first; only links the urlizer builds are markup.

    The urlizer makes links only of http(s) addresses, bare domains (given http://) and
    email addresses, so `javascript:` and the like stay text.
    """
    html = _urlize(text, trim_url_limit=80, nofollow=True, autoescape=True)
    return mark_safe(html.replace("\r\n", "\n").replace("\n", "<br>"))


@dataclass(frozen=True)
class ThreadItem:
    """One message as a thread shows it: the same for the page and for a live tab."""

    id: int
    author_id: int
    author_name: str
    body: str
    created_at: datetime

    @property
    def html(self) -> SafeString:
        return message_html(self.body)

    @classmethod
    def of(cls, message: Message) -> ThreadItem:
        return cls(
            message.pk,
            message.author_id,
            message.author.full_name,
            message.body,
            message.created_at,
        )

    def as_event(self) -> dict[str, Any]:
        """JSON for the channel layer (datetimes travel as ISO text)."""
        return {
            "id": self.id,
            "author_id": self.author_id,
            "author_name": self.author_name,
            "body": self.body,
            "created_at": self.created_at.isoformat(),
        }

    @classmethod
    def from_event(cls, data: dict[str, Any]) -> ThreadItem:
        return cls(
            int(data["id"]),
            int(data["author_id"]),
            str(data["author_name"]),
            str(data["body"]),
            datetime.fromisoformat(data["created_at"]),
        )


def item_html(item: ThreadItem, viewer_id: int) -> str:
    """The thread's list item for `item`, in the active time zone (the viewer's)."""
    return render_to_string("messaging/_message.html", {"item": item, "viewer_id": viewer_id})
