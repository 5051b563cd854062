"""A real HTTP server on loopback standing in for the Dojo API.

It checks every request against `dojo-api-epos.openapi.json` (the path and method must
exist there, the body must match the operation's schema) and against Dojo's required
headers, records it, and answers as Dojo would. Tests can script failures: an error
status, a slow answer, or an answer held until released.
"""
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from ..spec import spec_path

# The contract lives beside the repository, in shared/spec/.
SPEC = json.loads(spec_path("dojo-api-epos.openapi.json").read_text())
SPEC_URI = "urn:dojo-api-epos"
_REGISTRY = Registry().with_resource(SPEC_URI, Resource.from_contents(SPEC, default_specification=DRAFT4))

# The spec lists the event types and their ID fields in prose and schemas, not an enum.
EVENT_TYPES = [name.strip() for name in SPEC["components"]["schemas"]["EventType"]["description"].split(",")]
EVENT_ID_FIELD = {
    event_type: SPEC["components"]["schemas"][event_type.replace("Updated", "Event")]["required"][0]
    for event_type in EVENT_TYPES
}


def spec_validator(pointer: str) -> Draft4Validator:
    """A validator for the schema at a JSON pointer into the spec; its $refs resolve within the spec."""
    return Draft4Validator({"$ref": f"{SPEC_URI}#{pointer}"}, registry=_REGISTRY)


def request_body_pointer(method: str, path: str) -> str | None:
    """Where the spec keeps the JSON request body schema of an operation, if it has one."""
    operation = SPEC["paths"].get(path, {}).get(method.lower())
    if operation is None:
        raise LookupError(f"{method} {path} is not in the spec")
    if "requestBody" not in operation:
        return None
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/{method.lower()}/requestBody/content/application~1json/schema"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: object
    problems: list[str]
    arrived_at: float = field(default_factory=time.time)


class DojoStandIn:
    def __init__(self, *, api_key: str, software_house_id: str, reseller_id: str = ""):
        self.api_key = api_key
        self.software_house_id = software_house_id
        self.reseller_id = reseller_id
        self.requests: list[Recorded] = []
        self.rest_integrations: list[dict] = []
        self.ws_integrations: list[dict] = []
        self._script: deque = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "DojoStandIn":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.rest_integrations.clear()
            self.ws_integrations.clear()
            self._script.clear()

    # Scripting the next answers, in order; unscripted requests get Dojo's normal answer.
    def fail_next(self, *statuses: int) -> None:
        self._script.extend(("status", status) for status in statuses)

    def delay_next(self, seconds: float) -> None:
        self._script.append(("delay", seconds))

    def hold_next(self) -> threading.Event:
        release = threading.Event()
        self._script.append(("hold", release))
        return release

    # What arrived.
    @property
    def problems(self) -> list[str]:
        return [problem for recorded in self.requests for problem in recorded.problems]

    def events(self) -> list[dict]:
        """Bodies of the well-formed event requests that arrived, whatever they were answered."""
        return [r.body for r in self.requests if r.path == "/epos/events" and not r.problems]

    def entity_ids(self, event_type: str) -> set[str]:
        id_field = EVENT_ID_FIELD[event_type]
        return {body["event"][id_field] for body in self.events() if body["eventType"] == event_type}

    def wait_for(self, predicate, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return predicate()

    # Checking and answering.
    def check(self, method: str, path: str, headers: dict, body) -> list[str]:
        problems = self._check_headers(headers, has_body=body is not None)
        try:
            pointer = request_body_pointer(method, path)
        except LookupError as exc:
            return [*problems, str(exc)]
        if pointer is not None:
            problems += [f"{path}: {error.message}" for error in spec_validator(pointer).iter_errors(body)]
        if path == "/epos/events" and not problems:
            problems += self._check_event(body)
        return problems

    def _check_headers(self, headers: dict, *, has_body: bool) -> list[str]:
        expected = {
            "authorization": f"Basic {self.api_key}",
            "version": SPEC["info"]["version"],
            "software-house-id": self.software_house_id,
        }
        if self.reseller_id:
            expected["reseller-id"] = self.reseller_id
        problems = [f"header {name}: {headers.get(name)!r}" for name, value in expected.items() if headers.get(name) != value]
        if not self.reseller_id and "reseller-id" in headers:
            problems.append("unexpected reseller-id header")
        if has_body and not headers.get("content-type", "").startswith("application/json"):
            problems.append(f"content-type: {headers.get('content-type')!r}")
        return problems

    @staticmethod
    def _check_event(body: dict) -> list[str]:
        event_type = body["eventType"]
        if event_type not in EVENT_TYPES:
            return [f"unknown eventType {event_type!r}"]
        id_field = EVENT_ID_FIELD[event_type]
        if set(body["event"]) != {id_field} or not isinstance(body["event"][id_field], str):
            return [f"{event_type} must carry exactly a string {id_field}: {body['event']}"]
        return []

    def answer(self, method: str, path: str, body) -> tuple[int, object]:
        if path == "/epos/events":
            return 200, body
        if method == "PUT" and path == "/epos/integrations/rest":
            registered = {
                "url": body["url"],
                "capabilities": [{**c, "updatedAt": "2026-01-01T00:00:00Z"} for c in body["capabilities"]],
                "auth": {"authType": body["auth"]["authType"], "basic": {"username": body["auth"]["basic"]["username"]}},
                "createdAt": "2026-01-01T00:00:00Z",
            }
            self.rest_integrations[:] = [registered]
            return 200, list(self.rest_integrations)
        if method == "PUT" and path == "/epos/integrations/ws":
            capabilities = [{**c, "updatedAt": "2026-01-01T00:00:00Z"} for c in body["capabilities"]]
            self.ws_integrations[:] = [{"capabilities": capabilities, "createdAt": "2026-01-01T00:00:00Z"}]
            return 200, list(self.ws_integrations)
        if method == "GET" and path == "/epos/integrations":
            return 200, {"restIntegrations": list(self.rest_integrations), "wsIntegrations": list(self.ws_integrations)}
        return 404, problem(404, "Not Found")

    def _handler_class(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {name.lower(): value for name, value in self.headers.items()}
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                problems = stand_in.check(self.command, self.path, headers, body)
                with stand_in._lock:
                    stand_in.requests.append(Recorded(self.command, self.path, headers, body, problems))
                    step = stand_in._script.popleft() if stand_in._script else None
                status, answer = stand_in._scripted(step)
                if status is None:
                    status, answer = (400, problem(400, "; ".join(problems))) if problems else stand_in.answer(
                        self.command, self.path, body
                    )
                self._send(status, answer)

            def _send(self, status: int, answer) -> None:
                payload = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client gave up (timed out, or was killed)
                    pass

            do_GET = do_POST = do_PUT = _serve

        return Handler

    @staticmethod
    def _scripted(step) -> tuple[int | None, object]:
        if step is None:
            return None, None
        kind, value = step
        if kind == "status":
            return value, problem(value, "Scripted failure")
        if kind == "delay":
            time.sleep(value)
        if kind == "hold":
            value.wait(30)
        return None, None


def problem(status: int, title: str) -> dict:
    """An RFC 7807 body, as Dojo answers errors."""
    return {"type": "https://tools.ietf.org/html/rfc7231", "title": title, "status": status, "traceId": "stand-in"}
