/* Two-click privacy for films hosted elsewhere: nothing is loaded from the other site until the
   visitor presses the button. Without JavaScript the box keeps its plain link to the film. */
(function () {
  "use strict";
  document.querySelectorAll("[data-film-consent]").forEach(function (box) {
    var button = box.querySelector("[data-film-load]");
    var embedUrl = box.getAttribute("data-embed-url");
    if (!button || !embedUrl) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = embedUrl;
      frame.title = box.getAttribute("data-title");
      frame.allow = "fullscreen; picture-in-picture";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      var wrapper = document.createElement("div");
      wrapper.className = "ratio ratio-16x9 mb-2";
      wrapper.appendChild(frame);
      box.querySelector("[data-film-placeholder]").replaceWith(wrapper);
      // The button disappears with the placeholder: keep keyboard focus on the film.
      frame.focus();
    });
  });
})();
