// The floor view's few behaviours that htmx attributes do not cover: opening the action
// dialog when its content arrives, closing it when an action succeeds, showing the modifiers
// of the product being added to an order, notices, and telling staff when the server cannot
// be reached.
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
})();
