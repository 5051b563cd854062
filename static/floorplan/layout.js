// The layout being edited, without any drawing: its tables and decor as items, the checks
// a change must pass (on the plan, tables apart), the edits (add, duplicate, align, remove),
// and the history that undo and redo walk. Units are plan cells of about 10 cm.
(function () {
  "use strict";

  const { bounds, fitsWithin, overlap } = FloorEditor.geometry;
  const GRID = 5; // cells between grid lines, where placing snaps to: 50 cm
  const HISTORY_LIMIT = 200;
  let newKeys = 0;

  // The server's layout as items: tables and decor alike, each with a key of its own.
  function fromLayout(layout) {
    return {
      width: layout.width,
      height: layout.height,
      items: [
        ...layout.tables.map((table) => ({ type: "table", key: `t${table.id}`, ...table })),
        ...layout.decor.map((decor) => ({ type: "decor", key: `d${decor.id}`, ...decor })),
      ],
    };
  }

  function toLayout(doc) {
    const strip = ({ key, type, ...fields }) => fields;
    return {
      width: doc.width,
      height: doc.height,
      tables: doc.items.filter((item) => item.type === "table").map(strip),
      decor: doc.items.filter((item) => item.type === "decor").map(strip),
    };
  }

  function footprint(item) {
    return {
      x: item.x, y: item.y, width: item.width, height: item.height, rotation: item.rotation,
      round: item.type === "table" && item.shape === "round",
    };
  }

  function describe(item) {
    if (item.type === "table") return `Table ${item.name}`;
    return `The ${item.label || item.kind}`;
  }

  function byKey(doc, key) {
    return doc.items.find((item) => item.key === key);
  }

  // Why the items with these keys cannot stand where they are, or null: each on the plan,
  // and no table on another.
  function problemWith(doc, keys) {
    const checked = doc.items.filter((item) => keys.has(item.key));
    for (const item of checked) {
      if (!fitsWithin(footprint(item), doc.width, doc.height)) return `${describe(item)} would leave the plan.`;
    }
    for (const item of checked.filter((i) => i.type === "table")) {
      const other = doc.items.find((o) => o.type === "table" && o !== item && overlap(footprint(item), footprint(o)));
      if (other) return `Table ${item.name} would overlap table ${other.name}: tables may not overlap.`;
    }
    return null;
  }

  // Keys of the tables that overlap another, and of anything off the plan: drawn in red.
  function faultyKeys(doc) {
    const faulty = new Set();
    const tables = doc.items.filter((item) => item.type === "table");
    tables.forEach((a, index) => tables.slice(index + 1).forEach((b) => {
      if (overlap(footprint(a), footprint(b))) { faulty.add(a.key); faulty.add(b.key); }
    }));
    doc.items.forEach((item) => { if (!fitsWithin(footprint(item), doc.width, doc.height)) faulty.add(item.key); });
    return faulty;
  }

  function snapTo(value, snap) {
    return snap ? Math.round(value / GRID) * GRID : Math.round(value);
  }

  // Moves the items from their `start` positions by whole cells, keeping them all on the plan.
  function moveFrom(doc, start, dx, dy) {
    const moving = doc.items.filter((item) => start.has(item.key));
    const boxes = moving.map((item) => bounds({ ...footprint(item), ...start.get(item.key) }));
    const left = Math.min(...boxes.map((b) => b.left)), right = Math.max(...boxes.map((b) => b.right));
    const top = Math.min(...boxes.map((b) => b.top)), bottom = Math.max(...boxes.map((b) => b.bottom));
    dx = Math.max(Math.ceil(-left - 1e-6), Math.min(Math.floor(doc.width - right + 1e-6), dx));
    dy = Math.max(Math.ceil(-top - 1e-6), Math.min(Math.floor(doc.height - bottom + 1e-6), dy));
    moving.forEach((item) => { item.x = start.get(item.key).x + dx; item.y = start.get(item.key).y + dy; });
  }

  function positions(doc, keys) {
    return new Map(doc.items.filter((item) => keys.has(item.key)).map((item) => [item.key, { x: item.x, y: item.y }]));
  }

  // A name no table has. A copy of "T4" is the next free "T…"; a copy of "Window", "Window 2";
  // a new table takes the next number of the names most tables have ("T" of T1…T7).
  function freeName(doc, wanted) {
    const taken = doc.items.filter((item) => item.type === "table").map((item) => item.name);
    const numbered = (name) => /^(.*?)(\d+)$/.exec(name);
    let prefix = wanted ? `${wanted} ` : "", n = wanted ? 2 : 1;
    if (wanted && numbered(wanted)) [, prefix, n] = numbered(wanted);
    if (!wanted) {
      const prefixes = taken.map(numbered).filter(Boolean).map((match) => match[1]);
      prefix = prefixes.sort((a, b) => prefixes.filter((p) => p === b).length - prefixes.filter((p) => p === a).length)[0] || "";
    }
    n = Number(n);
    while (taken.includes(`${prefix}${n}`)) n += 1;
    return `${prefix}${n}`;
  }

  // The first place, in reading order on the grid, where the item stands clear of every table.
  function placeFreely(doc, item, near) {
    const tables = item.type === "table" ? doc.items.filter((other) => other.type === "table" && other !== item) : [];
    const clear = () => fitsWithin(footprint(item), doc.width, doc.height)
      && !tables.some((other) => overlap(footprint(item), footprint(other)));
    const spots = [];
    for (let y = 0; y + item.height <= doc.height; y += GRID) {
      for (let x = 0; x + item.width <= doc.width; x += GRID) spots.push([x, y]);
    }
    if (near) spots.sort((a, b) => Math.hypot(a[0] - near.x, a[1] - near.y) - Math.hypot(b[0] - near.x, b[1] - near.y));
    for (const [x, y] of spots) {
      Object.assign(item, { x, y });
      if (clear()) return true;
    }
    return false;
  }

  // A new table's size from its seats, as the demo venue lays them out (a two-top 70 cm square).
  function tableSize(shape, seats) {
    if (shape === "rectangle") return [Math.max(10, 3 * seats - 2), 9];
    const sizes = shape === "round" ? [8, 11, 13, 16] : [7, 9, 11, 14];
    return Array(2).fill(sizes[Math.min(3, Math.floor((Math.max(1, seats) - 1) / 2))]);
  }

  const DECOR_SIZES = { wall: [30, 2], bar: [30, 6], label: [20, 5] };

  function addTable(doc, shape, seats) {
    const [width, height] = tableSize(shape, seats);
    const table = {
      type: "table", key: `n${++newKeys}`, id: null, name: freeName(doc, ""), seats, shape,
      x: 0, y: 0, width, height, rotation: 0, active: true, waiters: [],
    };
    if (!placeFreely(doc, table)) return null;
    doc.items.push(table);
    return table;
  }

  function addDecor(doc, kind, label) {
    const [width, height] = DECOR_SIZES[kind];
    const decor = { type: "decor", key: `n${++newKeys}`, id: null, kind, label, x: 0, y: 0, width, height, rotation: 0 };
    if (!placeFreely(doc, decor)) return null;
    doc.items.push(decor);
    return decor;
  }

  // Copies of the items, each in the nearest free place to the right of and below its original.
  function duplicate(doc, keys) {
    const copies = [];
    for (const item of doc.items.filter((i) => keys.has(i.key))) {
      const copy = { ...structuredClone(item), key: `n${++newKeys}`, id: null };
      if (copy.type === "table") copy.name = freeName(doc, item.name);
      if (!placeFreely(doc, copy, { x: item.x + GRID, y: item.y + GRID })) return null;
      doc.items.push(copy);
      copies.push(copy);
    }
    return copies;
  }

  // Lines the items up on the edge or centre line of them all.
  function align(doc, keys, edge) {
    const items = doc.items.filter((item) => keys.has(item.key));
    const boxes = new Map(items.map((item) => [item, bounds(footprint(item))]));
    const across = ["left", "centre", "right"].includes(edge);
    const value = (b) => ({
      left: b.left, right: b.right, top: b.top, bottom: b.bottom,
      centre: (b.left + b.right) / 2, middle: (b.top + b.bottom) / 2,
    })[edge];
    const all = [...boxes.values()].map(value);
    const target = { left: Math.min(...all), top: Math.min(...all), right: Math.max(...all), bottom: Math.max(...all) }[edge]
      ?? all.reduce((sum, v) => sum + v, 0) / all.length;
    items.forEach((item) => {
      const shift = Math.round(target - value(boxes.get(item)));
      if (across) item.x += shift; else item.y += shift;
    });
  }

  function remove(doc, keys) {
    doc.items = doc.items.filter((item) => !keys.has(item.key));
  }

  function snapshot(doc) {
    return JSON.stringify({ width: doc.width, height: doc.height, items: doc.items });
  }

  // The states the layout went through, for undo and redo; `current` is the last committed.
  class History {
    constructor(doc) { this.reset(doc); }

    reset(doc) {
      this.undone = [];
      this.done = [];
      this.current = snapshot(doc);
    }

    commit(doc) {
      const state = snapshot(doc);
      if (state === this.current) return false;
      this.done.push(this.current);
      if (this.done.length > HISTORY_LIMIT) this.done.shift();
      this.current = state;
      this.undone = [];
      return true;
    }

    restore() { return JSON.parse(this.current); }

    undo() { return this.step(this.done, this.undone); }

    redo() { return this.step(this.undone, this.done); }

    step(from, to) {
      if (!from.length) return null;
      to.push(this.current);
      this.current = from.pop();
      return JSON.parse(this.current);
    }
  }

  FloorEditor.layout = {
    GRID, History, addDecor, addTable, align, byKey, describe, duplicate, faultyKeys, footprint, fromLayout,
    moveFrom, positions, problemWith, remove, snapTo, toLayout,
  };
})();
