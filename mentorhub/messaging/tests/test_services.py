"""Posting and reading: members only, while active, plain text within limits, unread counts."""

from __future__ import annotations

import pytest

from mentorhub.audit.models import AuditEvent
from mentorhub.errors import IllegalTransition, InvalidInput, NotAllowed
from mentorhub.mentorships.models import Mentorship
from mentorhub.mentorships.services import close_mentorship
from mentorhub.messaging.access import get_conversation_for
from mentorhub.messaging.models import MAX_BODY, Message
from mentorhub.messaging.services import mark_read, post_message
from mentorhub.messaging.unread import unread_count, unread_counts


def test_member_posts_a_message_stripped_of_surrounding_space(scenario, active):
    message = post_message(scenario.mona, active, "  Hello Max!\n\n")
    assert message.body == "Hello Max!"
    assert message.author == scenario.mona


@pytest.mark.parametrize("who", ["pete", "alice"])
def test_managers_and_admins_cannot_post(scenario, active, who):
    with pytest.raises(NotAllowed, match="Only the members"):
        post_message(getattr(scenario, who), active, "Hi")
    assert not Message.objects.exists()


def test_empty_message_is_refused_with_a_clear_message(scenario, active):
    with pytest.raises(InvalidInput, match="The message is empty"):
        post_message(scenario.mona, active, " \n\t ")


def test_too_long_message_is_refused_and_says_the_limit(scenario, active):
    with pytest.raises(InvalidInput, match="at most 5,000 characters; this one has 5,001"):
        post_message(scenario.mona, active, "x" * (MAX_BODY + 1))
    assert post_message(scenario.mona, active, "x" * MAX_BODY).body == "x" * MAX_BODY


def test_no_message_before_everyone_accepted(scenario, proposed):
    mentorship = Mentorship.objects.prefetch_related("members").get(pk=proposed.pk)
    with pytest.raises(IllegalTransition, match="once everyone has accepted"):
        post_message(scenario.mona, mentorship, "Hi")


def test_closed_mentorship_keeps_its_messages_readable_but_takes_no_new_ones(scenario, active):
    post_message(scenario.mona, active, "Before the end")
    close_mentorship(scenario.mona, active, "completed", "Done")
    closed = get_conversation_for(scenario.max, active.pk)
    with pytest.raises(IllegalTransition, match="completed; its messages can still be read"):
        post_message(scenario.max, closed, "After the end")
    assert unread_count(scenario.max, closed.pk) == 1


def test_posting_is_audited_without_the_text_and_counts_as_activity(scenario, active):
    message = post_message(scenario.mona, active, "A secret plan")
    event = AuditEvent.objects.get(verb="message.posted")
    assert event.target_id == str(message.pk)
    assert "secret" not in f"{event.target_label} {event.details}"
    active.refresh_from_db()
    assert active.last_activity_at == message.created_at


def test_own_messages_are_never_unread(scenario, active):
    post_message(scenario.mona, active, "Hi")
    assert unread_count(scenario.mona, active.pk) == 0
    assert unread_count(scenario.max, active.pk) == 1


def test_reading_up_to_a_message_leaves_the_later_ones_unread(scenario, active):
    first, second, _third = (post_message(scenario.mona, active, f"m{i}") for i in range(3))
    assert unread_count(scenario.max, active.pk) == 3
    mark_read(scenario.max, active, second.pk)
    assert unread_count(scenario.max, active.pk) == 1
    mark_read(scenario.max, active, first.pk)  # never moves back
    assert unread_count(scenario.max, active.pk) == 1


def test_read_mark_cannot_run_ahead_of_the_messages(scenario, active):
    message = post_message(scenario.mona, active, "Hi")
    assert mark_read(scenario.max, active, message.pk + 1000) == message.pk
    post_message(scenario.mona, active, "Later")
    assert unread_count(scenario.max, active.pk) == 1


def test_manager_cannot_mark_a_thread_read(scenario, active):
    with pytest.raises(NotAllowed):
        mark_read(scenario.pete, active, 1)


def test_reply_marks_the_thread_read_for_its_author(scenario, active):
    post_message(scenario.mona, active, "Question?")
    post_message(scenario.max, active, "Answer.")
    assert unread_count(scenario.max, active.pk) == 0
    assert unread_count(scenario.mona, active.pk) == 1


def test_unread_counts_for_many_mentorships_take_one_query(
    scenario, active, django_assert_num_queries
):
    for i in range(3):
        post_message(scenario.mona, active, f"m{i}")
    with django_assert_num_queries(1):
        counts = unread_counts(scenario.max)
    assert counts == {active.pk: 3}
    with django_assert_num_queries(1):
        assert unread_counts(scenario.max, [active.pk, active.pk + 1]) == {active.pk: 3}
