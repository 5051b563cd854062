"""HandleEventV1: Dojo telling the POS what happened to a payment intent.

The WebSocket document defines the event (`payment_intent.created`,
`payment_intent.status_updated`, with the intent's ID, status and capture mode) and
answers it with an EmptyResult: an acknowledgement, with nothing asked of the POS. A
payment reaches an order only through RecordOrderPaymentByIdV1, which carries the amounts;
an event carries none, so no rule of the POS acts on it. The POS checks the event is well
formed (a malformed one is an InvalidRequest, as for any operation), records it in the
log with the venue, and acknowledges it.
"""
import logging

from rest_framework import serializers

from floorplan.models import Venue

from ..fields import StrictCharField, UtcDateTimeField
from ..operations import Operation
from ..operations.base import validated

logger = logging.getLogger("posbackoffice.dojo.events")

EVENT_TYPES = ("payment_intent.created", "payment_intent.status_updated")
PAYMENT_INTENT_STATUSES = ("Created", "Authorized", "Captured", "Reversed", "Refunded", "Canceled")
CAPTURE_MODES = ("Auto", "Manual")


class StrictChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class PaymentIntentEvent(serializers.Serializer):
    paymentIntentId = StrictCharField(max_length=255)
    paymentStatus = StrictChoiceField(PAYMENT_INTENT_STATUSES)
    captureMode = StrictChoiceField(CAPTURE_MODES)


class Event(serializers.Serializer):
    id = StrictCharField(max_length=255)
    accountId = StrictCharField(max_length=255)
    event = StrictChoiceField(EVENT_TYPES)
    data = PaymentIntentEvent()
    createdAt = UtcDateTimeField()


def handle_event(venue: Venue, params: dict) -> None:
    event = validated(Event, params)
    data = event["data"]
    logger.info(
        "Dojo event %s venue=%s id=%s account=%s payment_intent=%s status=%s capture=%s created_at=%s",
        event["event"],
        venue.slug,
        event["id"],
        event["accountId"],
        data["paymentIntentId"],
        data["paymentStatus"],
        data["captureMode"],
        event["createdAt"].isoformat(),
    )


HANDLE_EVENT = Operation(capability="HandleEvent", run=handle_event)


def event_capabilities() -> list[str]:
    """HandleEvent is registered once per event type (`HandleEvent:payment_intent.created`)."""
    return [f"{HANDLE_EVENT.capability}:{event_type}" for event_type in EVENT_TYPES]
