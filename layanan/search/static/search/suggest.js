// Suggestions as you type, for every <input data-suggest> inside a search form.
// Progressive enhancement: without this file the form simply submits.
//
// The input becomes an ARIA 1.2 combobox with a listbox popup: Down/Up move
// through the suggestions (aria-activedescendant; focus stays in the input),
// Enter opens the highlighted one (or submits the form when none is),
// Escape closes the list. Requests are debounced (150 ms) and a newer
// keystroke aborts the request still in flight. Suggestions come from
// <form action>saran/?q=… (or the URL in data-suggest) as
// {"results": [{"type", "title", "url", "label"}], "message"}; the message is
// announced in a polite live region.
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var MIN_LENGTH = 2;
  var instances = 0;

  function suggestUrl(input) {
    if (input.getAttribute("data-suggest")) {
      return input.getAttribute("data-suggest");
    }
    var action = (input.form && input.form.getAttribute("action")) || "/cari/";
    return action.replace(/\/?$/, "/") + "saran/";
  }

  function labelText(input) {
    var label = input.labels && input.labels[0];
    return label ? label.textContent.trim() : input.getAttribute("aria-label") || "";
  }

  function Combobox(input) {
    instances += 1;
    this.input = input;
    this.url = suggestUrl(input);
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.lastQuery = null;

    var id = input.id || "suggest-input-" + instances;
    input.id = id;

    var wrapper = document.createElement("div");
    wrapper.className = "suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    this.list = document.createElement("ul");
    this.list.id = id + "-suggestions";
    this.list.className = "suggest-list";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", labelText(input));
    this.list.hidden = true;
    wrapper.appendChild(this.list);

    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    wrapper.appendChild(this.status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    input.setAttribute("autocomplete", "off");

    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeydown.bind(this));
    input.addEventListener("blur", this.close.bind(this));
    // Keep the focus in the input when an option is pressed, then open it.
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", this.onClick.bind(this));
    // A page restored from the back/forward cache should not show a stale list.
    window.addEventListener("pageshow", this.close.bind(this));
  }

  Combobox.prototype.onInput = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var value = this.input.value;
    if (value.trim().length < MIN_LENGTH) {
      this.abort();
      this.lastQuery = null;
      this.render([], "");
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(value); }, DEBOUNCE_MS);
  };

  Combobox.prototype.abort = function () {
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
  };

  Combobox.prototype.fetch = function (value) {
    var self = this;
    if (value === this.lastQuery) {
      return;
    }
    this.abort();
    var controller = window.AbortController ? new AbortController() : null;
    this.controller = controller;
    window.fetch(this.url + "?q=" + encodeURIComponent(value), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (data) {
      if (controller !== self.controller) {
        return; // a newer request has replaced this one
      }
      self.controller = null;
      self.lastQuery = value;
      if (self.input.value !== value || document.activeElement !== self.input) {
        return;
      }
      self.render(data.results || [], data.message || "");
    }).catch(function () {
      // Aborted or failed: the form still works; show nothing.
    });
  };

  Combobox.prototype.render = function (items, message) {
    var list = this.list;
    var input = this.input;
    this.items = items;
    this.active = -1;
    input.removeAttribute("aria-activedescendant");
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.className = "suggest-option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      var title = document.createElement("span");
      title.className = "suggest-title";
      title.textContent = item.title;
      option.appendChild(title);
      if (item.label) {
        var label = document.createElement("span");
        label.className = "suggest-type";
        label.textContent = item.label;
        option.appendChild(document.createTextNode(" "));
        option.appendChild(label);
      }
      list.appendChild(option);
    });
    var open = items.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    this.status.textContent = message;
  };

  Combobox.prototype.close = function () {
    window.clearTimeout(this.timer);
    this.abort();
    this.lastQuery = null;
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Combobox.prototype.isOpen = function () {
    return !this.list.hidden && this.items.length > 0;
  };

  Combobox.prototype.highlight = function (index) {
    var options = this.list.querySelectorAll("[role=option]");
    if (!options.length) {
      return;
    }
    index = (index + options.length) % options.length;
    for (var i = 0; i < options.length; i += 1) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    this.active = index;
    this.input.setAttribute("aria-activedescendant", options[index].id);
    if (options[index].scrollIntoView) {
      options[index].scrollIntoView({ block: "nearest" });
    }
  };

  Combobox.prototype.open = function (index) {
    var item = this.items[index];
    if (item && item.url) {
      this.close();
      window.location.assign(item.url);
    }
  };

  Combobox.prototype.onKeydown = function (event) {
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        if (this.items.length) {
          event.preventDefault();
          if (!this.isOpen()) {
            this.list.hidden = false;
            this.input.setAttribute("aria-expanded", "true");
            this.highlight(0);
          } else {
            this.highlight(this.active + 1);
          }
        }
        break;
      case "ArrowUp":
      case "Up":
        if (this.isOpen()) {
          event.preventDefault();
          this.highlight(this.active < 0 ? this.items.length - 1 : this.active - 1);
        }
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.open(this.active);
        }
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.onClick = function (event) {
    var option = event.target.closest ? event.target.closest("[role=option]") : null;
    if (option) {
      this.open(parseInt(option.getAttribute("data-index"), 10));
    }
  };

  if (!window.fetch) {
    return; // very old browsers keep the plain form
  }
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    if (input.form) {
      new Combobox(input); // eslint-disable-line no-new
    }
  });
})();
