"""Audit rows: who changed a booking entity, and through which channel."""
from posbackoffice.actor import current_actor

from .models import ChangeRecord


def change_record(*, venue_id: int, entity: str, entity_id: int, action: str) -> ChangeRecord:
    actor = current_actor()
    return ChangeRecord.objects.create(
        venue_id=venue_id,
        entity=entity,
        entity_id=entity_id,
        action=action,
        source=actor.source,
        user_id=actor.user_id,
        waiter_ref=actor.waiter_ref[:255],
        device_id=actor.device_id[:255],
        device_type=actor.device_type[:255],
        requesting_product=actor.requesting_product[:255],
    )
