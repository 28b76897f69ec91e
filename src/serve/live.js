// paperpress preview: reloads the page when the site is rebuilt. Served by `paperpress
// serve` only; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-generation") : null;
  var source = new EventSource("/__paperpress/events");
  function check(event) {
    if (shown !== null && event.data !== shown) {
      source.close();
      location.reload();
    }
    shown = event.data;
  }
  // On (re)connecting the server says which build it serves: a page that missed a
  // rebuild, or outlived a restarted server, reloads.
  source.addEventListener("hello", check);
  source.addEventListener("reload", check);
})();
