// companion table, a player's page: new handouts arrive by themselves (server-sent events);
// a dropped connection (a locked phone, a restarted server) catches up when it comes back.
// Part of companion (MIT licence, as the rest of the program).
"use strict";
(function () {
  const seat = document.getElementById("seat");
  const shelf = document.getElementById("shelf");
  const connection = document.getElementById("connection");
  const files = seat.dataset.files;

  function element(tag, text) {
    const made = document.createElement(tag);
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function handout(item) {
    const li = element("li");
    li.className = item.pdf ? "handout" : "handout arriving";
    li.dataset.name = item.name;
    li.dataset.ready = item.pdf ? "yes" : "no";
    li.appendChild(element("h2", item.title));
    if (!item.pdf) {
      li.appendChild(element("p", "On its way…"));
      return li;
    }
    item.pages.forEach(function (picture, index) {
      const image = element("img");
      image.src = files + encodeURIComponent(picture);
      image.alt = item.title + ", page " + (index + 1);
      li.appendChild(image);
    });
    const pdf = element("a", "Your copy as PDF");
    pdf.className = "pdf";
    pdf.href = files + encodeURIComponent(item.pdf);
    pdf.setAttribute("download", "");
    li.appendChild(pdf);
    return li;
  }

  // The shelf as the server says, keeping what is already shown as it is (no flicker, no
  // image loaded twice): items gone are removed, new ones added in their place.
  function show(state) {
    const shown = new Map();
    shelf.querySelectorAll("li.handout").forEach(function (li) { shown.set(li.dataset.name, li); });
    let before = null;
    state.items.forEach(function (item) {
      let li = shown.get(item.name);
      shown.delete(item.name);
      const ready = item.pdf ? "yes" : "no";
      if (!li || li.dataset.ready !== ready) {
        const fresh = handout(item);
        if (li) li.replaceWith(fresh); else shelf.insertBefore(fresh, before ? before.nextSibling : shelf.firstChild);
        li = fresh;
      }
      before = li;
    });
    shown.forEach(function (li) { li.remove(); });
  }

  const events = new EventSource(seat.dataset.events);
  events.onmessage = function (message) {
    show(JSON.parse(message.data));
    connection.textContent = "Connected.";
    connection.className = "connection";
  };
  events.onerror = function () {
    connection.textContent = events.readyState === EventSource.CLOSED
      ? "This page is closed: scan your code again."
      : "Connection lost; trying again…";
    connection.className = "connection lost";
  };
})();
