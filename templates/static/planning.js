// Opens each planning figure at the peildatum: when the peildatum's line
// and its label do not fit the box as it opens, the box scrolls so that
// the line stands a third of the way in, with room for its label to the
// right (the years before it are a swipe away). While the box is scrolled,
// the recommendation ids stay at its left edge, drawn over the marks and
// in place of the status labels (which would run under them), so every
// row still says whose milestones it holds. Without JavaScript the box
// starts at the left, as any scrolling region does, with the ids in view.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".planning-scroll");
  Array.prototype.forEach.call(boxes, function (box) {
    var svg = box.querySelector("svg[data-peil-x]");
    if (!svg) { return; }
    var x = parseFloat(svg.getAttribute("data-peil-x"));
    if (!isFinite(x) || box.scrollWidth <= box.clientWidth) { return; }
    var ids = svg.querySelectorAll(".planning-id");
    // Last in its row, a pinned id is drawn over the marks passing under
    // it, with a white halo that keeps it readable there (attributes, as
    // the CSS validators do not know paint-order).
    Array.prototype.forEach.call(ids, function (id) {
      id.parentNode.appendChild(id);
      id.setAttribute("paint-order", "stroke");
      id.setAttribute("stroke", "#fff");
      id.setAttribute("stroke-width", "4");
      id.setAttribute("stroke-linejoin", "round");
    });
    var pin = function () {
      var scrolled = box.scrollLeft > 0;
      box.classList.toggle("planning-verschoven", scrolled);
      // A few pixels in from the edge, so the halo is not cut off.
      var shift = scrolled ? "translate(" + (box.scrollLeft + 4) + ",0)" : "";
      Array.prototype.forEach.call(ids, function (id) { id.setAttribute("transform", shift); });
    };
    box.addEventListener("scroll", pin, { passive: true });
    var label = svg.querySelector(".planning-peiltekst");
    var room = label ? label.getBBox().width + 8 : 0;
    if (x + room > box.clientWidth) { box.scrollLeft = Math.max(0, x - box.clientWidth / 3); }
    pin();
  });
}());
