"""JSON-RPC frames as Dojo's WebSocket document shapes them.

ERRATA §8: every reply echoes the request's `id` and `method`, with `"jsonrpc": "2.0"`,
and carries either `result` or an `EPOSError` (not JSON-RPC's `{code, message}`) in
`error`. When a frame is too broken to say which request it was (not JSON, no `id`), the
reply's `id` (and `method`) is null, as JSON-RPC 2.0 prescribes.
"""
import json
from dataclasses import dataclass

from posbackoffice.kernel.errors import InvalidInput

from ..wire import ErrorType, error_body, parse_json

JSONRPC_VERSION = "2.0"
REQUEST_HEADERS = ("waiterId", "dojoRequestingProduct", "deviceId", "deviceType")


@dataclass(frozen=True)
class Request:
    id: str
    method: str
    params: dict  # without `headers`
    headers: dict[str, str]


class BadFrame(Exception):
    """A frame that is not a well-formed request; `request_id` and `method` are whatever
    could be read of it, for the reply to echo."""

    def __init__(self, message: str, *, request_id: str | None = None, method: str | None = None):
        super().__init__(message)
        self.request_id = request_id
        self.method = method


def parse_request(frame: str | bytes) -> Request:
    try:
        message = parse_json(frame)
    except InvalidInput as exc:
        raise BadFrame(f"The frame is not JSON as the API takes it: {exc}") from exc
    if not isinstance(message, dict):
        raise BadFrame("The frame must be a JSON-RPC request object.")
    request_id = message.get("id") if isinstance(message.get("id"), str) else None
    method = message.get("method") if isinstance(message.get("method"), str) else None
    echo = {"request_id": request_id, "method": method}
    if message.get("jsonrpc") != JSONRPC_VERSION:
        raise BadFrame(f'jsonrpc must be "{JSONRPC_VERSION}".', **echo)
    if request_id is None:
        raise BadFrame("id must be a string.", **echo)
    if method is None:
        raise BadFrame("method must be a string.", **echo)
    params = message.get("params", {})
    if not isinstance(params, dict):
        raise BadFrame("params must be an object.", **echo)
    params = dict(params)
    headers = params.pop("headers", {})
    return Request(id=request_id, method=method, params=params, headers=_headers(headers, echo))


def _headers(headers, echo: dict) -> dict[str, str]:
    if not isinstance(headers, dict):
        raise BadFrame("params.headers must be an object.", **echo)
    for name in REQUEST_HEADERS:
        if not isinstance(headers.get(name, ""), str):
            raise BadFrame(f"params.headers.{name} must be a string.", **echo)
    return {name: headers[name] for name in REQUEST_HEADERS if name in headers}


def result_reply(request: Request, result) -> str:
    """`result` is the operation's entity; an operation with nothing to return (a delete)
    answers the document's EmptyResult, `{"result": {}}`."""
    return _encode(request.id, request.method, result={} if result is None else result)


def error_reply(request_id: str | None, method: str | None, error_type: ErrorType, message: str, trace_id: str) -> str:
    return _encode(request_id, method, error=error_body(error_type, message, trace_id))


def _encode(request_id, method, **outcome) -> str:
    return json.dumps({"jsonrpc": JSONRPC_VERSION, "id": request_id, "method": method, **outcome})
