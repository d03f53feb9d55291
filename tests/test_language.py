"""Everything the site shows is in the site's language.

The test site is built in German and in English. In each generated page's visible text (the
article, without the content's own words), no word may appear that only the other language's
locale files use; and both locale files have the same keys.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from sitekit import REPO, copy_site, mkdocs_build

LOCALES = REPO / "plugins" / "mkdocs_journeys" / "core" / "locales"
LABELS = REPO / "plugins" / "mkdocs_journeys" / "render" / "labels"
CONTENT_DIRS = ("journeys", "personas", "touchpoints", "actuals")
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{3,}")
# Ids, keys and paths (rule names, KPI keys, file names) are not words of a language.
IDENT = re.compile(r"[\w.\-/\[\]]*\w[-_./\[][\w.\-/\[\]]*")
# Words of both languages ('was', 'die', 'also'): never evidence of the other one.
BOTH = {"was", "die", "will", "also", "man", "hat", "fast", "bald", "kind", "war", "see", "art", "rat", "bin", "hell"}

# German pages whose text other work translates: (language, page kind) -> what is still English.
NOT_YET: dict[tuple[str, str], str] = {}
PAGE_KINDS = {
    "journeys": r"journeys/(page/\d+/)?",
    "journey": r"journeys/(?!page/)[^/]+/",
    "board": r"journeys/[^/]+/board/",
    "compare": r"journeys/[^/]+/compare/",
    "personas": r"personas/(page/\d+/)?",
    "persona": r"personas/(?!page/)[^/]+/(\d+/)?",
    "touchpoints": r"touchpoints/(page/\d+/)?",
    "touchpoint": r"touchpoints/(?!page/)[^/]+/(\d+/)?",
    "phases": r"phases/",
    "phase": r"phases/(?!matrix/)[^/]+/(\d+/)?",
    "matrix": r"phases/matrix/(\d+/)?",
    "teams": r"teams/(page/\d+/)?",
    "team": r"teams/(?!page/)[^/]+/(\d+/)?",
    "backlog": r"backlog/(page/\d+/)?",
    "health": r"health/(page/\d+/)?",
    "journey-health": r"health/(?!page/)[^/]+/(\d+/)?",
    "format-reference": r"reference/format/",
    "error-catalog": r"reference/problems/",
}


# --------------------------------------------------------------------------- locale files
def locale_files(lang: str) -> list[Path]:
    return [LABELS / f"{lang}.yml", *sorted(LOCALES.glob(f"messages.{lang}.yml")), LOCALES / f"format.{lang}.yml"]


def load(lang: str) -> dict:
    merged: dict = {}
    for f in locale_files(lang):
        merged.update(
            {
                f"{f.name.split('.')[0]}:{k}" if f.name.count(".") == 2 else k: v
                for k, v in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).items()
            }
        )
    return merged


def keys(data, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return {k for key, value in data.items() for k in keys(value, f"{prefix}{key}.")} | {prefix.rstrip(".")} - {""}
    return {prefix.rstrip(".")}


def values(data) -> list[str]:
    if isinstance(data, dict):
        return [v for value in data.values() for v in values(value)]
    if isinstance(data, list):
        return [v for value in data for v in values(value)]
    return [str(data)] if data is not None else []


def words(texts: list[str]) -> set[str]:
    # {placeholders} and `code` (option names, paths: skipped on the pages too) are not words of the language
    return {w.casefold() for t in texts for w in WORD.findall(re.sub(r"\{[^}]*\}|`[^`]*`", " ", t))} - BOTH


@pytest.mark.unit
def test_both_locales_have_the_same_keys():
    en, de = load("en"), load("de")
    assert sorted(keys(en) - keys(de)) == [], "keys missing from German"
    assert sorted(keys(de) - keys(en)) == [], "keys missing from English"
    assert [f.name.replace("en.", "de.") for f in locale_files("en")] == [f.name for f in locale_files("de")]


@pytest.mark.unit
def test_every_plural_has_both_forms():
    for lang in ("en", "de"):
        for key, forms in load(lang)["plurals"].items():
            assert set(forms) == {"one", "other"}, (lang, key)
            assert all("{n}" in form for form in forms.values()), (lang, key)


# --------------------------------------------------------------------------- the built sites
def _project(dest: Path) -> Path:
    return copy_site(dest)  # the tests' own fixture project (tests/fixtures/project)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    project = _project(tmp_path_factory.mktemp("language") / "project")
    out = {}
    for lang in ("de", "en"):
        config = project / f"mkdocs.{lang}.yml"
        config.write_text(f"INHERIT: mkdocs.yml\nsite_dir: site-{lang}\ntheme:\n  language: {lang}\n", encoding="utf-8")
        result = mkdocs_build(project, "-f", config.name)
        assert result.returncode == 0, result.stderr
        out[lang] = project / f"site-{lang}"
    return out


@pytest.fixture(scope="module")
def content_strings(sites) -> list[str]:
    """Every string the content files and the site's configuration bring, longest first."""
    project = next(iter(sites.values())).parent
    found: set[str] = set()
    for folder in CONTENT_DIRS:
        for f in (project / folder).rglob("*"):
            if f.suffix not in (".md", ".yml", ".yaml", ".csv") or not f.is_file():
                continue
            text = f.read_text(encoding="utf-8")
            if f.suffix == ".csv":
                found.update(cell.strip() for line in text.splitlines() for cell in line.split(","))
                continue
            head = text.split("---", 2)[1] if f.suffix == ".md" and text.startswith("---") else text
            found.update(values(yaml.safe_load(head) or {}))
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient)
    found.update(values(config.get("plugins")))
    found.add(str(config.get("site_name", "")))
    return sorted((s.strip() for s in found if len(s.strip()) > 1), key=len, reverse=True)


class _Lenient(yaml.SafeLoader):
    """mkdocs.yml may carry !!python/name tags; their values do not matter here."""


_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Lenient.add_multi_constructor("!", lambda loader, suffix, node: None)


class ArticleText(HTMLParser):
    """Visible text of the page's article: no prose (content), code, diagrams' source, scripts or styles."""

    SKIP = {"script", "style", "code", "pre", "svg", "template"}
    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"}

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._inside = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        skipped = (
            bool(self._stack and self._stack[-1][1])
            or tag in self.SKIP
            or "jr-prose" in cls
            or "headerlink" in cls
            or "md-source-file" in cls
        )
        if tag == "article" and "md-content__inner" in cls:
            self._inside += 1
        self._stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self._stack:
            t, _ = self._stack.pop()
            if t == "article" and tag == "article":
                self._inside -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if self._inside and not (self._stack and self._stack[-1][1]) and data.strip():
            self.chunks.append(" ".join(data.split()))


def page_text(html: str) -> list[str]:
    start = html.find('<article class="md-content__inner')
    html = html[start : html.index("</article>", start) + len("</article>")] if start >= 0 else ""
    parser = ArticleText()
    parser.feed(html)
    return parser.chunks


def wrong_plurals(lang: str) -> re.Pattern:
    """'1 Phasen': one, followed by a word only the plural ('other') form of a plural label has."""
    many = set()
    for forms in load(lang)["plurals"].values():
        many |= set(WORD.findall(forms["other"].replace("{n}", " "))) - set(
            WORD.findall(forms["one"].replace("{n}", " "))
        )
    return re.compile(r"(?<![\d.’'])\b1 (" + "|".join(sorted(map(re.escape, many))) + r")\b")


def foreign_words(
    site: Path, kind: str, foreign: set[str], content: list[str], plural: re.Pattern | None = None
) -> list[str]:
    pattern = re.compile(PAGE_KINDS[kind] + r"index\.html")
    found = []
    for f in sorted(site.rglob("index.html")):
        rel = f.relative_to(site).as_posix()
        if not pattern.fullmatch(rel):
            continue
        text = " ¦ ".join(page_text(f.read_text(encoding="utf-8")))
        for s in content:
            if s in text:
                text = text.replace(s, " ")
        text = IDENT.sub(" ", text)
        bad = sorted({w for w in WORD.findall(text) if w.casefold() in foreign})
        bad += sorted({m.group(0) for m in plural.finditer(text)}) if plural else []
        if bad:
            found.append(f"{rel}: {', '.join(bad)}")
    return found


CASES = [
    pytest.param(
        lang,
        kind,
        id=f"{lang}-{kind}",
        marks=[pytest.mark.xfail(strict=False, reason=NOT_YET[lang, kind])] if (lang, kind) in NOT_YET else [],
    )
    for lang in ("de", "en")
    for kind in PAGE_KINDS
]


@pytest.mark.build
@pytest.mark.parametrize("lang, kind", CASES)
def test_pages_show_no_word_of_the_other_language(sites, content_strings, lang, kind):
    other = "en" if lang == "de" else "de"
    foreign = words(values(load(other))) - words(values(load(lang)))
    pages = [
        f
        for f in sites[lang].rglob("index.html")
        if re.fullmatch(PAGE_KINDS[kind] + r"index\.html", f.relative_to(sites[lang]).as_posix())
    ]
    assert pages, f"the test site has no {kind} page"
    assert foreign_words(sites[lang], kind, foreign, content_strings, wrong_plurals(lang)) == []


@pytest.mark.unit
def test_the_check_finds_a_foreign_word(tmp_path):
    """The negative control: an English label on a German page is found, content words are not."""
    site = tmp_path / "site"
    (site / "phases" / "matrix").mkdir(parents=True)
    (site / "phases" / "matrix" / "index.html").write_text(
        '<article class="md-content__inner"><h1>Matrix</h1><p>Average emotion of the steps</p>'
        '<p>Sara sagt: average</p><div class="jr-prose"><p>Owner</p></div><code>owner</code>'
        "<p>1 Phasen, 21 Phasen, 1 Phase</p></article>",
        encoding="utf-8",
    )
    foreign = words(values(load("en"))) - words(values(load("de")))
    assert foreign_words(site, "matrix", foreign, ["Sara sagt: average"], wrong_plurals("de")) == [
        "phases/matrix/index.html: Average, steps, the, 1 Phasen"
    ]
