"""The dependency rule: the domain apps know nothing of the Dojo integration."""
import ast
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
