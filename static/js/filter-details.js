// The filters of a list sit in a <details>, open as the server sends it (so they work without
// JavaScript). On phones they are folded, so the first result shows on the first screen; the
// summary says how many filters are active. A filter with an error stays open.
(function () {
  "use strict";
  if (window.matchMedia("(min-width: 992px)").matches) {
    return;
  }
  document.querySelectorAll("[data-filter-details]").forEach(function (details) {
    if (!details.querySelector(".is-invalid, [role=alert]")) {
      details.open = false;
    }
  });
})();
