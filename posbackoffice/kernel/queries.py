"""Tools for the reads made many times a second (those of the EPOS Data API):

- `IdList`: the IDs a correlated subquery selects, in its order, as one list per row, so
  that rows and what each of them lists (an area's waiters, a party's tables) are read in
  one query, on PostgreSQL and on SQLite alike.
- `RowList`: the same for whole rows, as model instances: an order's items, discounts and
  payments read in one query.
- `PreparedRead`: a query the ORM builds and compiles once per database connection, then
  runs again with new values for its `Param`s. Building and compiling a query costs the ORM
  about 0.3 ms (twice that with a subquery), several times what running a short one costs.
- `ParamQuery`: a query written with `Param`s that a reader adds to before running it (a
  page of a search: its position, order and limit), compiled once for each of its shapes
  (`prepared`).
"""
import datetime as dt
import functools
import json
import threading
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Expression, F, Func, QuerySet, Subquery
from django.db.models.sql.compiler import SQLCompiler


class _Listed(Subquery):
    """A correlated subquery's rows, in its ordering, as one list per outer row: on
    PostgreSQL `ARRAY(subquery)`; on SQLite (before 3.44 it has no ORDER BY in aggregates)
    `json_group_array` over the ordered subquery in FROM, whose order SQLite keeps (an
    aggregate's subquery is never flattened into it). The subquery's one column is ALIAS,
    named apart from any of the outer query's; on SQLite each of its values is `ELEMENT`."""

    ALIAS = ""
    ELEMENT = "{}"

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="ARRAY(%(subquery)s)")

    def as_sqlite(self, compiler, connection):
        element = self.ELEMENT.format(connection.ops.quote_name(self.ALIAS))
        return self.as_sql(compiler, connection, template=f"(SELECT json_group_array({element}) FROM (%(subquery)s))")


class IdList(_Listed):
    """The values of `field` (an ID) of each of `rows`, in their ordering, as one list (empty
    when there are none): `rows` is correlated to the outer query by an `OuterRef`."""

    ALIAS = "listed_id"

    def __init__(self, rows: QuerySet, field: str = "pk"):
        super().__init__(rows.values(**{self.ALIAS: F(field)}), output_field=models.JSONField())

    def get_db_converters(self, connection):
        return [_as_list]


def _as_list(value, expression, connection) -> list:
    """PostgreSQL's array arrives as a list, SQLite's JSON array as text."""
    return json.loads(value) if isinstance(value, str) else value


class RowList(_Listed):
    """The rows of `rows` (a correlated queryset, as for `IdList`), in its ordering, as
    instances of its model made from all their concrete fields, as the ORM makes them: each
    row travels as a JSON array of its values (PostgreSQL's `json_build_array`, SQLite's
    `json_array`), and each value is read back by its field. JSON keeps integers, text,
    booleans and times exactly; a model with fields of other kinds is refused."""

    ALIAS = "listed_row"
    ELEMENT = "json({})"  # each row stays a JSON array inside the list, not a string
    KINDS = {
        "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "DateTimeField", "ForeignKey",
        "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "TextField",
    }

    def __init__(self, rows: QuerySet):
        self.fields = rows.model._meta.concrete_fields
        if others := [field.name for field in self.fields if field.get_internal_type() not in self.KINDS]:
            raise TypeError(f"RowList cannot carry {rows.model.__name__}'s {', '.join(others)} through JSON.")
        self.instances = Instances(rows.model)
        values = _JsonArray(*(F(field.attname) for field in self.fields))
        super().__init__(rows.values(**{self.ALIAS: values}), output_field=models.JSONField())

    def get_db_converters(self, connection):
        return [self._instances]

    def _instances(self, value, expression, connection) -> list[models.Model]:
        return [
            self.instances([_from_json(field, v) for field, v in zip(self.fields, row)])
            for row in _as_list(value, expression, connection)
        ]


class _JsonArray(Func):
    function = "json_build_array"
    output_field = models.JSONField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="json_array", **extra)


def _from_json(field: models.Field, value):
    """A field's value as JSON gave it: times as ISO 8601 text (SQLite's without their zone,
    which is UTC as the database keeps them), booleans as 0 and 1 on SQLite."""
    value = field.to_python(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


class Param(Expression):
    """A value given to a `PreparedRead` each time it runs, where a query has a literal:
    `Area.objects.filter(venue_id=Param("venue_id", models.IntegerField()))`."""

    def __init__(self, name: str, output_field: models.Field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]


class PreparedRead:
    """A `values_list()` query built by `build` with `Param`s, compiled once per database
    connection (each server thread has its own) and run with the values of its parameters:
    `rows(venue_id=4)` gives named tuples, named as the fields and annotations it selects,
    converted from the database's values as the ORM converts them."""

    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build
        # Per thread, as connections are: what is compiled holds the connection, so it goes
        # with its thread, and a thread's connection is closed when the thread is collected.
        self._local = threading.local()

    def rows(self, *, limit: int | None = None, **values) -> list[tuple]:
        """The rows, at most `limit` of them when given (for a query that is not sliced)."""
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = getattr(self._local, "compiled", None)
        if compiled is None or compiled.compiler.connection is not connection:
            compiled = self._local.compiled = self._compile(connection)
        params = [_value(param, values, connection) for param in compiled.params]
        sql = compiled.sql
        if limit is not None:
            sql, params = f"{sql} LIMIT %s", [*params, limit]
        with _cursor(connection) as cursor:
            cursor.execute(sql, params)
            results = cursor.fetchall()
        if compiled.converters:
            results = compiled.compiler.apply_converters(results, compiled.converters)
        return [compiled.row._make(result) for result in results]

    def first(self, **values) -> tuple | None:
        """The first row, for a query that selects at most one (sliced `[:1]`)."""
        return next(iter(self.rows(**values)), None)

    def _compile(self, connection) -> "_Compiled":
        query = self._build().query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([column for column, _, _ in compiler.select[: compiler.col_count]])
        row = namedtuple("Row", [*query.values_select, *query.annotation_select])
        return _Compiled(sql, params, compiler, converters, row)


class _Compiled(NamedTuple):
    sql: str
    params: tuple
    compiler: SQLCompiler
    converters: dict
    row: type


@dataclass(frozen=True)
class ParamQuery:
    """A query `build` writes with `Param`s, and the `values` to run it with. `shape` names
    everything else its SQL depends on (which filters it has): queries of one shape differ
    only by their values."""

    shape: tuple
    build: Callable[[], QuerySet]
    values: dict

    def rows(self) -> list[tuple]:
        return prepared(self.shape, self.build).rows(**self.values)


class Instances:
    """Instances of `model` made from a row's values of all its concrete `fields` (in their
    order, as a read selects them), as the ORM makes them from the rows it reads: for
    prepared reads whose rows are wanted as models."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [field.attname for field in model._meta.concrete_fields]

    def __call__(self, values) -> models.Model:
        return self.model.from_db(DEFAULT_DB_ALIAS, self.fields, values)


_prepared: dict[tuple, PreparedRead] = {}


def prepared(shape: tuple, build: Callable[[], QuerySet]) -> PreparedRead:
    """The read of this shape, made from `build` the first time only: `shape` must name all
    that the SQL `build` writes depends on, and take a bounded number of values."""
    read = _prepared.get(shape)
    if read is None:
        read = _prepared.setdefault(shape, PreparedRead(build))
    return read


def _cursor(connection):
    """A cursor for a prepared read. On PostgreSQL, one that binds its values on the server
    and has the statement prepared there once per connection: planning a query costs
    PostgreSQL more than running a short one (~0.7 ms against ~0.1 ms for the floor's), and
    Django's own cursors bind values in the SQL they send, so that nothing is prepared.
    Its queries go through Django's execute wrappers as any other's; while queries are
    logged (DEBUG, tests counting them), Django's own cursor runs them, which logs their SQL."""
    if connection.vendor != "postgresql" or connection.queries_logged:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        return connection.make_cursor(_preparing_cursor_class()(connection.connection))


@functools.cache
def _preparing_cursor_class() -> type:
    """Django's server-binding cursor for psycopg, preparing every statement it runs
    (imported when first needed: psycopg is not installed where only SQLite is used)."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

    return PreparingCursor


def _value(param, values: dict, connection):
    if not isinstance(param, Param):
        return param
    return param.output_field.get_db_prep_value(values[param.name], connection, prepared=False)
