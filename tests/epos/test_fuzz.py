"""Property-based fuzz of every EPOS operation, for what Dojo's spec cannot describe and so
schemathesis (`test_conformance.py`) never sends: bodies chunked or over the size limit,
JSON nested deep, with a name twice, NaN or Infinity, integers beyond 64 bits, NUL bytes and
lone surrogates, text in other charsets (declared or not), odd content types, odd paths and
credentials. Each request starts from one schemathesis generates from the spec, then is
bent by hypothesis and sent to gunicorn as Dojo would send it.

Whatever is sent: never a 5xx, every error an EPOSError in JSON, and a refusal writes
nothing (`answers.assert_answered`).
"""
import datetime as dt
import json
from urllib.parse import quote

import pytest
import requests
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode

from orders import services as order_services
from posbackoffice.dojo.credentials import epos_credential_set
from posbackoffice.dojo.rest.base import MAX_BODY_BYTES

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, VenueFactory, WaiterFactory
from ..orders.factories import dojo_order
from .answers import assert_answered, written_rows
from .conftest import PASSWORD, basic_auth
from .test_conformance import SCHEMA

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
EXAMPLES = 500
USERNAME = "dojo-fuzz"


class Raw(str):
    """JSON text written as is: what `json.dumps` would not write (NaN, 1e400, a name twice)."""


def render(value, *, ascii_only: bool) -> str:
    if isinstance(value, Raw):
        return value
    if isinstance(value, dict):
        return "{" + ",".join(f"{render(k, ascii_only=ascii_only)}:{render(v, ascii_only=ascii_only)}"
                              for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(render(item, ascii_only=ascii_only) for item in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


ODD_VALUES = st.sampled_from([
    "\x00", "a\x00b", "\ud800", "x\udfffy", "\ufeff", "🍕", "1\n", " 1", "0", "-1", "9" * 40, "",
    Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e400"), Raw("-0"), Raw("1.0"),
    2**63, -(2**63) - 1, Raw("9" * 4400), True, None, [], {},
]) | st.text(max_size=20) | st.integers()


def leaves(value, at=()):
    """The paths to every value inside a JSON value, itself included."""
    yield at
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from leaves(child, (*at, key))


def replaced(value, at, new):
    if not at:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[at[0]] = replaced(copy[at[0]], at[1:], new)
    return copy


@st.composite
def bent_body(draw, body) -> str:
    """The JSON text of `body`, bent one way (or not at all)."""
    ascii_only = draw(st.booleans(), label="escape non-ASCII")
    how = draw(st.sampled_from(["as is", "an odd value", "a name twice", "nested deep", "over the limit", "garbage"]))
    if how == "an odd value":
        at = draw(st.sampled_from(list(leaves(body))))
        body = replaced(body, at, draw(ODD_VALUES, label="odd value"))
    if how == "a name twice" and isinstance(body, dict) and body:
        name = draw(st.sampled_from(sorted(body)))
        return render(body, ascii_only=ascii_only)[:-1] + f",{json.dumps(name)}:{render(body[name], ascii_only=True)}}}"
    text = render(body, ascii_only=ascii_only)
    if how == "nested deep":
        depth = draw(st.integers(30, 3000), label="depth")
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        return opener * depth + text + closer * depth
    if how == "over the limit":
        padding = draw(st.integers(MAX_BODY_BYTES, MAX_BODY_BYTES + 100), label="padding")
        return '{"padding":"' + "x" * padding + '","body":' + text + "}"
    if how == "garbage":
        return draw(st.sampled_from([text[: len(text) // 2], text + "]", "\x00", "", "null", "[]", '"text"']))
    return text


# (how the text is encoded, the charset the Content-Type declares)
CHARSETS = st.sampled_from([("utf-8", None)] * 8 + [("utf-8", "utf-8")] * 2 + [
    ("utf-8", "UTF8"), ("utf-8-sig", None), ("utf-8", "bogus"),
    ("utf-8", "zlib"), ("utf-8", "rot13"), ("latin-1", "latin-1"), ("latin-1", None), ("utf-16", "utf-16"),
    ("utf-16", None), ("utf-32-le", None), ("cp1252", "windows-1252"),
])
CONTENT_TYPES = st.sampled_from(["application/json"] * 6 + [
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None])
ONE_IN_TEN = st.sampled_from([False] * 9 + [True])
ODD_IDS = st.sampled_from(["0", "-1", "abc", "1\n", " 1", "1 ", "\x00", "١", "9" * 40, "\ud800", "🍕", "1/2", "%"])
ODD_AUTHORIZATIONS = st.sampled_from([
    "Basic " + _b64 for _b64 in (
        "ZG9qby1mdXp6ADp4",  # "dojo-fuzz\0:x"
        "AA==", "//79", "Og==", "ZG9qby1mdXp6",  # NUL; not UTF-8; ":"; no colon
    )
] + ["Basic", "Basic !!", "Bearer x", "Basic " + "A" * 4000])


@st.composite
def fuzzed_requests(draw, ids: dict) -> dict:
    operation = draw(st.sampled_from(OPERATIONS), label="operation")
    case = draw(operation.as_strategy(generation_mode=GenerationMode.POSITIVE), label="case")
    path = operation.path
    for name, value in (case.path_parameters or {}).items():
        value = draw(st.sampled_from(ids.get(name, [value])) | ODD_IDS | st.just(value), label=name)
        path = path.replace(f"{{{name}}}", quote(value.encode("utf-8", "surrogatepass"), safe=""))
    odd_credentials = draw(ONE_IN_TEN, label="odd credentials")
    headers = {"Authorization": draw(ODD_AUTHORIZATIONS) if odd_credentials else basic_auth(USERNAME, PASSWORD)}
    body = None
    if operation.body or draw(ONE_IN_TEN, label="a body where none is taken"):
        spec_body = case.body if isinstance(case.body, (dict, list, str, int, float, bool)) else {}
        text = draw(bent_body(spec_body), label="body text")
        encoding, charset = draw(CHARSETS, label="charset")
        content_type = draw(CONTENT_TYPES, label="content type")
        if content_type:
            headers["Content-Type"] = content_type + (f"; charset={charset}" if charset else "")
        body = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
        if draw(st.booleans(), label="chunked"):
            chunk = draw(st.integers(1, 65536), label="chunk size")
            body = iter([body[i:i + chunk] for i in range(0, len(body), chunk)] or [b""])
    return {"method": operation.method.upper(), "path": path, "headers": headers, "body": body}


@pytest.fixture
def seeded(transactional_db):
    """A venue with one of everything, and a locked order, so that IDs can name real rows."""
    venue = VenueFactory(slug="fuzz", currency="GBP")
    epos_credential_set(venue=venue, username=USERNAME, password=PASSWORD)
    area = AreaFactory(venue=venue)
    waiter = WaiterFactory(venue=venue)
    tables = [TableFactory(area=area) for _ in range(4)]
    reservation = ReservationFactory(venue=venue, tables=tables[:1])
    party = PartyFactory(venue=venue, tables=[tables[0]], reservation=reservation, waiter=waiter)
    order = order_services.order_create(venue=venue, spec=dojo_order(table=tables[0], party=party))
    expiry = timezone.now() + dt.timedelta(hours=1)
    order_services.order_lock_create(venue=venue, order_id=order.pk, lock_id="fuzz-lock", expires_at=expiry)
    return {"orderId": [str(order.pk)], "lockId": ["fuzz-lock"], "partyId": [str(party.pk)],
            "reservationId": [str(reservation.pk)]}


def test_whatever_is_sent_the_answer_is_an_entity_or_an_epos_error_and_a_refusal_writes_nothing(gunicorn, seeded):
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(request=fuzzed_requests(seeded))
    def check(request):
        rows_before = written_rows()
        # A connection of its own each time: gunicorn may close an idle kept-alive one as it is reused.
        response = requests.request(request["method"], f"{gunicorn.url}/epos{request['path']}",
                                   headers=request["headers"], data=request["body"], timeout=30)
        assert_answered(response, rows_before)

    check()
