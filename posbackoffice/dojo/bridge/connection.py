"""The venue's one outbound WebSocket to Dojo: open it with the handshake headers, answer
each request on its own task, reconnect with backoff when it drops, close it cleanly on stop.
"""
import asyncio
import logging
import random
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.frames import CloseCode

from ..sync.bridge_status import BridgeStatus
from .dispatch import Dispatcher

logger = logging.getLogger("posbackoffice.dojo.bridge")

# Requests being answered at once per connection; beyond that, reading waits.
MAX_IN_FLIGHT = 64
# Worker threads, hence database connections, for the operations.
WORKERS = 8
# On stop, how long requests in flight may take to be answered before the socket closes.
DRAIN_SECONDS = 10.0
# A handshake refused with these statuses will be refused again: stop rather than retry.
REFUSED_STATUSES = {401, 403}


@dataclass(frozen=True)
class Endpoint:
    """Where and as whom to connect. The API key is sent as-is after `Basic ` (not
    base64-encoded), as the WebSocket document requires; it is never logged."""

    url: str
    api_key: str = field(repr=False)
    software_house_id: str
    reseller_id: str = ""

    def handshake_headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Basic {self.api_key}", "software-house-id": self.software_house_id}
        if self.reseller_id:
            headers["reseller-id"] = self.reseller_id
        return headers


@dataclass(frozen=True)
class Backoff:
    initial: float = 1.0
    maximum: float = 60.0
    factor: float = 2.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait before reconnection attempt `attempt` (0 for the first after a
        drop): the exponential delay, capped, of which a random half is taken off so that
        venues dropped together do not all come back at once."""
        ceiling = min(self.maximum, self.initial * self.factor**attempt)
        return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


@dataclass(frozen=True)
class Keepalive:
    """A ping every `interval` seconds keeps routers from dropping an idle connection. No
    pong within `timeout` means the peer is gone: the bridge starts closing, waits at most
    `close_timeout` for the closing handshake, drops the connection and reconnects."""

    interval: float = 20.0
    timeout: float = 20.0
    close_timeout: float = 10.0


class Refused(Exception):
    """Dojo refused the handshake (wrong API key or software-house ID)."""


class Bridge:
    def __init__(
        self,
        *,
        venue_id: int,
        endpoint: Endpoint,
        backoff: Backoff = Backoff(),
        workers: int = WORKERS,
        keepalive: Keepalive = Keepalive(),
    ):
        self.venue_id = venue_id
        self.endpoint = endpoint
        self.backoff = backoff
        self.workers = workers
        self.keepalive = keepalive
        self.status = BridgeStatus(venue_id=venue_id)
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Finish the requests in flight, close the socket and return from `run`. Call it
        from the event loop's thread (a signal handler, or `loop.call_soon_threadsafe`)."""
        self._stopping.set()

    async def run(self) -> None:
        """Keep the connection open until `stop`; raises Refused if Dojo refuses the handshake."""
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="dojo-ws") as executor:
            dispatcher = Dispatcher(venue_id=self.venue_id, executor=executor)
            attempt = 0
            while not self._stopping.is_set():
                if await self._connect_and_serve(dispatcher):
                    attempt = 0
                if self._stopping.is_set():
                    break
                delay = self.backoff.delay(attempt)
                attempt += 1
                logger.info("Reconnecting to Dojo in %.1fs", delay)
                await self.status.reconnecting()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)

    async def _connect_and_serve(self, dispatcher: Dispatcher) -> bool:
        """Serve one connection until it drops or the bridge stops; whether it opened."""
        try:
            async with connect(
                self.endpoint.url,
                additional_headers=self.endpoint.handshake_headers(),
                ping_interval=self.keepalive.interval,
                ping_timeout=self.keepalive.timeout,
                close_timeout=self.keepalive.close_timeout,
            ) as websocket:
                logger.info("Connected to Dojo at %s (venue_id=%s)", self.endpoint.url, self.venue_id)
                async with self.status.connected():
                    await self._serve(websocket, dispatcher)
                return True
        except InvalidStatus as exc:
            status = exc.response.status_code
            if status in REFUSED_STATUSES:
                message = f"Dojo refused the connection ({status}): check the API key and software-house ID."
                await self.status.failed(message, refused=True)
                raise Refused(message) from exc
            logger.warning("Dojo answered the handshake with %s", status)
            await self.status.failed(f"Dojo answered the handshake with {status}")
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            logger.warning("Could not connect to Dojo at %s: %s", self.endpoint.url, exc)
            await self.status.failed(f"Could not connect: {exc}")
        return False

    async def _serve(self, websocket: ClientConnection, dispatcher: Dispatcher) -> None:
        in_flight: set[asyncio.Task] = set()
        reading = asyncio.create_task(self._read(websocket, dispatcher, in_flight))
        stopping = asyncio.create_task(self._stopping.wait())
        await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if reading.done():
            self._log_closed(websocket, reading)
            return
        reading.cancel()
        if in_flight:
            await asyncio.wait(in_flight, timeout=DRAIN_SECONDS)
        await websocket.close(CloseCode.GOING_AWAY, "EPOS shutting down")
        logger.info("Closed the connection to Dojo")

    async def _read(self, websocket: ClientConnection, dispatcher: Dispatcher, in_flight: set) -> None:
        slots = asyncio.Semaphore(MAX_IN_FLIGHT)
        async for frame in websocket:
            await slots.acquire()
            task = asyncio.create_task(self._answer(websocket, dispatcher, frame))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
            task.add_done_callback(lambda _: slots.release())

    @staticmethod
    async def _answer(websocket: ClientConnection, dispatcher: Dispatcher, frame) -> None:
        reply = await dispatcher.answer(frame)
        try:
            await websocket.send(reply)
        except ConnectionClosed:
            logger.warning("A reply was lost: the connection closed before it could be sent")

    @staticmethod
    def _log_closed(websocket: ClientConnection, reading: asyncio.Task) -> None:
        error = reading.exception()
        if error is not None and not isinstance(error, ConnectionClosed):
            logger.error("Reading from Dojo failed", exc_info=error)
        logger.warning("Dojo closed the connection: code=%s reason=%r", websocket.close_code, websocket.close_reason)
