// The editor's toolbar and side panel: adding, duplicating, deleting and aligning; the
// plan's size; the selected table's name, seats, shape, rotation and service; its waiters;
// and the name and seats edited in place over the table.
(function () {
  "use strict";

  const L = FloorEditor.layout;
  const $ = (id) => document.getElementById(id);

  function selectedItems(ed) {
    return ed.doc.items.filter((item) => ed.selection.has(item.key));
  }

  function seatedAt(ed, items) {
    const table = items.find((item) => item.type === "table" && ed.data.seated[String(item.id)]);
    return table && `${ed.data.seated[String(table.id)]} is seated at table ${table.name}`;
  }

  function wholeNumber(input, minimum) {
    const value = Number(input.value);
    return Number.isInteger(value) && value >= minimum ? value : null;
  }

  function attach(ed) {
    $("add-table").addEventListener("click", () => addTable(ed));
    $("add-decor").addEventListener("click", () => addDecor(ed));
    $("duplicate").addEventListener("click", () => duplicate(ed));
    $("delete").addEventListener("click", () => removeSelected(ed));
    $("undo").addEventListener("click", () => ed.undo());
    $("redo").addEventListener("click", () => ed.redo());
    $("save").addEventListener("click", () => ed.save());
    $("snap").addEventListener("change", (event) => { ed.snap = event.target.checked; });
    $("multi").addEventListener("click", (event) => {
      ed.multi = !ed.multi;
      event.currentTarget.setAttribute("aria-pressed", String(ed.multi));
    });
    document.querySelectorAll("[data-align]").forEach((button) => button.addEventListener("click", () => {
      L.align(ed.doc, ed.selection, button.dataset.align);
      ed.settle(ed.selection, "Aligned");
    }));
    $("plan-width").addEventListener("change", () => resizePlan(ed));
    $("plan-height").addEventListener("change", () => resizePlan(ed));
    attachFields(ed);
    attachInPlace(ed);
  }

  function addTable(ed) {
    const seats = wholeNumber($("add-table-seats"), 1);
    if (seats === null) return ed.say("A table seats at least one guest.", "refusal");
    const table = L.addTable(ed.doc, $("add-table-shape").value, seats);
    if (!table) return ed.say("There is no free place on the plan for that table: make the area bigger first.", "refusal");
    ed.selection = new Set([table.key]);
    ed.commit(`Table ${table.name} added`);
  }

  function addDecor(ed) {
    const choice = $("add-decor-kind");
    const decor = L.addDecor(ed.doc, choice.value, choice.value === "wall" ? "" : choice.selectedOptions[0].textContent);
    if (!decor) return ed.say("There is no room on the plan for that: make the area bigger first.", "refusal");
    ed.selection = new Set([decor.key]);
    ed.commit(`${L.describe(decor)} added`);
  }

  function duplicate(ed) {
    const copies = L.duplicate(ed.doc, ed.selection);
    if (!copies) return ed.refuse("There is no free place on the plan for the copies: make the area bigger first.");
    ed.selection = new Set(copies.map((copy) => copy.key));
    ed.commit(copies.length === 1 ? `${L.describe(copies[0])} added` : `${copies.length} copies added`);
  }

  function removeSelected(ed) {
    const items = selectedItems(ed);
    const seated = seatedAt(ed, items);
    if (seated) return ed.say(`${seated}: end the party or move it before removing the table.`, "refusal");
    if (items.some((item) => item.type === "table" && item.id !== null) && !ed.data.canDelete) {
      return ed.say("Removing tables needs the permission to delete tables.", "refusal");
    }
    L.remove(ed.doc, ed.selection);
    ed.selection = new Set();
    ed.commit(items.length === 1 ? `${L.describe(items[0])} removed` : `${items.length} items removed`);
  }

  function resizePlan(ed) {
    const width = wholeNumber($("plan-width"), 1), height = wholeNumber($("plan-height"), 1);
    const limit = ed.data.planLimit;
    if (width === null || height === null || width > limit || height > limit) {
      return ed.refuse(`An area's plan is 1 to ${limit} cells (100 m) either way.`);
    }
    Object.assign(ed.doc, { width, height });
    ed.settle(new Set(ed.doc.items.map((item) => item.key)), "Plan resized");
  }

  // The selection's fields apply as soon as they change, to every selected table where that makes sense.
  function attachFields(ed) {
    const onChange = (id, apply) => $(id).addEventListener("change", (event) => apply(event.target));
    onChange("field-name", (input) => rename(ed, selectedItems(ed)[0], input.value));
    onChange("field-seats", (input) => setSeats(ed, selectedItems(ed)[0], input));
    onChange("field-label", (input) => {
      selectedItems(ed)[0].label = input.value.trim();
      ed.commit("Label changed");
    });
    onChange("field-rotation", (input) => {
      const rotation = wholeNumber(input, 0);
      if (rotation === null || rotation > 359) return ed.refuse("A rotation is 0 to 359 degrees.");
      selectedItems(ed)[0].rotation = rotation;
      ed.settle(ed.selection, "Turned");
    });
    onChange("field-shape", (input) => {
      const table = selectedItems(ed)[0];
      table.shape = input.value;
      if (table.shape !== "rectangle") table.width = table.height = Math.max(table.width, table.height);
      ed.settle(ed.selection, "Shape changed");
    });
    onChange("field-active", (input) => setInService(ed, input.checked));
    $("waiters").addEventListener("change", (event) => {
      const waiter = Number(event.target.dataset.waiter);
      selectedItems(ed).filter((item) => item.type === "table").forEach((table) => {
        table.waiters = event.target.checked ? [...new Set([...table.waiters, waiter])] : table.waiters.filter((id) => id !== waiter);
      });
      ed.commit(event.target.checked ? "Waiter assigned" : "Waiter taken off");
    });
  }

  function rename(ed, table, wanted) {
    const name = wanted.trim();
    if (!name) return ed.refuse("Every table needs a name.");
    if (ed.doc.items.some((item) => item.type === "table" && item !== table && item.name === name)) {
      return ed.refuse(`This area already has a table named “${name}”.`);
    }
    table.name = name;
    ed.commit(`Renamed ${name}`);
  }

  function setSeats(ed, table, input) {
    const seats = wholeNumber(input, 1);
    if (seats === null) return ed.refuse("A table seats at least one guest.");
    table.seats = seats;
    ed.commit(`Table ${table.name} seats ${seats}`);
  }

  function setInService(ed, active) {
    const tables = selectedItems(ed).filter((item) => item.type === "table");
    const seated = !active && seatedAt(ed, tables);
    if (seated) return ed.refuse(`${seated}: the table stays in service until the party ends or moves.`);
    tables.forEach((table) => { table.active = active; });
    ed.commit(active ? "Back in service" : "Out of service");
  }

  // Shows what is selected, and the plan's size.
  function update(ed) {
    const items = selectedItems(ed);
    const tables = items.filter((item) => item.type === "table");
    const single = items.length === 1 ? items[0] : null;
    const set = (id, value) => { $(id).value = value; }; // a field applies on change, so it shows what took
    $("selection-summary").textContent = !items.length ? "Nothing selected: tap a table, or drag across the floor to select several."
      : single ? L.describe(single) : `${items.length} selected`;
    $("item-fields").hidden = !single;
    $("table-fields").hidden = !(single && single.type === "table");
    $("decor-fields").hidden = !(single && single.type === "decor");
    $("service-fields").hidden = !tables.length;
    if (single) set("field-rotation", single.rotation);
    if (single && single.type === "table") {
      set("field-name", single.name);
      set("field-seats", single.seats);
      set("field-shape", single.shape);
    }
    if (single && single.type === "decor") set("field-label", single.label);
    $("field-active").checked = tables.length > 0 && tables.every((table) => table.active);
    $("field-active").indeterminate = tables.some((t) => t.active) && tables.some((t) => !t.active);
    const seated = seatedAt(ed, tables);
    $("seated-note").hidden = !seated;
    $("seated-note").textContent = seated ? `${seated}: it can move, but stays in service and on the plan.` : "";
    document.querySelectorAll("#waiters input[data-waiter]").forEach((box) => {
      const serving = tables.filter((table) => table.waiters.includes(Number(box.dataset.waiter)));
      box.checked = tables.length > 0 && serving.length === tables.length;
      box.indeterminate = serving.length > 0 && serving.length < tables.length;
    });
    set("plan-width", ed.doc.width);
    set("plan-height", ed.doc.height);
    $("plan-metres").textContent = `${(ed.doc.width / 10).toLocaleString()} m × ${(ed.doc.height / 10).toLocaleString()} m`;
    updateTools(ed, items);
  }

  function updateTools(ed, items) {
    $("duplicate").disabled = !items.length;
    $("delete").disabled = !items.length;
    $("add-table").disabled = !ed.data.canAdd;
    document.querySelectorAll("[data-align]").forEach((button) => { button.disabled = items.length < 2; });
    $("undo").disabled = !ed.history.done.length;
    $("redo").disabled = !ed.history.undone.length;
    $("save").disabled = !ed.dirty() || ed.saving;
    $("dirty").textContent = ed.saving ? "Saving…" : ed.dirty() ? "Unsaved changes" : "All changes saved";
  }

  // A small form over the table, for its name and seats (or the decor's label).
  function attachInPlace(ed) {
    const form = $("inplace");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const item = L.byKey(ed.doc, form.dataset.key);
      form.hidden = true;
      if (!item) return;
      if (item.type === "decor") {
        item.label = $("inplace-label").value.trim();
        return ed.commit("Label changed");
      }
      const seats = wholeNumber($("inplace-seats"), 1);
      if (seats === null) return ed.refuse("A table seats at least one guest.");
      item.seats = seats;
      rename(ed, item, $("inplace-name").value);
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { form.hidden = true; ed.focusPlan(); }
    });
  }

  // Before the pointer acts on the plan: the name being edited in place, or typed in a
  // field, applies first, to the table it was typed for.
  function leaveFields() {
    const form = $("inplace");
    if (!form.hidden) form.requestSubmit();
    else if (document.activeElement && document.activeElement.matches("input, select")) document.activeElement.blur();
  }

  function editInPlace(ed, key, svg) {
    const item = L.byKey(ed.doc, key);
    const drawn = svg.querySelector(`[data-key="${key}"]`);
    if (!item || !drawn) return;
    const form = $("inplace"), box = drawn.getBoundingClientRect(), frame = form.parentElement.getBoundingClientRect();
    ed.selection = new Set([key]);
    form.dataset.key = key;
    form.classList.toggle("decor", item.type === "decor");
    form.style.left = `${Math.max(0, box.left - frame.left + box.width / 2)}px`;
    form.style.top = `${Math.max(0, box.top - frame.top + box.height / 2)}px`;
    $("inplace-name").value = item.name || "";
    $("inplace-seats").value = item.seats || 1;
    $("inplace-label").value = item.label || "";
    form.hidden = false;
    (item.type === "decor" ? $("inplace-label") : $("inplace-name")).select();
    ed.changed();
  }

  FloorEditor.panel = { attach, duplicate, editInPlace, leaveFields, removeSelected, update };
})();
