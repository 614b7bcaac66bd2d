// A table wider than the screen scrolls inside its box (.table-responsive). A keyboard user
// reaches and scrolls that box only when it can take the focus, and a screen reader announces
// it by name (WCAG 2.1.1): boxes that really scroll get tabindex, role and a label; boxes that
// fit again on a wider window lose them, so a desktop gets no useless tab stops.
(function () {
  "use strict";

  function heading(box) {
    var table = box.querySelector("table");
    if (table && table.caption) return table.caption.textContent;
    var before = box.previousElementSibling;
    if (before && /^H[1-6]$/.test(before.tagName)) return before.textContent;
    var card = box.parentElement && box.parentElement.closest("section, article, .qms-card");
    var title = card && card.querySelector("h1, h2, h3");
    return title ? title.textContent : document.title;
  }

  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var ours = box.dataset.qmsRegion === "1";
      if (!ours && box.hasAttribute("tabindex")) return; // the template made it a region
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !ours) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", heading(box).replace(/\s+/g, " ").trim());
        box.dataset.qmsRegion = "1";
      } else if (!scrolls && ours) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.qmsRegion;
      }
    });
  }

  mark();
  window.addEventListener("resize", mark);
})();
