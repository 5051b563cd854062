"""Finding, in the project's source, the writes that send no model signal.

Parsed, not grepped, so that `context.update(...)` on a dict or `seen.update(...)` on a set
is not mistaken for `QuerySet.update`. A call site is named by the function it is in and
its call with the arguments left out (`_seat`, `party.party_tables.filter().update`):
neither the file nor the line, so that moving code between modules keeps its name.

What is found, and how:
- `bulk_create(...)`, `bulk_update(...)`, `.raw(...)`, `.extra(...)`, `cursor(...)`,
  `execute(...)`, `executemany(...)`, `._raw_delete(...)` (a queryset's delete without
  collecting its rows): any call of that name;
- `.update(...)` and `.delete()` on a queryset: an expression through a manager
  (`Model.objects`), a queryset method (`.filter(...)`, `.exclude(...)`, ...), a name
  assigned one of those in the same function, or a parameter named `queryset` or
  annotated `QuerySet` (an admin action's);
- `.through.objects`: the manager of a many-to-many table, whose writes send no
  `m2m_changed`.
A queryset returned by a helper of the project (`_locked(...).delete()` deletes one
instance, with its signals) is not followed.
"""
import ast
from collections import Counter
from pathlib import Path

ANY_RECEIVER = {"bulk_create", "bulk_update", "raw", "extra", "cursor", "execute", "executemany", "_raw_delete"}
ON_A_QUERYSET = {"update", "delete"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
QUERYSET_METHODS = {
    "all", "filter", "exclude", "order_by", "select_related", "prefetch_related", "select_for_update",
    "annotate", "alias", "only", "defer", "using", "distinct", "none", "reverse", "values", "values_list",
}
QUERYSET_PARAMETERS = {"queryset"}


def _is_queryset(node: ast.expr, names: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.Attribute):
        return node.attr in MANAGERS
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in QUERYSET_METHODS
    return False


def _assigned_names(node: ast.AST) -> list[tuple[str, ast.expr]]:
    if isinstance(node, ast.Assign):
        return [(target.id, node.value) for target in node.targets if isinstance(target, ast.Name)]
    if isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and isinstance(node.target, ast.Name) and node.value:
        return [(node.target.id, node.value)]
    return []


def _queryset_names(function: ast.AST) -> set[str]:
    """Parameters and local names of `function` that hold querysets."""
    arguments = function.args.posonlyargs + function.args.args + function.args.kwonlyargs
    names = {
        arg.arg for arg in arguments
        if arg.arg in QUERYSET_PARAMETERS or (arg.annotation is not None and "QuerySet" in ast.unparse(arg.annotation))
    }
    assignments = [pair for node in ast.walk(function) for pair in _assigned_names(node)]
    while True:  # `a = X.objects.filter(...)`, then `b = a.exclude(...)`: until nothing more is learnt
        learnt = {name for name, value in assignments if name not in names and _is_queryset(value, names)}
        if not learnt:
            return names
        names |= learnt


class _Bare(ast.NodeTransformer):
    """`a.filter(x=1).update(y=2)` becomes `a.filter().update()`."""

    def visit_Call(self, node: ast.Call) -> ast.Call:
        return ast.Call(func=self.visit(node.func), args=[], keywords=[])


def _call_name(node: ast.expr) -> str:
    return ast.unparse(_Bare().visit(ast.parse(ast.unparse(node), mode="eval").body))


def _bypassing_call(node: ast.AST, names: set[str]) -> str | None:
    if isinstance(node, ast.Attribute) and node.attr == "objects" and isinstance(node.value, ast.Attribute):
        return _call_name(node) if node.value.attr == "through" else None
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Name):
        return func.id if func.id in ANY_RECEIVER else None
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr in ANY_RECEIVER or (func.attr in ON_A_QUERYSET and _is_queryset(func.value, names)):
        return _call_name(func)
    return None


def _functions(tree: ast.Module):
    """Each function of the module with its qualified name (`Class.method`), innermost last."""
    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield f"{prefix}{child.name}", child
                yield from walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)
    yield from walk(tree, "")


def bypassing_writes_in(source: str) -> Counter:
    """(enclosing function, call) of each write in `source` that sends no signal."""
    tree = ast.parse(source)
    owner = {}  # node -> the innermost function it is in
    for name, function in _functions(tree):
        names = _queryset_names(function)
        for node in ast.walk(function):
            owner[node] = (name, names)  # inner functions come later and win
    found = Counter()
    for node in ast.walk(tree):
        name, names = owner.get(node, ("<module>", set()))
        if call := _bypassing_call(node, names):
            found[(name, call)] += 1
    return found


def bypassing_writes(root: Path, apps: list[str]) -> Counter:
    """The same, over every module of the apps, migrations left out."""
    found = Counter()
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.relative_to(root).parts:
                found += bypassing_writes_in(path.read_text())
    return found
