from prometheus_client.parser import text_string_to_metric_families

# The Dojo stand-in and the EPOS client, as the Dojo and EPOS tests set them up.
from ..dojo.conftest import dojo_venue, embedded, stand_in, stand_in_server  # noqa: F401
from ..epos.conftest import credential, epos  # noqa: F401


def scrape(client) -> dict:
    """GET /metrics, parsed by the Prometheus client's own parser: {sample name: {labels: value}}."""
    response = client.get("/metrics")
    assert response.status_code == 200, response.content
    samples: dict = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    """The sample's value, 0 when absent (a counter not yet incremented has no sample)."""
    return samples.get(name, {}).get(tuple(sorted(labels.items())), 0.0)
