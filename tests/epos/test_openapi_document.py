"""The project's own OpenAPI document of the EPOS REST API agrees with Dojo's spec."""
import json

import pytest
from drf_spectacular.generators import SchemaGenerator

from .test_conformance import dojo_schema_as_errata_read

BOOKINGS_PATHS = (
    "/v1/areas",
    "/v1/tables/search",
    "/v1/reservations",
    "/v1/reservations/search",
    "/v1/reservations/{reservationId}",
    "/v1/parties",
    "/v1/parties/search",
    "/v1/parties/{partyId}",
)


def ours() -> dict:
    return SchemaGenerator(urlconf="posbackoffice.dojo.rest.urls").get_schema(request=None, public=True)


def shape(schema: dict, document: dict) -> dict:
    """What two schemas must agree on: types, date-time formats, properties, required
    properties, array items, enum values; $refs resolved."""
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    kind = schema.get("type", "object" if "properties" in schema else None)
    result = {"type": kind}
    if schema.get("format") == "date-time":
        result["format"] = "date-time"
    if "enum" in schema:
        result["enum"] = sorted(schema["enum"])
    if kind == "object":
        result["properties"] = {name: shape(sub, document) for name, sub in schema.get("properties", {}).items()}
        result["required"] = sorted(schema.get("required", []))
    if kind == "array":
        result["items"] = shape(schema["items"], document)
    return result


def body_shape(spec: dict, path: str, method: str, section: str, status: str = "200") -> dict | None:
    operation = spec["paths"][path][method]
    holder = operation.get("requestBody") if section == "request" else operation["responses"].get(status)
    content = (holder or {}).get("content")
    return shape(content["application/json"]["schema"], spec) if content else None


@pytest.fixture(scope="module")
def documents():
    return ours(), dojo_schema_as_errata_read()


def served(document: dict):
    return [(path, method) for path, item in document["paths"].items() for method in item if method != "parameters"]


def test_every_bookings_path_and_method_of_dojos_spec_is_documented(documents):
    our_doc, dojo = documents
    expected = {(p, m) for p, m in served(dojo) if p in BOOKINGS_PATHS}

    assert expected <= set(served(our_doc))


def test_no_path_or_method_is_documented_that_dojos_spec_lacks(documents):
    our_doc, dojo = documents

    assert set(served(our_doc)) <= set(served(dojo))


def assert_compatible(ours_: dict | None, theirs: dict | None, direction: str, where: str) -> None:
    """Same properties, types, formats and enums everywhere. A request may require no more
    than Dojo's schema does (Dojo need not send more); a response must require at least
    what Dojo's does (Dojo can rely on it), and may promise more."""
    assert (ours_ is None) == (theirs is None), f"{where}: body {'missing' if ours_ is None else 'unexpected'}"
    if ours_ is None:
        return
    plain = lambda s: {k: v for k, v in s.items() if k not in ("properties", "required", "items")}  # noqa: E731
    assert plain(ours_) == plain(theirs), f"{where}: {json.dumps(plain(ours_))} != {json.dumps(plain(theirs))}"
    if "properties" in theirs:
        assert set(ours_["properties"]) == set(theirs["properties"]), f"{where}: properties differ"
        required, dojos = set(ours_["required"]), set(theirs["required"])
        if direction == "request":
            assert required <= dojos, f"{where}: requires {sorted(required - dojos)} that Dojo may not send"
        else:
            assert dojos <= required, f"{where}: may leave out {sorted(dojos - required)} that Dojo requires"
        for name in theirs["properties"]:
            assert_compatible(ours_["properties"][name], theirs["properties"][name], direction, f"{where}.{name}")
    if "items" in theirs:
        assert_compatible(ours_["items"], theirs["items"], direction, f"{where}[]")


@pytest.mark.parametrize("section", ["request", "200", "4XX", "5XX"])
def test_bodies_agree_with_dojos_schemas(documents, section):
    our_doc, dojo = documents
    direction = "request" if section == "request" else "response"
    for path, method in served(our_doc):
        assert_compatible(
            body_shape(our_doc, path, method, direction, section),
            body_shape(dojo, path, method, direction, section),
            direction,
            f"{method.upper()} {path} {section}",
        )


def test_the_document_is_served(client):
    response = client.get("/api/epos-openapi.json")

    assert response.status_code == 200
    assert "/v1/parties/{partyId}" in response.json()["paths"]
