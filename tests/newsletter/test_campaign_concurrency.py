"""Under concurrency: an unsubscribe committed while a message is about to go stops it, and two
workers running the same batch send one message."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from newsletter.models import CampaignState, ConsentSource, Subscriber
from newsletter.services import campaign_deliver, newsletter_subscribe, newsletter_unsubscribe

from .newsletter_steps import campaign

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sending():
    subscriber = newsletter_subscribe(
        email="ana@example.com",
        language="en",
        source=ConsentSource.ACCOUNT,
        address_verified=True,
        now=timezone.now(),
    )
    issue = campaign()
    issue.state = CampaignState.SENDING
    issue.save()
    return issue, subscriber


def test_an_unsubscribe_in_progress_wins_over_the_message(sending):
    issue, subscriber = sending
    locked = threading.Event()

    def unsubscribe_slowly():
        try:
            with transaction.atomic():
                Subscriber.objects.select_for_update().get(pk=subscriber.pk)
                locked.set()
                time.sleep(0.5)  # the campaign's worker arrives meanwhile
                newsletter_unsubscribe(
                    token=subscriber.token,
                    source=ConsentSource.EMAIL_LINK,
                    language="en",
                    now=timezone.now(),
                )
        finally:
            connection.close()

    thread = threading.Thread(target=unsubscribe_slowly)
    thread.start()
    assert locked.wait(5)
    sent = campaign_deliver(campaign=issue, subscriber_id=subscriber.pk, now=timezone.now())
    thread.join()
    assert sent is False
    assert mail.outbox == []


def test_two_workers_on_the_same_batch_send_one_message(sending):
    issue, subscriber = sending
    workers = 4
    start = threading.Barrier(workers)
    results, errors = [], []

    def deliver():
        try:
            start.wait()
            results.append(
                campaign_deliver(campaign=issue, subscriber_id=subscriber.pk, now=timezone.now())
            )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1
