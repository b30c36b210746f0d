// Filters the overview table on the home page. Without JavaScript the
// form stays hidden and the table is complete; this script only narrows it.
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var table = document.getElementById("overzicht");
  var count = document.getElementById("filter-telling");
  if (!form || !table) { return; }
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var controls = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));

  // "aandacht": anything that changed, moved, is late or was dropped.
  function letOn(row, wanted) {
    if (!wanted) { return true; }
    var flags = (row.getAttribute("data-let") || "").split(" ").filter(Boolean);
    return wanted === "aandacht" ? flags.length > 0 : flags.indexOf(wanted) >= 0;
  }

  function apply() {
    var want = {};
    controls.forEach(function (c) { want[c.getAttribute("data-filter")] = c.value.trim().toLowerCase(); });
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!want.hoofdstuk || row.getAttribute("data-hoofdstuk") === want.hoofdstuk) &&
        (!want.ministerie || row.getAttribute("data-ministerie").toLowerCase().split(" ").indexOf(want.ministerie) >= 0) &&
        (!want.status || row.getAttribute("data-status") === want.status) &&
        letOn(row, want.let) &&
        (!want.tekst || row.textContent.toLowerCase().indexOf(want.tekst) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === rows.length
      ? rows.length + " aanbevelingen"
      : shown + " van " + rows.length + " aanbevelingen";
  }

  controls.forEach(function (c) {
    c.addEventListener("input", apply);
    c.addEventListener("change", apply);
  });
  apply();
}());
