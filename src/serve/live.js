// paperpress preview: reloads the page when the site is rebuilt. Served by `paperpress
// serve` only; never part of a built site.
//
// A browser opens at most six HTTP/1.1 connections to one server, and an event stream
// holds one of them while it is open; a page left for another stays in the back/forward
// cache with its stream open (Chromium for a minute). So the pages do not open
// streams of their own: one shared worker (worker.js) holds the browser's single stream
// and tells every open page of the preview, and a page leaves it on `pagehide`. Where there
// is no SharedWorker, a page opens its own stream and closes it on `pagehide`.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-generation") : null;
  // The build the server serves, as it says: a page that missed a rebuild, or outlived a
  // restarted server, reloads.
  function check(generation) {
    if (shown !== null && generation !== shown) {
      leave();
      location.reload();
      return;
    }
    shown = generation;
  }

  var port = null;
  var source = null;
  function join() {
    if (port !== null) {
      port.postMessage("join");
    } else if (source === null) {
      source = new EventSource("/__paperpress/events");
      source.addEventListener("hello", function (event) { check(event.data); });
      source.addEventListener("reload", function (event) { check(event.data); });
    }
  }
  function leave() {
    if (port !== null) {
      port.postMessage("leave");
    } else if (source !== null) {
      source.close();
      source = null;
    }
  }

  if (typeof SharedWorker === "function") {
    try {
      var worker = new SharedWorker("/__paperpress/worker.js", { name: "paperpress-live" });
      port = worker.port;
      port.onmessage = function (event) { check(event.data); };
      // No worker after all (its script did not load): a stream of the page's own.
      worker.onerror = function () {
        port = null;
        join();
      };
    } catch (e) {
      port = null;
    }
  }
  // The worker counts the page in as it connects; a page without one opens its stream.
  if (port === null) {
    join();
  }
  window.addEventListener("pagehide", leave);
  window.addEventListener("pageshow", function (event) {
    // Back from the back/forward cache: listen again, and hear which build is served.
    if (event.persisted) {
      join();
    }
  });
})();
