// Opens each planning figure at the peildatum: on a screen narrower than
// the figure, its box scrolls so that the peildatum line stands in the
// middle (the years before it are a swipe away). Without JavaScript the
// box starts at the left, as any scrolling region does.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".planning-scroll");
  Array.prototype.forEach.call(boxes, function (box) {
    var svg = box.querySelector("svg[data-peil-x]");
    if (!svg) { return; }
    var x = parseFloat(svg.getAttribute("data-peil-x"));
    if (!isFinite(x) || box.scrollWidth <= box.clientWidth) { return; }
    box.scrollLeft = Math.max(0, x - box.clientWidth / 2);
  });
}());
