/* mkdocs-journeys: the journey map board (persona filter, fit to screen, print button, fit-to-page
 * printing), and on every page the full-screen view of diagrams and folded phases opened by a link.
 *
 * Elements that concern some personas only carry data-jr-personas="id id"; the emotion
 * curve has one line per persona (data-jr-curve). Choosing a persona hides everything
 * that does not involve it and recomputes the phase averages from data-jr-emotions.
 * Runs on every page; works with Material's instant navigation.
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
      if (key === "before" || key === "after" || key === "all") return;
      el.classList.toggle("jr-hidden", !!persona && key !== persona);
    });
    root.querySelectorAll("th[data-jr-emotions]").forEach(function (th) {
      var avg = th.querySelector(".jr-avg");
      if (!avg) return;
      var sum = 0, n = 0;
      (th.getAttribute("data-jr-emotions") || "").split(/\s+/).forEach(function (item) {
        var parts = item.split(":");
        var who = (parts[1] || "").split(",");
        if (parts[0] && (!persona || who.indexOf(persona) >= 0)) { sum += Number(parts[0]); n += 1; }
      });
      avg.classList.toggle("jr-hidden", n === 0);
      if (!n) return;
      var value = sum / n;
      for (var s = 1; s <= 5; s++) avg.classList.remove("jr-score-" + s);
      avg.classList.add("jr-score-" + Math.max(1, Math.min(5, Math.floor(value + 0.5))));
      avg.textContent = "Ø " + (Math.round(value * 10) / 10);
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
    var fit = root.querySelector(".jr-fit");
    if (fit) fit.addEventListener("click", function () { fitToScreen(root, fit); });
    var legend = root.querySelector(".jr-legend-box");
    if (legend && window.matchMedia("(min-width: 60em)").matches) legend.open = true;
    wide(root);
    window.addEventListener("resize", function () { wide(root); });
  }

  // Scroll sideways only when the phases cannot fit the page.
  function wide(root) {
    var box = root.querySelector(".jr-board-scroll");
    var table = box && box.querySelector("table.jr-board");
    if (!table) return;
    box.classList.remove("jr-board-wide");
    box.classList.toggle("jr-board-wide", table.offsetWidth > box.clientWidth + 1);
  }

  // Fit to screen: the whole board in the window, below the site header; again: actual size.
  function fitToScreen(root, button) {
    var on = !root.classList.contains("jr-fitted");
    var table = root.querySelector("table.jr-board");
    var label = button.querySelector("span");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (label) label.textContent = button.getAttribute(on ? "data-jr-off" : "data-jr-on");
    if (!on) {
      root.classList.remove("jr-fitted");
      table.style.width = "";
      wide(root);
      return;
    }
    var top = table.getBoundingClientRect().top + window.scrollY;
    var box = root.querySelector(".jr-board-scroll");
    // Keep the layout as it is (the same column widths), only smaller: fix the width, then zoom.
    table.style.width = table.scrollWidth + "px";
    var roomW = box.clientWidth - 2, roomH = window.innerHeight - 16 - 48;
    var zoom = Math.min(1, roomW / table.scrollWidth, roomH / table.offsetHeight);
    root.classList.add("jr-fitted");
    // Small text does not shrink exactly in proportion: measure and correct.
    for (var i = 0; i < 4; i++) {
      root.style.setProperty("--jr-fit", Math.max(0.2, zoom).toFixed(3));
      var r = table.getBoundingClientRect();
      if (r.height <= roomH && r.width <= roomW) break;
      zoom *= Math.min(roomH / r.height, roomW / r.width) * 0.99;
    }
    box.classList.remove("jr-board-wide");
    window.scrollTo(0, top - 56);
  }

  // A diagram in full screen: an overlay over the page (works where the Fullscreen API does not).
  function diagrams() {
    document.querySelectorAll(".jr-diagram").forEach(function (box) {
      var button = box.querySelector(".jr-zoom");
      if (!button || button.getAttribute("data-jr-ready")) return;
      button.setAttribute("data-jr-ready", "1");
      button.hidden = false;
      var close = function () {
        box.classList.remove("jr-diagram-open");
        document.documentElement.classList.remove("jr-noscroll");
        button.setAttribute("aria-expanded", "false");
      };
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        if (box.classList.contains("jr-diagram-open")) { close(); button.focus(); return; }
        box.classList.add("jr-diagram-open");
        document.documentElement.classList.add("jr-noscroll");
        button.setAttribute("aria-expanded", "true");
        button.focus();
      });
      box.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
    });
  }

  // A link to a phase opens its folded section.
  function unfold() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var fold = target.closest("details") ||
      (target.nextElementSibling && target.nextElementSibling.querySelector("details.jr-fold"));
    if (fold) fold.open = true;
  }

  // On a phone, the journey page's tables become one card per row: each cell names its column.
  function labelCells() {
    document.querySelectorAll(".jr-phase-body table, .jr-section table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent; });
      table.querySelectorAll("tbody tr:not(.jr-group-row)").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          if (heads[i] && !td.hasAttribute("data-jr-label")) td.setAttribute("data-jr-label", heads[i]);
        });
      });
      table.classList.add("jr-cards-on-phone");
    });
  }

  function init() {
    document.querySelectorAll(".jr-board-page").forEach(setup);
    diagrams();
    labelCells();
    unfold();
  }
  window.addEventListener("hashchange", unfold);

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
