"""End to end: commits on the POS reach the stand-in Dojo through a real Redis and a real
Celery worker process, and no event is lost when Dojo, Redis or the worker falters."""
import shutil
import time

import pytest
from django.db import transaction
from django.utils import timezone
from kombu import pools

from bookings import services
from posbackoffice.celery import app as celery_app
from posbackoffice.dojo.models import OutboxEvent
from posbackoffice.dojo.tasks import sweep_outbox

from ..factories import PartyFactory
from .processes import PrivateRedis, Worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Short timeouts so that the faults below resolve in seconds; the lease is connect + read + 5 s.
WORKER_ENV = {"DOJO_HTTP_CONNECT_TIMEOUT": "1", "DOJO_HTTP_READ_TIMEOUT": "1", "DOJO_RETRY_BASE_SECONDS": "1"}


def _point_celery_at(url: str) -> None:
    """This process's Celery app publishing to `url`. Kombu keeps its pools for the whole
    process, by broker URL: they are all closed and forgotten (`pools.reset`), as a later
    private Redis may be given a port used before, and must not be handed a closed pool."""
    celery_app.conf.broker_url = url
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(settings):
    """A private Redis that this process publishes to and the workers consume from."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed to start a private Redis")
    redis = PrivateRedis()
    redis.start()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.DOJO_OUTBOX_SWEEP_GRACE_SECONDS = 0
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.task_always_eager = False
    _point_celery_at(redis.url)
    yield redis
    _point_celery_at(previous[0])
    celery_app.conf.task_always_eager = previous[1]
    if redis.process is not None:
        redis.stop()


@pytest.fixture
def start_worker(transactional_db, broker):
    workers = []

    def start() -> Worker:
        workers.append(Worker(broker_url=broker.url, extra_env=WORKER_ENV))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()


def all_delivered(count: int) -> bool:
    statuses = list(OutboxEvent.objects.values_list("status", flat=True))
    return len(statuses) == count and set(statuses) == {"delivered"}


def sweep_until_delivered(count: int, timeout: float = 40) -> bool:
    """Run the sweeper (as beat would) until every row is delivered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all_delivered(count):
            return True
        sweep_outbox()
        time.sleep(0.5)
    return all_delivered(count)


def test_a_party_changed_through_the_service_layer_reaches_dojo_as_party_updated(dojo_venue, tables, stand_in, start_worker):
    start_worker()
    party, _ = services.party_create(venue=dojo_venue, table_ids=[tables[0].pk], start_time=timezone.now(), covers=2)
    assert stand_in.wait_for(lambda: all_delivered(1))
    services.party_update(
        venue=dojo_venue, party_id=party.pk, table_ids=[tables[1].pk], start_time=party.start_time, status="Seated"
    )
    assert stand_in.wait_for(lambda: all_delivered(2))
    assert stand_in.problems == []
    assert stand_in.events() == [{"eventType": "PartyUpdated", "event": {"partyId": str(party.pk)}}] * 2


def test_500_twice_then_200_delivers_after_quick_retries(dojo_venue, stand_in, start_worker):
    start_worker()
    stand_in.fail_next(500, 500)
    party = PartyFactory(venue=dojo_venue)
    assert stand_in.wait_for(lambda: all_delivered(1))
    event = OutboxEvent.objects.get()
    assert list(event.delivery_attempts.order_by("pk").values_list("http_status", "outcome")) == [
        (500, "retry"), (500, "retry"), (200, "delivered")
    ]
    # first retry within 0.5-1 s, second within 1-2 s, plus the requests themselves
    assert (event.delivered_at - event.created_at).total_seconds() < 10
    assert stand_in.entity_ids("PartyUpdated") == {str(party.pk)}


def test_a_dojo_that_times_out_is_retried_until_it_answers(dojo_venue, stand_in, start_worker):
    start_worker()
    stand_in.delay_next(2.5)  # longer than the worker's 1 s read timeout
    party = PartyFactory(venue=dojo_venue)
    assert stand_in.wait_for(lambda: all_delivered(1))
    outcomes = list(OutboxEvent.objects.get().delivery_attempts.order_by("pk").values_list("outcome", "error"))
    assert outcomes[0][0] == "retry" and "Timeout" in outcomes[0][1]
    assert outcomes[-1][0] == "delivered"
    assert stand_in.entity_ids("PartyUpdated") == {str(party.pk)}


def test_changes_committed_while_redis_is_down_are_delivered_once_it_is_back(dojo_venue, stand_in, broker, start_worker):
    start_worker()
    broker.stop()
    # when: changes commit with the broker gone; committing neither fails nor hangs
    started = time.monotonic()
    parties = []
    for _ in range(3):
        with transaction.atomic():
            parties.append(PartyFactory(venue=dojo_venue))
    assert time.monotonic() - started < 15
    assert set(OutboxEvent.objects.values_list("status", flat=True)) == {"pending"}
    # then: Redis comes back, the sweeper re-queues, the worker delivers every one
    broker.start()
    assert sweep_until_delivered(3)
    assert stand_in.entity_ids("PartyUpdated") == {str(p.pk) for p in parties}


def test_an_event_whose_worker_is_killed_mid_delivery_is_delivered_by_another(dojo_venue, stand_in, start_worker):
    worker = start_worker()
    release = stand_in.hold_next()
    party = PartyFactory(venue=dojo_venue)
    assert stand_in.wait_for(lambda: len(stand_in.requests) == 1)
    worker.kill()
    release.set()  # the answer goes to a dead socket: the POS never learns it arrived
    assert OutboxEvent.objects.get().status == "pending"
    start_worker()
    assert sweep_until_delivered(1)
    assert len(stand_in.requests) >= 2
    assert stand_in.entity_ids("PartyUpdated") == {str(party.pk)}
