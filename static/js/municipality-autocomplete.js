/*
 * Municipality autocomplete: turns the text input of municipalities.forms.MunicipalityField into an
 * ARIA 1.2 combobox with a listbox of suggestions (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/).
 * Without this script the input stays a plain text field that the server understands.
 *
 * Keys: type to get suggestions, Down/Up to move, Enter to choose, Escape to close (again: clear).
 */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 200;
  var counter = 0;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  function setup(wrapper) {
    var input = wrapper.querySelector("input");
    if (!input || input.getAttribute("role") === "combobox") {
      return;
    }
    counter += 1;
    var baseId = input.id || "kommune-" + counter;
    var data = wrapper.dataset;

    var listbox = document.createElement("ul");
    listbox.id = baseId + "-vorschlaege";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", data.listLabel || "");
    listbox.hidden = true;

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    wrapper.appendChild(listbox);
    wrapper.appendChild(status);

    var results = [];
    var active = -1;
    var timer = null;
    var latestRequest = 0;

    function announce(text) {
      status.textContent = text;
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = listbox.querySelectorAll("[role=option]");
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = results[index];
      if (!item) {
        return;
      }
      input.value = item.name + " (" + item.key + ")";
      close();
      announce(format(data.textChosen || "{label}", { label: item.label }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(items) {
      results = items;
      listbox.textContent = "";
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = baseId + "-vorschlag-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = item.display_name || item.name;
        var detail = document.createElement("span");
        detail.className = "option-detail";
        detail.textContent = item.kind + ", " + item.state + " · " + item.key;
        option.appendChild(name);
        option.appendChild(detail);
        // mousedown would move the focus away from the input before the click lands.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
        });
        option.addEventListener("click", function () {
          choose(index);
        });
        listbox.appendChild(option);
      });
      active = -1;
      if (items.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        announce(items.length === 1 ? data.textOne : format(data.textMany || "{count}", { count: items.length }));
      } else {
        close();
        announce(data.textNone || "");
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        results = [];
        close();
        return;
      }
      latestRequest += 1;
      var requestNumber = latestRequest;
      var url = data.source + (data.source.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (items) {
          // An older answer arriving late must not replace the newer one.
          if (requestNumber === latestRequest && document.activeElement === input) {
            render(items);
          }
        })
        .catch(function () {
          close();
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          if (!open && results.length) {
            listbox.hidden = false;
            input.setAttribute("aria-expanded", "true");
          }
          if (results.length) {
            highlight((active + 1) % results.length);
            event.preventDefault();
          }
          break;
        case "ArrowUp":
          if (open && results.length) {
            highlight(active <= 0 ? results.length - 1 : active - 1);
            event.preventDefault();
          }
          break;
        case "Enter":
          if (open && active >= 0) {
            choose(active);
            event.preventDefault();
          }
          break;
        case "Escape":
          if (open) {
            close();
          } else {
            input.value = "";
          }
          event.preventDefault();
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  function init() {
    document.querySelectorAll("[data-municipality-autocomplete]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
