"""The benchmarks' reference endpoints exist only under the benchmark's own settings."""
import pytest
from django.urls import Resolver404, resolve

from bench import reference


def test_the_project_does_not_serve_the_reference_endpoints():
    for path in ("/bench/ref/json", "/bench/ref/query/1"):
        with pytest.raises(Resolver404):
            resolve(path, urlconf="posbackoffice.urls")


def test_the_benchmark_serves_them_beside_the_project():
    assert resolve("/bench/ref/json", urlconf="bench.reference").func is reference.json_only
    assert resolve("/epos/v1/areas", urlconf="bench.reference").url_name == resolve("/epos/v1/areas").url_name
