"""The dependency rule: the domain apps know nothing of the Dojo integration nor of the REST
framework, and take typed values, never the wire's string IDs."""
import ast
import importlib
import inspect
import typing
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
DOMAIN_APPS = ["floorplan", "bookings", "orders"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_apps_do_not_import_the_dojo_integration(app):
    offenders = {
        str(path.relative_to(PROJECT)): sorted(m for m in imported_modules(path) if m.startswith("posbackoffice.dojo"))
        for path in (PROJECT / app).rglob("*.py")
    }

    assert {path: found for path, found in offenders.items() if found} == {}


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_apps_do_not_import_the_rest_framework(app):
    offenders = {
        str(path.relative_to(PROJECT)): sorted(m for m in imported_modules(path) if m.split(".")[0] == "rest_framework")
        for path in (PROJECT / app).rglob("*.py")
    }

    assert {path: found for path, found in offenders.items() if found} == {}


# The reservation platform's own IDs, and Dojo's lock and payment intent IDs, are strings;
# every other ID a domain function takes is one of the POS's primary keys.
EXTERNAL_IDS = {"dojo_party_id", "dojo_reservation_id", "dojo_order_id", "lock_id", "payment_intent_id"}
DOMAIN_FUNCTIONS = [
    "floorplan.services", "floorplan.selectors", "bookings.services", "bookings.services.steps", "bookings.selectors",
    "orders.services", "orders.services.steps", "orders.selectors",
]


def _id_hints(module_name: str) -> dict[str, object]:
    module = importlib.import_module(module_name)
    hints = {}
    for name, function in inspect.getmembers(module, inspect.isfunction):
        for parameter, hint in typing.get_type_hints(function).items():
            if parameter.endswith(("_id", "_ids")) and parameter not in EXTERNAL_IDS:
                hints[f"{name}({parameter})"] = hint
    return hints


@pytest.mark.parametrize("module_name", DOMAIN_FUNCTIONS)
def test_domain_functions_take_ids_as_ints(module_name):
    hints = _id_hints(module_name)

    assert hints, "the module has functions taking IDs"
    assert {name: hint for name, hint in hints.items() if "str" in str(hint) or "int" not in str(hint)} == {}


def test_a_dine_in_order_names_its_table_waiter_party_and_reservation_by_primary_key():
    from orders.values import DineInSpec

    hints = typing.get_type_hints(DineInSpec)

    assert {hints[field] for field in ("table_id", "waiter_id", "party_id", "reservation_id")} == {int | None}
