"""Background work for messages: an email to members who have not read them and are away."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mentorhub.mentorships.models import Member
from mentorhub.messaging.models import Message
from mentorhub.messaging.presence import is_online
from mentorhub.messaging.unread import unread_messages
from mentorhub.notify import email_people, email_silenced
from mentorhub.tasks.queue import enqueue, task

EMAIL_UNREAD = "messaging.email_unread"
# Long enough that people in a live conversation are not emailed about every line.
EMAIL_DELAY = timedelta(minutes=2)
# Messages with pauses shorter than this are one burst, and one email.
BURST_GAP = timedelta(hours=1)
# Someone with the thread open is looked at again after these waits, then left alone.
RECHECKS = (
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
)


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
def email_unread(mentorship_id: int, person_id: int, recheck: int = 0) -> None:
    member = (
        Member.objects.select_related("person", "mentorship__program")
        .filter(mentorship_id=mentorship_id, person_id=person_id)
        .first()
    )
    if member is None:
        return  # no longer a member: nothing to say
    unread = list(unread_messages(member.person, mentorship_id).select_related("author")[:101])
    if not unread:
        return  # read it all meanwhile
    if is_online(mentorship_id, person_id):
        # A tab is open, perhaps in the background: look again later, a few times.
        if recheck < len(RECHECKS):
            enqueue(
                EMAIL_UNREAD,
                run_after=timezone.now() + RECHECKS[recheck],
                mentorship_id=mentorship_id,
                person_id=person_id,
                recheck=recheck + 1,
            )
        return
    first = latest_burst(unread)[0]
    # One email per burst: the key names the burst's first message, so the later messages
    # of the same burst (and retries) make the same key, which mails once; a burst days
    # later is new news, even while older messages are still unread.
    email_people(
        [member.person],
        "message_unread",
        key=f"message_unread:mentorship={mentorship_id}:first={first.pk}",
        message=first,
        mentorship=member.mentorship,
        unread=len(unread) if len(unread) <= 100 else "100+",
        writers=", ".join(sorted({m.author.full_name for m in unread})),
    )


def latest_burst(unread: list[Message]) -> list[Message]:
    """The unread messages since the last pause longer than BURST_GAP (oldest first)."""
    start = 0
    for i in range(1, len(unread)):
        if unread[i].created_at - unread[i - 1].created_at > BURST_GAP:
            start = i
    return unread[start:]
