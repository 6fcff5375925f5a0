// Keeps the recipients' statuses of a sent document current while the page is open: every 15 s
// (only while the tab is visible) the table is fetched again and replaced when it changed; a
// polite status message tells screen readers.
(function () {
  "use strict";
  var box = document.getElementById("exchange-live");
  var status = document.getElementById("exchange-live-status");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-url");
  function refresh() {
    if (document.visibilityState !== "visible") {
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || html.trim() === box.innerHTML.trim()) {
          return;
        }
        // Keep open history disclosures open across the refresh.
        var open = Array.prototype.map.call(box.querySelectorAll("details[open]"), function (d) {
          return d.closest("tr") ? d.closest("tr").rowIndex : -1;
        });
        box.innerHTML = html;
        box.querySelectorAll("tr").forEach(function (row) {
          if (open.indexOf(row.rowIndex) >= 0) {
            var details = row.querySelector("details");
            if (details) { details.open = true; }
          }
        });
        if (status) {
          status.textContent = box.getAttribute("data-updated");
        }
      })
      .catch(function () { /* offline for a moment: the next tick tries again */ });
  }
  window.setInterval(refresh, 15000);
  document.addEventListener("visibilitychange", refresh);
})();
