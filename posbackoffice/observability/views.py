"""The service endpoints: /health/live, /health/ready and /metrics. Unauthenticated (the
metrics are limited by address or token instead) and never cached."""
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest

from .access import metrics_refusal
from .health import OK, readiness
from .metrics import scrape_registry


@never_cache
@require_safe
def live(request):
    """The process answers: nothing else is checked, so a slow database never gets a
    healthy process restarted."""
    return JsonResponse({"status": OK})


@never_cache
@require_safe
def ready(request):
    """200 when every dependency answers, else 503 naming those that do not."""
    checks = readiness()
    failed = [name for name, result in checks.items() if result != OK]
    body = {"status": "unavailable" if failed else OK, "failed": failed, "checks": checks}
    return JsonResponse(body, status=503 if failed else 200)


@never_cache
@require_safe
def metrics(request):
    refusal = metrics_refusal(request)
    if refusal is not None:
        response = HttpResponse("Metrics are not available to this client.\n", status=refusal, content_type="text/plain")
        if refusal == 401:
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_PLAIN_0_0_4)
