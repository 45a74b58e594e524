// The ask flow, enhanced: suggestions appear while the citizen types the title.
// Without this file the same suggestions come from the server in two steps.
// No inline script anywhere (strict CSP): labels come from data attributes,
// the "This answers my question" form from a <template> with its CSRF token,
// and everything from the server is inserted as text, never as HTML.
(function () {
  "use strict";
  var config = document.getElementById("ask-config");
  var results = document.querySelector("[data-suggest-results]");
  var template = document.getElementById("deflect-template");
  var input = document.querySelector("[data-title-form] input[name=judul], [data-ask-form] input[name=title]");
  if (!config || !results || !template || !input || !window.fetch) { return; }

  var endpoint = config.dataset.endpoint;
  var labels = {
    service: config.dataset.serviceLabel,
    article: config.dataset.articleLabel,
    question: config.dataset.questionLabel
  };
  var timer = null;
  var lastQuery = null;
  var controller = null;

  function setMessage(text) {
    results.replaceChildren();
    var p = document.createElement("p");
    p.className = "empty";
    p.textContent = text;
    results.appendChild(p);
  }

  function render(query, items) {
    results.replaceChildren();
    if (!items.length) { setMessage(config.dataset.none); return; }
    var heading = document.createElement("h2");
    heading.id = "suggestions-heading";
    heading.textContent = config.dataset.heading;
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var node = template.content.firstElementChild.cloneNode(true);
      var field = function (name) { return node.querySelector("[data-field='" + name + "']"); };
      field("meta").textContent = (labels[item.type] || item.type_label) + (item.agency ? " · " + item.agency : "");
      field("link").textContent = item.title;
      field("link").href = item.url;
      field("summary").textContent = item.summary;
      field("q").value = query;
      field("type").value = item.type;
      field("id").value = item.id;
      field("button-title").textContent = ": " + item.title;
      list.appendChild(node);
    });
    results.appendChild(heading);
    results.appendChild(list);
  }

  function lookUp() {
    var query = input.value.trim();
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (query.length < 3) { results.replaceChildren(); return; }
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    fetch(endpoint + "?q=" + encodeURIComponent(query), {
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      if (input.value.trim() === query) { render(query, data.results || []); }
    }).catch(function () { /* keep what is shown; the form still works */ });
  }

  input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " ask-live-hint").trim());
  var hint = document.createElement("span");
  hint.id = "ask-live-hint";
  hint.className = "visually-hidden";
  hint.textContent = config.dataset.hint;
  input.insertAdjacentElement("afterend", hint);

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 300);
  });

  // Suggestions already showed while typing, so step 1 can go straight to the full form.
  var titleForm = document.querySelector("[data-title-form]");
  if (titleForm) {
    titleForm.addEventListener("submit", function () {
      if (lastQuery !== null && !titleForm.querySelector("input[name=langkah]")) {
        var step = document.createElement("input");
        step.type = "hidden";
        step.name = "langkah";
        step.value = "2";
        titleForm.appendChild(step);
      }
    });
  }
})();
