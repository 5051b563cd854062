"""The managers' floor plan admin, driven through the Django test client as a browser would
post it: the forms keep the floor plan's rules (`floorplan.services`) and show a refusal next
to its field."""
import pytest
from django.contrib.auth.models import Permission
from django.db.models.signals import pre_save
from django.urls import reverse
from django.utils import timezone

from floorplan.models import Area, Table, Venue

from ..factories import AreaFactory, PartyFactory, TableFactory, VenueFactory, WaiterFactory

TABLE_DEFAULTS = {
    "max_covers": 4,
    "shape": "square",
    "x": 0,
    "y": 0,
    "width": 8,
    "height": 8,
    "rotation": 0,
    "is_active": "on",
}


def area_post_data(*, venue, name, tables=(), existing=(), display_order=0, waiters=()):
    """The POST body of the area admin form: the area fields and its table rows.

    `existing` are (table, changes) pairs for rows already saved; `tables` are dicts of new rows.
    """
    rows = [{"id": table.pk, "area": table.area_id, **_table_fields(table), **changes} for table, changes in existing]
    rows += [{**TABLE_DEFAULTS, **row} for row in tables]
    data = {
        "venue": venue.pk,
        "name": name,
        "display_order": display_order,
        "waiters": [waiter.pk for waiter in waiters],
        "tables-TOTAL_FORMS": len(rows),
        "tables-INITIAL_FORMS": len(existing),
        "tables-MIN_NUM_FORMS": 0,
        "tables-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"tables-{index}-{field}"] = value
    return data


def _table_fields(table):
    fields = {
        "name": table.name,
        "max_covers": table.max_covers,
        "shape": table.shape,
        "x": table.x,
        "y": table.y,
        "width": table.width,
        "height": table.height,
        "rotation": table.rotation,
        "waiters": [waiter.pk for waiter in table.waiters.all()],
    }
    if table.is_active:
        fields["is_active"] = "on"
    return fields


def form_errors(response):
    """Every error message the admin page shows: field, row and formset errors."""
    messages = list(response.context["adminform"].form.errors.values())
    for inline in response.context["inline_admin_formsets"]:
        messages += [error for form_errors in inline.formset.errors for error in form_errors.values()]
        messages += [inline.formset.non_form_errors()]
    return " ".join(str(message) for message in messages)


@pytest.fixture
def staff_client(client, django_user_model):
    """A logged-in staff user (not a superuser) with the permissions a venue manager gets."""

    def login(*venues):
        user = django_user_model.objects.create_user("manager", password="pw", is_staff=True)
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=["floorplan", "bookings"])
        )
        for venue in venues:
            venue.staff.add(user)
        client.force_login(user)
        return client

    return login


def test_area_admin_creates_an_area_with_its_tables(admin_client, venue):
    waiter = WaiterFactory(venue=venue, name="Ana")
    data = area_post_data(
        venue=venue,
        name="Terrace",
        tables=[
            {"name": "T1", "max_covers": 2, "shape": "round", "x": 5, "y": 5, "waiters": [waiter.pk]},
            {"name": "T2", "max_covers": 6, "shape": "rectangle", "x": 20, "y": 5, "width": 16, "rotation": 90},
        ],
    )

    response = admin_client.post(reverse("admin:floorplan_area_add"), data)

    assert response.status_code == 302, form_errors(response)
    area = Area.objects.get(venue=venue, name="Terrace")
    t1, t2 = area.tables.order_by("name")
    assert (t1.venue, t1.max_covers, t1.shape, list(t1.waiters.all())) == (venue, 2, "round", [waiter])
    assert (t2.width, t2.rotation, t2.x) == (16, 90, 20)


def test_area_admin_refuses_two_new_rows_with_the_same_name(admin_client, venue):
    data = area_post_data(venue=venue, name="Terrace", tables=[{"name": "T1"}, {"name": "T1", "x": 30}])

    response = admin_client.post(reverse("admin:floorplan_area_add"), data)

    assert response.status_code == 200
    assert "already has a table named “T1”" in form_errors(response)
    assert not Area.objects.filter(name="Terrace").exists()
    assert not Table.objects.exists()


def test_area_admin_refuses_renaming_a_row_to_the_name_of_a_new_row(admin_client, area, tables):
    t1, t2 = tables[:2]
    data = area_post_data(
        venue=area.venue,
        name=area.name,
        existing=[(t1, {}), (t2, {"name": "T9"}), *[(t, {}) for t in tables[2:]]],
        tables=[{"name": "T9"}],
    )

    response = admin_client.post(reverse("admin:floorplan_area_change", args=[area.pk]), data)

    assert response.status_code == 200
    assert "already has a table named “T9”" in form_errors(response)
    assert sorted(area.tables.values_list("name", flat=True)) == ["T1", "T2", "T3", "T4"]


def test_area_admin_refuses_a_new_row_named_like_a_saved_table(admin_client, area, tables):
    data = area_post_data(
        venue=area.venue, name=area.name, existing=[(t, {}) for t in tables], tables=[{"name": "T3"}]
    )

    response = admin_client.post(reverse("admin:floorplan_area_change", args=[area.pk]), data)

    assert response.status_code == 200
    assert "already has a table" in form_errors(response)
    assert area.tables.count() == 4


@pytest.mark.parametrize("page", ["add", "change"])
def test_area_admin_refuses_a_table_waiter_of_another_venue(admin_client, area, page):
    stranger = WaiterFactory(venue=VenueFactory(), name="Stranger")
    url = reverse("admin:floorplan_area_add") if page == "add" else reverse("admin:floorplan_area_change", args=[area.pk])
    name = "Patio" if page == "add" else area.name

    response = admin_client.post(
        url, area_post_data(venue=area.venue, name=name, tables=[{"name": "T1", "waiters": [stranger.pk]}])
    )

    assert response.status_code == 200
    assert "not one of the available choices" in form_errors(response)
    assert not Table.objects.exists()


def test_table_admin_refuses_moving_a_table_into_an_area_with_its_name(admin_client, venue):
    main, terrace = AreaFactory(venue=venue, name="Main"), AreaFactory(venue=venue, name="Terrace")
    TableFactory(area=main, name="7")
    moving = TableFactory(area=terrace, name="7")
    data = {**TABLE_DEFAULTS, "area": main.pk, "name": "7"}

    response = admin_client.post(reverse("admin:floorplan_table_change", args=[moving.pk]), data)

    assert response.status_code == 200
    assert "already has a table named “7”" in str(response.context["adminform"].form.errors["name"])
    moving.refresh_from_db()
    assert moving.area == terrace


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


def test_area_admin_refuses_an_area_waiter_of_another_venue(admin_client, venue):
    stranger = WaiterFactory(venue=VenueFactory(), name="Stranger")

    response = admin_client.post(
        reverse("admin:floorplan_area_add"), area_post_data(venue=venue, name="Bar", waiters=[stranger])
    )

    assert "Not staff of this venue: Stranger." in form_errors(response)
    assert not Area.objects.filter(name="Bar").exists()


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


def test_table_admin_refuses_moving_a_table_to_another_venue(admin_client, area, tables):
    elsewhere = AreaFactory(venue=VenueFactory(name="Elsewhere"), name="Patio")

    response = admin_client.post(
        reverse("admin:floorplan_table_change", args=[tables[0].pk]), {**TABLE_DEFAULTS, "area": elsewhere.pk, "name": "T1"}
    )

    assert "cannot move to another venue" in str(response.context["adminform"].form.errors["area"])
    tables[0].refresh_from_db()
    assert tables[0].area == area


def test_area_admin_reports_a_name_taken_by_a_concurrent_save(admin_client, area, tables):
    # given: another manager saves a table "T9" after this form was validated, before it is saved
    def concurrent_save(sender, instance, **kwargs):
        pre_save.disconnect(concurrent_save, sender=Table)
        Table.objects.create(area=area, name=instance.name)

    url = reverse("admin:floorplan_area_change", args=[area.pk])
    data = area_post_data(venue=area.venue, name=area.name, existing=[(t, {}) for t in tables], tables=[{"name": "T9"}])
    pre_save.connect(concurrent_save, sender=Table)
    try:
        # when
        response = admin_client.post(url, data, follow=True)
    finally:
        pre_save.disconnect(concurrent_save, sender=Table)

    # then
    assert response.redirect_chain == [(url, 302)]
    assert "someone else saved a conflicting change" in response.content.decode()
    assert sorted(area.tables.values_list("name", flat=True)) == ["T1", "T2", "T3", "T4"]


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


def changelist_post_data(*rows):
    """The POST body of the table list's editable columns: (table, changes) pairs."""
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "_save": "Save"}
    for index, (table, changes) in enumerate(rows):
        fields = {"id": table.pk, "max_covers": table.max_covers, "is_active": "on" if table.is_active else ""}
        for field, value in {**fields, **changes}.items():
            if value != "":
                data[f"form-{index}-{field}"] = value
    return data


def test_table_admin_refuses_taking_a_seated_table_out_of_service(admin_client, area, tables):
    PartyFactory(venue=area.venue, tables=[tables[0]], name="Okafor")
    data = {**TABLE_DEFAULTS, "area": area.pk, "name": "T1"}
    del data["is_active"]

    response = admin_client.post(reverse("admin:floorplan_table_change", args=[tables[0].pk]), data)

    assert response.status_code == 200
    assert "Okafor is seated at table T1" in str(response.context["adminform"].form.errors["is_active"])
    tables[0].refresh_from_db()
    assert tables[0].is_active


def test_table_admin_takes_a_table_out_of_service_once_its_party_has_left(admin_client, area, tables):
    PartyFactory(venue=area.venue, tables=[tables[0]], end_time=timezone.now())
    data = {**TABLE_DEFAULTS, "area": area.pk, "name": "T1"}
    del data["is_active"]

    response = admin_client.post(reverse("admin:floorplan_table_change", args=[tables[0].pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    tables[0].refresh_from_db()
    assert not tables[0].is_active


def test_area_admin_refuses_taking_a_seated_table_out_of_service(admin_client, area, tables):
    PartyFactory(venue=area.venue, tables=[tables[1]], name="Okafor")
    data = area_post_data(
        venue=area.venue, name=area.name, existing=[(t, {"is_active": ""} if t == tables[1] else {}) for t in tables]
    )
    data = {key: value for key, value in data.items() if value != ""}

    response = admin_client.post(reverse("admin:floorplan_area_change", args=[area.pk]), data)

    assert response.status_code == 200
    assert "Okafor is seated at table T2" in form_errors(response)
    assert Table.objects.filter(is_active=True).count() == 4


def test_table_list_refuses_taking_a_seated_table_out_of_service(admin_client, area, tables):
    PartyFactory(venue=area.venue, tables=[tables[0]], name="Okafor")
    data = changelist_post_data((tables[0], {"is_active": ""}), (tables[1], {"is_active": ""}))

    response = admin_client.post(reverse("admin:floorplan_table_changelist"), data)

    assert response.status_code == 200
    formset_errors = [form.errors for form in response.context["cl"].formset.forms]
    assert "Okafor is seated at table T1" in str(formset_errors)
    assert Table.objects.filter(is_active=True).count() == 4, "nothing of the list was saved"


def test_table_list_takes_free_tables_out_of_service(admin_client, area, tables):
    data = changelist_post_data((tables[0], {"is_active": ""}), (tables[1], {"max_covers": 6}))

    response = admin_client.post(reverse("admin:floorplan_table_changelist"), data)

    assert response.status_code == 302
    tables[0].refresh_from_db()
    tables[1].refresh_from_db()
    assert (tables[0].is_active, tables[1].max_covers) == (False, 6)


@pytest.mark.parametrize(
    "changes, field", [({"x": 995}, "x"), ({"y": 990, "height": 20}, "y")], ids=["across", "deep"]
)
def test_table_admin_refuses_a_table_off_the_plan(admin_client, area, tables, changes, field):
    data = {**TABLE_DEFAULTS, "area": area.pk, "name": "T1", **changes}

    response = admin_client.post(reverse("admin:floorplan_table_change", args=[tables[0].pk]), data)

    assert response.status_code == 200
    assert "a plan is at most 1000 cells" in str(response.context["adminform"].form.errors[field])
    tables[0].refresh_from_db()
    assert (tables[0].x, tables[0].y) == (0, 0)


def test_area_admin_refuses_a_new_row_off_the_plan(admin_client, area, tables):
    data = area_post_data(
        venue=area.venue, name=area.name, existing=[(t, {}) for t in tables], tables=[{"name": "T9", "x": 999}]
    )

    response = admin_client.post(reverse("admin:floorplan_area_change", args=[area.pk]), data)

    assert response.status_code == 200
    assert "would reach 1007 cells across" in form_errors(response)
    assert area.tables.count() == 4
