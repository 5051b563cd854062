"""Turning model changes into outbox rows, so that every change made on the POS side,
through any code path, reaches Dojo as a POS event.

Handlers run inside the transaction of the change (services and the admin use
`transaction.atomic`), so the row commits or rolls back with it. Changes made by Dojo
itself through the EPOS Data API are not echoed back. To report another model, add
one line to `TRACKED`.

A delete also changes rows it does not delete, without signals: a foreign key with
`on_delete=SET_NULL` is cleared by an UPDATE, and the rows of an auto-created
many-to-many table are deleted in one statement. So deleting a row that a tracked row
points at that way reports the tracked row too (`pre_delete`, while the link is still
there to be found). Writes that skip signals altogether (`bulk_create`, `update`, raw
SQL) are listed, with why each still reaches Dojo, in docs/write-paths.md.
"""
from dataclasses import dataclass
from functools import partial
from typing import Callable

from django.apps import apps
from django.db import transaction
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from posbackoffice.kernel.actor import Source, current_actor

from .models import OutboxEvent
from .outbox import broker_enabled, outbox_record

EventType = OutboxEvent.EventType


def _itself(instance) -> tuple[int, int]:
    return instance.venue_id, instance.pk


def _its_party(party_table) -> tuple[int, int] | None:
    Party = apps.get_model("bookings", "Party")
    venue_id = Party.objects.filter(pk=party_table.party_id).values_list("venue_id", flat=True).first()
    # None: the party itself is being deleted, and its own post_delete reports it.
    return None if venue_id is None else (venue_id, party_table.party_id)


@dataclass(frozen=True)
class Tracked:
    model: str
    event_type: str
    # The (venue ID, entity pk) whose event a change to an instance of `model` emits.
    entity_of: Callable[[object], tuple[int, int] | None] = _itself


TRACKED = (
    Tracked("bookings.Reservation", EventType.RESERVATION_UPDATED),
    Tracked("bookings.Party", EventType.PARTY_UPDATED),
    Tracked("bookings.PartyTable", EventType.PARTY_UPDATED, _its_party),
    Tracked("orders.Order", EventType.ORDER_UPDATED),
)

# Many-to-many fields whose changes count as changes of their owner: (model, field).
TRACKED_M2M = (
    ("bookings.Reservation", "tables"),
    ("bookings.Party", "tables"),
)


def emit(*, venue_id: int, event_type: str, entity_pk: int) -> None:
    """Record a POS event for an entity unless Dojo made the change or does not serve
    this venue (`outbox_record` checks); queue its delivery on commit when a broker is in use."""
    if current_actor().source == Source.EPOS_API:
        return
    event_id = outbox_record(venue_id=venue_id, event_type=event_type, entity_id=str(entity_pk))
    if event_id is not None and broker_enabled():
        from .tasks import enqueue_delivery  # the tasks module imports Celery's app

        transaction.on_commit(partial(enqueue_delivery, event_id), robust=True)


def _on_change(tracked: Tracked, sender, instance, raw=False, **kwargs):
    if raw:  # fixtures being loaded
        return
    entity = tracked.entity_of(instance)
    if entity is not None:
        emit(venue_id=entity[0], event_type=tracked.event_type, entity_pk=entity[1])


def _on_referenced_delete(tracked: Tracked, field_name: str, sender, instance, **kwargs):
    """`instance` is being deleted and the tracked rows pointing at it will have their
    `field_name` rewritten (SET_NULL) by an UPDATE that sends no signal: report them now."""
    model = apps.get_model(tracked.model)
    for row in model._base_manager.filter(**{field_name: instance}):
        _on_change(tracked, model, row)


def _on_linked_delete(owner_model, field_name: str, event_type: str, sender, instance, **kwargs):
    """`instance` is being deleted and its rows in an auto-created many-to-many table go
    with it in one statement that sends no `m2m_changed`: report each owner linked to it."""
    for venue_id, pk in owner_model._base_manager.filter(**{field_name: instance}).values_list("venue_id", "pk"):
        emit(venue_id=venue_id, event_type=event_type, entity_pk=pk)


def _on_m2m_change(owner_model, field_name: str, event_type: str, instance, action, reverse, pk_set, **kwargs):
    """`owner.tables.add(...)` changes the owner; `table.reservations.add(...)` (the
    reverse side) changes each owner in pk_set, or, for a clear, each owner linked before."""
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            emit(venue_id=instance.venue_id, event_type=event_type, entity_pk=instance.pk)
        return
    if action in {"post_add", "post_remove"}:
        owners = owner_model.objects.filter(pk__in=pk_set)
    elif action == "pre_clear":
        owners = owner_model.objects.filter(**{field_name: instance})
    else:
        return
    for venue_id, pk in owners.values_list("venue_id", "pk"):
        emit(venue_id=venue_id, event_type=event_type, entity_pk=pk)


# What a delete does to the rows pointing at the deleted row: these leave them in place,
# rewritten without a signal. CASCADE deletes them (with their own signals), PROTECT and
# RESTRICT refuse the delete, DO_NOTHING leaves it to the database.
_KEEPS_OR_REFUSES = {models.CASCADE, models.PROTECT, models.RESTRICT, models.DO_NOTHING}


def _rewritten_on_delete(model) -> list:
    """The model's foreign keys that a delete of their target rewrites (SET_NULL and the like)."""
    return [
        field for field in model._meta.concrete_fields
        if field.many_to_one and field.remote_field.on_delete not in _KEEPS_OR_REFUSES
    ]


def connect_signals() -> None:
    """Connect the handlers for every tracked model; called from `DojoConfig.ready()`."""
    event_type_of = {tracked.model: tracked.event_type for tracked in TRACKED}
    for tracked in TRACKED:
        model = apps.get_model(tracked.model)
        handler = partial(_on_change, tracked)
        uid = f"dojo-outbox-{tracked.model}"
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=uid)
        for field in _rewritten_on_delete(model):
            pre_delete.connect(
                partial(_on_referenced_delete, tracked, field.name), sender=field.related_model, weak=False,
                dispatch_uid=f"{uid}.{field.name}-target-deleted",
            )
    for label, field_name in TRACKED_M2M:
        model = apps.get_model(label)
        field = model._meta.get_field(field_name)
        uid = f"dojo-outbox-{label}.{field_name}"
        handler = partial(_on_m2m_change, model, field_name, event_type_of[label])
        m2m_changed.connect(handler, sender=field.remote_field.through, weak=False, dispatch_uid=uid)
        if field.remote_field.through._meta.auto_created:
            pre_delete.connect(
                partial(_on_linked_delete, model, field_name, event_type_of[label]), sender=field.related_model,
                weak=False, dispatch_uid=f"{uid}-target-deleted",
            )
