"""Helpers for the browser tests: serving a built site, opening closed shadow roots,
checking Mermaid diagrams, measuring text contrast inside diagrams.

Kept free of pytest fixtures so the negative control (test 8) can call exactly the
same checking function as the real test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from mkdocs_journeys.cli.local_server import CHROMIUM_ARGS, LocalServer  # noqa: F401 (CHROMIUM_ARGS: re-exported)
from sitekit import CHROMIUM, REPO  # noqa: F401 (CHROMIUM: re-exported; never download a browser)

AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/e2e-shots")
VIEWPORT = {"width": 1280, "height": 900}

# Material attaches every rendered diagram to a CLOSED shadow root. Force them open
# (before any page script runs) so tests can read and click the SVG.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""

MERMAID_SOURCE = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)


# --------------------------------------------------------------------------- serving
class SiteServer(LocalServer):
    """A built site folder served on 127.0.0.1 (random port)."""


# --------------------------------------------------------------------------- site facts
def site_pages(site_dir: Path) -> list[str]:
    """Every page of the built site as a URL path relative to the root ('' is home)."""
    paths = []
    for index in sorted(site_dir.rglob("index.html")):
        rel = index.parent.relative_to(site_dir).as_posix()
        paths.append("" if rel == "." else rel + "/")
    return paths


def diagram_sources(site_dir: Path, path: str) -> list[str]:
    """The Mermaid sources of one built page, as they are in its HTML."""
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    return MERMAID_SOURCE.findall(html)


def is_local(url: str) -> bool:
    scheme = urlparse(url).scheme
    if scheme in ("data", "blob", "about", "chrome-error"):
        return True  # never leaves the machine
    return urlparse(url).hostname == "127.0.0.1"


# --------------------------------------------------------------------------- recording
@dataclass
class Record:
    """What one browser context did: requests, console errors, uncaught exceptions."""

    requests: list[tuple[str, str, str]] = field(default_factory=list)  # (page, resource type, url)
    console_errors: list[tuple[str, str, str]] = field(default_factory=list)  # (page, text, source url)
    page_errors: list[tuple[str, str]] = field(default_factory=list)  # (page, message)
    current: str = "?"

    def attach(self, context, page) -> None:
        context.on("request", lambda r: self.requests.append((self.current, r.resource_type, r.url)))
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.page_errors.append((self.current, str(e))))

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append((self.current, msg.text, (msg.location or {}).get("url", "")))

    def external_requests(self) -> list[tuple[str, str, str]]:
        return [r for r in self.requests if not is_local(r[2])]


def new_tab(browser, base_url: str, color_scheme: str = "light", record: Record | None = None):
    """A fresh context + page: shadow roots forced open, requests to other hosts recorded
    and aborted (the tests must never reach the network), console errors recorded."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme, base_url=base_url, locale="de-CH")
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])(?!data:)(?!blob:)"), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15_000)
    record = record if record is not None else Record()
    record.attach(context, page)
    return context, page, record


def precondition(ok: bool, message: str) -> None:
    """Fail the test as broken (pytest.fail), not as an assertion about the product: the
    xfail markers of known bugs use raises=AssertionError, so a broken setup is never
    mistaken for the expected failure."""
    if not ok:
        import pytest

        pytest.fail(message, pytrace=False)


def goto(page, record: Record, path: str) -> None:
    record.current = "/" + path
    response = page.goto(path or "./", wait_until="load")
    precondition(response is not None and response.ok, f"/{path}: HTTP {response and response.status}")


# --------------------------------------------------------------------------- diagrams
_RENDER_STATE = """
() => {
  const hosts = [...document.querySelectorAll('div.mermaid')];
  const svgs = hosts.filter(h => h.shadowRoot && h.shadowRoot.querySelector('svg')).length;
  const closed = hosts.filter(h => !h.shadowRoot).length;
  const pending = document.querySelectorAll('pre.mermaid').length;
  let text = document.body.innerText;
  const errorSvgs = [...document.querySelectorAll('svg[aria-roledescription=error]')].length
    + hosts.reduce((n, h) => n + (h.shadowRoot ? h.shadowRoot.querySelectorAll('svg[aria-roledescription=error]').length : 0), 0);
  for (const h of hosts) if (h.shadowRoot) text += '\\n' + h.shadowRoot.textContent;
  // Mermaid may leave its error drawing in a temporary element at the end of <body>
  for (const d of document.querySelectorAll('body > div[id^=d__mermaid], body > svg[id^=__mermaid]')) text += '\\n' + d.textContent;
  const m = text.match(/Syntax error[^\\n]{0,80}/i);
  return { svgs, closed, pending, errorSvgs, syntaxError: m ? m[0] : null };
}
"""

_SETTLED = """
(expected) => {
  const hosts = [...document.querySelectorAll('div.mermaid')];
  const done = hosts.filter(h => h.shadowRoot && h.shadowRoot.querySelector('svg')).length;
  if (done >= expected && !document.querySelector('pre.mermaid')) return true;
  // stop waiting early once Mermaid has drawn its error picture
  return /Syntax error/i.test(document.body.textContent);
}
"""


def check_diagrams(page, expected: int, timeout_ms: int = 20_000) -> list[str]:
    """Wait until the page's `expected` Mermaid diagrams are rendered (or time out) and
    return what is wrong; an empty list means every source became an SVG and no
    'Syntax error' appears anywhere."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_SETTLED, arg=expected, timeout=timeout_ms, polling=100)
    except PlaywrightTimeout:
        pass
    if expected == 0:
        page.wait_for_timeout(50)
    state = page.evaluate(_RENDER_STATE)
    problems = []
    if state["closed"]:
        problems.append(f"{state['closed']} diagram shadow root(s) not readable (open-shadow hook failed)")
    if state["svgs"] != expected:
        problems.append(f"{state['svgs']} SVG(s) rendered for {expected} diagram source(s)")
    if state["pending"]:
        problems.append(f"{state['pending']} <pre class=mermaid> left unrendered")
    if state["errorSvgs"]:
        problems.append(f"{state['errorSvgs']} Mermaid error diagram(s)")
    if state["syntaxError"]:
        problems.append(f"page shows {state['syntaxError']!r}")
    return problems


def wait_for_diagrams(page, expected: int) -> None:
    problems = check_diagrams(page, expected)
    precondition(not problems, f"{page.url}: diagrams did not render: {problems}")


def bug(reason: str):
    """A known product bug: the test asserts correct behaviour and is expected to fail
    with an AssertionError (and only that), until the bug is fixed."""
    import pytest

    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)


SHADOW_LINK = """
(href) => {
  for (const host of document.querySelectorAll('div.mermaid')) {
    if (!host.shadowRoot) continue;
    for (const a of host.shadowRoot.querySelectorAll('a')) {
      const h = a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
      if (h === href) return a;
    }
  }
  return null;
}
"""

SHADOW_LINKS = """
() => [...document.querySelectorAll('div.mermaid')].flatMap((host, i) => host.shadowRoot ?
  [...host.shadowRoot.querySelectorAll('a')].map(a => ({
    diagram: i, kind: host.shadowRoot.querySelector('svg').getAttribute('aria-roledescription'),
    href: a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'),
    text: a.textContent.trim() })) : [])
"""


# --------------------------------------------------------------------------- contrast
# Samples every painted text inside the rendered diagrams: SVG <text> (skipping the
# fallback <text> of a <switch> whose <foreignObject> is what gets painted) and HTML
# text inside <foreignObject>. The colour behind it is composed from the page
# background, every SVG shape painted before it whose box contains the text's centre
# (document order = paint order), and HTML backgrounds inside the foreignObject.
CONTRAST_JS = """
(only) => {
  const ctx = document.createElement('canvas').getContext('2d');
  function parse(c) {
    if (!c || c === 'none' || c === 'transparent') return null;
    let m = c.match(/^rgba?\\(([^)]+)\\)$/);
    if (!m) {
      ctx.fillStyle = '#000'; ctx.fillStyle = c; const n = ctx.fillStyle;
      if (n[0] === '#') return [parseInt(n.slice(1, 3), 16), parseInt(n.slice(3, 5), 16), parseInt(n.slice(5, 7), 16), 1];
      m = n.match(/^rgba?\\(([^)]+)\\)$/); if (!m) return null;
    }
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const opacity = (el, stop) => { let o = 1; for (let e = el; e && e !== stop; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity); return o; };
  function pageBackground(host) {
    const chain = []; for (let e = host; e; e = e.parentElement) chain.push(e);
    let c = [255, 255, 255, 1];
    for (const e of chain.reverse()) { const b = parse(getComputedStyle(e).backgroundColor); if (b && b[3] > 0) c = over(b, c); }
    return c;
  }
  const out = [];
  // Mermaid's diagrams (in their shadow roots), then the plugin's own SVG emotion curves.
  const hosts = [...document.querySelectorAll('div.mermaid')].concat([...document.querySelectorAll('svg.jr-emotion')]);
  hosts.forEach((host, index) => {
    if (only && !only.includes(index)) return;
    const own = host.matches('svg.jr-emotion');
    const svg = own ? host : host.shadowRoot && host.shadowRoot.querySelector('svg'); if (!svg) return;
    const kind = own ? 'emotion-curve' : svg.getAttribute('aria-roledescription');
    const base = pageBackground(host);
    const shapes = [...svg.querySelectorAll('rect, polygon, circle, ellipse, path')].filter(s => !s.closest('defs, marker'));
    const texts = [];
    for (const t of svg.querySelectorAll('text')) {
      const sw = t.closest('switch'); if (sw && sw.querySelector('foreignObject')) continue;
      if (t.textContent.trim()) texts.push([t, 'fill']);
    }
    for (const fo of svg.querySelectorAll('foreignObject'))
      for (const e of fo.querySelectorAll('*'))
        if ([...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) texts.push([e, 'color']);
    for (const [t, prop] of texts) {
      const cs = getComputedStyle(t);
      if (cs.visibility === 'hidden' || cs.display === 'none') continue;
      const r = t.getBoundingClientRect(); if (r.width < 1 || r.height < 1) continue;
      const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
      let bg = base.slice(), on = 'page background';
      for (const s of shapes) {
        if (s.contains(t) || !(s.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        const b = s.getBoundingClientRect();
        if (!(b.left <= cx && cx <= b.right && b.top <= cy && cy <= b.bottom)) continue;
        const ss = getComputedStyle(s); if (ss.visibility === 'hidden' || ss.display === 'none') continue;
        const f = parse(ss.fill); if (!f) continue;
        const a = f[3] * parseFloat(ss.fillOpacity) * opacity(s, svg); if (a <= 0) continue;
        bg = over([f[0], f[1], f[2], a], bg); on = s.tagName + (s.getAttribute('class') ? '.' + s.getAttribute('class').trim().replace(/\\s+/g, '.') : '');
      }
      if (prop === 'color') {
        const chain = []; for (let e = t; e && e.tagName.toLowerCase() !== 'foreignobject'; e = e.parentElement) chain.push(e);
        for (const e of chain.reverse()) { const b = parse(getComputedStyle(e).backgroundColor);
          if (b && b[3] > 0) { bg = over(b, bg); on = e.tagName.toLowerCase() + '.' + (e.className || ''); } }
      }
      let fg = parse(prop === 'fill' ? cs.fill : cs.color); if (!fg) continue;
      fg = over([fg[0], fg[1], fg[2], fg[3] * (prop === 'fill' ? parseFloat(cs.fillOpacity) : 1) * opacity(t, svg)], bg);
      const size = parseFloat(cs.fontSize), weight = parseInt(cs.fontWeight, 10) || 400;
      const cls = (t.getAttribute('class') || '') || (t.parentElement.getAttribute('class') || '');
      out.push({ diagram: index, kind, text: t.textContent.trim().slice(0, 50), cls, on,
                 fg: fg.slice(0, 3).map(Math.round), bg: bg.slice(0, 3).map(Math.round), size, weight,
                 large: size >= 24 || (size >= 18.66 && weight >= 700), ratio: Math.round(ratio(fg, bg) * 100) / 100 });
    }
  });
  return out;
}
"""


def rgb(c: list[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*tuple(c))


def contrast_summary(samples: list[dict]) -> list[str]:
    """One line per (diagram kind, text class, background) group: count and worst ratio."""
    groups: dict[tuple, list[dict]] = {}
    for s in samples:
        groups.setdefault((s["page"], s["kind"], s["cls"], s["on"]), []).append(s)
    lines = []
    for (page, kind, cls, on), items in sorted(groups.items()):
        worst = min(items, key=lambda s: s["ratio"])
        lines.append(
            f"{page:32} {kind:13} {cls[:34]:34} on {on[:40]:40} n={len(items):3} "
            f"min {worst['ratio']:5.2f} ({rgb(worst['fg'])} on {rgb(worst['bg'])}, "
            f"{worst['size']:.0f}px/{worst['weight']}) e.g. {worst['text'][:30]!r}"
        )
    return lines
