// The filters of a list sit in a <details>: folded on phones, so the first result shows on the
// first screen; opened on wide screens, where they stand beside the results. Without JavaScript
// they stay folded behind their summary, which still opens them.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 992px)");
  document.querySelectorAll("[data-filter-details]").forEach(function (details) {
    if (wide.matches) {
      details.open = true;
    }
  });
})();
