"""The demo venue of `manage.py seed_demo` and `make run`."""
import io
from itertools import combinations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from floorplan import demo, services
from floorplan.geometry import fits_within, overlap
from floorplan.models import Area, Decor, Table, Venue, Waiter
from orders import selectors
from orders.models import Product, ProductModifier

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row seeding touches, with the relations, to compare before and after."""
    user = get_user_model().objects.get(username=demo.USERNAME)
    return {
        "venues": list(Venue.objects.values()),
        "areas": list(Area.objects.values()),
        "decor": list(Decor.objects.values()),
        "tables": list(Table.objects.values()),
        "waiters": list(Waiter.objects.values()),
        "area_waiters": list(Area.waiters.through.objects.values()),
        "table_waiters": list(Table.waiters.through.objects.values()),
        "venue_staff": list(Venue.staff.through.objects.values()),
        "user": get_user_model().objects.filter(pk=user.pk).values().get(),
        "groups": list(user.groups.values("name", "permissions__codename").order_by("permissions__codename")),
    }


def seed_command(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_seed_creates_the_demo_venue_with_three_areas_and_24_tables():
    login = demo.demo_venue_seed()

    venue = Venue.objects.get(slug="demo")
    assert login.venue == venue
    assert (venue.timezone, venue.currency) == ("Europe/London", "GBP")
    assert venue.address
    assert list(venue.areas.values_list("name", flat=True)) == ["Main dining", "Terrace", "Bar"]
    assert venue.tables.count() == 24
    assert venue.waiters.count() == 4
    assert sum(venue.tables.values_list("max_covers", flat=True)) >= 80
    assert set(venue.tables.values_list("shape", flat=True)) == {"square", "rectangle", "round"}


def test_every_area_and_table_has_a_waiter_of_the_venue():
    venue = demo.demo_venue_seed().venue

    for area in venue.areas.all():
        assert area.waiters.exists(), area
        assert {w.venue for w in area.waiters.all()} == {venue}
    for table in venue.tables.all():
        assert [w.venue for w in table.waiters.all()] == [venue], table


def test_seeded_tables_and_decor_fit_their_area_without_overlapping():
    venue = demo.demo_venue_seed().venue

    for area in venue.areas.all():
        tables = [(table, services.table_footprint(table)) for table in area.tables.all()]
        decor = [(item, services.footprint_of(x=item.x, y=item.y, width=item.width, height=item.height))
                 for item in area.decor.all()]
        assert decor, f"{area} has decor to find one's way"
        for thing, footprint in tables + decor:
            assert fits_within(footprint, width=area.width, height=area.height), thing
        for (a, a_footprint), (b, b_footprint) in combinations(tables + decor, 2):
            assert not overlap(a_footprint, b_footprint), f"{area}: {a} and {b} overlap"


def test_each_areas_plan_just_holds_its_tables_as_the_floor_view_drew_it():
    venue = demo.demo_venue_seed().venue

    sizes = {area.name: (area.width, area.height) for area in venue.areas.all()}

    assert sizes == {"Main dining": (86, 53), "Terrace": (75, 42), "Bar": (67, 54)}


def test_seeding_twice_changes_nothing():
    demo.demo_venue_seed()
    before = snapshot()

    demo.demo_venue_seed()

    assert snapshot() == before


def test_seeding_again_keeps_edits_and_restores_what_was_deleted():
    venue = demo.demo_venue_seed().venue
    edited = venue.tables.get(name="5")
    edited.max_covers = 10
    edited.save()
    edited.waiters.clear()
    venue.tables.get(name="T1").delete()

    demo.demo_venue_seed()

    edited.refresh_from_db()
    assert (edited.max_covers, edited.waiters.count()) == (10, 0)
    assert venue.tables.filter(name="T1").exists()
    assert venue.tables.count() == 24


def test_seeding_again_restores_the_published_password():
    demo.demo_venue_seed()
    user = get_user_model().objects.get(username=demo.USERNAME)
    user.set_password("something else")
    user.save()

    demo.demo_venue_seed()

    user.refresh_from_db()
    assert user.check_password(demo.PASSWORD)


def test_demo_login_manages_the_demo_venue_in_the_admin(client):
    login = demo.demo_venue_seed()

    logged_in = client.login(username=login.username, password=login.password)
    tables = client.get(reverse("admin:floorplan_table_changelist"))
    area = client.get(reverse("admin:floorplan_area_change", args=[login.venue.areas.first().pk]))
    reservations = client.get(reverse("admin:bookings_reservation_changelist"))

    assert logged_in
    assert tables.context["cl"].result_count == 24
    assert area.status_code == 200
    assert reservations.status_code == 200


def test_command_prints_the_same_login_every_time(settings):
    settings.DEBUG = True

    first = seed_command(base_url="http://127.0.0.1:8765")
    second = seed_command(base_url="http://127.0.0.1:8765")

    assert first == second
    assert "Log in at http://127.0.0.1:8765/admin/" in first
    assert f"username: {demo.USERNAME}" in first
    assert f"password: {demo.PASSWORD}" in first
    assert "3 areas, 24 tables, 4 waiters, 13 dishes on the menu" in first


def test_command_refuses_to_publish_a_login_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        seed_command()

    assert not Venue.objects.filter(slug="demo").exists()
    assert "Log in" in seed_command(allow_without_debug=True)


def test_the_demo_venue_has_a_small_menu_to_order_from(settings):
    settings.DEBUG = True

    out = seed_command()

    venue = Venue.objects.get(slug="demo")
    products = Product.objects.filter(venue=venue)
    assert "13 dishes on the menu" in out
    assert set(products.values_list("category", flat=True)) == {"Starters", "Mains", "Desserts", "Drinks"}
    assert set(products.values_list("tax_rate", flat=True)) == {2000, 500}
    assert ProductModifier.objects.filter(product__venue=venue).count() >= 5
    assert products.get(plu="BURGER").price == 1650


def test_seeding_the_menu_again_keeps_a_managers_prices(settings):
    settings.DEBUG = True
    seed_command()
    Product.objects.filter(plu="BURGER").update(price=1700)
    Product.objects.filter(plu="SORBET").delete()

    seed_command()

    assert Product.objects.get(plu="BURGER").price == 1700
    assert Product.objects.filter(plu="SORBET").count() == 1


def test_the_demo_manager_may_void_and_discount_and_grant_that_to_staff(settings, client):
    settings.DEBUG = True
    seed_command()
    venue = Venue.objects.get(slug="demo")
    user = get_user_model().objects.get(username=demo.USERNAME)

    client.force_login(user)
    grants = client.get(reverse("admin:orders_correctiongrant_changelist"))

    assert selectors.staff_may_correct(venue=venue, user_id=user.pk)
    assert grants.status_code == 200
