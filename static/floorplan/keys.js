// The keyboard: arrows nudge the selection a cell (a grid step with Shift), Delete removes
// it, Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z or Ctrl+Y redoes, Ctrl/⌘+D duplicates, Ctrl/⌘+A
// selects everything, Enter edits the selected table's name in place, Escape selects nothing.
(function () {
  "use strict";

  const L = FloorEditor.layout;
  const NUDGES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  // Keys meant for a field, or Enter and Space pressing a button or a link, are theirs.
  function forAControl(event) {
    if (event.target.closest("input, select, textarea, [contenteditable]")) return true;
    return event.target.closest("button, a") !== null && (event.key === "Enter" || event.key === " ");
  }

  function attach(ed) {
    document.addEventListener("keydown", (event) => {
      if (forAControl(event) || event.altKey) return;
      const command = event.ctrlKey || event.metaKey;
      const handled = command ? shortcut(ed, event) : plainKey(ed, event);
      if (handled) event.preventDefault();
    });
  }

  function shortcut(ed, event) {
    const key = event.key.toLowerCase();
    if (key === "z" && event.shiftKey) ed.redo();
    else if (key === "z") ed.undo();
    else if (key === "y") ed.redo();
    else if (key === "d" && ed.selection.size) FloorEditor.panel.duplicate(ed);
    else if (key === "a") {
      ed.selection = new Set(ed.doc.items.map((item) => item.key));
      ed.changed();
    } else if (key === "s") ed.save();
    else return false;
    return true;
  }

  function plainKey(ed, event) {
    if (NUDGES[event.key] && ed.selection.size) {
      const step = event.shiftKey ? L.GRID : 1;
      const [dx, dy] = NUDGES[event.key];
      ed.doc.items.filter((item) => ed.selection.has(item.key)).forEach((item) => {
        item.x += dx * step;
        item.y += dy * step;
      });
      ed.settle(ed.selection, "Nudged");
    } else if ((event.key === "Delete" || event.key === "Backspace") && ed.selection.size) {
      FloorEditor.panel.removeSelected(ed);
    } else if (event.key === "Enter" && ed.selection.size === 1) {
      ed.editInPlace([...ed.selection][0]);
    } else if (event.key === "Escape") {
      ed.selection = new Set();
      ed.changed();
    } else {
      return false;
    }
    return true;
  }

  FloorEditor.keys = { attach };
})();
