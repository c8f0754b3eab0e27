// After a failed submit: move focus to the form's error summary, so keyboard and screen reader
// users start where the errors are listed; each entry links to its field and focuses it.
(function () {
  "use strict";

  function focusField(event) {
    var id = decodeURIComponent(this.hash.slice(1));
    var field = document.getElementById(id);
    if (!field) {
      return;
    }
    event.preventDefault();
    // The label (or the legend of a group of radios) above the field should stay in view.
    var group = field.closest("fieldset") || field.closest(".mb-3") || field;
    group.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }

  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", focusField);
    });
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
