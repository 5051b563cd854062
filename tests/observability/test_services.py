"""Over real processes: gunicorn serving the health checks while Redis and the database come
and go, and several workers adding up their metrics (multiprocess mode)."""
import json
import os
import shutil
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from ..dojo.processes import PrivateRedis, free_port, wait_until
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

    # given requests answered side by side, so that both workers take some
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(lambda _: server.get("/health/live").status_code, range(60))) == {200}
    by_worker = {path.stem.split("_", 1)[1]: _live_requests_in(path) for path in folder.glob("counter_*.db")}
    assert len([count for count in by_worker.values() if count]) == 2, by_worker

    # then one scrape, served by one worker, counts them all
    assert _scrape(server)[LIVE_REQUESTS] == counted_at_start + 60

    # when a worker dies, its live gauge goes (gunicorn calls child_exit) and its counts stay
    gone = next(iter(by_worker))
    os.kill(int(gone.rsplit("-", 1)[1]), signal.SIGKILL)
    wait_until(lambda: not (folder / f"gauge_livesum_{gone}.db").exists(), 20, "child_exit left the gauge")
    assert _scrape(server)[LIVE_REQUESTS] == counted_at_start + 60


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
