/* mkdocs-journeys: sorting and filters for the touchpoint catalog; wide tables as cards on phones.
 *
 * The catalog is one table with a <tbody> per channel. Column headers become sort buttons
 * (rows are sorted inside their channel, so groups stay together); three selects filter by
 * channel, kind and owner. Every text comes from the page's data attributes (the site's
 * language). Without JavaScript the table reads as it is. Works with Material's instant navigation.
 */
(function () {
  "use strict";

  function text(el) {
    return (el.textContent || "").trim();
  }

  function select(label, values, all, onChange) {
    var wrap = document.createElement("label");
    wrap.className = "jr-catalog-filter";
    var caption = document.createElement("span");
    caption.textContent = label;
    var sel = document.createElement("select");
    var any = document.createElement("option");
    any.value = "";
    any.textContent = all;
    sel.appendChild(any);
    values.forEach(function (v) {
      var o = document.createElement("option");
      o.value = v[0];
      o.textContent = v[1];
      sel.appendChild(o);
    });
    sel.addEventListener("change", onChange);
    wrap.appendChild(caption);
    wrap.appendChild(sel);
    return { el: wrap, select: sel };
  }

  function distinct(rows, attr) {
    var seen = {};
    var out = [];
    rows.forEach(function (r) {
      var v = r.getAttribute(attr);
      if (v && !seen[v]) {
        seen[v] = true;
        out.push([v, v]);
      }
    });
    return out.sort(function (a, b) { return a[1].localeCompare(b[1]); });
  }

  function setup(root) {
    if (root.getAttribute("data-jr-ready")) return;
    root.setAttribute("data-jr-ready", "1");
    var table = root.querySelector("table");
    var bodies = Array.prototype.slice.call(table.tBodies);
    var rows = [];
    bodies.forEach(function (b) {
      Array.prototype.forEach.call(b.rows, function (r) {
        if (!r.classList.contains("jr-group")) rows.push(r);
      });
    });
    var headers = table.tHead.rows[0].cells;
    var label = root.getAttribute("data-jr-filter-label") || "";
    var all = root.getAttribute("data-jr-all") || "";
    var channels = bodies.map(function (b) {
      return [b.getAttribute("data-jr-channel"), b.getAttribute("data-jr-channel-label")];
    }).filter(function (v, i, a) {
      return a.findIndex(function (w) { return w[0] === v[0]; }) === i;
    });

    var bar = document.createElement("div");
    bar.className = "jr-catalog-tools";
    bar.setAttribute("role", "search");
    var count = document.createElement("span");
    count.className = "jr-catalog-count";
    count.setAttribute("aria-live", "polite");
    var filters = [];

    function apply() {
      var want = filters.map(function (f) { return f.select.value; });
      var shown = 0;
      bodies.forEach(function (b) {
        var channelOk = !want[0] || b.getAttribute("data-jr-channel") === want[0];
        var visible = 0;
        Array.prototype.forEach.call(b.rows, function (r) {
          if (r.classList.contains("jr-group")) return;
          var ok = channelOk && (!want[1] || r.getAttribute("data-jr-kind") === want[1]) &&
            (!want[2] || r.getAttribute("data-jr-owner") === want[2]);
          r.hidden = !ok;
          if (ok) visible++;
        });
        b.hidden = visible === 0;
        shown += visible;
      });
      count.textContent = (root.getAttribute("data-jr-shown") || "{shown} / {count}")
        .replace("{shown}", shown).replace("{count}", rows.length);
    }

    filters.push(select(root.getAttribute("data-jr-channel-name") || "", channels, all, apply));
    filters.push(select(text(headers[1]), distinct(rows, "data-jr-kind"), all, apply));
    filters.push(select(text(headers[2]), distinct(rows, "data-jr-owner"), all, apply));
    var legend = document.createElement("span");
    legend.className = "jr-catalog-legend";
    legend.textContent = label;
    bar.appendChild(legend);
    filters.forEach(function (f) { bar.appendChild(f.el); });
    bar.appendChild(count);
    root.insertBefore(bar, table);

    Array.prototype.forEach.call(headers, function (th, index) {
      var kind = th.getAttribute("data-jr-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "jr-sort";
      button.title = root.getAttribute("data-jr-sort-label") || "";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) {
          if (h.hasAttribute("aria-sort")) h.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        bodies.forEach(function (b) {
          var items = Array.prototype.filter.call(b.rows, function (r) { return !r.classList.contains("jr-group"); });
          items.sort(function (a, c) {
            var x = a.cells[index], y = c.cells[index], d;
            if (kind === "number") d = parseFloat(x.getAttribute("data-jr-value")) - parseFloat(y.getAttribute("data-jr-value"));
            else d = text(x).localeCompare(text(y), document.documentElement.lang || undefined, { sensitivity: "base" });
            return ascending ? d : -d;
          });
          items.forEach(function (r) { b.appendChild(r); });
        });
      });
    });
    apply();
  }

  // Tables of three or more columns become cards on phones (CSS: table[data-jr-cards]): each cell is
  // labelled with its column's header, which the card shows before the value.
  function label(table) {
    if (table.getAttribute("data-jr-labelled") || !table.tHead || !table.tHead.rows.length) return;
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, text);
    if (heads.length < 3) return;
    table.setAttribute("data-jr-labelled", "1");
    table.setAttribute("data-jr-cards", "");
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        if (row.cells.length !== heads.length) return;
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
        });
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-jr-catalog]").forEach(setup);
    document.querySelectorAll(".md-content .md-typeset table:not([class])").forEach(label);
  }

  if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
