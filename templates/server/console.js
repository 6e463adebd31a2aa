// companion table, the GM's console: actions go to the server (which records them as the
// command line does); the panel is fetched again whenever the record changes, here or in
// another terminal. Part of companion (MIT licence, as the rest of the program).
"use strict";
(function () {
  const panel = document.getElementById("panel");
  const message = document.getElementById("message");

  function say(text, error) {
    message.textContent = text;
    message.className = error ? "error" : "";
  }

  function act(action) {
    return fetch("/act", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Companion": "console" },
      body: JSON.stringify(action),
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      // What it recorded comes back as a change of the record: the panel follows then.
      if (answer.error) say(answer.error, true); else say(answer.done, false);
    }).catch(function (error) { say(String(error), true); });
  }

  function reload() {
    return fetch("/panel").then(function (response) {
      if (response.ok) return response.text();
      throw new Error("the console is closed: open the link in the terminal again");
    }).then(function (html) { panel.innerHTML = html; });
  }

  panel.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-do]");
    if (!button) return;
    event.preventDefault();
    act(Object.assign({}, button.dataset));
  });

  panel.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-do]");
    if (!form) return;
    event.preventDefault();
    const action = { do: form.dataset.do };
    new FormData(form).forEach(function (value, key) { action[key] = value; });
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      action[box.name] = box.checked;
    });
    act(action);
  });

  const events = new EventSource("/events");
  let first = true;
  events.onmessage = function () {
    if (first) { first = false; return; }
    reload();
  };
})();
