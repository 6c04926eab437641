"""Email leaves through the task queue: after commit, once per key, retried, never twice."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from mentorhub.mentorships.models import Mentorship, Status
from mentorhub.notifications.models import Category, EmailStatus, SentEmail
from mentorhub.notifications.services import set_email_choices
from mentorhub.notify import SEND_EMAIL, email_people, silenced_email
from mentorhub.people.services import invite_person
from mentorhub.tasks.models import Task, TaskStatus
from mentorhub.tasks.queue import REGISTRY, Registration
from mentorhub.tasks.worker import Worker

LATER = timedelta(hours=2)  # past any retry backoff of the first attempts


class Rollback(Exception):
    pass


def tell(people, mentorship: Mentorship, **extra) -> None:
    email_people(people, "mentorship_proposed", mentorship=mentorship, **extra)


def retry_later(run_tasks) -> int:
    with time_machine.travel(timezone.now() + LATER):
        return run_tasks()


@pytest.mark.django_db(transaction=True)
def test_one_task_per_recipient_is_queued_when_the_action_commits(scenario):
    mentorship = Mentorship.objects.create(program=scenario.program, status=Status.PROPOSED)
    with transaction.atomic():
        tell([scenario.mona, scenario.max], mentorship)
        assert not Task.objects.exists()  # nothing before the commit
    tasks = Task.objects.filter(kind=SEND_EMAIL)
    assert sorted(t.payload["to"] for t in tasks) == sorted(
        [scenario.mona.email, scenario.max.email]
    )
    assert all(t.payload["context"]["mentorship"]["pk"] == mentorship.pk for t in tasks)
    assert mail.outbox == []  # the request sends nothing


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_queues_no_email(scenario):
    with pytest.raises(Rollback), transaction.atomic():
        tell(
            [scenario.mona],
            Mentorship.objects.create(program=scenario.program, status=Status.PROPOSED),
        )
        raise Rollback
    assert not Task.objects.exists()
    assert not SentEmail.objects.exists()


def test_the_worker_sends_the_rendered_email(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed)
    assert run_tasks() == 1
    [message] = mail.outbox
    assert message.to == [scenario.max.email]
    assert message.subject == f"You have a proposed mentorship in {scenario.program.name}"
    assert "Hello Max Mentee" in message.body
    assert SentEmail.objects.get().status == EmailStatus.SENT


def test_the_same_key_twice_sends_one_email(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed)
        tell([scenario.max], proposed)
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed, key=f"mentorship_proposed:mentorship={proposed.pk}")
    run_tasks()
    assert len(mail.outbox) == 1
    assert Task.objects.filter(kind=SEND_EMAIL).count() == 1


def test_an_explicit_key_makes_a_separate_email(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed, key="reminder:1")
        tell([scenario.max], proposed, key="reminder:2")
    run_tasks()
    assert len(mail.outbox) == 2
    assert set(SentEmail.objects.values_list("key", flat=True)) == {
        f"reminder:1:{scenario.max.pk}",
        f"reminder:2:{scenario.max.pk}",
    }


def test_a_task_that_fails_after_sending_does_not_send_again(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks, monkeypatch
):
    # GIVEN the worker fails after the handler has sent (e.g. dies before marking it done)
    send = REGISTRY[SEND_EMAIL].handler

    def send_then_fail(**payload):
        send(**payload)
        raise RuntimeError("worker died after sending")

    monkeypatch.setitem(REGISTRY, SEND_EMAIL, Registration(SEND_EMAIL, send_then_fail, 8))
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed)
    run_tasks()
    assert Task.objects.get().status == TaskStatus.QUEUED  # to be retried
    # WHEN it is retried
    monkeypatch.setitem(REGISTRY, SEND_EMAIL, Registration(SEND_EMAIL, send, 8))
    assert retry_later(run_tasks) == 1
    # THEN the email went once, and the task is done
    assert len(mail.outbox) == 1
    assert Task.objects.get().status == TaskStatus.DONE


def test_a_task_that_fails_before_sending_is_retried_and_sends(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks, monkeypatch
):
    # GIVEN a mail server that is down for the first attempt
    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed)
    run_tasks()
    assert mail.outbox == []
    assert SentEmail.objects.get().status == EmailStatus.QUEUED
    # WHEN the server is back and the task is retried, THEN the email goes
    monkeypatch.undo()
    retry_later(run_tasks)
    assert [m.to for m in mail.outbox] == [[scenario.max.email]]
    assert SentEmail.objects.get().status == EmailStatus.SENT


def broken_send(*args, **kwargs):
    raise ConnectionRefusedError("mail server down")


def test_a_crash_between_sending_and_recording_sends_again_with_the_same_message_id(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks, monkeypatch
):
    # The documented window: we prefer a rare duplicate (recognisable by its Message-ID)
    # to a lost email.
    monkeypatch.setattr("mentorhub.notifications.tasks.record_sent", crash)
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed)
    run_tasks()
    monkeypatch.undo()
    retry_later(run_tasks)
    assert len(mail.outbox) == 2
    assert mail.outbox[0].extra_headers["Message-ID"] == mail.outbox[1].extra_headers["Message-ID"]
    assert SentEmail.objects.get().status == EmailStatus.SENT


def crash(key):
    raise RuntimeError("killed before recording")


def test_a_switched_off_category_is_not_sent(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks
):
    set_email_choices(scenario.max, {Category.MENTORSHIPS: False})
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max, scenario.mona], proposed)
    run_tasks()
    assert [m.to for m in mail.outbox] == [[scenario.mona.email]]
    skipped = SentEmail.objects.get(person=scenario.max)
    assert skipped.status == EmailStatus.SKIPPED


def test_account_emails_go_even_with_every_category_off(
    scenario, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        nina = invite_person(scenario.alice, scenario.org, "nina@acme.example", "Nina New")
        set_email_choices(nina, dict.fromkeys(Category.values, False))
    run_tasks()
    assert [m.to for m in mail.outbox] == [["nina@acme.example"]]


def test_attachments_arrive_in_the_sent_message(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks
):
    invite = ("meeting.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed, attachments=[invite])
    run_tasks()
    [message] = mail.outbox
    assert message.attachments == [invite]
    assert 'filename="meeting.ics"' in message.message().as_string()


def test_an_email_about_a_deleted_object_is_not_sent(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed)
    Mentorship.objects.filter(pk=proposed.pk).delete()
    run_tasks()
    assert mail.outbox == []
    assert SentEmail.objects.get().status == EmailStatus.SKIPPED


def test_someone_deactivated_before_the_email_leaves_gets_none(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed)
    type(scenario.max).objects.filter(pk=scenario.max.pk).update(is_active=False)
    run_tasks()
    assert mail.outbox == []


def test_an_email_without_a_category_is_refused_at_once(scenario, proposed):
    with pytest.raises(ValueError, match="has no category"):
        email_people([scenario.max], "surprise", mentorship=proposed)


@pytest.mark.django_db(transaction=True)
def test_several_workers_send_each_email_once(scenario):
    # GIVEN many emails queued, some of them twice
    mentorships = [
        Mentorship.objects.create(program=scenario.program, status=Status.PROPOSED, member_key=n)
        for n in "abcdefgh"
    ]
    for mentorship in mentorships + mentorships[:3]:
        tell([scenario.mona, scenario.max], mentorship)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            Worker(name=name).drain()
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    # WHEN three workers drain the queue at once
    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # THEN every email went exactly once
    assert errors == []
    sent = sorted((m.to[0], m.extra_headers["Message-ID"]) for m in mail.outbox)
    assert len(sent) == 16
    assert len(set(sent)) == 16


def test_silenced_email_queues_nothing(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks
):
    # The demo plays its stories like this: hundreds of notifications nobody should get.
    with django_capture_on_commit_callbacks(execute=True), silenced_email():
        tell([scenario.max], proposed)
    assert run_tasks() == 0
    assert not SentEmail.objects.exists()


def test_long_keys_that_share_a_start_stay_two_emails(
    scenario, proposed, django_capture_on_commit_callbacks, run_tasks
):
    # GIVEN two keys longer than the column that differ only after character 255
    start = "x" * 300
    with django_capture_on_commit_callbacks(execute=True):
        tell([scenario.max], proposed, key=f"{start}:a")
        tell([scenario.max], proposed, key=f"{start}:b")
    # THEN both are sent, each stored under a key that fits and ends in its own hash
    run_tasks()
    assert len(mail.outbox) == 2
    keys = list(SentEmail.objects.values_list("key", flat=True))
    assert len(set(keys)) == 2
    assert all(len(k) <= 255 and ":sha256=" in k for k in keys)
    assert all(e.status == EmailStatus.SENT for e in SentEmail.objects.all())


def test_an_invitation_link_is_wiped_from_its_task_once_sent(
    scenario, django_capture_on_commit_callbacks, run_tasks
):
    # GIVEN an invitation queued: its task must hold the link until the email leaves
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(scenario.alice, scenario.org, "newcomer@acme.example", "Nia Newcomer")
    [queued] = Task.objects.filter(kind=SEND_EMAIL, payload__name="invitation")
    assert "/invitations/" in queued.payload["context"]["url"]
    # WHEN it is sent, THEN the email has the link and the stored task no longer does
    run_tasks()
    [message] = mail.outbox
    assert "/invitations/" in message.body
    queued.refresh_from_db()
    assert queued.status == TaskStatus.DONE
    assert "/invitations/" not in str(queued.payload)


def test_a_password_reset_token_is_never_kept_after_sending(
    scenario, client, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset/", {"email": scenario.max.user.email})
    run_tasks()
    [message] = mail.outbox
    token = message.body.split("/password-reset/")[1].split("/")[1]
    assert token
    # Neither the task nor the email's key keeps the token for later readers.
    assert not Task.objects.filter(payload__context__token=token).exists()
    assert all(token not in key for key in SentEmail.objects.values_list("key", flat=True))
