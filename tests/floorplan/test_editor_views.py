"""The layout editor's page and its save, as the admin serves them: scoped to the manager's
venues and permissions, and saving through `floorplan.services.layout_save`."""
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from floorplan import demo
from floorplan.editor.payload import layout_json
from floorplan.models import Table
from floorplan.selectors import area_layout
from floorplan.values import layout_version

from ..factories import AreaFactory, PartyFactory, VenueFactory

pytestmark = pytest.mark.django_db


def page_url(venue, area=None):
    url = reverse("admin:floorplan_venue_layout", args=[venue.pk])
    return f"{url}?area={area.pk}" if area else url


def save_url(area):
    return reverse("admin:floorplan_area_layout_save", args=[area.venue_id, area.pk])


def editor_data(response):
    return response.context["editor"]


def post_layout(client, area, change=lambda layout: None, opened=None):
    """Posts the layout the editor `opened` (by default the area's now), after `change`
    edits its JSON, as the editor would."""
    opened = opened or area_layout(area=area)
    base = layout_json(opened)
    edited = json.loads(json.dumps(base))
    change(edited)
    body = {"version": layout_version(opened), "base": base, "layout": edited}
    return client.post(save_url(area), json.dumps(body), content_type="application/json")


def table_named(layout, name):
    return next(table for table in layout["tables"] if table["name"] == name)


def test_the_demo_venues_layout_opens_in_the_editor(client):
    login = demo.demo_venue_seed()
    client.login(username=login.username, password=login.password)
    bar = login.venue.areas.get(name="Bar")

    response = client.get(page_url(login.venue, bar))

    assert response.status_code == 200
    data = editor_data(response)
    assert data["area"]["name"] == "Bar"
    assert (data["layout"]["width"], data["layout"]["height"]) == (bar.width, bar.height)
    assert {table["name"] for table in data["layout"]["tables"]} == {"B1", "B2", "B3", "B4", "Window"}
    assert [item["kind"] for item in data["layout"]["decor"]] == ["bar"]
    assert data["version"] == layout_version(area_layout(area=bar))
    assert 'id="editor-data"' in response.content.decode()


def test_the_venue_page_opens_its_first_area_and_names_them_all(staff_client, venue, area, tables):
    terrace = AreaFactory(venue=venue, name="Terrace")
    client = staff_client(venue)

    response = client.get(page_url(venue))

    assert response.context["area"] == area
    assert [a.name for a in response.context["areas"]] == ["Main dining", "Terrace"]
    assert f'href="?area={terrace.pk}"' in response.content.decode()


def test_the_admin_links_each_area_and_venue_to_the_editor(admin_client, venue, area):
    area_page = admin_client.get(reverse("admin:floorplan_area_change", args=[area.pk])).content.decode()
    venue_page = admin_client.get(reverse("admin:floorplan_venue_change", args=[venue.pk])).content.decode()
    area_list = admin_client.get(reverse("admin:floorplan_area_changelist")).content.decode()

    assert f'{page_url(venue)}?area={area.pk}">Edit layout' in area_page
    assert f'{page_url(venue)}">Edit layout' in venue_page
    assert area_list.count("Edit layout") == 1


def test_another_venues_layout_is_not_found(staff_client, venue, area):
    elsewhere = AreaFactory(venue=VenueFactory(), name="Patio")
    client = staff_client(venue)

    assert client.get(page_url(elsewhere.venue)).status_code == 404
    assert post_layout(client, elsewhere).status_code == 404


def test_without_the_permission_to_change_tables_the_editor_is_refused(client, django_user_model, venue, area):
    user = django_user_model.objects.create_user("host", is_staff=True)
    venue.staff.add(user)
    client.force_login(user)

    assert client.get(page_url(venue)).status_code == 403
    assert post_layout(client, area).status_code == 403


def test_a_save_moves_tables_keeping_their_ids_and_answers_the_new_layout(staff_client, venue, area, tables):
    client = staff_client(venue)

    response = post_layout(client, area, lambda layout: table_named(layout, "T1").update(x=40, y=30, rotation=90))

    assert response.status_code == 200, response.content
    answer = response.json()
    assert table_named(answer["layout"], "T1")["id"] == tables[0].pk
    assert answer["version"] == layout_version(area_layout(area=area))
    assert (Table.objects.get(pk=tables[0].pk).x, Table.objects.get(pk=tables[0].pk).rotation) == (40, 90)


def test_a_save_adding_and_removing_tables_reports_those_retired(staff_client, venue, area, tables):
    PartyFactory(venue=venue, tables=[tables[3]], end_time="2026-01-01T20:00Z")
    client = staff_client(venue)

    def change(layout):
        layout["tables"] = [t for t in layout["tables"] if t["name"] != "T4"] + [
            {"id": None, "name": "T9", "seats": 2, "shape": "round", "x": 60, "y": 40, "width": 8, "height": 8,
             "rotation": 0, "active": True, "waiters": []}
        ]
        layout["decor"] = [{"id": None, "kind": "label", "label": "Kitchen", "x": 0, "y": 50, "width": 20,
                            "height": 5, "rotation": 0}]

    response = post_layout(client, area, change)

    assert response.status_code == 200, response.content
    assert response.json()["retired"] == ["T4"]
    assert area.tables.filter(retired_at__isnull=True).count() == 4
    assert area.decor.get().label == "Kitchen"


@pytest.mark.parametrize(
    "change, status, message",
    [
        (lambda layout: table_named(layout, "T1").update(x=12), 400, "Table T2 would overlap table T1"),
        (lambda layout: table_named(layout, "T1").update(x="12"), 400, "layout.tables[0].x must be a whole number"),
        (lambda layout: layout.update(width=20), 400, "Main dining's plan is 20 cells"),
    ],
    ids=["overlap", "not-a-number", "plan-too-small"],
)
def test_a_save_breaking_a_rule_is_refused_with_the_reason(staff_client, venue, area, tables, change, status, message):
    before = area_layout(area=area)

    response = post_layout(staff_client(venue), area, change)

    assert response.status_code == status
    assert message in response.json()["error"]
    assert area_layout(area=area) == before


def test_a_save_from_a_layout_someone_else_changed_is_refused_with_what_changed(staff_client, venue, area, tables):
    client = staff_client(venue)
    opened = area_layout(area=area)
    post_layout(client, area, lambda layout: table_named(layout, "T3").update(x=50, y=40))

    response = post_layout(client, area, lambda layout: table_named(layout, "T1").update(y=40), opened=opened)

    assert response.status_code == 409
    assert response.json()["changes"] == ["table T3 moved"]
    assert "Someone else changed this area since you opened it: table T3 moved." in response.json()["error"]
    assert Table.objects.get(pk=tables[0].pk).y == 0


def test_adding_or_removing_tables_needs_those_permissions(client, django_user_model, venue, area, tables):
    user = django_user_model.objects.create_user("changer", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["change_table", "view_table"]))
    venue.staff.add(user)
    client.force_login(user)

    removing = post_layout(client, area, lambda layout: layout["tables"].pop())
    moving = post_layout(client, area, lambda layout: table_named(layout, "T1").update(y=40))

    assert (removing.status_code, removing.json()["error"]) == (403, "Removing tables needs the permission to delete tables.")
    assert moving.status_code == 200
