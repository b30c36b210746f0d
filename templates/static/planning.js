// Opens each planning figure at the peildatum: when the peildatum's line
// and its label do not fit the box as it opens, the box scrolls so that
// the line stands a third of the way in, with room for its label to the
// right (the years before it are a swipe away). The same again when the
// window changes size (a phone turned, a window made narrow after the
// page loaded), as long as the reader has not scrolled the box. While the
// box is scrolled, the recommendation ids stay at its left edge, drawn
// over the marks and in place of the status labels (which would run under
// them), so every row still says whose milestones it holds. Without
// JavaScript the box starts at the left, as any scrolling region does,
// with the ids in view.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".planning-scroll");
  Array.prototype.forEach.call(boxes, function (box) {
    var svg = box.querySelector("svg[data-peil-x]");
    if (!svg) { return; }
    var x = parseFloat(svg.getAttribute("data-peil-x"));
    if (!isFinite(x)) { return; }
    var ids = svg.querySelectorAll(".planning-id");
    var haloed = false;
    // Last in its row, a pinned id is drawn over the marks passing under
    // it, with a white halo that keeps it readable there (attributes, as
    // the CSS validators do not know paint-order).
    var halo = function () {
      haloed = true;
      Array.prototype.forEach.call(ids, function (id) {
        id.parentNode.appendChild(id);
        id.setAttribute("paint-order", "stroke");
        id.setAttribute("stroke", "#fff");
        id.setAttribute("stroke-width", "4");
        id.setAttribute("stroke-linejoin", "round");
      });
    };
    var pin = function () {
      var scrolled = box.scrollLeft > 0;
      if (scrolled && !haloed) { halo(); }
      box.classList.toggle("planning-verschoven", scrolled);
      // A few pixels in from the edge, so the halo is not cut off.
      var shift = scrolled ? "translate(" + (box.scrollLeft + 4) + ",0)" : "";
      Array.prototype.forEach.call(ids, function (id) { id.setAttribute("transform", shift); });
    };
    box.addEventListener("scroll", pin, { passive: true });
    var label = svg.querySelector(".planning-peiltekst");
    // Where this script last put the box; null once the reader moved it.
    var placed = 0;
    var open = function () {
      if (placed === null) { return; }
      if (box.scrollLeft !== placed) { placed = null; return; }
      var room = label ? label.getBBox().width + 8 : 0;
      var fits = box.scrollWidth <= box.clientWidth || x + room <= box.clientWidth;
      box.scrollLeft = fits ? 0 : Math.max(0, x - box.clientWidth / 3);
      placed = box.scrollLeft;
      pin();
    };
    window.addEventListener("resize", open);
    open();
  });
}());
