"""Messages people can act on: one problem per root cause, every message located, health beside errors,
the site's language, phase order, and the YAML colon hint.

Each test builds its own project (content_factory or a small site written here).
"""

from __future__ import annotations

import ast
import html
import re
import string
from pathlib import Path

import pytest
import yaml

from content_factory import JOURNEY_J2_INDEX, PERSONA_SARA, TOUCHPOINT_NEWSLETTER, Project
from mkdocs_journeys.cli import commands as cli
from mkdocs_journeys.core import source_files as loading
from mkdocs_journeys.core.catalog_loader import Settings, check, load_catalog
from mkdocs_journeys.core.locales import messages
from mkdocs_journeys.core.model import PhaseDef
from mkdocs_journeys.core.problems import ERROR, KINDS, Place, Report
from mkdocs_journeys.core.problems import INFO as INFO_LEVEL

pytestmark = pytest.mark.unit

PACKAGE = Path(loading.__file__).parent
LOCALES = PACKAGE / "locales"

INFO = "journeys/j1/information.md"
NINE_PHASES = [
    "awareness",
    "interest",
    "information",
    "trial",
    "purchase",
    "onboarding",
    "usage",
    "loyalty",
    "offboarding",
]


def write(root: Path, rel: str, text: str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


def site(root: Path, *, language: str | None = None, theme_language: str | None = None, phases=NINE_PHASES) -> Path:
    """A site with mkdocs.yml, one persona (sara), one touchpoint, and one journey over `phases` whose
    phase files all name sara: valid until a test plants an error."""
    theme = "  name: mkdocs\n" if theme_language is None else f"  name: material\n  language: {theme_language}\n"
    options = f"      language: {language}\n" if language else ""
    options += "      phases:\n" + "".join(f"        - id: {p}\n          title: {p.title()}\n" for p in phases)
    write(root, "mkdocs.yml", f"site_name: T\ntheme:\n{theme}plugins:\n  - journeys:\n{options}")
    write(root, "docs/index.md", "# T\n")
    write(root, "personas/sara.md", PERSONA_SARA)
    write(root, "touchpoints/newsletter.md", TOUCHPOINT_NEWSLETTER)
    write(root, "journeys/j1/index.md", "---\ntitle: J\nsummary: S\npersonas:\n  - sara\nstate: to-be\n---\n")
    for p in phases:
        write(
            root,
            f"journeys/j1/{p}.md",
            "---\ncore_message: M\nneeds:\n  sara:\n    - To know\n"
            "steps:\n  - title: Reads\n    touchpoint: newsletter\n    emotion: 3\n---\n",
        )
    return root


def run_check(root: Path, capsys) -> tuple[int, list[str], str]:
    code = cli.main(["check", str(root)])
    out = capsys.readouterr()
    return code, [line for line in out.out.splitlines() if line], out.err


def settings(root: Path, language: str = "en", phases=NINE_PHASES) -> Settings:
    return Settings(root=root, phases=[PhaseDef(p, p.title()) for p in phases], language=language)


# --- 1. root cause first, consequences folded -------------------------------------------------------


def test_a_misspelled_persona_is_one_error_with_the_right_did_you_mean(tmp_path, capsys):
    root = site(tmp_path)
    write(root, "journeys/j1/index.md", "---\ntitle: J\nsummary: S\npersonas:\n  - sarah\nstate: to-be\n---\n")
    code, lines, err = run_check(root, capsys)
    errors = [line for line in lines if " error " in line]
    assert code == 1
    assert len(errors) == 1, "\n".join(lines)
    assert errors[0].startswith("journeys/j1/index.md:5: error J401 [unknown-reference] personas[0]:"), errors[0]
    assert "Did you mean 'sara'?" in errors[0]
    assert "'sarah'?" not in errors[0] and "J409" not in "\n".join(lines)
    # the nine phase files are the places of the same cause, each with its line
    assert "Also referenced in 9 more places: journeys/j1/awareness.md:4 (needs.sara)" in errors[0]
    assert ": 1 error, 0 warnings," in err


def test_several_references_to_one_unknown_id_are_one_problem(tmp_path):
    p = Project(tmp_path)
    p.replace(INFO, "    touchpoint: newsletter\n", "    touchpoint: newsleter\n")
    p.replace(INFO, "      - newsletter\n", "      - newsleter\n")
    p.replace("journeys/j1/awareness.md", "    touchpoint: newsletter\n", "    touchpoint: newsleter\n")
    problems = p.load().report.problems
    assert [(x.kind.name, x.file, x.field) for x in problems] == [
        ("unknown-reference", "journeys/j1/awareness.md", "steps[0].touchpoint")
    ], [x.format() for x in problems]
    [only] = problems
    assert only.hint == "newsletter"
    assert [(pl.file, pl.field) for pl in only.folded] == [
        (INFO, "steps[0].touchpoint"),
        (INFO, "impact_map[0].deliverables[0]"),
    ]
    assert all(pl.line for pl in only.folded)


def test_references_to_a_broken_file_are_places_of_its_problem(tmp_path):
    p = Project(tmp_path)
    p.replace("touchpoints/newsletter.md", "kind: digital\n", "kind: digitl\n")
    problems = p.load().report.problems
    assert [(x.kind.name, x.file) for x in problems] == [("invalid-value", "touchpoints/newsletter.md")]
    assert {pl.file for pl in problems[0].folded} == {"journeys/j1/awareness.md", INFO}
    assert "Also referenced in 3 more places" in problems[0].format()


def test_a_persona_outside_the_journey_without_a_typo_is_still_its_own_error(tmp_path):
    p = Project(tmp_path)
    p.write("personas/ben.md", PERSONA_SARA.replace("Sara Keller", "Ben Frei"))
    p.replace(INFO, "  sara:\n    - Understand", "  ben:\n    - Understand")
    problems = p.load().report.problems
    errors = [(x.kind.name, x.field, x.hint) for x in problems if x.severity == ERROR]
    assert errors == [("persona-not-in-journey", "needs.ben", None)]


# --- 2. every message located --------------------------------------------------------------------------


def test_health_findings_name_file_line_and_field(tmp_path):
    p = Project(tmp_path)
    result = check(p.settings())
    findings = [x for x in result.report.sorted() if x.severity == INFO_LEVEL]
    assert findings
    for f in findings:
        assert f.file and f.line, f.format()
    no_target = next(f for f in findings if f.kind.name == "kpi-without-source" and f.file == INFO)
    assert no_target.field == "kpis[0].source"
    assert no_target.line == p.line_of(INFO, "- id: open_rate")


def test_a_cycle_names_each_branch_with_file_and_line(tmp_path):
    p = Project(tmp_path)
    p.add_journey_j2()
    p.replace(INFO, "    phase: awareness\n", "    journey: j2\n")
    j2 = "journeys/j2/awareness.md"
    p.replace(j2, "    emotion: 4\n", "    emotion: 4\nbranches:\n  - condition: Again\n    journey: j1\n")
    [cycle] = [x for x in p.load().report.problems if x.kind.name == "branch-cycle"]
    places = [cycle.place, *cycle.related]
    assert [(pl.file, pl.line) for pl in places] == [
        (INFO, p.line_of(INFO, "journey: j2")),
        (j2, p.line_of(j2, "journey: j1")),
    ]
    for pl in places:
        assert f"{pl.file}:{pl.line}" in cycle.format()


def test_names_that_differ_only_in_case_are_one_duplicate_naming_both_files(tmp_path):
    p = Project(tmp_path)
    p.write("touchpoints/Newsletter.md", TOUCHPOINT_NEWSLETTER)
    problems = p.load().report.problems
    shown = [x.format() for x in problems]
    assert [(x.kind.name, x.file) for x in problems] == [("duplicate-id", "touchpoints/Newsletter.md")], shown
    text = problems[0].format()
    assert "touchpoints/Newsletter.md" in text and "touchpoints/newsletter.md" in text
    assert problems[0].hint is None and [r.file for r in problems[0].related] == ["touchpoints/newsletter.md"]


def test_at_most_ten_places_are_listed():
    r = Report()
    r.add(KINDS["unknown-reference"], "a.md", "unknown-reference.touchpoint", line=1, root=("x",), value="t")
    for n in range(2, 14):
        r.fold(("x",), Place("a.md", n))
    text = r.problems[0].format()
    assert "Also referenced in 12 more places: a.md:2, " in text
    assert "a.md:11, 2 more." in text and "a.md:12" not in text


def test_file_level_problems_have_a_line(tmp_path):
    p = Project(tmp_path)
    p.write("personas/ben.md", PERSONA_SARA.replace("Sara Keller", "Ben Frei"))  # unused persona
    p.write("touchpoints/empty.md", "")
    problems = {x.kind.name: x for x in p.load().report.problems}
    assert problems["unused-persona"].line == 1 and problems["empty-file"].line == 1


# --- 3. health beside errors ------------------------------------------------------------------------------


def test_findings_are_computed_beside_errors_and_unchecked_files_are_named(tmp_path, capsys):
    root = site(tmp_path, phases=["awareness", "purchase"])
    write(root, "journeys/j1/purchase.md", "---\nsteps:\n  - title: Buys\n    emotion: 9\n---\n")  # an error
    result = check(settings(root, phases=["awareness", "purchase"]))
    assert [x.kind.name for x in result.report.errors] == ["score-out-of-range"]
    findings = result.report.infos
    assert any(f.file == "journeys/j1/awareness.md" for f in findings)  # the valid file is checked
    assert not any(f.file == "journeys/j1/purchase.md" for f in findings)  # the broken one is not
    assert result.report.unchecked == ["journeys/j1/purchase.md"]
    code, lines, err = run_check(root, capsys)
    assert "could not check 1 file, because it has errors: journeys/j1/purchase.md." in err
    assert re.search(r": 1 error, 0 warnings, [1-9]\d* findings?\.", err), err


def test_phases_of_a_journey_that_failed_to_load_are_named_as_unchecked(tmp_path):
    root = site(tmp_path, phases=["awareness", "purchase"])
    write(root, "journeys/j1/index.md", "---\ntitle: J\nsummary: S\npersonas:\n  - sara\n---\n")  # no state
    report = check(settings(root, phases=["awareness", "purchase"])).report
    assert [p.kind.name for p in report.errors] == ["missing-field"]
    assert report.unchecked == ["journeys/j1/awareness.md", "journeys/j1/index.md", "journeys/j1/purchase.md"]


def test_problems_carry_their_structure_for_tools(tmp_path):
    p = Project(tmp_path)
    p.replace(INFO, "    touchpoint: newsletter\n", "    touchpoint: newsleter\n")
    p.replace(INFO, "      - newsletter\n", "      - newsleter\n")
    [d] = [x.to_dict() for x in p.load().report.sorted()]
    assert (d["code"], d["rule"], d["severity"], d["file"], d["field"], d["hint"]) == (
        "J401",
        "unknown-reference",
        "error",
        INFO,
        "steps[0].touchpoint",
        "newsletter",
    )
    assert d["line"] == p.line_of(INFO, "touchpoint: newsleter")
    line = p.line_of(INFO, "- newsleter")
    assert d["folded"] == [{"file": INFO, "line": line, "field": "impact_map[0].deliverables[0]"}]


# --- 4. the site's language ----------------------------------------------------------------------------------


def _keys(data, prefix=""):
    out = {}
    for k, v in data.items():
        if isinstance(v, dict):
            out.update(_keys(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_message_files_have_the_same_keys_and_placeholders():
    en = _keys(yaml.safe_load((LOCALES / "messages.en.yml").read_text(encoding="utf-8")))
    de = _keys(yaml.safe_load((LOCALES / "messages.de.yml").read_text(encoding="utf-8")))
    assert set(en) - set(de) == set(), "keys missing in messages.de.yml"
    assert set(de) - set(en) == set(), "keys missing in messages.en.yml"
    for key in en:
        if key == "text.missing-field":
            continue  # English adds the field's documentation, which exists in English only
        assert _placeholders(en[key]) == _placeholders(de[key]), key
    assert set(KINDS) <= {k.split(".", 1)[1] for k in en if k.startswith("kinds.")}


def _message_keys_in_code() -> set[str]:
    """Every message key the code passes to Report.add / Validator.problem / health's add."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name))):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if name not in ("add", "problem") or len(node.args) < 3:
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name) and first.value.id == "P"):
                continue
            key = node.args[2]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                found.add(key.value)
            elif isinstance(key, ast.BinOp) and isinstance(key.left, ast.Constant):  # "prefix" + variant
                found.add(key.left.value + "*")
            elif isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):  # f"prefix.{what}"
                found.add(key.values[0].value + "*")
    return found


def test_every_message_the_code_uses_is_in_both_languages():
    used = _message_keys_in_code()
    assert len(used) > 60, sorted(used)
    for lang in ("en", "de"):
        texts = messages(lang).texts
        for key in used:
            if key.endswith("*"):
                assert any(k.startswith(key[:-1]) for k in texts), (lang, key)
            else:
                assert key in texts, f"message '{key}' is missing in messages.{lang}.yml"


# Planted errors across the loader, the validator, the references and the health rules.
PLANTED = {
    "journeys/j1/index.md": "---\ntitle: J\nsummary: S\npersonas:\n  - sarah\nstate: as-is\ncolour: red\n---\n",
    "journeys/j1/awareness.md": "---\nsteps:\n  - title: Reads\n    touchpoint: newsleter\n    emotion: 7\n---\n",
    "touchpoints/flyer.md": "---\nname: Flyer\nchannel: paper\nkind: analog\n---\n",
    "touchpoints/magazin.md": "---\nname: Kundenmagazin: Frühling\nchannel: print\nkind: analog\n---\n",
    "personas/ben.md": "",
    "actuals/a.csv": "kpi,period,value\nnewsletter.open,Jan 2026,3\n",
}


def _static_fragments(lang: str) -> set[str]:
    """The fixed words of every message template of a language, at least 12 characters long."""
    out = set()
    for template in messages(lang).texts.values():
        for literal, *_ in string.Formatter().parse(template):
            for part in re.split(r"'[^']*'|\([^)]*\)|[.;:,]", literal):
                part = part.strip()
                if len(part) >= 12 and " " in part:
                    out.add(part)
    return out


@pytest.mark.parametrize("lang, other", [("de", "en"), ("en", "de")])
def test_output_is_in_the_site_language_only(tmp_path, capsys, lang, other):
    root = site(tmp_path, theme_language=lang, phases=["awareness", "purchase"])
    for rel, text in PLANTED.items():
        write(root, rel, text)
    code, lines, err = run_check(root, capsys)
    text = "\n".join(lines) + "\n" + err
    assert code == 1
    assert len([line for line in lines if " J" in line]) >= 7, text
    foreign = {f for f in _static_fragments(other) if f in text} - _static_fragments(lang)
    assert not foreign, f"{other} text in a {lang} site's output: {sorted(foreign)}\n{text}"
    word = {"de": "Fehler", "en": "error"}[lang]
    assert all(
        f": {word} J" in line
        or ": Warnung J" in line
        or ": warning J" in line
        or ": Hinweis J" in line
        or ": info J" in line
        for line in lines
    ), text
    assert ("Fehler J401" in text) == (lang == "de") and ("error J401" in text) == (lang == "en")


@pytest.mark.parametrize(
    "lang, n, expected",
    [
        ("en", 1, "1 error"),
        ("en", 2, "2 errors"),
        ("de", 1, "1 Fehler"),
        ("de", 2, "2 Fehler"),
    ],
)
def test_error_counts_use_the_plural(lang, n, expected):
    assert messages(lang).plural("errors", n) == expected


@pytest.mark.parametrize(
    "lang, n, expected",
    [
        ("en", 1, "1 finding"),
        ("en", 2, "2 findings"),
        ("de", 1, "1 Befund"),
        ("de", 2, "2 Befunde"),
        ("de", 1, "1 Warnung"),
        ("de", 3, "3 Warnungen"),
    ],
)
def test_finding_and_warning_counts_use_the_plural(lang, n, expected):
    key = "findings" if "ef" in expected or "find" in expected else "warnings"
    assert messages(lang).plural(key, n) == expected


def test_summary_line_counts_root_problems_in_german(tmp_path):
    root = site(tmp_path, phases=["awareness"])
    write(root, "journeys/j1/index.md", "---\ntitle: J\nsummary: S\npersonas:\n  - sarah\nstate: to-be\n---\n")
    result = check(settings(root, "de", ["awareness"]))
    assert result.report.summary(1, 1, 1).startswith("1 Journey, 1 Persona, 1 Touchpoint: 1 Fehler, 0 Warnungen, ")


def test_kind_summaries_and_severities_exist_in_both_languages():
    for k in KINDS.values():
        assert k.summary_in("en") == k.summary or k.name == "invalid-yaml" or k.name == "duplicate-id"
        assert k.summary_in("de") != k.summary_in("en")
    assert [messages("de").severity(s) for s in ("error", "warning", "info")] == ["Fehler", "Warnung", "Hinweis"]


# --- 5. phase order -------------------------------------------------------------------------------------------


def test_findings_follow_the_phase_order_not_the_file_names(tmp_path):
    phases = ["awareness", "purchase", "offboarding"]  # file names sort awareness, offboarding, purchase
    root = site(tmp_path, phases=phases)
    for p in phases:
        steps = "steps:\n  - title: A\n    emotion: 3\n  - title: B\n    emotion: 3\n"
        write(root, f"journeys/j1/{p}.md", f"---\n{steps}---\n")
    files = []
    for f in check(settings(root, phases=phases)).report.sorted():
        if f.file.startswith("journeys/") and f.file not in files:
            files.append(f.file)
    assert files == ["journeys/j1/awareness.md", "journeys/j1/purchase.md", "journeys/j1/offboarding.md"]
    aw = [f.line for f in check(settings(root, phases=phases)).report.sorted() if f.file == "journeys/j1/awareness.md"]
    assert aw == sorted(aw)


def test_report_order_key_ranks_index_then_phases():
    r = Report(phases=("awareness", "purchase", "offboarding"))
    r.add(KINDS["phase-without-goal"], "journeys/j/offboarding.md", "phase-without-goal", line=2, title="O")
    r.add(KINDS["phase-without-goal"], "journeys/j/purchase.md", "phase-without-goal", line=9, title="P")
    r.add(KINDS["phase-without-goal"], "journeys/j/purchase.md", "phase-without-goal", line=3, title="P")
    r.add(KINDS["phase-not-covered"], "journeys/j/index.md", "phase-not-covered", line=2, title="A")
    assert [(p.file.rsplit("/", 1)[1], p.line) for p in r.sorted()] == [
        ("index.md", 2),
        ("purchase.md", 3),
        ("purchase.md", 9),
        ("offboarding.md", 2),
    ]


# --- 6. YAML: the colon hint, and one behaviour with and without libyaml ---------------------------------------


@pytest.mark.parametrize("lang, words", [("en", "put the value in quotes"), ("de", "in Anführungszeichen setzen")])
def test_an_unquoted_colon_says_to_quote_the_value(tmp_path, lang, words):
    root = site(tmp_path, phases=["awareness"])
    write(root, "touchpoints/magazin.md", "---\nname: Kundenmagazin: Frühling\nchannel: print\nkind: analog\n---\n")
    problems = load_catalog(settings(root, lang, ["awareness"])).report.problems
    [p] = [x for x in problems if x.file == "touchpoints/magazin.md"]
    assert (p.kind.name, p.line, p.field) == ("invalid-yaml", 2, "name")
    assert words in p.message
    assert 'name: "Kundenmagazin: Frühling"' in p.message


def test_an_unquoted_colon_in_a_list_item_is_quoted_in_the_hint(tmp_path):
    p = Project(tmp_path)
    p.replace(INFO, "  - title: Reads the newsletter\n", "  - title: Reads: the newsletter\n")
    [x] = p.load().report.problems
    assert x.line == p.line_of(INFO, "Reads: the") and 'title: "Reads: the newsletter"' in x.message


LOADERS = [pytest.param(None, id="pure-python")]
if getattr(yaml, "CSafeLoader", None) is not None:
    LOADERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    "front, refused",
    [
        ("name: &x Sara Keller\nrole: Baker\n", True),  # an anchor without an alias
        ("name: &x Sara Keller\nrole: *x\n", True),
        ("name: 'Sara & Tom'\nrole: Baker * 2\n", False),  # '&' and '*' inside values are text
        ("name: Sara\nrole: '&x is text'\n", False),
        ("name: Sara\nrole: [a, &x b]\n", True),
        ("name: Sara\nrole:\n  - &x b\n", True),
    ],
)
def test_anchors_are_refused_alike_with_and_without_libyaml(tmp_path, monkeypatch, loader, front, refused):
    monkeypatch.setattr(loading, "_FAST_LOADER", loader)
    p = Project(tmp_path)
    p.write("personas/sara.md", f"---\n{front}---\n")
    kinds = [x.kind.name for x in p.load().report.problems]
    assert kinds == (["yaml-alias"] if refused else []), kinds


def test_pure_python_and_libyaml_give_the_same_problems_for_the_planted_files(tmp_path, monkeypatch):
    if getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("libyaml is not installed")
    root = site(tmp_path, phases=["awareness", "purchase"])
    for rel, text in PLANTED.items():
        write(root, rel, text)
    got = {}
    for name, loader in (("python", None), ("libyaml", yaml.CSafeLoader)):
        monkeypatch.setattr(loading, "_FAST_LOADER", loader)
        got[name] = [x.format() for x in load_catalog(settings(root, phases=["awareness", "purchase"])).report.sorted()]
    assert got["python"] == got["libyaml"]


def test_severity_of_root_problems_only_counts_roots(tmp_path):
    root = site(tmp_path, phases=["awareness", "purchase"])
    write(root, "journeys/j1/index.md", "---\ntitle: J\nsummary: S\npersonas:\n  - sarah\nstate: to-be\n---\n")
    report = check(settings(root, phases=["awareness", "purchase"])).report
    assert [p.severity for p in report.errors] == [ERROR]
    assert len(report.errors[0].folded) == 2


def test_the_error_catalog_page_is_in_the_site_language():
    from factory import catalog
    from mkdocs_journeys.plugin.site_links import SiteLinks
    from mkdocs_journeys.render.labels import labels
    from mkdocs_journeys.render.pages import SiteBuilder

    def plain(text: str) -> str:  # the page's text, its code spans as the locale writes them
        return html.unescape(re.sub(r"</?code>", "`", text))

    for lang, other in (("de", "en"), ("en", "de")):
        md = plain(SiteBuilder(catalog(), labels(lang), SiteLinks().links()).problems().markdown)
        rows = {cells[0]: cells for tr in md.split("<tr>") if (cells := re.findall(r"<td>(.*?)</td>", tr))}
        for kind in KINDS.values():
            row = " | ".join(rows[kind.code])
            assert kind.summary_in(lang) in row and f" | {kind.severity_in(lang)} | " in row, row
            assert (kind.summary_in(other) in row) == (kind.summary_in(other) == kind.summary_in(lang)), row
        assert "Grossbuchstaben" in md if lang == "de" else "capitals" in md
        assert messages(lang).text("catalog-intro")[:40] in md
        assert messages(other).text("catalog-intro")[:40] not in md
        assert {"de": "Fehler J401", "en": "error J401"}[lang] in md


@pytest.mark.parametrize(
    "line, fixed",
    [
        ("name: Termin: 10:30 Uhr", 'name: "Termin: 10:30 Uhr"'),
        ('name: Sagt: "Hallo"', 'name: "Sagt: \\"Hallo\\""'),
        ("name: Frühling:", 'name: "Frühling:"'),
    ],
)
def test_the_quoted_value_in_the_hint_is_valid_yaml_with_the_same_text(tmp_path, line, fixed):
    p = Project(tmp_path)
    p.write("touchpoints/magazin.md", f"---\n{line}\nchannel: print\nkind: analog\n---\n")
    [x] = p.load().report.problems
    assert x.message.endswith(fixed)
    assert yaml.safe_load(fixed) == {"name": line.split(": ", 1)[1]}


def test_names_of_journey_folders_that_differ_only_in_case_are_one_duplicate(tmp_path):
    p = Project(tmp_path)
    p.write("journeys/J1/index.md", p.read("journeys/j1/index.md"))
    p.write("journeys/J1/awareness.md", p.read("journeys/j1/awareness.md"))
    problems = p.load().report.problems
    shown = [x.format() for x in problems]
    assert [(x.kind.name, x.file) for x in problems] == [("duplicate-id", "journeys/J1/index.md")], shown
    assert "journeys/j1/index.md" in problems[0].format()


@pytest.mark.parametrize(
    "front, key, line",
    [
        ("name: [Sara\nchannel: print\n", "invalid-yaml.bracket", 2),
        ("name: 'Sara\nchannel: print\n", "invalid-yaml.quote", 2),
        ("name: Sara\nchannel: @print\n", "invalid-yaml.reserved", 3),
        ("name: Sara\nkpis:\n  - id: a\n    name: A\n   target: 3\n", "invalid-yaml.indent", 6),
    ],
)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_common_yaml_errors_are_explained_in_words_people_know(tmp_path, front, key, line, lang):
    root = site(tmp_path, phases=["awareness"])
    write(root, "touchpoints/bad.md", f"---\n{front}---\n")
    problems = load_catalog(settings(root, lang, ["awareness"])).report.problems
    [p] = [x for x in problems if x.file == "touchpoints/bad.md"]
    assert (p.kind.name, p.key, p.line) == ("invalid-yaml", key, line), p.format()
    assert "token" not in p.message and "scalar" not in p.message  # none of PyYAML's own words


def _branch_to(*targets: str) -> str:
    items = "".join(f"  - condition: Onward\n    journey: {t}\n" for t in targets)
    return f"---\nsteps:\n  - title: Step\n    touchpoint: newsletter\n    emotion: 3\nbranches:\n{items}---\n"


def test_every_cycle_is_named_once_in_journey_order_whatever_the_length_of_a_chain(tmp_path):
    import sys

    # c0 -> c1 -> ... -> cN -> c0 with N beyond the recursion limit; a -> b -> a and a -> c0 beside it.
    n = sys.getrecursionlimit() + 50
    p = Project(tmp_path)
    chain = [f"c{i:04d}" for i in range(n)]
    for i, jid in enumerate(chain):
        p.write(f"journeys/{jid}/index.md", JOURNEY_J2_INDEX)
        p.write(f"journeys/{jid}/awareness.md", _branch_to(chain[(i + 1) % n]))
    for jid, targets in (("a", ("b", chain[0])), ("b", ("a",))):
        p.write(f"journeys/{jid}/index.md", JOURNEY_J2_INDEX)
        p.write(f"journeys/{jid}/awareness.md", _branch_to(*targets))
    cycles = [x for x in p.load().report.problems if x.kind.name == "branch-cycle"]
    assert len(cycles) == 2 and "a -> b -> a" in cycles[0].message
    assert f": {chain[0]} -> {chain[1]} -> " in cycles[1].message and f"{chain[-1]} -> {chain[0]};" in cycles[1].message
    assert len(cycles[1].related) == n - 1
