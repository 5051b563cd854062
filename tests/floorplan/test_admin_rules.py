"""The floor plan's rules through the admin's forms, posted as a browser would: a refusal
is shown next to its field and nothing is saved."""
import pytest
from django.db.models.signals import pre_save
from django.urls import reverse
from django.utils import timezone

from floorplan.models import Area, Table

from ..factories import AreaFactory, PartyFactory, TableFactory, VenueFactory, WaiterFactory
from .admin_forms import TABLE_DEFAULTS, area_post_data, changelist_post_data, form_errors


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


def test_area_admin_refuses_an_area_waiter_of_another_venue(admin_client, venue):
    stranger = WaiterFactory(venue=VenueFactory(), name="Stranger")

    response = admin_client.post(
        reverse("admin:floorplan_area_add"), area_post_data(venue=venue, name="Bar", waiters=[stranger])
    )

    assert "Not staff of this venue: Stranger." in form_errors(response)
    assert not Area.objects.filter(name="Bar").exists()


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
    data = area_post_data(
        venue=area.venue, name=area.name, existing=[(t, {}) for t in tables], tables=[{"name": "T9", "y": 30}]
    )
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
    "changes, field, message",
    [
        ({"x": 95}, "x", "would reach 103 cells across; Main dining&#x27;s plan is 100 cells"),
        ({"y": 50, "height": 20}, "y", "would reach 70 cells deep; Main dining&#x27;s plan is 60 cells"),
        ({"x": 20, "y": 52, "rotation": 45}, "y", "Turned 45°, the table would reach 62 cells deep"),
    ],
    ids=["across", "deep", "turned"],
)
def test_table_admin_refuses_a_table_off_the_plan(admin_client, area, tables, changes, field, message):
    data = {**TABLE_DEFAULTS, "area": area.pk, "name": "T1", **changes}

    response = admin_client.post(reverse("admin:floorplan_table_change", args=[tables[0].pk]), data)

    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors[field])
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


# Tables may not overlap, nor leave their area's plan (tables T1..T4 stand at x = 0, 10, 20, 30)


def test_area_admin_refuses_a_new_row_on_a_saved_table(admin_client, area, tables):
    data = area_post_data(
        venue=area.venue, name=area.name, existing=[(t, {}) for t in tables], tables=[{"name": "T9", "x": 12}]
    )

    response = admin_client.post(reverse("admin:floorplan_area_change", args=[area.pk]), data)

    assert response.status_code == 200
    assert "Table T9 would overlap table T2: tables may not overlap." in form_errors(response)
    assert area.tables.count() == 4


def test_area_admin_refuses_two_rows_moved_onto_each_other(admin_client, area, tables):
    moved = {tables[0]: {"x": 50, "y": 30}, tables[1]: {"x": 54, "y": 34}}
    data = area_post_data(venue=area.venue, name=area.name, existing=[(t, moved.get(t, {})) for t in tables])

    response = admin_client.post(reverse("admin:floorplan_area_change", args=[area.pk]), data)

    assert "Table T2 would overlap table T1" in form_errors(response)
    assert sorted(area.tables.values_list("x", flat=True)) == [0, 10, 20, 30]


def test_area_admin_moves_a_table_into_the_place_another_leaves(admin_client, area, tables):
    moved = {tables[0]: {"x": 10}, tables[1]: {"x": 50, "y": 30}}
    data = area_post_data(venue=area.venue, name=area.name, existing=[(t, moved.get(t, {})) for t in tables])

    response = admin_client.post(reverse("admin:floorplan_area_change", args=[area.pk]), data)

    assert response.status_code == 302, form_errors(response)
    assert list(area.tables.order_by("name").values_list("x", flat=True)) == [10, 50, 20, 30]


def test_area_admin_puts_a_new_row_where_a_row_deleted_in_the_same_save_stood(admin_client, area, tables):
    data = area_post_data(
        venue=area.venue, name=area.name, existing=[(t, {"DELETE": "on"} if t == tables[1] else {}) for t in tables],
        tables=[{"name": "T9", "x": 10}],
    )

    response = admin_client.post(reverse("admin:floorplan_area_change", args=[area.pk]), data)

    assert response.status_code == 302, form_errors(response)
    assert sorted(area.tables.values_list("name", "x")) == [("T1", 0), ("T3", 20), ("T4", 30), ("T9", 10)]


def test_area_admin_refuses_shrinking_the_plan_from_under_a_table(admin_client, area, tables):
    data = area_post_data(venue=area.venue, name=area.name, existing=[(t, {}) for t in tables], width=35)

    response = admin_client.post(reverse("admin:floorplan_area_change", args=[area.pk]), data)

    assert "The table would reach 38 cells across; Main dining&#x27;s plan is 35 cells" in form_errors(response)
    area.refresh_from_db()
    assert area.width == 100


def test_table_admin_refuses_moving_a_table_onto_another(admin_client, area, tables):
    data = {**TABLE_DEFAULTS, "area": area.pk, "name": "T1", "x": 25, "y": 4}

    response = admin_client.post(reverse("admin:floorplan_table_change", args=[tables[0].pk]), data)

    assert response.status_code == 200
    assert "Table T1 would overlap table T3" in str(response.context["adminform"].form.errors["x"])
    tables[0].refresh_from_db()
    assert tables[0].x == 0


def test_a_retired_table_is_off_its_areas_rows_and_stays_out_of_service(admin_client, area, tables):
    tables[3].is_active, tables[3].retired_at = False, timezone.now()
    tables[3].save()

    area_page = admin_client.get(reverse("admin:floorplan_area_change", args=[area.pk]))
    listed = admin_client.post(
        reverse("admin:floorplan_table_changelist"), changelist_post_data((tables[3], {"is_active": "on"}))
    )
    table_page = admin_client.get(reverse("admin:floorplan_table_change", args=[tables[3].pk]))

    assert [form.instance for form in area_page.context["inline_admin_formsets"][0].formset.forms[:-1]] == tables[:3]
    assert "removed from the plan and stays out of service" in str(listed.context["cl"].formset.errors)
    assert not Table.objects.get(pk=tables[3].pk).is_active
    assert "x" not in table_page.context["adminform"].form.fields, "kept as it was, read-only"
