// The staff console's live updates (server-sent events, handlers/web/console/live.py).
// Inbox: the stream sends the rows as HTML; while it is open, htmx's polling of the rows is
// skipped (without EventSource, or while the stream reconnects, the polling stays).
// Ticket page: on "changed" the page is fetched again and its parts are swapped, except the
// action forms while somebody types in them (a note in the status line says so).
(function () {
  "use strict";
  if (!window.EventSource || !window.fetch || !window.DOMParser) return;

  function follow(url, handlers) {
    var stream = new EventSource(url);
    Object.keys(handlers).forEach(function (name) {
      stream.addEventListener(name, handlers[name]);
    });
    stream.addEventListener("signed_out", function () {
      stream.close();
      window.location.reload(); // the server answers with the sign-in page
    });
    return stream;
  }

  var rows = document.getElementById("rows");
  if (rows && rows.getAttribute("data-live")) {
    var inbox = follow(rows.getAttribute("data-live"), {
      rows: function (event) { rows.innerHTML = event.data; },
      counts: function (event) {
        var counts = JSON.parse(event.data);
        document.querySelectorAll("[data-count]").forEach(function (shown) {
          shown.textContent = String(counts[shown.getAttribute("data-count")] || 0);
        });
      },
    });
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail && event.detail.elt === rows && inbox.readyState === EventSource.OPEN) {
        event.preventDefault(); // the stream is live: no polling
      }
    });
  }

  var live = document.getElementById("live");
  if (!live || !live.getAttribute("data-live")) return;
  var note = document.getElementById("live-note");

  function typing(part) {
    if (part.contains(document.activeElement) && document.activeElement !== document.body) return true;
    var fields = part.querySelectorAll("textarea, input:not([type=hidden])");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value.trim() !== "" && fields[i].value !== fields[i].defaultValue) return true;
    }
    return false;
  }

  function refresh() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Live": "1" } })
      .then(function (answer) {
        if (answer.redirected || !answer.ok) { window.location.reload(); return null; }
        return answer.text();
      })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var kept = false;
        document.querySelectorAll("[data-part]").forEach(function (part) {
          var name = part.getAttribute("data-part");
          var next = fresh.querySelector('[data-part="' + name + '"]');
          if (!next) return;
          if (part.hasAttribute("data-typing") && typing(part)) { kept = true; return; }
          part.replaceWith(document.importNode(next, true));
        });
        if (note) note.textContent = live.getAttribute(kept ? "data-typing" : "data-updated");
      })
      .catch(function () { /* the next change tries again */ });
  }

  follow(live.getAttribute("data-live"), { changed: refresh });
})();
