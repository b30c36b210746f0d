// Live preview only (served by `jaarrapport serve`, never part of a built
// site): reloads the page after a rebuild and shows content errors on top
// of the last good page. Error text is set as text, never as markup.
(function () {
  "use strict";
  var seen = null;
  var box = null;

  function show(errors) {
    if (!errors) {
      if (box) { box.remove(); box = null; }
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Fouten in de inhoud");
      box.style.position = "fixed";
      box.style.left = "0";
      box.style.right = "0";
      box.style.bottom = "0";
      box.style.maxHeight = "50vh";
      box.style.overflow = "auto";
      box.style.background = "#fff";
      box.style.borderTop = "4px solid #d52b1e";
      box.style.padding = "1rem";
      box.style.zIndex = "1000";
      var title = document.createElement("h2");
      title.textContent = "De inhoud heeft fouten; dit is de laatste goede versie";
      var pre = document.createElement("pre");
      pre.id = "jaarrapport-fouten";
      pre.style.whiteSpace = "pre-wrap";
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = errors;
  }

  function poll() {
    fetch("/__jaarrapport/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen !== null && s.version !== seen) { location.reload(); return; }
        seen = s.version;
        show(s.errors);
      })
      .catch(function () { /* the server stopped; try again later */ })
      .then(function () { setTimeout(poll, 500); });
  }
  poll();
}());
