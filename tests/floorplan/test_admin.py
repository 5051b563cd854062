"""The floor plan admin's pages through the Django test client: lists, ordering, and what
each user sees and picks."""
from django.urls import reverse

from floorplan.models import Venue

from ..factories import AreaFactory, TableFactory, VenueFactory, WaiterFactory
from .admin_forms import TABLE_DEFAULTS, area_post_data


def test_table_changelist_filters_a_large_venue_by_area_and_activity(admin_client, venue):
    main, bar = AreaFactory(venue=venue, name="Main"), AreaFactory(venue=venue, name="Bar")
    for n in range(50):
        TableFactory(area=main, name=f"M{n}", is_active=n % 10 != 0)
    for n in range(10):
        TableFactory(area=bar, name=f"B{n}", shape="round")
    url = reverse("admin:floorplan_table_changelist")

    inactive_in_main = admin_client.get(url, {"area__id__exact": main.pk, "is_active__exact": "0"})
    round_tables = admin_client.get(url, {"shape__exact": "round"})
    searched = admin_client.get(url, {"q": "M4"})

    assert inactive_in_main.context["cl"].result_count == 5
    assert {t.area for t in round_tables.context["cl"].result_list} == {bar}
    assert round_tables.context["cl"].result_count == 10
    assert {t.name for t in searched.context["cl"].result_list} == {"M4", *{f"M4{n}" for n in range(10)}}


def test_table_changelist_queries_do_not_grow_with_the_tables(admin_client, venue, django_assert_max_num_queries):
    waiter = WaiterFactory(venue=venue)
    area = AreaFactory(venue=venue)
    for n in range(60):
        TableFactory(area=area, name=str(n)).waiters.add(waiter)

    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse("admin:floorplan_table_changelist"))

    assert response.context["cl"].result_count == 60


def test_staff_user_sees_and_picks_only_their_venues(staff_client, venue):
    own_area = AreaFactory(venue=venue, name="Ours")
    other_area = AreaFactory(venue=VenueFactory(name="Elsewhere"), name="Theirs")
    TableFactory(area=own_area, name="1")
    TableFactory(area=other_area, name="1")
    client = staff_client(venue)

    tables = client.get(reverse("admin:floorplan_table_changelist"))
    venues = client.get(reverse("admin:floorplan_venue_changelist"))
    other = client.get(reverse("admin:floorplan_area_change", args=[other_area.pk]))
    moved = client.post(
        reverse("admin:floorplan_table_change", args=[own_area.tables.get().pk]),
        {**TABLE_DEFAULTS, "area": other_area.pk, "name": "2"},
    )

    assert [t.area for t in tables.context["cl"].result_list] == [own_area]
    assert list(venues.context["cl"].result_list) == [venue]
    assert other.status_code == 302  # redirected: the area does not exist for this user
    assert "area" in moved.context["adminform"].form.errors
    assert own_area.tables.get().name == "1"


def test_venue_admin_creates_a_venue(admin_client, admin_user):
    data = {"name": "Harbour Grill", "slug": "harbour-grill", "timezone": "Europe/Dublin", "currency": "EUR",
            "address": "1 Quay St", "staff": [admin_user.pk]}

    response = admin_client.post(reverse("admin:floorplan_venue_add"), data)

    assert response.status_code == 302
    venue = Venue.objects.get(slug="harbour-grill")
    assert (venue.timezone, venue.currency, list(venue.staff.all())) == ("Europe/Dublin", "EUR", [admin_user])


def test_venue_admin_refuses_an_unknown_time_zone(admin_client):
    data = {"name": "Nowhere", "slug": "nowhere", "timezone": "Mars/Olympus", "currency": "GBP"}

    response = admin_client.post(reverse("admin:floorplan_venue_add"), data)

    assert "timezone" in response.context["adminform"].form.errors
    assert not Venue.objects.filter(slug="nowhere").exists()


def test_floor_plan_admin_pages_render(admin_client, area, tables):
    waiter = WaiterFactory(venue=area.venue)
    pages = [
        reverse("admin:floorplan_venue_change", args=[area.venue.pk]),
        reverse("admin:floorplan_area_change", args=[area.pk]),
        reverse("admin:floorplan_area_add"),
        reverse("admin:floorplan_table_change", args=[tables[0].pk]),
        reverse("admin:floorplan_waiter_change", args=[waiter.pk]),
        reverse("admin:floorplan_area_changelist"),
        reverse("admin:floorplan_waiter_changelist"),
    ]

    statuses = {page: admin_client.get(page).status_code for page in pages}

    assert set(statuses.values()) == {200}, statuses


def test_area_and_waiter_stay_in_their_venue(admin_client, venue, area):
    other = VenueFactory(name="Elsewhere")
    waiter = WaiterFactory(venue=area.venue, name="Ana")

    area_response = admin_client.post(
        reverse("admin:floorplan_area_change", args=[area.pk]), area_post_data(venue=other, name="Renamed")
    )
    waiter_response = admin_client.post(
        reverse("admin:floorplan_waiter_change", args=[waiter.pk]),
        {"venue": other.pk, "name": "Ana", "initials": "A", "is_active": "on"},
    )

    assert (area_response.status_code, waiter_response.status_code) == (302, 302)
    area.refresh_from_db()
    waiter.refresh_from_db()
    assert (area.name, area.venue, waiter.venue) == ("Renamed", venue, venue)


def test_tables_are_listed_in_floor_and_numeric_order(admin_client, venue):
    bar, main = AreaFactory(venue=venue, name="Bar", display_order=2), AreaFactory(venue=venue, name="Main", display_order=1)
    for name in ["10", "B1", "2", "1"]:
        TableFactory(area=bar if name.startswith("B") else main, name=name)

    listing = admin_client.get(reverse("admin:floorplan_table_changelist"))
    inline = admin_client.get(reverse("admin:floorplan_area_change", args=[main.pk]))

    assert [t.name for t in listing.context["cl"].result_list] == ["1", "2", "10", "B1"]
    inline_forms = inline.context["inline_admin_formsets"][0].formset.initial_forms
    assert [form.instance.name for form in inline_forms] == ["1", "2", "10"]


def test_forms_offer_only_the_waiters_of_the_rows_venue(admin_client, area, tables):
    own = WaiterFactory(venue=area.venue, name="Ana")
    WaiterFactory(venue=VenueFactory(), name="Stranger")

    area_page = admin_client.get(reverse("admin:floorplan_area_change", args=[area.pk]))
    table_page = admin_client.get(reverse("admin:floorplan_table_change", args=[tables[0].pk]))

    inline = area_page.context["inline_admin_formsets"][0].formset
    offered = [
        area_page.context["adminform"].form.fields["waiters"].queryset,
        table_page.context["adminform"].form.fields["waiters"].queryset,
        inline.forms[0].fields["waiters"].queryset,
        inline.empty_form.fields["waiters"].queryset,
    ]
    assert [list(queryset) for queryset in offered] == [[own]] * 4
    assert "Stranger" not in area_page.content.decode()
