// The messages page, live: new messages arrive on a WebSocket and are appended. Everything
// works without it (the form posts, the page reloads), so any failure here only falls back.
(function () {
  "use strict";
  var thread = document.getElementById("thread");
  var form = document.getElementById("message-form");
  if (!thread) return;
  var status = document.getElementById("live-status");
  var socket = null;
  var attempts = 0;
  var dropped = false;

  function show(text) { if (status) status.textContent = text; }

  function lastId() {
    var items = thread.querySelectorAll("[data-id]");
    return items.length ? Number(items[items.length - 1].dataset.id) : 0;
  }

  function append(id, html) {
    if (document.getElementById("message-" + id)) return;  // posted here, or seen already
    thread.insertAdjacentHTML("beforeend", html);
    var empty = document.getElementById("thread-empty");
    if (empty) empty.remove();
    thread.lastElementChild.scrollIntoView({ block: "nearest" });
  }

  function markRead() {
    var id = lastId();
    if (id && document.visibilityState === "visible" && socket && socket.readyState === 1) {
      socket.send(JSON.stringify({ type: "read", up_to_id: id }));
    }
  }

  // After the socket was down a while: fetch the page once and add what was missed.
  function catchUp() {
    fetch(location.pathname, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (text) {
        var page = new DOMParser().parseFromString(text, "text/html");
        page.querySelectorAll("#thread [data-id]").forEach(function (el) {
          append(el.dataset.id, el.outerHTML);
        });
      })
      .catch(function () {});
  }

  // htmx appends the posted message; the socket may have brought it first: keep one.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== thread) return;
    var seen = {};
    thread.querySelectorAll("[data-id]").forEach(function (el) {
      if (seen[el.id]) el.remove(); else seen[el.id] = true;
    });
    var empty = document.getElementById("thread-empty");
    if (empty) empty.remove();
    if (form) {
      form.reset();
      document.getElementById("message-errors").innerHTML = "";
    }
  });

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + location.host + thread.dataset.socket);
    } catch (err) {
      return;
    }
    socket.onopen = function () {
      attempts = 0;
      show("Live: new messages appear here as they are sent.");
      if (dropped) catchUp();
      dropped = false;
      markRead();
    };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (err) { return; }
      if (data.type === "message") {
        append(data.id, data.html);
        markRead();
      }
    };
    socket.onclose = function (event) {
      if (event.code >= 4400 && event.code < 4500) { show(""); return; }  // refused: no retry
      dropped = true;
      attempts += 1;
      if (attempts > 8) {
        show("Live updates are off; reload the page to see new messages.");
        return;
      }
      show("Reconnecting…");
      setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, attempts)));
    };
  }

  document.addEventListener("visibilitychange", markRead);
  if (thread.dataset.socket && "WebSocket" in window) connect();
})();
