"""The operations of the EPOS Data API, independent of the transport that carries them.

Each operation takes the venue and the request's parameters, shaped as the WebSocket
document names them (`{"partyId": ...}`, update bodies with their `id`), validates them,
calls the service layer, and returns the response entity as JSON-ready data. The REST
views and the WebSocket bridge are both thin adapters over this registry, and the
project's OpenAPI document is generated from it.
"""
from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import serializers
from rest_framework.fields import empty

from floorplan.models import Venue
from posbackoffice.kernel.errors import InvalidInput, NotFound

from ..fields import StrictCharField
from ..wire import parse_wire_id


@dataclass(frozen=True)
class Operation:
    capability: str
    run: Callable[[Venue, dict], object]
    body: type[serializers.Serializer] | None = None  # the REST request body
    response: serializers.Serializer | None = None  # the success body; None for an empty one
    # False: the operation uses no more of the venue than its ID (to scope its queries), so
    # a transport need not read the venue's row for it.
    reads_venue: bool = True


OPERATIONS: dict[str, Operation] = {}


def operation(capability: str, *, body=None, response=None, reads_venue: bool = True):
    """Register the decorated function as the implementation of a capability."""

    def register(run):
        OPERATIONS[capability] = Operation(
            capability=capability, run=run, body=body, response=response, reads_venue=reads_venue
        )
        return run

    return register


def validated(serializer_class: type[serializers.Serializer], params) -> dict:
    if not isinstance(params, dict):
        raise InvalidInput("The request body must be a JSON object.")
    serializer = serializer_class(data=params)
    if not serializer.is_valid():
        raise InvalidInput(describe_errors(serializer.errors))
    return serializer.validated_data


def path_param(params: dict, name: str, *, max_length: int) -> str:
    """A string parameter that addresses what the request acts on (`lockId`, an ID): REST
    carries it in the path, the WebSocket in `params`."""
    try:
        return StrictCharField(max_length=max_length).run_validation(params.get(name, empty))
    except serializers.ValidationError as exc:
        raise InvalidInput(describe_errors({name: exc.detail}))


def path_id(params: dict, name: str, what: str) -> int:
    """The primary key behind the ID parameter `name` that addresses the entity (`partyId`,
    an update's `id`). A string this back office could not have issued (`411\\n`, ` 411`,
    `abc`) names nothing: NotFound."""
    value = params.get(name)
    if not isinstance(value, str):
        raise InvalidInput(f"{name}: " + ("This field is required." if value is None else "IDs are strings."))
    pk = parse_wire_id(value)
    if pk is None:
        raise NotFound(f"No {what} {value[:64]!r} in this venue.")
    return pk


def describe_errors(errors, prefix: str = "") -> str:
    """Flatten DRF's nested error structure into one readable line."""
    if isinstance(errors, dict):
        return " ".join(
            describe_errors(value, prefix if key == "non_field_errors" else f"{prefix}{key}.")
            for key, value in errors.items()
        )
    if isinstance(errors, list):
        if all(isinstance(item, str) for item in errors):
            field = prefix.rstrip(".")
            return f"{field}: {' '.join(errors)}" if field else " ".join(errors)
        return " ".join(describe_errors(item, f"{prefix}{i}.") for i, item in enumerate(errors) if item)
    return f"{prefix.rstrip('.')}: {errors}"
