"""The capabilities this back office serves over REST, read off its routes so that what is
registered with Dojo cannot drift from what is served."""


def served_rest_capabilities() -> list[str]:
    from .urls import urlpatterns

    served = set()
    for pattern in urlpatterns:
        initkwargs = getattr(pattern.callback, "view_initkwargs", {})
        served.update(initkwargs.get("capabilities", {}).values())
    return sorted(served)
