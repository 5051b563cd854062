"""Related rows a service already holds, given to an instance as `prefetch_related` would
give them, so that what reads them next (an answer, the amounts) makes no query."""
from collections.abc import Iterable

from django.db.models import Model


def rows_known(instance: Model, related_name: str, rows: Iterable[Model]) -> None:
    """Make `instance.<related_name>.all()` (a reverse foreign key) these rows, as if prefetched: the rows a service
    has just read under a lock or written itself (with their primary keys)."""
    manager = getattr(instance, related_name)
    known = manager.model._base_manager.none()
    known._result_cache, known._prefetch_done = list(rows), True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[manager.field.remote_field.cache_name] = known
