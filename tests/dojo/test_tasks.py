"""The Celery side: the beat schedule, and a broker outage never failing a commit."""
import logging
import time

import pytest
from django.conf import settings

from posbackoffice.celery import app as celery_app
from posbackoffice.dojo.models import OutboxEvent
from posbackoffice.dojo.tasks import enqueue_delivery

from ..factories import PartyFactory
from .processes import free_port


@pytest.fixture
def dead_broker(settings):
    """This process's Celery app pointed at a port where no Redis listens."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = f"redis://127.0.0.1:{free_port()}/0", False
    celery_app._pool, celery_app.amqp._producer_pool = None, None
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    celery_app._pool, celery_app.amqp._producer_pool = None, None


def test_beat_runs_the_sweeper_and_the_purge():
    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {"posbackoffice.dojo.tasks.sweep_outbox", "posbackoffice.dojo.tasks.purge_outbox"}
    assert scheduled <= set(celery_app.tasks)
    assert "posbackoffice.dojo.tasks.deliver_event" in celery_app.tasks


def test_a_broker_outage_is_logged_and_does_not_raise(dead_broker, caplog):
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        assert enqueue_delivery(123) is False
    assert time.monotonic() - started < 10
    assert "the sweeper will" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_during_a_broker_outage_commits_with_its_event(dojo_venue, dead_broker):
    party = PartyFactory(venue=dojo_venue)
    assert list(OutboxEvent.objects.values_list("entity_id", "status")) == [(str(party.pk), "pending")]
