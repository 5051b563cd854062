"""The boundaries between the layers, as docs/architecture.md draws them.

- The shared kernel (`posbackoffice/kernel`) imports no domain app and not the integration.
- The domain apps import neither the Dojo integration nor the REST framework.
- Domain services and selectors take typed IDs (ints), never wire strings.
- The EPOS REST API is served by DRF ViewSets.
- No module outside migrations grows past 400 lines.
"""
import ast
import importlib
import inspect
import pkgutil
import typing
from pathlib import Path

import pytest
from django.urls import URLPattern
from rest_framework.viewsets import ViewSetMixin

PROJECT = Path(__file__).resolve().parents[1]
DOMAIN_APPS = ["floorplan", "bookings", "orders"]
KERNEL = PROJECT / "posbackoffice" / "kernel"
SOURCE_FOLDERS = ["posbackoffice", "floorplan", "bookings", "orders", "frontdesk", "bench", "tests"]
MAX_MODULE_LINES = 400

# The POS's own entities, whose IDs the domain takes as integers. (Dojo's IDs, `dojo_party_id`,
# a `lock_id` or a `payment_intent_id`, are Dojo's strings and are not among them.)
POS_ENTITIES = ("venue", "area", "table", "waiter", "reservation", "party", "order", "product", "modifier", "entry")


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


def imports_of(folder: Path, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    """Each module of `folder` that imports a module starting with one of `forbidden`."""
    found = {
        str(path.relative_to(PROJECT)): sorted(m for m in imported_modules(path) if m.startswith(forbidden))
        for path in folder.rglob("*.py")
    }
    return {path: modules for path, modules in found.items() if modules}


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_apps_import_neither_the_dojo_integration_nor_the_rest_framework(app):
    assert imports_of(PROJECT / app, ("posbackoffice.dojo", "rest_framework")) == {}


def test_the_kernel_imports_no_domain_app_nor_the_integration():
    assert imports_of(KERNEL, (*DOMAIN_APPS, "frontdesk", "posbackoffice.dojo", "rest_framework")) == {}


def _service_layer_functions(app: str):
    """Every public function of the app's services and selectors (modules or packages)."""
    for layer in ("services", "selectors"):
        root = importlib.import_module(f"{app}.{layer}")
        modules = [root]
        if hasattr(root, "__path__"):
            modules += [importlib.import_module(info.name) for info in pkgutil.walk_packages(root.__path__, f"{root.__name__}.")]
        for module in modules:
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if function.__module__ == module.__name__ and not name.startswith("_"):
                    yield f"{module.__name__}.{name}", function


def _is_pos_entity_id(parameter: str) -> bool:
    return any(parameter in (f"{entity}_id", f"{entity}_ids") for entity in POS_ENTITIES)


def _mentions_str(annotation) -> bool:
    return annotation is str or any(_mentions_str(arg) for arg in typing.get_args(annotation))


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_services_and_selectors_take_ids_as_integers(app):
    offenders, checked = [], 0
    for qualified_name, function in _service_layer_functions(app):
        hints = typing.get_type_hints(function)
        for parameter in inspect.signature(function).parameters:
            if _is_pos_entity_id(parameter):
                checked += 1
                if parameter not in hints or _mentions_str(hints[parameter]):
                    offenders.append(f"{qualified_name}({parameter}: {hints.get(parameter, 'untyped')})")

    assert checked > 0, f"{app} has no service or selector taking an ID: is the scan looking in the right place?"
    assert offenders == []


def test_the_epos_rest_api_is_served_by_viewsets():
    from posbackoffice.dojo.rest.urls import urlpatterns

    view_classes = {getattr(p.callback, "cls", None) for p in urlpatterns if isinstance(p, URLPattern)} - {None}

    assert len(view_classes) >= 5  # areas, tables, reservations, parties, orders
    assert [cls.__name__ for cls in view_classes if not issubclass(cls, ViewSetMixin)] == []


def test_no_module_outside_migrations_is_over_400_lines():
    too_long = {
        str(path.relative_to(PROJECT)): length
        for folder in SOURCE_FOLDERS
        for path in (PROJECT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and (length := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }

    assert too_long == {}


def test_a_dine_in_order_names_its_table_waiter_party_and_reservation_by_primary_key():
    from orders.values import DineInSpec

    hints = typing.get_type_hints(DineInSpec)

    assert {hints[field] for field in ("table_id", "waiter_id", "party_id", "reservation_id")} == {int | None}
