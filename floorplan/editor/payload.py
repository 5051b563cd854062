"""The layout editor's JSON, both ways: a `Layout` as the editor's script reads it, and the
editor's save parsed into typed values (the rules are the services'; this only checks that
each value is of the right kind)."""
from posbackoffice.kernel.errors import InvalidInput

from ..values import DecorPlan, Layout, TablePlan


def layout_json(layout: Layout) -> dict:
    return {
        "width": layout.width,
        "height": layout.height,
        "tables": [
            {
                "id": table.id, "name": table.name, "seats": table.max_covers, "shape": table.shape,
                "x": table.x, "y": table.y, "width": table.width, "height": table.height, "rotation": table.rotation,
                "active": table.is_active, "waiters": list(table.waiter_ids),
            }
            for table in layout.tables
        ],
        "decor": [
            {
                "id": item.id, "kind": item.kind, "label": item.label, "x": item.x, "y": item.y,
                "width": item.width, "height": item.height, "rotation": item.rotation,
            }
            for item in layout.decor
        ],
    }


def layout_from_json(data: object, where: str = "layout") -> Layout:
    row = _object(data, where)
    return Layout(
        width=_int(row, "width", where),
        height=_int(row, "height", where),
        tables=tuple(_table(item, f"{where}.tables[{n}]") for n, item in enumerate(_list(row, "tables", where))),
        decor=tuple(_decor(item, f"{where}.decor[{n}]") for n, item in enumerate(_list(row, "decor", where))),
    )


def _table(data: object, where: str) -> TablePlan:
    row = _object(data, where)
    waiters = _list(row, "waiters", where)
    if not all(_is_int(pk) for pk in waiters):
        raise InvalidInput(f"{where}.waiters lists waiter IDs, whole numbers.")
    return TablePlan(
        id=_id(row, where),
        name=_text(row, "name", where, 40).strip(),
        max_covers=_int(row, "seats", where),
        shape=_text(row, "shape", where, 12),
        is_active=_bool(row, "active", where),
        waiter_ids=tuple(waiters),
        **_placement(row, where),
    )


def _decor(data: object, where: str) -> DecorPlan:
    row = _object(data, where)
    return DecorPlan(
        id=_id(row, where),
        kind=_text(row, "kind", where, 8),
        label=_text(row, "label", where, 40).strip(),
        **_placement(row, where),
    )


def _placement(row: dict, where: str) -> dict:
    return {field: _int(row, field, where) for field in ("x", "y", "width", "height", "rotation")}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _object(data: object, where: str) -> dict:
    if not isinstance(data, dict):
        raise InvalidInput(f"{where} must be an object.")
    return data


def _list(row: dict, key: str, where: str) -> list:
    value = row.get(key, [])
    if not isinstance(value, list):
        raise InvalidInput(f"{where}.{key} must be a list.")
    return value


def _int(row: dict, key: str, where: str) -> int:
    value = row.get(key)
    if not _is_int(value) or not -32768 <= value <= 32767:
        raise InvalidInput(f"{where}.{key} must be a whole number.")
    return value


def _id(row: dict, where: str) -> int | None:
    value = row.get("id")
    if value is not None and not _is_int(value):
        raise InvalidInput(f"{where}.id must be a whole number, or null for a new one.")
    return value


def _text(row: dict, key: str, where: str, max_length: int) -> str:
    value = row.get(key, "")
    if not isinstance(value, str) or len(value) > max_length:
        raise InvalidInput(f"{where}.{key} must be text of at most {max_length} characters.")
    return value


def _bool(row: dict, key: str, where: str) -> bool:
    value = row.get(key, True)
    if not isinstance(value, bool):
        raise InvalidInput(f"{where}.{key} must be true or false.")
    return value
