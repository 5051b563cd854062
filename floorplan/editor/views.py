"""The layout editor: the page a manager opens from the admin ("Edit layout"), and the save
of one area's whole layout. Both are served by the admin site (`VenueAdmin.get_urls`), so
only active staff reach them; the venue must be one the user sees, and the floor plan's
permissions are the admin's. The rules are `floorplan.services.layout_save`'s."""
import json

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from posbackoffice.kernel.admin import visible_rows
from posbackoffice.kernel.errors import DomainError, InvalidInput

from .. import selectors, services
from ..models import PLAN_LIMIT, Area, Decor, Table, Venue, Waiter
from ..values import Layout, layout_version
from .payload import layout_from_json, layout_json

EDITING = "floorplan.change_table"


@require_GET
def editor_page(request: HttpRequest, venue_id: int) -> HttpResponse:
    venue = _venue(request, venue_id)
    areas = list(selectors.area_list(venue=venue))
    chosen = request.GET.get("area", "")
    area = next((area for area in areas if str(area.pk) == chosen), areas[0] if areas else None)
    context = {
        "venue": venue, "areas": areas, "area": area, "shapes": Table.Shape.choices, "decor_kinds": Decor.Kind.choices,
    }
    if area is not None:
        context["editor"] = _editor_data(request, venue, area)
    return render(request, "floorplan/editor.html", context)


def _editor_data(request: HttpRequest, venue: Venue, area: Area) -> dict:
    """Everything the editor's script starts from, embedded in the page."""
    layout = selectors.area_layout(area=area)
    return {
        "area": {"id": area.pk, "name": area.name},
        "layout": layout_json(layout),
        "version": layout_version(layout),
        "saveUrl": reverse("admin:floorplan_area_layout_save", args=[venue.pk, area.pk]),
        "csrfToken": get_token(request),
        "waiters": [
            {"id": waiter.pk, "name": waiter.name, "initials": waiter.initials}
            for waiter in Waiter.objects.filter(venue=venue, is_active=True)
        ],
        "seated": {str(table_id): party for table_id, party in selectors.area_seated_tables(area=area).items()},
        "planLimit": PLAN_LIMIT,
        "canAdd": request.user.has_perm("floorplan.add_table"),
        "canDelete": request.user.has_perm("floorplan.delete_table"),
    }


@require_POST
def save_layout(request: HttpRequest, venue_id: int, area_id: int) -> JsonResponse:
    """Saves the layout the editor sends: `{version, base, layout}`, where `base` is the
    layout the editor started from. Answers the layout as saved, or the refusal."""
    area = get_object_or_404(Area, venue=_venue(request, venue_id), pk=area_id)
    try:
        layout, version, base = _parsed(request.body)
        _check_permissions(request, area, layout)
        saved = services.layout_save(area=area, layout=layout, version=version, base=base)
    except PermissionDenied as refusal:
        return JsonResponse({"error": str(refusal)}, status=403)
    except services.LayoutChanged as refusal:
        return JsonResponse({"error": str(refusal), "changes": refusal.changes}, status=refusal.http_status)
    except DomainError as refusal:
        return JsonResponse({"error": str(refusal)}, status=refusal.http_status)
    return JsonResponse(
        {"layout": layout_json(saved.layout), "version": saved.version, "retired": list(saved.retired)}
    )


def _venue(request: HttpRequest, venue_id: int) -> Venue:
    if not request.user.has_perm(EDITING):
        raise PermissionDenied("Editing the floor plan needs the permission to change tables.")
    return get_object_or_404(visible_rows(Venue, request.user), pk=venue_id)


def _parsed(body: bytes) -> tuple[Layout, str, Layout | None]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("The layout sent is not JSON.")
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        raise InvalidInput("Send the layout with the version it was edited from.")
    base = layout_from_json(data["base"], "base") if data.get("base") is not None else None
    return layout_from_json(data.get("layout"), "layout"), data["version"], base


def _check_permissions(request: HttpRequest, area: Area, layout: Layout) -> None:
    kept = {table.id for table in layout.tables}
    if None in kept and not request.user.has_perm("floorplan.add_table"):
        raise PermissionDenied("Adding tables needs the permission to add tables.")
    removed = area.tables.filter(retired_at__isnull=True).exclude(pk__in=kept - {None}).exists()
    if removed and not request.user.has_perm("floorplan.delete_table"):
        raise PermissionDenied("Removing tables needs the permission to delete tables.")
