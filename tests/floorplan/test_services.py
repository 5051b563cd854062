"""The floor plan's rules, at the service layer."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from floorplan import services
from floorplan.models import Area, Table
from posbackoffice.kernel.errors import Conflict, InvalidInput

from ..factories import AreaFactory, PartyFactory, ReservationFactory, VenueFactory, WaiterFactory

pytestmark = pytest.mark.django_db


# A table's name is unique within its area


def test_a_name_another_table_of_the_area_has_is_refused(area, tables):
    with pytest.raises(Conflict, match="already has a table named “T2”"):
        services.table_check_name(area=area, name="T2", table_id=tables[0].pk)


def test_a_table_keeps_its_own_name_and_may_share_one_with_another_area(venue, area, tables):
    services.table_check_name(area=area, name="T1", table_id=tables[0].pk)
    services.table_check_name(area=AreaFactory(venue=venue, name="Terrace"), name="T1")


def test_a_name_taken_by_a_table_saved_alongside_is_refused(venue):
    new_area = Area(venue=venue, name="Patio")

    with pytest.raises(Conflict, match="“P1”"):
        services.table_check_name(area=new_area, name="P1", saved_alongside={"P1", "P2"})


# A table lies on its area's plan


@pytest.mark.parametrize(
    "x, y, width, height, rotation",
    [(0, 0, 1, 1, 0), (92, 0, 8, 8, 0), (0, 40, 8, 20, 0), (50, 20, 20, 10, 90)],
    ids=["smallest", "at-the-right-edge", "at-the-bottom-edge", "turned-within"],
)
def test_a_table_on_the_plan_is_accepted(area, x, y, width, height, rotation):
    services.table_check_placement(area=area, x=x, y=y, width=width, height=height, rotation=rotation)


@pytest.mark.parametrize(
    "placement, field, message",
    [
        ({"x": 93}, "x", "would reach 101 cells across; Main dining's plan is 100 cells (10 m) across"),
        ({"y": 59, "height": 2}, "y", "would reach 61 cells deep; Main dining's plan is 60 cells (6 m) deep"),
        ({"y": 20, "width": 4, "height": 20, "rotation": 90}, "x", "Turned 90°, the table would pass the left edge"),
        ({"x": 20, "y": 56, "width": 4, "height": 4, "rotation": 45}, "y", "Turned 45°, the table would reach 61 cells"),
        ({"width": 0}, "width", "width must be at least 1"),
        ({"height": 0}, "height", "height must be at least 1"),
        ({"x": -1}, "x", "must not be negative"),
    ],
)
def test_a_table_off_the_plan_is_refused_naming_the_measure(area, placement, field, message):
    with pytest.raises(services.OffThePlan, match=re.escape(message)) as refused:
        services.table_check_placement(area=area, **{"x": 0, "y": 0, "width": 8, "height": 8, **placement})

    assert refused.value.field == field
    assert isinstance(refused.value, InvalidInput)


def test_a_round_table_counts_as_its_circle_at_the_plans_corner(area):
    # Turned, a square's corners would pass the edge; a circle's never do.
    services.table_check_placement(area=area, x=0, y=0, width=10, height=10, rotation=45, shape="round")
    with pytest.raises(services.OffThePlan):
        services.table_check_placement(area=area, x=0, y=0, width=10, height=10, rotation=45, shape="square")


@pytest.mark.parametrize("width, height", [(0, 60), (100, 1001)])
def test_a_plan_is_one_to_a_thousand_cells_either_way(width, height):
    with pytest.raises(services.OffThePlan, match="1 to 1000 cells"):
        services.area_check_size(width=width, height=height)


# Tables do not overlap


def test_a_table_placed_on_another_is_refused_naming_both(area, tables):
    # tables[1] is at (10, 0), 8 × 8 cells
    with pytest.raises(services.TablesOverlap, match="Table New would overlap table T2"):
        services.table_check_clear(area=area, name="New", footprint=services.footprint_of(x=14, y=4, width=8, height=8))


def test_a_table_may_touch_another_and_be_moved_over_its_own_place(area, tables):
    services.table_check_clear(area=area, name="New", footprint=services.footprint_of(x=8, y=8, width=2, height=2))
    services.table_check_clear(
        area=area, name="T2", footprint=services.footprint_of(x=11, y=1, width=8, height=8), table_id=tables[1].pk
    )


def test_retired_tables_leave_their_place_free(area, tables):
    tables[1].is_active, tables[1].retired_at = False, timezone.now()
    tables[1].save()

    services.table_check_clear(area=area, name="New", footprint=services.footprint_of(x=10, y=0, width=8, height=8))


@pytest.mark.postgres
def test_the_overlap_check_locks_the_areas_row_as_a_layout_save_does(area, tables):
    with CaptureQueriesContext(connection) as queries:
        services.table_check_clear(area=area, name="New", footprint=services.footprint_of(x=0, y=30, width=8, height=8))

    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert [re.search(r'FROM "(\w+)"', sql).group(1) for sql in locks] == ["floorplan_area"]


# Waiters and tables stay in their venue


def test_waiters_of_another_venue_are_refused_by_name(venue):
    own, stranger = WaiterFactory(venue=venue), WaiterFactory(venue=VenueFactory(), name="Stranger")

    services.waiters_check_venue(venue_id=venue.pk, waiters=[own])
    with pytest.raises(InvalidInput, match="Not staff of this venue: Stranger."):
        services.waiters_check_venue(venue_id=venue.pk, waiters=[own, stranger])


def test_a_table_moves_between_areas_of_its_venue_only(venue, tables):
    terrace = AreaFactory(venue=venue, name="Terrace")
    elsewhere = AreaFactory(venue=VenueFactory(), name="Patio")

    services.table_check_area(table=tables[0], area=terrace)
    services.table_check_area(table=Table(name="new"), area=elsewhere)
    with pytest.raises(InvalidInput, match="cannot move to another venue"):
        services.table_check_area(table=tables[0], area=elsewhere)


# Taking a table out of service


def test_a_table_with_a_party_seated_cannot_be_taken_out_of_service(venue, tables):
    PartyFactory(venue=venue, tables=tables[:2], name="Okafor")

    with pytest.raises(Conflict, match="Okafor is seated at table T2; end the party or move it"):
        services.table_check_deactivation(table=tables[1])


def test_a_free_table_or_one_whose_party_left_can_be_taken_out_of_service(venue, tables):
    PartyFactory(venue=venue, tables=[tables[0]], end_time=timezone.now())

    services.table_check_deactivation(table=tables[0])
    services.table_check_deactivation(table=tables[1])


@pytest.mark.postgres
def test_the_deactivation_check_locks_the_tables_row_as_seating_does(tables):
    with CaptureQueriesContext(connection) as queries:
        services.table_check_deactivation(table=tables[0])

    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert [re.search(r'FROM "(\w+)"', sql).group(1) for sql in locks] == ["floorplan_table"]


# Creating areas and tables


def test_table_create_puts_a_table_in_service_with_its_waiters(venue, area):
    waiter = WaiterFactory(venue=venue)

    table = services.table_create(area=area, name="9", max_covers=6, x=10, y=20, width=16, height=9, waiters=[waiter])

    table.refresh_from_db()
    assert (table.venue, table.is_active, table.max_covers, table.x, table.width) == (venue, True, 6, 10, 16)
    assert list(table.waiters.all()) == [waiter]


@pytest.mark.parametrize(
    "fields, refusal",
    [
        ({"name": "T1"}, Conflict),
        ({"name": "9", "x": 95}, InvalidInput),
        ({"name": "9", "x": 5, "y": 5}, InvalidInput),
        ({"name": "9", "stranger": True}, InvalidInput),
    ],
    ids=["name-taken", "off-the-plan", "on-another-table", "waiter-of-another-venue"],
)
def test_table_create_keeps_the_rules_and_writes_nothing_when_refused(venue, area, tables, fields, refusal):
    waiters = [WaiterFactory(venue=VenueFactory())] if fields.pop("stranger", False) else []

    with pytest.raises(refusal):
        services.table_create(area=area, waiters=waiters, **fields)

    assert Table.objects.count() == 4


def test_area_create_refuses_waiters_of_another_venue(venue):
    stranger = WaiterFactory(venue=VenueFactory(), name="Stranger")

    with pytest.raises(InvalidInput, match="Stranger"):
        services.area_create(venue=venue, name="Bar", waiters=[stranger])

    assert not Area.objects.filter(name="Bar").exists()


def test_area_create_adds_an_area_with_its_waiters(venue):
    waiter = WaiterFactory(venue=venue)

    area = services.area_create(venue=venue, name="Bar", display_order=3, waiters=[waiter])

    assert (area.venue, area.display_order, list(area.waiters.all())) == (venue, 3, [waiter])


# Taking a table off the plan


def test_removing_a_table_nothing_refers_to_deletes_it(tables):
    assert services.table_remove(table=tables[0]) is False

    assert not Table.objects.filter(pk=tables[0].pk).exists()


@pytest.mark.parametrize("referrer", ["reservation", "party-that-left"])
def test_removing_a_table_that_bookings_name_retires_it_with_its_id(venue, tables, referrer):
    if referrer == "reservation":
        ReservationFactory(venue=venue, tables=[tables[0]])
    else:
        PartyFactory(venue=venue, tables=[tables[0]], end_time=timezone.now())

    assert services.table_remove(table=tables[0]) is True

    table = Table.objects.get(pk=tables[0].pk)
    assert (table.is_active, table.retired_at is not None) == (False, True)


def test_a_table_with_a_party_seated_is_not_removed(venue, tables):
    PartyFactory(venue=venue, tables=[tables[0]], name="Okafor")

    with pytest.raises(Conflict, match="Okafor is seated at table T1; end the party or move it before removing"):
        services.table_remove(table=tables[0])

    assert Table.objects.get(pk=tables[0].pk).is_active


# A waiter's login is one of the venue's staff


def test_a_waiters_login_must_be_on_the_venues_staff(venue):
    from django.contrib.auth import get_user_model

    host = get_user_model().objects.create_user(username="host")
    stranger = get_user_model().objects.create_user(username="stranger")
    VenueFactory().staff.add(stranger)
    venue.staff.add(host)

    services.waiter_check_user(venue=venue, user_id=host.pk)
    services.waiter_check_user(venue=venue, user_id=None)
    with pytest.raises(InvalidInput, match="Not staff of this venue"):
        services.waiter_check_user(venue=venue, user_id=stranger.pk)
