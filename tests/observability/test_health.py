"""/health/live and /health/ready, in this process (the checks) and over real services."""
import pytest

from ..dojo.processes import free_port


def test_live_answers_without_touching_the_database_and_is_never_cached(client):
    response = client.get("/health/live")  # no database access is allowed in this test

    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-store" in response["Cache-Control"]


def test_ready_checks_the_database_alone_without_a_broker(client, db, settings):
    settings.REDIS_URL = ""

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failed": [], "checks": {"database": "ok"}}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.redis
def test_ready_answers_200_when_the_database_and_redis_answer(client, db, settings):
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


def test_ready_answers_503_naming_redis_when_it_does_not_answer(client, db, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"

    response = client.get("/health/ready")

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["failed"], body["checks"]["database"]) == ("unavailable", ["redis"], "ok")
    assert body["checks"]["redis"] == "unavailable (ConnectionError)"
    assert "127.0.0.1" not in response.content.decode()  # the details are logged, not shown


def test_the_health_endpoints_need_no_login_and_refuse_writes(client, db):
    assert client.post("/health/live").status_code == 405
    assert client.head("/health/ready").status_code in (200, 503)
