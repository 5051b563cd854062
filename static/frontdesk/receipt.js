// The printed bill: opened from "Print bill", it goes straight to the browser's print dialog;
// its Print and Close buttons do the rest.
(function () {
  "use strict";
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
    if (event.target.closest("[data-close]")) window.close();
  });
  window.addEventListener("load", () => {
    if (document.body.dataset.autoprint === "true") window.print();
  });
})();
