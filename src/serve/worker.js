// paperpress preview: the one live-reload event stream of the browser, shared by every open
// page of the preview (see live.js). Served by `paperpress serve` only; never part of a
// built site.
"use strict";
var ports = [];
// The build the server serves, while the stream is connected; null while it is not.
var generation = null;
var source = new EventSource("/__paperpress/events");

function tell(event) {
  generation = event.data;
  ports.forEach(function (port) { port.postMessage(generation); });
}
source.addEventListener("hello", tell);
source.addEventListener("reload", tell);
// Reconnecting (a restarted server, say): its hello will say which build it serves.
source.addEventListener("error", function () { generation = null; });

function join(port) {
  if (ports.indexOf(port) < 0) {
    ports.push(port);
  }
  if (generation !== null) {
    port.postMessage(generation);
  }
}

self.addEventListener("connect", function (event) {
  var port = event.ports[0];
  port.onmessage = function (message) {
    if (message.data === "leave") {
      var at = ports.indexOf(port);
      if (at >= 0) {
        ports.splice(at, 1);
      }
    } else if (message.data === "join") {
      join(port);
    }
  };
  join(port);
});
