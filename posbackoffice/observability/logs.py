"""Log lines with their context: the trace ID, venue and capability of the work in progress.

`ContextFilter` puts those three on every record: from the request being answered (the
EPOS views set `trace_id` and `epos_capability` on it, Dojo's credentials name the venue)
and from what the code running bound with `bind`/`bound` (the WebSocket bridge, tasks).
`JsonFormatter` writes each record as one JSON object per line, for log shippers
(LOG_FORMAT=json); the default text format stays as it was.
"""
import datetime as dt
import json
import logging
import os
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.functional import LazyObject

CONTEXT_FIELDS = ("trace_id", "venue", "capability")

_bound: ContextVar[dict] = ContextVar("log_context", default={})
_request: ContextVar = ContextVar("log_request", default=None)


def bind(**fields) -> None:
    """Add fields to the context of the current task or thread (and what it starts)."""
    _bound.set({**_bound.get(), **fields})


@contextmanager
def bound(**fields):
    token = _bound.set({**_bound.get(), **fields})
    try:
        yield
    finally:
        _bound.reset(token)


@contextmanager
def request_bound(request):
    """Read the context from `request` while it is being answered."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def _venue_of(request):
    # The EPOS API's caller (set by DRF) names its venue's slug. A staff user is left alone:
    # it is a lazy object, and evaluating it in a log call could query the database.
    user = request.__dict__.get("user")
    if user is None or isinstance(user, LazyObject):
        return None
    return getattr(user, "venue_slug", None)


def _request_fields(request) -> dict:
    if request is None:
        return {}
    fields = {
        "trace_id": getattr(request, "trace_id", None),
        "capability": getattr(request, "epos_capability", None),
        "venue": _venue_of(request),
    }
    return {name: value for name, value in fields.items() if value is not None}


def current_context() -> dict:
    return {**_request_fields(_request.get()), **_bound.get()}


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = current_context()
        for name in CONTEXT_FIELDS:
            if not hasattr(record, name):
                setattr(record, name, context.get(name))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, trace_id, venue,
    capability, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **{name: getattr(record, name, None) for name in CONTEXT_FIELDS},
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)


def logging_config(*, json_lines: bool, level: str) -> dict:
    """The LOGGING setting: every handler carries the context; JSON lines or readable text."""
    formatter = {"()": JsonFormatter} if json_lines else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default", "filters": ["context"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }


def gunicorn_logconfig_dict() -> dict:
    """gunicorn's `logconfig_dict`: with LOG_FORMAT=json, its own error and access lines are
    JSON too; otherwise empty, which leaves gunicorn's text. Read from the environment, as
    gunicorn's master process has no Django settings."""
    if os.environ.get("LOG_FORMAT", "text") != "json":
        return {}
    config = logging_config(json_lines=True, level=os.environ.get("LOG_LEVEL", "INFO"))
    gunicorn_loggers = {"handlers": ["console"], "level": "INFO", "propagate": False}
    config["loggers"] = {"gunicorn.error": gunicorn_loggers, "gunicorn.access": gunicorn_loggers}
    return config
