// What a finger, a pen or the mouse does on the plan, through pointer events: press a table
// to select it and drag to move the selection; drag a corner handle to resize, the knob to
// rotate; drag on the floor to select what the rectangle touches. Shift, Ctrl or ⌘ (or the
// "Select several" toggle, for touch) adds to the selection; Alt places freely off the grid
// for one drag. On release the change is checked: a table dropped on another, or off the
// plan, is put back with a message. A double tap edits the name in place.
(function () {
  "use strict";

  const L = FloorEditor.layout;
  const G = FloorEditor.geometry;
  const { CORNERS, toPlan } = FloorEditor.canvas;
  const TAP_PX = 5; // a press that moves less than this is a tap, not a drag
  const DOUBLE_TAP_MS = 450;
  const ROTATION_STEP = 15;

  function attach(svg, ed) {
    let gesture = null;
    let lastTap = { key: null, at: 0 };

    svg.addEventListener("pointerdown", (event) => {
      if (gesture || (event.pointerType === "mouse" && event.button !== 0)) return;
      ed.leaveFields(); // a name being typed applies to the table it was typed for
      const point = toPlan(svg, event);
      const handle = event.target.closest("[data-handle]");
      const item = event.target.closest("[data-key]");
      gesture = handle ? handleGesture(ed, handle, point) : item ? moveGesture(ed, item.dataset.key, point, event)
        : marqueeGesture(ed, point, event);
      Object.assign(gesture, { pointerId: event.pointerId, from: [event.clientX, event.clientY], moved: false });
      event.preventDefault();
      svg.setPointerCapture(event.pointerId);
      ed.changed();
    });

    svg.addEventListener("pointermove", (event) => {
      if (!gesture || event.pointerId !== gesture.pointerId) return;
      const distance = Math.hypot(event.clientX - gesture.from[0], event.clientY - gesture.from[1]);
      if (!gesture.moved && distance < TAP_PX) return;
      gesture.moved = true;
      gesture.move(toPlan(svg, event), ed.snap !== event.altKey);
      ed.changed();
    });

    svg.addEventListener("pointerup", (event) => {
      if (!gesture || event.pointerId !== gesture.pointerId) return;
      const ended = gesture;
      gesture = null;
      if (ended.moved) return ended.end();
      if (ended.tap) ended.tap();
      ed.changed();
      if (ended.key && ended.key === lastTap.key && event.timeStamp - lastTap.at < DOUBLE_TAP_MS) {
        lastTap = { key: null, at: 0 };
        ed.editInPlace(ended.key);
      } else {
        lastTap = { key: ended.key, at: event.timeStamp };
      }
    });

    // The browser took the pointer back (a system gesture, a call): the change is dropped.
    const cancel = (event) => {
      if (!gesture || event.pointerId !== gesture.pointerId) return;
      gesture = null;
      ed.revert();
    };
    svg.addEventListener("pointercancel", cancel);
    svg.addEventListener("lostpointercapture", cancel);
  }

  function adding(ed, event) {
    return ed.multi || event.shiftKey || event.ctrlKey || event.metaKey;
  }

  // Press on an item: select it (or add it to, or take it from, the selection), then drag
  // the whole selection, the pressed item snapping to the grid and the rest keeping their places.
  function moveGesture(ed, key, point, event) {
    if (adding(ed, event) && ed.selection.has(key)) {
      ed.selection.delete(key);
      return { key: null, move() {}, end() { ed.changed(); } };
    }
    if (adding(ed, event)) ed.selection.add(key);
    else if (!ed.selection.has(key)) ed.selection = new Set([key]);
    const start = L.positions(ed.doc, ed.selection);
    const anchor = start.get(key);
    return {
      key,
      move(to, snap) {
        const x = L.snapTo(anchor.x + to.x - point.x, snap);
        const y = L.snapTo(anchor.y + to.y - point.y, snap);
        L.moveFrom(ed.doc, start, x - anchor.x, y - anchor.y);
      },
      end() { ed.settle(new Set(start.keys()), "Moved"); },
    };
  }

  function handleGesture(ed, handle, point) {
    const item = ed.doc.items.find((i) => ed.selection.has(i.key));
    return handle.dataset.handle === "rotate" ? rotateGesture(ed, item) : resizeGesture(ed, item, Number(handle.dataset.corner));
  }

  // Drag a corner: the opposite corner stays where it is, the sides follow the pointer in
  // the item's own turned frame. Square and round tables keep equal sides.
  function resizeGesture(ed, item, corner) {
    const [sx, sy] = CORNERS[corner];
    const [cx, cy] = G.centre(L.footprint(item));
    const [ox, oy] = G.rotate([-sx * item.width / 2, -sy * item.height / 2], item.rotation);
    const fixed = [cx + ox, cy + oy];
    const equalSides = item.type === "table" && item.shape !== "rectangle";
    return {
      key: null,
      move(to) {
        const [vx, vy] = G.rotate([to.x - fixed[0], to.y - fixed[1]], -item.rotation);
        let width = Math.max(1, Math.round(sx * vx)), height = Math.max(1, Math.round(sy * vy));
        if (equalSides) width = height = Math.max(width, height);
        const [dx, dy] = G.rotate([sx * width / 2, sy * height / 2], item.rotation);
        Object.assign(item, {
          width, height, x: Math.round(fixed[0] + dx - width / 2), y: Math.round(fixed[1] + dy - height / 2),
        });
      },
      end() { ed.settle(new Set([item.key]), "Resized"); },
    };
  }

  // Drag the knob round the item's centre: 15° steps on the grid, single degrees off it.
  function rotateGesture(ed, item) {
    const [cx, cy] = G.centre(L.footprint(item));
    return {
      key: null,
      move(to, snap) {
        const step = snap ? ROTATION_STEP : 1;
        const angle = Math.round((Math.atan2(to.y - cy, to.x - cx) * 180 / Math.PI + 90) / step) * step;
        item.rotation = ((angle % 360) + 360) % 360;
      },
      end() { ed.settle(new Set([item.key]), "Turned"); },
    };
  }

  // Drag on the floor: select what the rectangle touches; a tap on the floor selects nothing.
  function marqueeGesture(ed, point, event) {
    const add = adding(ed, event);
    return {
      key: null,
      move(to) {
        ed.marquee = {
          x: Math.min(point.x, to.x), y: Math.min(point.y, to.y),
          width: Math.abs(to.x - point.x), height: Math.abs(to.y - point.y),
        };
      },
      end() {
        const box = ed.marquee;
        const touched = ed.doc.items.filter((item) => {
          const b = G.bounds(L.footprint(item));
          return b.left < box.x + box.width && b.right > box.x && b.top < box.y + box.height && b.bottom > box.y;
        });
        ed.selection = new Set([...(add ? ed.selection : []), ...touched.map((item) => item.key)]);
        ed.marquee = null;
        ed.changed();
      },
      tap() { if (!add) ed.selection = new Set(); },
    };
  }

  FloorEditor.pointer = { attach };
})();
