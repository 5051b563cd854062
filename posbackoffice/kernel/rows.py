"""Related rows a service already holds, given to an instance as `prefetch_related` would
give them, so that what reads them next (an answer, the amounts) makes no query."""
from collections.abc import Iterable

from django.db.models import Model


def rows_known(instance: Model, related_name: str, rows: Iterable[Model]) -> None:
    """Make `instance.<related_name>.all()` (a reverse foreign key) these rows, as if
    prefetched: the rows a service has just read under a lock or written itself (with
    their primary keys). As with a prefetch, each row's foreign key holds the instance, and
    a further filter on them queries the database."""
    manager = getattr(instance, related_name)
    rows = list(rows)
    for row in rows:
        manager.field.set_cached_value(row, instance)
    cache_name = manager.field.remote_field.cache_name
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache.pop(cache_name, None)
    known = manager.get_queryset()  # the instance's rows, filtered as the manager filters them
    known._result_cache, known._prefetch_done = rows, True
    cache[cache_name] = known
