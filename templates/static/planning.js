// Opens each planning figure at the peildatum. When the figure is wider
// than its box (a phone, a narrow window), the box scrolls only if the
// peildatum's line would be out of view, and then so that the line stands
// two thirds of the way in: what is overdue lies before the peildatum,
// and that is what a reader must see first. A label with no room to the
// right of its line is set to its left. The same again when the window
// changes size (a phone turned, a window narrowed after loading), until
// the reader scrolls the box themselves. While the box is scrolled, the
// recommendation ids and the chapter titles stay at its left edge, on a
// white band over the marks passing under them (the status labels, which
// would run under them, are hidden), so every row still says whose
// milestones it holds. Without JavaScript the box starts at the left, as
// any scrolling region does, with the ids in view.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".planning-scroll");
  Array.prototype.forEach.call(boxes, function (box) {
    var svg = box.querySelector("svg[data-peil-x]");
    if (!svg) { return; }
    var x = parseFloat(svg.getAttribute("data-peil-x"));
    if (!isFinite(x)) { return; }
    var pinned = svg.querySelectorAll(".planning-id, .planning-groeptitel");
    var bands = [];
    // Made the first time the box scrolls: per chapter group a white band
    // as wide as the widest id, and the group's ids and title moved after
    // it, so they are drawn over the marks passing under them.
    var setUp = function () {
      var w = 0;
      Array.prototype.forEach.call(svg.querySelectorAll(".planning-id"), function (id) {
        w = Math.max(w, id.getBBox().width);
      });
      Array.prototype.forEach.call(svg.querySelectorAll(".planning-groep"), function (g) {
        var box = g.getBBox();
        var band = document.createElementNS(svg.namespaceURI, "rect");
        band.setAttribute("class", "planning-pinvlak");
        band.setAttribute("x", "0");
        band.setAttribute("y", String(Math.floor(box.y)));
        band.setAttribute("width", String(Math.ceil(w) + 10));
        band.setAttribute("height", String(Math.ceil(box.height)));
        band.setAttribute("fill", "#ffffff");
        g.appendChild(band);
        bands.push(band);
        Array.prototype.forEach.call(g.querySelectorAll(".planning-id, .planning-groeptitel"), function (t) {
          g.appendChild(t);
        });
      });
      // A title runs wider than the band: a white halo keeps it readable
      // over the marks (attributes, as the CSS validators do not know
      // paint-order).
      Array.prototype.forEach.call(svg.querySelectorAll(".planning-groeptitel"), function (t) {
        t.setAttribute("paint-order", "stroke");
        t.setAttribute("stroke", "#ffffff");
        t.setAttribute("stroke-width", "4");
        t.setAttribute("stroke-linejoin", "round");
      });
    };
    var pin = function () {
      var scrolled = box.scrollLeft > 0;
      if (scrolled && bands.length === 0) { setUp(); }
      box.classList.toggle("planning-verschoven", scrolled);
      bands.forEach(function (band) {
        band.setAttribute("transform", scrolled ? "translate(" + box.scrollLeft + ",0)" : "");
        band.style.display = scrolled ? "" : "none";
      });
      Array.prototype.forEach.call(pinned, function (t) {
        if (scrolled) { t.setAttribute("transform", "translate(" + (box.scrollLeft + 4) + ",0)"); }
        else { t.removeAttribute("transform"); }
      });
    };
    box.addEventListener("scroll", pin, { passive: true });
    // The reader's own scrolling: from then on the box stays where they put it.
    var theirs = false;
    ["pointerdown", "touchstart", "wheel", "keydown"].forEach(function (type) {
      box.addEventListener(type, function () { theirs = true; }, { passive: true });
    });
    var label = svg.querySelector(".planning-peiltekst");
    var labelX = label ? label.getAttribute("x") : null;
    var labelAnchor = label ? label.getAttribute("text-anchor") : null;
    var open = function () {
      if (theirs) { return; }
      var width = box.clientWidth;
      var scroll = 0;
      if (box.scrollWidth > width && x + 16 > width) { scroll = Math.max(0, x - width * 2 / 3); }
      box.scrollLeft = scroll;
      if (label) {
        // Room for the label right of its line, in the box as it now is?
        var room = label.getBBox().width + 8;
        var right = x + room <= box.scrollLeft + width || box.scrollWidth <= width;
        label.setAttribute("x", right ? labelX : String(x - 4));
        label.setAttribute("text-anchor", right ? labelAnchor : "end");
      }
      pin();
    };
    window.addEventListener("resize", open);
    open();
  });
}());
