// The layout editor: one area's plan, edited in the page and saved as a whole. The editor
// keeps the layout as the server gave it (`base`) and its version; a save sends both with the
// edited layout, and the server refuses it, saying what changed, if someone else saved first.
// Every change is checked here as it is made (see layout.js) and again by the server.
(function () {
  "use strict";

  const L = FloorEditor.layout;
  const svg = document.getElementById("plan");
  const message = document.getElementById("editor-message");
  if (!svg) return;
  const data = JSON.parse(document.getElementById("editor-data").textContent);

  const ed = {
    data,
    doc: L.fromLayout(data.layout),
    base: data.layout,
    version: data.version,
    selection: new Set(),
    snap: true,
    multi: false,
    marquee: null,
    saving: false,
    waitersById: new Map(data.waiters.map((waiter) => [waiter.id, waiter])),
  };
  ed.history = new L.History(ed.doc);
  ed.savedState = ed.history.current;

  let drawing = false;
  ed.changed = () => {
    if (drawing) return;
    drawing = true;
    requestAnimationFrame(() => {
      drawing = false;
      FloorEditor.canvas.render(svg, ed);
      FloorEditor.panel.update(ed);
    });
  };

  ed.dirty = () => ed.history.current !== ed.savedState;

  ed.say = (text, kind = "info") => {
    message.textContent = text;
    message.className = `editor-message ${kind}`;
  };

  function keepSelectionOfExistingItems() {
    ed.selection = new Set([...ed.selection].filter((key) => L.byKey(ed.doc, key)));
  }

  ed.commit = (what) => {
    if (ed.history.commit(ed.doc)) ed.say(`${what}.`);
    ed.changed();
  };

  // Back to the last state committed: a gesture cancelled or refused leaves no trace.
  ed.revert = () => {
    ed.doc = ed.history.restore();
    ed.marquee = null;
    keepSelectionOfExistingItems();
    ed.changed();
  };

  ed.refuse = (reason) => {
    ed.revert();
    ed.say(reason, "refusal");
  };

  // After a change to the items with these keys: keep it, or put everything back and say why.
  ed.settle = (keys, what) => {
    const problem = L.problemWith(ed.doc, keys);
    if (problem) ed.refuse(`${problem} Put back where it was.`);
    else ed.commit(what);
  };

  function travel(doc, what) {
    if (!doc) return;
    ed.doc = doc;
    keepSelectionOfExistingItems();
    ed.say(`${what}.`);
    ed.changed();
  }
  ed.undo = () => travel(ed.history.undo(), "Undone");
  ed.redo = () => travel(ed.history.redo(), "Redone");

  ed.editInPlace = (key) => FloorEditor.panel.editInPlace(ed, key, svg);
  ed.leaveFields = () => FloorEditor.panel.leaveFields();
  ed.focusPlan = () => svg.focus();

  ed.save = async () => {
    if (ed.saving || !ed.dirty()) return;
    ed.saving = true;
    ed.changed();
    try {
      const response = await fetch(data.saveUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrfToken },
        body: JSON.stringify({ version: ed.version, base: ed.base, layout: L.toLayout(ed.doc) }),
        credentials: "same-origin",
      });
      const answer = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
      if (response.ok) saved(answer);
      else refusedSave(answer);
    } catch (error) {
      ed.say("The layout could not be saved: the server cannot be reached. Your changes are still here; try again.", "refusal");
    } finally {
      ed.saving = false;
      ed.changed();
    }
  };

  // The layout as saved replaces the one edited: new tables have their IDs now.
  function saved(answer) {
    ed.base = answer.layout;
    ed.version = answer.version;
    ed.doc = L.fromLayout(answer.layout);
    ed.selection = new Set();
    ed.history.reset(ed.doc);
    ed.savedState = ed.history.current;
    const retired = answer.retired.length
      ? ` Kept off the plan and out of service, because bookings or orders name them: ${answer.retired.join(", ")}.` : "";
    ed.say(`Layout saved.${retired}`, "saved");
  }

  function refusedSave(answer) {
    ed.say(answer.error, "refusal");
    if (answer.changes) {
      const reload = document.createElement("button");
      reload.type = "button";
      reload.textContent = "Reload the area as it is now";
      reload.addEventListener("click", () => { ed.savedState = ed.history.current; window.location.reload(); });
      message.append(" ", reload);
    }
  }

  window.addEventListener("beforeunload", (event) => {
    if (ed.dirty()) event.preventDefault();
  });
  window.addEventListener("resize", () => ed.changed());

  FloorEditor.pointer.attach(svg, ed);
  FloorEditor.panel.attach(ed);
  FloorEditor.keys.attach(ed);
  ed.changed();
  FloorEditor.editor = ed; // for the browser tests and the curious
})();
