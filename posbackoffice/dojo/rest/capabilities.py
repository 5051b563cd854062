"""The capabilities this back office serves over REST, read off its routes so that what is
registered with Dojo cannot drift from what is served."""


def served_rest_capabilities() -> list[str]:
    from .urls import urlpatterns

    served = set()
    for pattern in urlpatterns:
        view_set = getattr(pattern.callback, "cls", None)
        for action in getattr(pattern.callback, "actions", {}).values():
            served.add(view_set.capability_of(action))
    return sorted(served)
