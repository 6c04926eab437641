"""Background work for messages: an email to members who have not read them and are away."""

from __future__ import annotations

from datetime import timedelta

from mentorhub.mentorships.models import Member
from mentorhub.messaging.models import Message
from mentorhub.messaging.presence import is_online
from mentorhub.messaging.unread import unread_messages
from mentorhub.notify import email_people, email_silenced
from mentorhub.tasks.queue import enqueue, task

EMAIL_UNREAD = "messaging.email_unread"
# Long enough that people in a live conversation are not emailed about every line.
EMAIL_DELAY = timedelta(minutes=2)


def queue_unread_emails(message: Message, recipient_ids: list[int]) -> None:
    """Each recipient is looked at again after the delay; most of these tasks send nothing."""
    if email_silenced():
        return  # no email may come of this block (the demo's story), so no look later
    for person_id in recipient_ids:
        enqueue(
            EMAIL_UNREAD,
            run_after=message.created_at + EMAIL_DELAY,
            mentorship_id=message.mentorship_id,
            person_id=person_id,
        )


@task(EMAIL_UNREAD)
def email_unread(mentorship_id: int, person_id: int) -> None:
    member = (
        Member.objects.select_related("person", "mentorship__program")
        .filter(mentorship_id=mentorship_id, person_id=person_id)
        .first()
    )
    # No longer a member, back in the thread, or read it all meanwhile: nothing to say.
    if member is None or is_online(mentorship_id, person_id):
        return
    unread = list(unread_messages(member.person, mentorship_id).select_related("author")[:101])
    if not unread:
        return
    first = unread[0]
    # One email per burst: the key names the first unread message, so the later messages
    # of the same burst (and retries) make the same key, which mails once.
    email_people(
        [member.person],
        "message_unread",
        key=f"message_unread:mentorship={mentorship_id}:first={first.pk}",
        message=first,
        mentorship=member.mentorship,
        unread=len(unread) if len(unread) <= 100 else "100+",
        writers=", ".join(sorted({m.author.full_name for m in unread})),
    )
