"""Saving an area's whole layout, as the layout editor does: one atomic change that keeps
every rule of the floor plan, and refuses a save made from a layout no longer current."""
import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from floorplan import services
from floorplan.models import Decor, Table
from floorplan.selectors import area_layout
from floorplan.values import DecorPlan, TablePlan, layout_version
from posbackoffice.kernel.errors import Conflict, InvalidInput

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, VenueFactory, WaiterFactory

pytestmark = pytest.mark.django_db


def edited(layout, *, drop=(), add=(), size=None, decor=None, **changes):
    """The layout with tables changed by name (`T1={"x": 40}`), dropped or added."""
    tables = [
        dataclasses.replace(table, **changes.get(table.name, {})) for table in layout.tables if table.name not in drop
    ]
    width, height = size or (layout.width, layout.height)
    return dataclasses.replace(
        layout, width=width, height=height, tables=(*tables, *add), decor=layout.decor if decor is None else decor
    )


def save(area, layout, base=None):
    base = base or area_layout(area=area)
    return services.layout_save(area=area, layout=layout, version=layout_version(base), base=base)


def new_table(name, x, y, **fields):
    return TablePlan(id=None, name=name, max_covers=4, shape="square", x=x, y=y, width=8, height=8, **fields)


# Tables keep their IDs; the layout is saved as a whole


def test_moving_resizing_and_turning_tables_keeps_their_ids(area, tables):
    start = area_layout(area=area)

    saved = save(area, edited(start, T1={"x": 40, "y": 30, "width": 12, "rotation": 90}, T2={"max_covers": 6}))

    t1, t2 = Table.objects.get(pk=tables[0].pk), Table.objects.get(pk=tables[1].pk)
    assert (t1.x, t1.y, t1.width, t1.rotation, t2.max_covers) == (40, 30, 12, 90, 6)
    assert [table.id for table in saved.layout.tables] == [table.pk for table in tables]
    assert saved.version == layout_version(area_layout(area=area)) != layout_version(start)


def test_a_table_with_a_party_seated_can_be_moved(area, tables):
    PartyFactory(venue=area.venue, tables=[tables[0]])

    save(area, edited(area_layout(area=area), T1={"x": 50, "y": 40}))

    assert Table.objects.get(pk=tables[0].pk).x == 50


def test_added_tables_decor_and_waiters_and_the_plan_size_are_saved(venue, area, tables):
    waiter = WaiterFactory(venue=venue, name="Ana")
    wall = DecorPlan(id=None, kind="wall", x=0, y=58, width=100, height=2)

    save(area, edited(area_layout(area=area), add=[new_table("T9", 60, 30, waiter_ids=(waiter.pk,))],
                      size=(120, 70), decor=(wall,), T1={"waiter_ids": (waiter.pk,)}))

    area.refresh_from_db()
    added = Table.objects.get(area=area, name="T9")
    assert (area.width, area.height, added.venue, added.is_active) == (120, 70, venue, True)
    assert set(waiter.tables.all()) == {tables[0], added}
    assert list(Decor.objects.values_list("kind", "width")) == [("wall", 100)]


def test_two_tables_may_swap_names(area, tables):
    save(area, edited(area_layout(area=area), T1={"name": "T2"}, T2={"name": "T1"}))

    assert Table.objects.get(pk=tables[0].pk).name == "T2"
    assert Table.objects.get(pk=tables[1].pk).name == "T1"


# Removing tables


def test_a_removed_table_nothing_refers_to_is_deleted(area, tables):
    saved = save(area, edited(area_layout(area=area), drop=["T4"]))

    assert not Table.objects.filter(pk=tables[3].pk).exists()
    assert saved.retired == ()


def test_a_removed_table_a_booking_refers_to_is_retired_keeping_its_id_and_freeing_its_name(venue, area, tables):
    reservation = ReservationFactory(venue=venue, tables=[tables[3]])

    saved = save(area, edited(area_layout(area=area), drop=["T4"]))
    save(area, edited(area_layout(area=area), add=[new_table("T4", 50, 40)]))

    retired = Table.objects.get(pk=tables[3].pk)
    assert (retired.is_active, retired.retired_at is not None, saved.retired) == (False, True, ("T4",))
    assert list(reservation.tables.all()) == [retired]
    assert [t.name for t in area_layout(area=area).tables].count("T4") == 1


def test_a_table_with_a_party_seated_is_neither_removed_nor_taken_out_of_service(area, tables):
    PartyFactory(venue=area.venue, tables=[tables[1]], name="Okafor")
    start = area_layout(area=area)

    with pytest.raises(Conflict, match="Okafor is seated at table T2; end the party or move it before removing"):
        save(area, edited(start, drop=["T2"], T1={"x": 60}))
    with pytest.raises(Conflict, match="before taking the table out of service"):
        save(area, edited(start, T2={"is_active": False}))

    assert area_layout(area=area) == start, "nothing was saved"


# The rules hold for the whole area


@pytest.mark.parametrize(
    "change, refusal, message",
    [
        ({"T1": {"x": 14}}, services.TablesOverlap, "Table T2 would overlap table T1"),
        ({"T1": {"x": 95}}, services.OffThePlan, "would reach 103 cells across"),
        ({"size": (35, 60)}, services.OffThePlan, "would reach 38 cells across; Main dining's plan is 35 cells"),
        ({"size": (1001, 60)}, services.OffThePlan, "1 to 1000 cells"),
        ({"T1": {"name": "T2"}}, Conflict, "already has a table named “T2”"),
        ({"T1": {"name": " "}}, InvalidInput, "Every table needs a name"),
        ({"T1": {"max_covers": 0}}, InvalidInput, "must seat at least one"),
        ({"T1": {"shape": "hexagon"}}, InvalidInput, "a shape is one of"),
        ({"T1": {"id": 999999}}, InvalidInput, "Not table of this area's plan: 999999"),
        ({"decor": (DecorPlan(id=None, kind="wall", x=90, y=0, width=20, height=2),)}, services.OffThePlan,
         "The wall would pass the edge"),
        ({"decor": (DecorPlan(id=None, kind="plant", x=0, y=0, width=2, height=2),)}, InvalidInput, "Decor is one of"),
    ],
)
def test_a_layout_breaking_a_rule_is_refused_and_nothing_is_saved(area, tables, change, refusal, message):
    start = area_layout(area=area)
    size, decor = change.pop("size", None), change.pop("decor", None)

    with pytest.raises(refusal, match=message):
        save(area, edited(start, size=size, decor=decor, add=[new_table("T9", 60, 30)], **change))

    assert area_layout(area=area) == start


def test_a_table_of_another_area_or_a_waiter_of_another_venue_is_refused(venue, area, tables):
    elsewhere = TableFactory(area=AreaFactory(venue=venue, name="Terrace"), name="P1")
    stranger = WaiterFactory(venue=VenueFactory(), name="Stranger")
    start = area_layout(area=area)

    with pytest.raises(InvalidInput, match=f"Not table of this area's plan: {elsewhere.pk}"):
        save(area, edited(start, T1={"id": elsewhere.pk}))
    with pytest.raises(InvalidInput, match="Not staff of this venue: Stranger"):
        save(area, edited(start, T1={"waiter_ids": (stranger.pk,)}))


def test_tables_that_already_overlapped_must_be_parted_before_saving(area):
    # Laid out before the rule, or by hand in the database.
    TableFactory(area=area, name="A", x=0, y=0)
    TableFactory(area=area, name="B", x=4, y=0)

    with pytest.raises(services.TablesOverlap, match="Table B would overlap table A"):
        save(area, edited(area_layout(area=area), size=(90, 60)))
    save(area, edited(area_layout(area=area), B={"x": 20}))


# Two managers editing the same area


def test_the_second_of_two_saves_from_the_same_version_is_refused_with_what_changed(area, tables):
    opened = area_layout(area=area)  # both managers open the editor
    save(area, edited(opened, T1={"x": 40, "y": 30}, drop=["T4"]), base=opened)

    with pytest.raises(services.LayoutChanged) as refused:
        save(area, edited(opened, T2={"x": 60, "y": 40}), base=opened)

    assert refused.value.changes == ["table T4 removed", "table T1 moved"]
    assert "Someone else changed this area since you opened it: table T4 removed; table T1 moved." in str(refused.value)
    assert Table.objects.get(pk=tables[1].pk).x == 10, "the second save wrote nothing"


def test_a_change_made_in_the_admin_meanwhile_refuses_the_save_too(area, tables):
    opened = area_layout(area=area)
    tables[2].max_covers = 8
    tables[2].save()

    with pytest.raises(services.LayoutChanged, match="table T3 seats 8 instead of 4"):
        save(area, edited(opened, T1={"x": 40}), base=opened)


def test_the_version_is_the_layouts_content_whatever_the_order_of_rows(area, tables):
    layout = area_layout(area=area)
    reordered = dataclasses.replace(layout, tables=tuple(reversed(layout.tables)))

    assert layout_version(reordered) == layout_version(layout)
    assert layout_version(edited(layout, T1={"rotation": 5})) != layout_version(layout)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_let_exactly_one_through():
    area = AreaFactory(venue=VenueFactory(slug="race"), name="Main")
    for n in range(4):
        TableFactory(area=area, name=f"T{n}")
    opened = area_layout(area=area)
    barrier = threading.Barrier(2)

    def attempt(x):
        try:
            barrier.wait()
            save(area, edited(opened, T0={"x": x, "y": 40}), base=opened)
            return "saved"
        except services.LayoutChanged:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(attempt, [50, 70]))

    assert outcomes == ["refused", "saved"]
    assert Table.objects.get(area=area, name="T0").x in (50, 70)
