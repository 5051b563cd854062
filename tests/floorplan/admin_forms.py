"""POST bodies of the floor plan admin's forms, as a browser would send them, and the
errors a page shows."""

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


def area_post_data(*, venue, name, tables=(), existing=(), display_order=0, waiters=(), width=100, height=60):
    """The POST body of the area admin form: the area fields (a plan of width × height
    cells) and its table rows.

    `existing` are (table, changes) pairs for rows already saved; `tables` are dicts of new rows.
    """
    rows = [{"id": table.pk, "area": table.area_id, **_table_fields(table), **changes} for table, changes in existing]
    rows += [{**TABLE_DEFAULTS, **row} for row in tables]
    data = {
        "venue": venue.pk,
        "name": name,
        "display_order": display_order,
        "width": width,
        "height": height,
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


def changelist_post_data(*rows):
    """The POST body of the table list's editable columns: (table, changes) pairs."""
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "_save": "Save"}
    for index, (table, changes) in enumerate(rows):
        fields = {"id": table.pk, "max_covers": table.max_covers, "is_active": "on" if table.is_active else ""}
        for field, value in {**fields, **changes}.items():
            if value != "":
                data[f"form-{index}-{field}"] = value
    return data
