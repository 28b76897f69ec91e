// paperpress: small enhancements; every page reads fine without them.
(function () {
  "use strict";
  // Mark the header link of the section this page belongs to.
  var path = location.pathname;
  document.querySelectorAll(".nav a[data-section]").forEach(function (a) {
    var target = new URL(a.href, location.href).pathname;
    if (path.indexOf(target) === 0) a.setAttribute("aria-current", "page");
  });
})();
