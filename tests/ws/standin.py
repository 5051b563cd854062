"""A WebSocket server on loopback playing Dojo, for the bridge to connect to.

It runs its own event loop in a thread, so that tests stay synchronous and can create rows
and make REST calls between JSON-RPC calls; the bridge under test runs on the same loop.
"""
import asyncio
import itertools
import json
import threading

from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

TIMEOUT = 10


class DojoStandIn:
    def __init__(self, *, api_key: str, software_house_id: str):
        self.expected_authorization = f"Basic {api_key}"
        self.software_house_id = software_house_id
        self.handshakes: list[Headers] = []  # the request headers of every handshake, accepted or not
        self.close_codes: list[int | None] = []  # how each connection ended, as the server saw it
        self.received: list[dict] = []  # every frame the bridge sent, parsed
        self._connection: ServerConnection | None = None
        self._connected = 0
        self._changed = threading.Condition()
        self._ids = (f"req-{n}" for n in itertools.count(1))
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="dojo-stand-in", daemon=True)

    # --- lifecycle, called from the test's thread ---------------------------------------------

    def start(self) -> "DojoStandIn":
        self._thread.start()
        self._server = self.run(self._listen())
        self.url = f"ws://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/epos"
        return self

    def close(self) -> None:
        self._server.close()
        self.run(self._server.wait_closed())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(TIMEOUT)
        self.loop.close()

    def run(self, coroutine, timeout: float = TIMEOUT):
        """Run a coroutine on the stand-in's loop and wait for its result."""
        return self.submit(coroutine).result(timeout)

    def submit(self, coroutine):
        """Start a coroutine on the stand-in's loop; returns its concurrent Future."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    # --- what the tests do -------------------------------------------------------------------

    def wait_connections(self, count: int) -> None:
        """Wait until the bridge has opened `count` connections in all."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._connected >= count, TIMEOUT):
                raise AssertionError(f"the bridge opened {self._connected} connections, expected {count}")

    @property
    def connections(self) -> int:
        return self._connected

    def call(self, method: str, params: dict | None = None) -> dict:
        """Send a well-formed request and return the bridge's reply to it."""
        request_id = self.send_request(method, params)
        return self.reply_to(request_id)

    def send_request(self, method: str, params: dict | None = None, request_id: str | None = None) -> str:
        request_id = request_id or next(self._ids)
        frame = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            frame["params"] = params
        self.send(json.dumps(frame))
        return request_id

    def send(self, frame: str | bytes) -> None:
        self.run(self._connection.send(frame))

    def reply_to(self, request_id: str | None, timeout: float = TIMEOUT) -> dict:
        """The reply whose `id` is `request_id` (None: the next reply with a null id)."""
        with self._changed:
            found = self._changed.wait_for(lambda: self._find(request_id), timeout)
            if not found:
                raise AssertionError(f"no reply to {request_id!r} within {timeout}s")
            self.received.remove(found)
            return found

    def has_reply(self, request_id: str) -> bool:
        with self._changed:
            return self._find(request_id) is not None

    def drop(self) -> None:
        """Cut the current connection without a closing handshake, as a network failure would."""
        self.loop.call_soon_threadsafe(self._connection.transport.abort)

    def freeze(self) -> None:
        """Stop reading from the current connection, as a peer that has silently gone away:
        the bridge's pings go unanswered."""
        self.loop.call_soon_threadsafe(self._connection.transport.pause_reading)

    def wait_closed(self) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.close_codes) >= self._connected, TIMEOUT):
                raise AssertionError("the connection is still open")

    # --- the server side, on the stand-in's loop ---------------------------------------------

    async def _listen(self):
        return await serve(self._serve, "127.0.0.1", 0, process_request=self._check_handshake, close_timeout=1)

    def _find(self, request_id):
        return next((frame for frame in self.received if frame.get("id") == request_id), None)

    def _check_handshake(self, connection: ServerConnection, request: Request) -> Response | None:
        self.handshakes.append(request.headers)
        if request.headers.get("Authorization") != self.expected_authorization:
            return connection.respond(401, "Unknown API key\n")
        if request.headers.get("software-house-id") != self.software_house_id:
            return connection.respond(403, "Unknown software house\n")
        return None

    async def _serve(self, connection: ServerConnection) -> None:
        with self._changed:
            self._connection = connection
            self._connected += 1
            self._changed.notify_all()
        try:
            async for frame in connection:
                with self._changed:
                    self.received.append(json.loads(frame))
                    self._changed.notify_all()
        except ConnectionClosed:  # cut without a closing handshake; recorded below like any other end
            pass
        with self._changed:
            self.close_codes.append(connection.close_code)
            self._changed.notify_all()
