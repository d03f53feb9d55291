/* mkdocs-journeys: Mermaid from this site, loaded only where a diagram is.
 *
 * Material for MkDocs uses a global `mermaid` when one exists (and a CDN
 * otherwise). This stub is that global: it costs nothing on pages without
 * diagrams and loads the pinned local mermaid.min.js on first render, also
 * after instant navigation. It adds theme CSS so journey diagrams follow
 * Material's light and dark palettes like flowcharts do.
 *
 * Diagrams may be hand-written in content (```mermaid fences), which arrives
 * through pull requests: securityLevel stays strict, labels may not load
 * images or other media (nothing is loaded from another host), and a
 * diagram's own %%{init}%% directive cannot change either.
 */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined") return; // another integration owns Mermaid
  var here = document.currentScript && document.currentScript.src;
  var src = here ? here.replace(/[^/]*$/, "mermaid.min.js") : "mermaid.min.js";
  var journeyCss = [
    "text.legend, .journey-section text, text.actor-label { fill: var(--md-default-fg-color) !important; }",
    "svg[aria-roledescription=journey] > text { fill: var(--md-default-fg-color) !important; }",
    ".task-line { stroke: var(--md-default-fg-color--lighter) !important; }",
    ".face { fill: var(--md-default-bg-color) !important; stroke: var(--md-default-fg-color) !important; }",
    ".mouth { stroke: var(--md-default-fg-color) !important; }",
    "line[stroke='black'], path[stroke='black'] { stroke: var(--md-default-fg-color--light) !important; }",
    "#arrowhead path { fill: var(--md-default-fg-color--light) !important; stroke: none !important; }",
    // Task and section boxes take the page's palette (light and dark), tinted with its primary colour.
    "rect.task, rect.journey-section, rect[class^=section-type], rect[class*=' section-type'] {"
      + " fill: color-mix(in srgb, var(--md-primary-fg-color) 14%, var(--md-default-bg-color)) !important;"
      + " stroke: var(--md-default-fg-color--lighter) !important; }",
    ".task text, .section text, .task tspan { fill: var(--md-default-fg-color) !important; }",
    "div.task .label, div.journey-section .label { color: var(--md-default-fg-color) !important; font-size: 13px !important; line-height: 1.25; }"
  ].join("\n");
  var config = {};
  // Label HTML passes DOMPurify with this: no tag or attribute that fetches anything.
  var purify = {
    FORBID_TAGS: ["style", "img", "image", "picture", "source", "video", "audio", "track", "iframe", "frame",
      "object", "embed", "link", "meta", "base", "form", "input", "svg", "math", "use"],
    FORBID_ATTR: ["style", "src", "srcset", "href", "xlink:href", "action", "formaction", "background", "poster", "data"]
  };
  // Mermaid's own list, plus what a diagram could use to undo the above.
  var secure = ["secure", "securityLevel", "startOnLoad", "maxTextSize", "suppressErrorRendering", "maxEdges",
    "dompurifyConfig", "themeCSS", "fontFamily", "altFontFamily"];
  var loading = null;
  var stub = {
    initialize: function (cfg) { config = Object.assign({}, cfg || {}); },
    render: function (id, text, container) {
      return load().then(function (real) { return real.render(id, text, container); });
    }
  };
  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var el = document.createElement("script");
        el.src = src;
        el.async = true;
        el.onload = function () {
          var real = window.mermaid;
          if (!real || real === stub) { reject(new Error("mermaid.min.js did not define mermaid")); return; }
          config.securityLevel = "strict";
          config.dompurifyConfig = purify;
          config.secure = secure;
          // Journeys keep their natural width and scroll, instead of shrinking to unreadable text.
          // Flowcharts fit their column (no diagram wider than its space); the generated ones are laid out
          // top down and dense, and offer a full-screen view (div.jr-diagram).
          config.flowchart = Object.assign({ useMaxWidth: true, nodeSpacing: 18, rankSpacing: 36, wrappingWidth: 140 },
            config.flowchart || {});
          // actorColours: the persona palette of the board and the emotion curve (diagrams/emotion_curve.py)
          config.journey = Object.assign({ useMaxWidth: false, taskFontSize: 13, width: 170, height: 76,
            leftMargin: 160, diagramMarginX: 10, diagramMarginY: 10,
            actorColours: ["#1e88e5", "#8e24aa", "#00897b", "#f4511e", "#6d4c41", "#546e7a"] }, config.journey || {});
          config.themeCSS = (config.themeCSS || "") + "\n" + journeyCss;
          real.initialize(config);
          resolve(real);
        };
        el.onerror = function () { reject(new Error("could not load " + src)); };
        document.head.appendChild(el);
      });
    }
    return loading;
  }
  window.mermaid = stub;
})();
