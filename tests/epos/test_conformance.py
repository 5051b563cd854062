"""Property-based conformance of the EPOS REST API to Dojo's own spec file.

Schemathesis generates requests from `epos-data-rest.openapi.json` (valid and invalid
ones) for every operation served, sends them over HTTP to a live server, and checks each
response against the spec: status codes, content types, and bodies against Dojo's schemas
(entities on success, EPOSError otherwise), and never a 5xx; and that a refusal writes
nothing (`answers.assert_answered`). What the spec cannot describe (bodies chunked or too
large, JSON that is not Dojo's, odd charsets) is fuzzed in `test_fuzz.py`.
"""
import copy
import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from posbackoffice.dojo.credentials import epos_credential_set

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, VenueFactory, WaiterFactory
from ..spec import spec_path
from .answers import assert_answered, written_rows
from .conftest import PASSWORD, basic_auth

BOOKINGS_PATHS = ("/v1/areas", "/v1/tables", "/v1/reservations", "/v1/parties")
EXAMPLES_PER_MODE = 40


def dojo_schema_as_errata_read() -> dict:
    raw = json.loads(spec_path("epos-data-rest.openapi.json").read_text())
    bent = copy.deepcopy(raw)
    # ERRATA.md §1: SearchTables answers one PagedTablesResponse object, not an array of them.
    bent["paths"]["/v1/tables/search"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/PagedTablesResponse"
    }
    return bent


SCHEMA = schemathesis.openapi.from_dict(dojo_schema_as_errata_read())
OPERATIONS = [
    result.ok()
    for result in SCHEMA.get_all_operations()
    if result.ok().path.startswith(BOOKINGS_PATHS)
]


def test_every_bookings_operation_of_the_spec_is_exercised():
    assert len(OPERATIONS) == 12


@pytest.fixture
def seeded_venue(transactional_db):
    venue = VenueFactory(slug="conformance", currency="GBP")
    epos_credential_set(venue=venue, username="dojo-conformance", password=PASSWORD)
    area = AreaFactory(venue=venue)
    waiter = WaiterFactory(venue=venue)
    area.waiters.add(waiter)
    tables = [TableFactory(area=area) for _ in range(6)]
    tables[0].waiters.add(waiter)
    reservation = ReservationFactory(venue=venue, tables=tables[:2], guest_requests="nut allergy")
    party = PartyFactory(venue=venue, tables=[tables[0]], reservation=reservation)
    return {"table": [str(t.pk) for t in tables[2:]], "reservation": str(reservation.pk), "party": str(party.pk)}


def with_real_ids(case, ids: dict, use_real) -> None:
    """Point a valid request at rows that exist, so that success responses are checked too."""
    for name in ("reservationId", "partyId"):
        if name in (case.path_parameters or {}) and use_real(name):
            case.path_parameters[name] = ids[name.removesuffix("Id")]
    if isinstance(case.body, dict):
        if isinstance(case.body.get("tableIds"), list) and use_real("tableIds"):
            case.body["tableIds"] = ids["table"][: max(1, len(case.body["tableIds"]))]
        if "reservationId" in case.body and use_real("body.reservationId"):
            case.body["reservationId"] = ids["reservation"]


def runs():
    """Valid requests for every operation; invalid ones where there is a body to break (a
    path or header parameter of the wrong type cannot be sent over HTTP at all)."""
    for operation in OPERATIONS:
        label = f"{operation.method.upper()} {operation.path}"
        yield pytest.param(operation, GenerationMode.POSITIVE, id=f"{label} valid")
        if operation.body:
            yield pytest.param(operation, GenerationMode.NEGATIVE, id=f"{label} invalid")


@pytest.mark.parametrize("operation, mode", list(runs()))
def test_responses_conform_to_dojos_spec(operation, mode, live_server, seeded_venue):
    auth = {"Authorization": basic_auth("dojo-conformance", PASSWORD)}

    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def check(case, data):
        if mode.is_positive:
            with_real_ids(case, seeded_venue, lambda what: data.draw(st.booleans(), label=what))
        rows_before = written_rows()
        response = case.call_and_validate(
            base_url=f"{live_server.url}/epos",
            headers=auth,
            # Valid-looking requests that the POS's rules refuse (a table that does not
            # exist, covers below one, a seat already taken) rightly get a 4xx EPOSError.
            excluded_checks=[positive_data_acceptance],
        )
        assert_answered(response, rows_before)

    check()
