/* mkdocs-journeys: the journey map board (persona filter, print button, fit-to-page printing).
 *
 * Elements that concern some personas only carry data-jr-personas="id id"; the emotion
 * curve has one group per persona (data-jr-curve). Choosing a persona hides everything
 * that does not involve it. Runs on every page; works with Material's instant navigation.
 */
(function () {
  "use strict";

  // A3 landscape (420 x 297 mm) minus the 8 mm @page margins, in CSS px (96 per inch).
  var PRINT_W = (420 - 16) / 25.4 * 96;
  var PRINT_H = (297 - 16) / 25.4 * 96;

  function apply(root, persona) {
    root.querySelectorAll("[data-jr-personas]").forEach(function (el) {
      var ids = (el.getAttribute("data-jr-personas") || "").split(/\s+/);
      el.classList.toggle("jr-hidden", !!persona && ids.indexOf(persona) < 0);
    });
    root.querySelectorAll("[data-jr-curve]").forEach(function (el) {
      var key = el.getAttribute("data-jr-curve");
      if (key === "before" || key === "after") return;
      var hasOwn = !!persona && !!root.querySelector('[data-jr-curve="' + CSS.escape(persona) + '"]');
      var show = hasOwn ? key === persona : key === "all";
      el.classList.toggle("jr-hidden", !show);
    });
    root.querySelectorAll("td.jr-cell").forEach(function (td) {
      var items = td.querySelectorAll("[data-jr-personas]");
      if (!items.length) return;
      var visible = Array.prototype.some.call(items, function (i) { return !i.classList.contains("jr-hidden"); });
      td.classList.toggle("jr-cell-empty", !visible);
    });
    root.classList.toggle("jr-filtered", !!persona);
    if (persona) root.setAttribute("data-jr-persona", persona);
    else root.removeAttribute("data-jr-persona");
  }

  function setup(root) {
    if (root.getAttribute("data-jr-ready")) return;
    root.setAttribute("data-jr-ready", "1");
    var tools = root.querySelector(".jr-board-tools");
    if (tools) tools.hidden = false;
    var select = root.querySelector("select.jr-persona-filter");
    if (select) {
      select.addEventListener("change", function () { apply(root, select.value); });
      var reset = root.querySelector(".jr-filter-reset");
      if (reset) {
        reset.addEventListener("click", function () {
          select.value = "";
          apply(root, "");
        });
      }
      apply(root, select.value); // the browser may restore the last choice
    }
    var print = root.querySelector(".jr-print-button");
    if (print) print.addEventListener("click", function () { window.print(); });
  }

  function init() {
    document.querySelectorAll(".jr-board-page").forEach(setup);
  }

  // Printing from the browser: shrink the board so it fits one A3 landscape page.
  // (`journeys pdf` scales the page itself and sets data-jr-pdf, so this stays out of its way.)
  function fitForPrint() {
    var root = document.querySelector(".jr-board-page");
    if (!root || document.documentElement.hasAttribute("data-jr-pdf")) return;
    var table = root.querySelector("table.jr-board");
    if (!table) return;
    var parts = [".jr-board-head", ".jr-board-bar"].map(function (s) {
      var el = root.querySelector(s);
      return el ? el.offsetHeight : 0;
    });
    var title = document.querySelector(".md-content h1");
    var height = table.offsetHeight + parts[0] + parts[1] + (title ? 40 : 0) + 24;
    var width = table.offsetWidth + 4;
    var zoom = Math.min(1, PRINT_W / width, PRINT_H / height);
    document.documentElement.style.setProperty("--jr-print-zoom", zoom.toFixed(3));
  }

  window.addEventListener("beforeprint", fitForPrint);
  window.addEventListener("afterprint", function () {
    document.documentElement.style.removeProperty("--jr-print-zoom");
  });

  if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
