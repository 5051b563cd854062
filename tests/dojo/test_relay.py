"""The embedded mode's relay: the database is the queue, with the worker's retry rules."""
import threading

import pytest
from django.core.management import call_command

from posbackoffice.dojo.management.commands.dojo_relay import relay_until
from posbackoffice.dojo.models import OutboxEvent

from ..factories import PartyFactory


@pytest.fixture
def relay(embedded, settings):
    settings.DOJO_RELAY_POLL_SECONDS = 0.05
    settings.DOJO_RETRY_BASE_SECONDS = 0.2
    stopping = threading.Event()
    thread = threading.Thread(target=relay_until, args=(stopping,), daemon=True)
    thread.start()
    yield
    stopping.set()
    thread.join(10)
    assert not thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_the_relay_delivers_committed_changes_retrying_transient_failures(dojo_venue, stand_in, relay):
    stand_in.fail_next(500, 503)
    parties = [PartyFactory(venue=dojo_venue) for _ in range(3)]
    expected = {str(p.pk) for p in parties}
    assert stand_in.wait_for(lambda: stand_in.entity_ids("PartyUpdated") == expected)
    assert stand_in.wait_for(lambda: set(OutboxEvent.objects.values_list("status", flat=True)) == {"delivered"})
    assert stand_in.problems == []


@pytest.mark.django_db
def test_with_a_broker_the_relay_steps_aside(settings, capsys):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    call_command("dojo_relay")
    assert "not needed" in capsys.readouterr().out
