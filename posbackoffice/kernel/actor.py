"""Who is making the change currently in progress.

Adapters (the EPOS API, the staff UI, the admin) declare the actor around the work they
do; services record it with each change, and anything observing model changes can ask
where a change came from without the service layer passing it along.
"""
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum


class Source(StrEnum):
    STAFF = "staff"  # a logged-in user: staff UI or admin
    EPOS_API = "epos_api"  # the reservation platform calling the EPOS Data API
    SYSTEM = "system"  # management commands, scheduled jobs


@dataclass(frozen=True)
class Actor:
    source: Source
    user_id: int | None = None
    waiter_ref: str = ""
    device_id: str = ""
    device_type: str = ""
    requesting_product: str = ""


SYSTEM_ACTOR = Actor(source=Source.SYSTEM)
_current_actor: ContextVar[Actor] = ContextVar("current_actor", default=SYSTEM_ACTOR)


def current_actor() -> Actor:
    return _current_actor.get()


@contextmanager
def acting_as(actor: Actor):
    token = _current_actor.set(actor)
    try:
        yield actor
    finally:
        _current_actor.reset(token)


class StaffActorMiddleware:
    """Marks changes made during a logged-in user's request as theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        with acting_as(Actor(source=Source.STAFF, user_id=user.pk)):
            return self.get_response(request)
