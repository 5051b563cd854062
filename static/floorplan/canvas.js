// Drawing the layout in SVG, in plan cells: the area's floor and grid, decor, tables (in red
// where they overlap or leave the plan), the selection with its resize and rotate handles,
// and the rectangle being dragged out to select several.
(function () {
  "use strict";

  const { GRID, faultyKeys, footprint } = FloorEditor.layout;
  const { centre, corners, rotate } = FloorEditor.geometry;
  const NS = "http://www.w3.org/2000/svg";
  const HANDLE_PX = 14; // drawn size of a handle
  const TARGET_PX = 36; // size of the area that catches a finger or the mouse on it
  const KNOB_PX = 34; // distance of the rotate knob above the table
  const CORNERS = [[-1, -1], [1, -1], [1, 1], [-1, 1]];

  function node(name, attributes = {}, children = []) {
    const element = document.createElementNS(NS, name);
    Object.entries(attributes).forEach(([key, value]) => {
      if (value !== undefined && value !== null) element.setAttribute(key, value);
    });
    element.append(...children);
    return element;
  }

  function text(content, attributes) {
    const element = node("text", { "text-anchor": "middle", "dominant-baseline": "central", ...attributes });
    element.textContent = content;
    return element;
  }

  // Plan cells per screen pixel, to draw handles and text at a size fit for fingers and eyes.
  function cellsPerPixel(svg) {
    const matrix = svg.getScreenCTM();
    return matrix && matrix.a ? 1 / matrix.a : 0.1;
  }

  function toPlan(svg, event) {
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    return { x: point.x, y: point.y };
  }

  function margin(doc) {
    return Math.max(6, Math.round(Math.max(doc.width, doc.height) * 0.06));
  }

  function render(svg, ed) {
    const { doc } = ed;
    const edge = margin(doc);
    svg.setAttribute("viewBox", `${-edge} ${-edge} ${doc.width + 2 * edge} ${doc.height + 2 * edge}`);
    const px = cellsPerPixel(svg);
    const faulty = faultyKeys(doc);
    const selected = doc.items.filter((item) => ed.selection.has(item.key));
    const ofType = (type) => [ // what is selected drawn last, over its neighbours while dragged
      ...doc.items.filter((item) => item.type === type && !ed.selection.has(item.key)),
      ...selected.filter((item) => item.type === type),
    ];
    svg.replaceChildren(
      gridPattern(),
      node("rect", { class: "plan-floor", x: 0, y: 0, width: doc.width, height: doc.height }),
      node("rect", { class: "plan-grid", x: 0, y: 0, width: doc.width, height: doc.height, fill: "url(#plan-grid)" }),
      ...ofType("decor").map((item) => decorNode(item, ed, faulty, px)),
      ...ofType("table").map((item) => tableNode(item, ed, faulty, px)),
      ...selected.map((item) => outline(item)),
      ...(selected.length === 1 ? handles(selected[0], px) : []),
      ...(ed.marquee ? [node("rect", { class: "marquee", ...ed.marquee })] : []),
    );
  }

  function gridPattern() {
    const line = node("path", { d: `M ${GRID} 0 L 0 0 0 ${GRID}`, class: "grid-line" });
    const pattern = node("pattern", { id: "plan-grid", width: GRID, height: GRID, patternUnits: "userSpaceOnUse" }, [line]);
    return node("defs", {}, [pattern]);
  }

  function turned(item, children) {
    const [cx, cy] = centre(footprint(item));
    return node("g", { transform: `rotate(${item.rotation} ${cx} ${cy})` }, children);
  }

  function tableNode(item, ed, faulty, px) {
    const f = footprint(item);
    const [cx, cy] = centre(f);
    const shape = item.shape === "round"
      ? node("ellipse", { class: "shape", cx, cy, rx: f.width / 2, ry: f.height / 2 })
      : node("rect", { class: "shape", x: f.x, y: f.y, width: f.width, height: f.height, rx: Math.min(f.width, f.height) * 0.12 });
    const seated = ed.data.seated[String(item.id)];
    const initials = item.waiters.map((id) => ed.waitersById.get(id)?.initials).filter(Boolean);
    const detail = [`${item.seats} seats`, ...initials].join(" · ");
    const across = item.rotation % 180 === 0 ? f.width : Math.min(f.width, f.height); // room for upright text
    const fit = (content, most) => Math.min(most, (across * 0.9) / (0.6 * Math.max(2, content.length)));
    const size = fit(item.name, Math.min(16 * px, Math.min(f.width, f.height) * 0.4));
    const classes = ["table", item.shape, ed.selection.has(item.key) && "selected", faulty.has(item.key) && "faulty",
      !item.active && "inactive", seated && "seated"].filter(Boolean).join(" ");
    const label = `Table ${item.name}, ${item.seats} seats${item.active ? "" : ", out of service"}${seated ? `, ${seated} seated` : ""}`;
    return node("g", { class: classes, "data-key": item.key, role: "button", "aria-label": label }, [
      turned(item, [shape]),
      text(item.name, { class: "name", x: cx, y: cy - size * 0.45, "font-size": size }),
      text(detail, { class: "detail", x: cx, y: cy + size * 0.65, "font-size": fit(detail, size * 0.62) }),
    ]);
  }

  function decorNode(item, ed, faulty, px) {
    const f = footprint(item);
    const [cx, cy] = centre(f);
    const size = Math.min(15 * px, f.height * 0.7, (f.width / Math.max(3, item.label.length)) * 1.6);
    const classes = ["decor", item.kind, ed.selection.has(item.key) && "selected", faulty.has(item.key) && "faulty"];
    return node("g", {
      class: classes.filter(Boolean).join(" "), "data-key": item.key, role: "button",
      "aria-label": `${item.label || item.kind} (${item.kind === "bar" ? "bar counter" : item.kind})`,
    }, [
      turned(item, [
        node("rect", { class: "shape", x: f.x, y: f.y, width: f.width, height: f.height }),
        ...(item.label ? [text(item.label, { class: "label", x: cx, y: cy, "font-size": size })] : []),
      ]),
    ]);
  }

  function outline(item) {
    const points = corners(footprint(item)).map((point) => point.join(",")).join(" ");
    return node("polygon", { class: "selection-outline", points });
  }

  // Resize handles on the corners, a rotate knob above the top edge, turned with the item.
  function handles(item, px) {
    const f = footprint(item);
    const [cx, cy] = centre(f);
    const at = ([dx, dy]) => { const [x, y] = rotate([dx, dy], item.rotation); return [cx + x, cy + y]; };
    const handle = (kind, [x, y], extra = {}) => node("g", { class: `handle ${kind}`, "data-handle": kind, ...extra }, [
      node("circle", { class: "target", cx: x, cy: y, r: (TARGET_PX / 2) * px }),
      node("circle", { class: "knob", cx: x, cy: y, r: (HANDLE_PX / 2) * px }),
    ]);
    const corners = CORNERS.map(([sx, sy], index) => handle("resize", at([sx * f.width / 2, sy * f.height / 2]), {
      "data-corner": index, "aria-label": "Resize",
    }));
    const top = at([0, -f.height / 2]), knob = at([0, -f.height / 2 - KNOB_PX * px]);
    return [
      node("line", { class: "knob-line", x1: top[0], y1: top[1], x2: knob[0], y2: knob[1] }),
      ...corners,
      handle("rotate", knob, { "aria-label": "Rotate" }),
    ];
  }

  FloorEditor.canvas = { CORNERS, cellsPerPixel, render, toPlan };
})();
