"""Log lines carry their context, and LOG_FORMAT=json writes one JSON object per line."""
import json
import logging
import subprocess
import sys

import pytest

from posbackoffice.observability.logs import ContextFilter, JsonFormatter, bound

from ..dojo.processes import REPO


@pytest.fixture
def json_lines():
    """The JSON lines written through the project's handler setup, as LOG_FORMAT=json sets it."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in lines]
    root.removeHandler(handler)


def test_an_epos_calls_log_lines_name_its_trace_id_venue_and_capability(epos, venue, json_lines):
    refused = epos.get("/epos/v1/parties/31337").json()

    lines = [line for line in json_lines() if line["logger"] == "posbackoffice.epos"]

    assert lines and {line["trace_id"] for line in lines} == {refused["traceId"]}
    assert {(line["venue"], line["capability"]) for line in lines} == {(venue.slug, "GetPartyById")}
    assert set(lines[0]) == {"time", "level", "logger", "message", "trace_id", "venue", "capability"}
    assert lines[0]["time"].endswith("+00:00") and lines[0]["level"] == "INFO"


def test_bound_context_reaches_lines_logged_inside_it_and_a_traceback_stays_in_one_line(json_lines):
    with bound(venue="demo", trace_id="t-1"):
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("posbackoffice.test").exception("It failed")
    logging.getLogger("posbackoffice.test").warning("Outside")

    inside, outside = json_lines()[-2:]
    assert (inside["venue"], inside["trace_id"], inside["capability"]) == ("demo", "t-1", None)
    assert "ValueError: boom" in inside["exception"]
    assert (outside["venue"], outside["trace_id"]) == (None, None)


def _log_a_line(log_format: str | None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "posbackoffice.settings"}
    if log_format is not None:
        env["LOG_FORMAT"] = log_format
    code = "import django, logging; django.setup(); logging.getLogger('posbackoffice.x').warning('Hello %s', 'there')"
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True)


def test_log_format_json_makes_every_line_json_and_text_stays_the_default():
    as_json = _log_a_line("json")
    as_text = _log_a_line(None)

    assert as_json.returncode == 0, as_json.stderr
    line = json.loads(as_json.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "posbackoffice.x", "Hello there")
    assert as_text.stderr.strip().endswith("WARNING posbackoffice.x Hello there")


def test_an_unknown_log_format_is_refused_at_start():
    result = _log_a_line("xml")

    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json" in result.stderr
