"""An area's layout as one value: its plan size, its tables and its decor, as the layout
editor edits it and `services.layout_save` saves it.

A layout's version is a digest of its content, so any change to the area's plan, whoever
made it (another editor, the admin, a command), gives a new version without anyone having
to count: an editor that saves with a version no longer current is refused, and told what
changed since (`layout_changes`).
"""
import hashlib
import json
from dataclasses import asdict, dataclass, field

from .geometry import Footprint


@dataclass(frozen=True)
class TablePlan:
    """A table as the editor places it; `id` is None for a table the save adds."""

    id: int | None
    name: str
    max_covers: int
    shape: str
    x: int
    y: int
    width: int
    height: int
    rotation: int = 0
    is_active: bool = True
    waiter_ids: tuple[int, ...] = ()

    @property
    def footprint(self) -> Footprint:
        return Footprint(self.x, self.y, self.width, self.height, self.rotation, round=self.shape == "round")


@dataclass(frozen=True)
class DecorPlan:
    """A wall, a bar counter or a label; `id` is None for decor the save adds."""

    id: int | None
    kind: str
    x: int
    y: int
    width: int
    height: int
    rotation: int = 0
    label: str = ""

    @property
    def footprint(self) -> Footprint:
        return Footprint(self.x, self.y, self.width, self.height, self.rotation)


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    tables: tuple[TablePlan, ...] = field(default=())
    decor: tuple[DecorPlan, ...] = field(default=())


def layout_version(layout: Layout) -> str:
    """A digest of the layout: equal layouts, equal versions, whatever the order of rows."""
    content = asdict(layout)
    content["tables"] = sorted(content["tables"], key=_saved_first)
    content["decor"] = sorted(content["decor"], key=_saved_first)
    for table in content["tables"]:
        table["waiter_ids"] = sorted(table["waiter_ids"])
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()[:20]


def _saved_first(row: dict) -> tuple:
    return (row["id"] is None, row["id"] or 0, json.dumps(row, sort_keys=True))


def layout_changes(before: Layout, after: Layout) -> list[str]:
    """What differs from `before` to `after`, in words a manager reads: "table 5 moved"."""
    changes = []
    if (before.width, before.height) != (after.width, after.height):
        changes.append(f"the plan resized from {before.width} × {before.height} to {after.width} × {after.height} cells")
    old = {table.id: table for table in before.tables if table.id is not None}
    new = {table.id: table for table in after.tables if table.id is not None}
    changes += [f"table {new[pk].name} added" for pk in new.keys() - old.keys()]
    changes += [f"table {old[pk].name} removed" for pk in old.keys() - new.keys()]
    for pk in sorted(old.keys() & new.keys()):
        changes += _table_changes(old[pk], new[pk])
    old_decor = {item.id: item for item in before.decor if item.id is not None}
    new_decor = {item.id: item for item in after.decor if item.id is not None}
    if old_decor != new_decor:
        changes.append("the decor changed")
    return changes


def _table_changes(old: TablePlan, new: TablePlan) -> list[str]:
    named = f"table {old.name}"
    changes = [f"{named} renamed {new.name}"] if old.name != new.name else []
    if (old.x, old.y) != (new.x, new.y):
        changes.append(f"{named} moved")
    if (old.width, old.height, old.shape) != (new.width, new.height, new.shape):
        changes.append(f"{named} resized or reshaped")
    if old.rotation != new.rotation:
        changes.append(f"{named} turned")
    if old.max_covers != new.max_covers:
        changes.append(f"{named} seats {new.max_covers} instead of {old.max_covers}")
    if old.is_active != new.is_active:
        changes.append(f"{named} {'back in service' if new.is_active else 'taken out of service'}")
    if set(old.waiter_ids) != set(new.waiter_ids):
        changes.append(f"{named} has other waiters")
    return changes
