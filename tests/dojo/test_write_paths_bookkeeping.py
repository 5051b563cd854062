"""Writes that skip model signals on the integration's own bookkeeping: none touches a
reservation, a party or an order (the inventory is in `test_write_paths.py`)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from posbackoffice.dojo import credentials
from posbackoffice.dojo.models import DojoSyncState, EposCredential
from posbackoffice.dojo.sync import recording
from posbackoffice.observability.health import database_check

from .test_write_paths import tables_written

pytestmark = pytest.mark.django_db


def test_bookkeeping_writes_touch_no_reported_entity(venue):
    credential, password = credentials.epos_credential_set(venue=venue, username="dojo-books")
    prehash = credentials.password_prehash(credential.password_salt, password)

    with CaptureQueriesContext(connection) as queries:
        credentials._rehash(credential, prehash)
        recording.sync_state_update(venue_id=venue.pk, last_call_capability="ListAreas")
        recording.bridge_reconnect_count(venue_id=venue.pk)

    assert tables_written(queries) == {EposCredential._meta.db_table, DojoSyncState._meta.db_table}
    assert DojoSyncState.objects.get(venue=venue).bridge_reconnects == 1


def test_the_readiness_check_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert database_check() == "ok"

    assert tables_written(queries) == set()
