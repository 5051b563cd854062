"""Audit rows: who changed an entity, and through which channel."""
from .actor import current_actor
from .models import ChangeRecord


def change_record(*, venue_id: int, entity: str, entity_id: int, action: str) -> ChangeRecord:
    """Record a change to `entity` made by the current actor (see `actor.acting_as`)."""
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
