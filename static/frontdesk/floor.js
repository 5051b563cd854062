// The floor view's few behaviours that htmx attributes do not cover: opening the action
// dialog when its content arrives, closing it when an action succeeds, showing the modifiers
// of the product being added to an order, notices, and telling staff when the server cannot
// be reached. Below them, the host's: answers brought into view (and a refused dialog
// refreshed to the truth), one-tap choices, area tabs with arrow keys, and focus kept when a
// refresh replaces the element that had it.
(function () {
  "use strict";

  // The floor polls with the ETag of what it shows; "304 Not Modified" means nothing has
  // changed, and the page is left as it is.
  htmx.config.responseHandling.unshift({ code: "304", swap: false });

  const dialog = () => document.getElementById("action-dialog");
  const NOTICE_SECONDS = 8;

  // Tiles and reservations open their dialog through the dialog itself, not through the
  // clicked element: the floor refreshes every few seconds, and an element it replaced
  // while the request was in flight could no longer say where the answer goes.
  let openerId = null;
  document.addEventListener("click", (event) => {
    const opener = event.target.closest("[data-dialog]");
    if (!opener) return;
    openerId = opener.id;
    document.getElementById("dialog-body").dataset.src = opener.dataset.dialog;
    htmx.ajax("GET", opener.dataset.dialog, { target: "#dialog-body", swap: "innerHTML" });
  });

  // Closing a dialog returns focus to what opened it; if a refresh has replaced that
  // element meanwhile, focus its replacement so keyboard users keep their place.
  document.addEventListener("close", (event) => {
    if (event.target !== dialog()) return;
    requestAnimationFrame(() => {
      const replacement = openerId && document.getElementById(openerId);
      if (replacement && document.activeElement === document.body) replacement.focus();
    });
  }, true);

  // htmx wires up swapped-in forms when the swap settles: only then may staff use them.
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target.id === "dialog-body" && !dialog().open) dialog().showModal();
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.id === "toast") scheduleNoticeDismissal(event.detail.target);
  });

  // The add-item form lists every product's modifiers; only the chosen product's are shown
  // and sent (a disabled checkbox is not submitted).
  function showModifiersOf(choice) {
    choice.form.querySelectorAll("[data-modifiers-of]").forEach((fieldset) => {
      fieldset.hidden = fieldset.dataset.modifiersOf !== choice.value;
      fieldset.disabled = fieldset.hidden;
    });
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-product-choice]")) showModifiersOf(event.target);
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    event.detail.target.querySelectorAll("[data-product-choice]").forEach(showModifiersOf);
  });

  document.addEventListener("dialog-close", () => {
    if (dialog().open) dialog().close();
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-dismiss]")) document.getElementById("toast").replaceChildren();
  });

  // A notice offering an undo stays until dismissed or replaced; others fade after a while.
  function scheduleNoticeDismissal(region) {
    const notice = region.firstElementChild;
    if (!notice || notice.classList.contains("with-undo")) return;
    setTimeout(() => { if (region.firstElementChild === notice) region.replaceChildren(); }, NOTICE_SECONDS * 1000);
  }

  function showConnection(lost) {
    const banner = document.getElementById("connection");
    if (banner) banner.hidden = !lost;
  }

  document.addEventListener("htmx:sendError", () => showConnection(true));
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.xhr && event.detail.xhr.status > 0) showConnection(false);
  });

  // An action's answer lands in its form's outcome, next to the button tapped: bring it into
  // view. A stale refusal means the dialog showed something no longer true (a table seated
  // on another tablet meanwhile): fetch the dialog afresh, keep what was typed, and show the
  // reason again where the action was made (or under the title when that form is gone).
  document.addEventListener("htmx:afterSwap", (event) => {
    const outcome = event.detail.target;
    const notice = outcome.matches && outcome.matches(".outcome") ? outcome.firstElementChild : null;
    if (!notice) return;
    const body = document.getElementById("dialog-body");
    if (notice.matches(".problem[data-stale]") && body && body.contains(outcome) && body.dataset.src) {
      refreshDialog(body, outcome.closest("form"), notice);
    } else {
      reveal(notice);
    }
  });

  function reveal(notice) {
    notice.scrollIntoView({ block: "center", behavior: "instant" });
  }

  function refreshDialog(body, form, notice) {
    const action = form && form.getAttribute("hx-post");
    const sameAction = () => [...body.querySelectorAll("form[hx-post]")].filter((f) => f.getAttribute("hx-post") === action);
    const nth = sameAction().indexOf(form); // a dialog may hold two forms for one action (a move in one tap, or to several tables)
    const typed = form ? [...form.elements].filter((field) => field.name && field.type !== "submit" && field.type !== "hidden") : [];
    const was = typed.map((field) => ({ name: field.name, value: field.value, checked: field.checked, type: field.type }));
    const done = settled(body);
    body.inert = true; // nothing stale is tapped meanwhile
    htmx.ajax("GET", body.dataset.src, { target: body, swap: "innerHTML" })
      .then(() => Promise.race([done, new Promise((resolve) => setTimeout(resolve, 1000))]))
      .then(() => {
        const again = sameAction()[nth];
        if (again) restore(again, was);
        const place = again && again.querySelector(".outcome");
        if (place) place.replaceChildren(notice);
        else body.querySelector("#dialog-title").after(notice);
        reveal(notice);
      })
      .catch(() => reveal(notice))
      .finally(() => { body.inert = false; });
  }

  function settled(target) {
    return new Promise((resolve) => {
      target.addEventListener("htmx:afterSettle", function once(event) {
        if (event.detail.target !== target) return;
        target.removeEventListener("htmx:afterSettle", once);
        resolve();
      });
    });
  }

  // What staff had typed or ticked, put back where it still can be (a table now taken stays unticked).
  function restore(form, was) {
    was.forEach(({ name, value, checked, type }) => {
      if (type === "checkbox") {
        const box = [...form.elements].find((field) => field.name === name && field.value === value);
        if (box && !box.disabled) box.checked = checked;
      } else if (form.elements[name] && form.elements[name].value !== undefined) {
        form.elements[name].value = value;
      }
    });
  }

  // One-tap choices: a table button remembers its table in the form, so that answering a
  // question ("Seat anyway") sends it again; a quick pick fills its field.
  document.addEventListener("click", (event) => {
    const tapped = event.target.closest("button[data-remember]");
    if (tapped && tapped.form) {
      let kept = tapped.form.querySelector("input[data-remembered]");
      if (!kept) {
        kept = Object.assign(document.createElement("input"), { type: "hidden" });
        kept.dataset.remembered = "";
        tapped.form.append(kept);
      }
      kept.name = tapped.name;
      kept.value = tapped.value;
    }
    const pick = event.target.closest("button[data-fill]");
    if (pick && pick.form) {
      const field = pick.form.elements[pick.dataset.fill];
      field.value = pick.value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });

  // A number already filled in (covers, a quoted wait) is replaced by what is typed.
  document.addEventListener("focusin", (event) => {
    if (event.target.matches("input[data-select-on-focus]")) event.target.select();
  });

  // A day picked on a plain form (the timeline's) shows that day at once.
  document.addEventListener("change", (event) => {
    const form = event.target.form;
    if (form && form.matches("[data-autosubmit]") && event.target.checkValidity()) form.requestSubmit();
  });

  // Area tabs follow the tabs pattern: arrow keys, Home and End move between them.
  document.addEventListener("keydown", (event) => {
    const tab = event.target.closest && event.target.closest('[role="tab"]');
    if (!tab) return;
    const tabs = [...tab.closest('[role="tablist"]').querySelectorAll('[role="tab"]')];
    const at = tabs.indexOf(tab);
    const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    next.focus();
    // Asked for directly rather than by a click: a key pressed right after the last swap may
    // reach a tab htmx has not wired up yet, which a click would leave without an answer.
    htmx.ajax("GET", next.getAttribute("hx-get"), { source: next, target: "#live", swap: "outerHTML" })
      .then(() => history.pushState({}, "", next.getAttribute("hx-push-url")));
  });

  // A refresh of the floor asked for before a tab (or "My tables") was chosen shows the
  // choice it was asked under: answered while the tab's answer is on its way, or after it,
  // it would undo the tap. Such a refresh is skipped (the next one follows in two seconds).
  const choices = new Set();
  const askedAt = new WeakMap();
  let lastChoice = 0;
  const issuer = (event) => event.detail.requestConfig && event.detail.requestConfig.elt;
  const isChoice = (elt) => elt && elt.matches && elt.matches('[role="tab"], #my-tables');
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (isChoice(issuer(event))) {
      lastChoice += 1;
      choices.add(event.detail.xhr);
    }
    askedAt.set(event.detail.xhr, lastChoice);
  });
  document.addEventListener("htmx:afterRequest", (event) => { choices.delete(event.detail.xhr); });
  document.addEventListener("htmx:beforeSwap", (event) => {
    const elt = issuer(event);
    if (!elt || elt.id !== "live") return;
    const outdated = (askedAt.get(event.detail.xhr) ?? lastChoice) < lastChoice;
    if (choices.size || outdated) event.detail.shouldSwap = false;
  });

  // A refresh replaces the element that had focus (a tile, a tab, a waitlist entry): focus
  // its replacement, so keyboard users keep their place.
  let focusedId = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const active = document.activeElement;
    focusedId = active && active.id && event.detail.target.contains(active) ? active.id : null;
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!focusedId) return;
    const replacement = document.getElementById(focusedId);
    if (replacement && (document.activeElement === document.body || !document.activeElement)) replacement.focus();
    focusedId = null;
  });

  // The timeline opens on now, and keeps its place when it refreshes itself.
  let timelineScroll = null;
  const timelineScroller = () => document.querySelector("#timeline .tl-scroll");
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target.id === "timeline" && timelineScroller()) timelineScroll = timelineScroller().scrollLeft;
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (timelineScroll !== null && timelineScroller()) timelineScroller().scrollLeft = timelineScroll;
    timelineScroll = null;
  });
  document.addEventListener("DOMContentLoaded", () => {
    const scroller = timelineScroller();
    const now = scroller && scroller.querySelector(".tl-now");
    if (now) scroller.scrollLeft += now.getBoundingClientRect().left - scroller.getBoundingClientRect().left - scroller.clientWidth / 2;
  });
})();
