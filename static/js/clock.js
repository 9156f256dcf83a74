// The clock page's running time, from the server's clock (data-server), not the phone's.
(function () {
  "use strict";
  var el = document.getElementById("server-time");
  if (!el) { return; }
  var offset = new Date(el.dataset.server) - new Date();
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  setInterval(function () {
    // Shown in Beijing time from the server's clock, whatever the phone's own clock says.
    var t = new Date(Date.now() + offset + 8 * 3600 * 1000);
    el.textContent = pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes()) + ":" + pad(t.getUTCSeconds());
  }, 1000);
})();
