// companion preview: reload the page when the campaign changed (a file was saved).
// Part of companion (MIT licence, as the rest of the program).
"use strict";
(function () {
  const shown = document.getElementById("preview").dataset.version;
  const events = new EventSource("/events");
  events.onmessage = function (message) {
    if (message.lastEventId !== shown) {
      events.close();
      window.location.reload();
    }
  };
})();
