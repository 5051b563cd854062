"""Over real processes: gunicorn serving the health checks while Redis and the database come
and go, and several gunicorn and Celery workers adding up their metrics (multiprocess mode)."""
import json
import os
import shutil
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from posbackoffice.dojo.models import OutboxEvent

from ..dojo import processes
from ..dojo.processes import PrivateRedis, Worker, free_port, wait_until
from ..dojo.test_delivery_worker import WORKER_ENV, broker  # noqa: F401  (a private Redis as the broker)
from ..factories import PartyFactory
from .servers import Gunicorn


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed to start a private Redis")
    redis = PrivateRedis()
    redis.start()
    yield redis
    if redis.process is not None:
        redis.stop()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


@pytest.fixture
def serve():
    servers = []

    def start(**kwargs) -> Gunicorn:
        servers.append(Gunicorn(**kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.mark.redis  # a redis-server of its own, which it stops and starts
def test_ready_follows_redis_as_it_stops_and_starts_again(serve, redis_server, sqlite_url):
    server = serve(env={"DATABASE_URL": sqlite_url, "REDIS_URL": redis_server.url})
    assert server.get("/health/ready").status_code == 200

    redis_server.stop()
    stopped = server.get("/health/ready")
    redis_server.start()
    started = server.get("/health/ready")

    assert (stopped.status_code, stopped.json()["failed"]) == (503, ["redis"])
    assert stopped.json()["checks"]["database"] == "ok"
    assert (started.status_code, started.json()["failed"]) == (200, [])
    assert server.get("/health/live").status_code == 200


@pytest.mark.redis
def test_ready_names_the_database_when_it_does_not_answer(serve, redis_server):
    closed = f"postgres://postgres@127.0.0.1:{free_port()}/nowhere"
    server = serve(env={"DATABASE_URL": closed, "REDIS_URL": redis_server.url})

    response = server.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert response.json()["checks"]["redis"] == "ok"
    assert response.headers["Cache-Control"].startswith("max-age=0")
    assert server.get("/health/live").status_code == 200


def _scrape(server: Gunicorn) -> dict:
    text = server.get("/metrics").text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


LIVE_REQUESTS = ("posbackoffice_http_requests_total", (("method", "GET"), ("route", "health/live"), ("status", "200")))


def _live_requests_in(path: Path) -> float:
    """What one process's file holds of the requests to /health/live."""
    samples = [sample for family in MultiProcessCollector.merge([str(path)]) for sample in family.samples]
    return sum(sample.value for sample in samples if (sample.name, tuple(sorted(sample.labels.items()))) == LIVE_REQUESTS)


def test_the_metrics_of_two_workers_add_up_and_outlive_a_worker(serve, sqlite_url, tmp_path):
    folder = tmp_path / "metrics"
    server = serve(env={"DATABASE_URL": sqlite_url, "PROMETHEUS_MULTIPROC_DIR": str(folder)}, workers=2)
    counted_at_start = _scrape(server).get(LIVE_REQUESTS, 0)

    # given requests answered side by side until both workers have taken some
    sent = 0
    for _ in range(20):
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert set(pool.map(lambda _: server.get("/health/live").status_code, range(30))) == {200}
        sent += 30
        by_worker = {path.stem.split("_", 1)[1]: _live_requests_in(path) for path in folder.glob("counter_*.db")}
        if len([count for count in by_worker.values() if count]) == 2:
            break
    assert len([count for count in by_worker.values() if count]) == 2, by_worker

    # then one scrape, served by one worker, counts them all
    assert _scrape(server)[LIVE_REQUESTS] == counted_at_start + sent

    # when a worker dies, its live gauge goes (gunicorn calls child_exit) and its counts stay
    gone = next(iter(by_worker))
    os.kill(int(gone.rsplit("-", 1)[1]), signal.SIGKILL)
    wait_until(lambda: not (folder / f"gauge_livesum_{gone}.db").exists(), 20, "child_exit left the gauge")
    assert _scrape(server)[LIVE_REQUESTS] == counted_at_start + sent


def test_with_log_format_json_every_line_of_the_server_is_json(serve, sqlite_url):
    server = serve(env={"DATABASE_URL": sqlite_url, "LOG_FORMAT": "json"})

    server.get("/health/live")
    server.get("/health/ready")
    server.stop()

    output = server.output()
    not_json = [line for line in output.splitlines() if line.strip() and not line.startswith("{")]
    assert not_json == [], output
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    loggers = {line["logger"] for line in lines}
    assert {"gunicorn.error", "gunicorn.access"} <= loggers
    assert any("/health/ready" in line["message"] for line in lines if line["logger"] == "gunicorn.access")


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_deliveries_by_celery_workers_show_in_the_webs_metrics(serve, dojo_venue, stand_in, broker, tmp_path):
    folder = tmp_path / "metrics"
    shared = {"PROMETHEUS_MULTIPROC_DIR": str(folder)}
    workers = [Worker(broker_url=broker.url, extra_env={**WORKER_ENV, **shared}) for _ in range(2)]
    server = serve(env={"DATABASE_URL": processes.test_database_url(), **shared}, workers=2)
    try:
        # when four changes commit, and the workers deliver them
        for _ in range(4):
            PartyFactory(venue=dojo_venue)
        wait_until(lambda: set(OutboxEvent.objects.values_list("status", flat=True)) == {"delivered"}, 30, "undelivered")
    finally:
        for worker in workers:
            worker.stop()

    # then a scrape of the web counts what the workers did
    samples = _scrape(server)
    assert samples[("posbackoffice_pos_events_delivered_total", (("event_type", "PartyUpdated"),))] == 4
    posted = (("endpoint", "POST /epos/events"), ("status", "200"))
    assert samples[("posbackoffice_dojo_api_request_duration_seconds_count", posted)] == 4
    assert samples[("posbackoffice_outbox_pending_events", (("venue", dojo_venue.slug),))] == 0
