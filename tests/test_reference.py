"""The format reference shows the actuals and `when:` grammar the loader parses with, and the error
catalog shows where each example's message points."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from markupsafe import escape

from content_factory import VALID_FILES, Project
from factory import catalog
from mkdocs_journeys.core import actuals
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.catalog_loader import check
from mkdocs_journeys.core.model import common
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder, reference


def _code(text: str) -> str:
    return f"<code>{escape(text)}</code>"


def _row(*cells: str) -> str:
    """Cells of a table row as the page writes them (one per line); a row's first cells, when fewer."""
    return "\n".join(f"<td>{c}</td>" for c in cells)


def _reference_md() -> str:
    return SiteBuilder(catalog(), labels("en"), SiteLinks().links()).reference().markdown


def _problems_md() -> str:
    return SiteBuilder(catalog(), labels("en"), SiteLinks().links()).problems().markdown


@pytest.mark.unit
def test_every_period_form_is_listed_and_parsed():
    md = _reference_md()
    for form in actuals.PERIOD_FORMS:
        assert _row(_code(form.name), escape(form.meaning), _code(form.example)) in md
        assert actuals.is_period(form.example)
    assert not actuals.is_period("Jan 2026") and not actuals.is_period("2026-13")


@pytest.mark.unit
def test_changing_the_period_forms_changes_parser_and_page(monkeypatch):
    half_year = actuals.PeriodForm("YYYY-Hn", r"\d{4}-H[12]", "a half year", "2026-H2")
    monkeypatch.setattr(actuals, "PERIOD_FORMS", actuals.PERIOD_FORMS[:2] + (half_year,))
    md = _reference_md()
    assert _row(_code("YYYY-Hn"), "a half year", _code("2026-H2")) in md and "YYYY-Www" not in md
    assert actuals.is_period("2026-H2") and not actuals.is_period("2026-W09")


@pytest.mark.unit
def test_changing_the_operators_changes_parser_and_page(monkeypatch):
    ops = dict(common.OPERATORS)
    ops["=~"] = common.Operator("roughly", lambda a, b: abs(a - b) < 1)
    del ops["!="]
    monkeypatch.setattr(common, "OPERATORS", ops)
    md = _reference_md()
    assert _row(_code("=~"), "roughly") in md and _code("!=") not in md
    assert actuals.parse_condition("open_rate =~ 20") == ("open_rate", "=~", 20.0)
    assert actuals.parse_condition("open_rate != 20") is None


@pytest.mark.unit
def test_condition_grammar_on_the_page_is_what_the_parser_accepts():
    md = _reference_md()
    assert _code(actuals.CONDITION_FORM) in md
    for op, o in common.OPERATORS.items():
        assert _row(_code(op), escape(o.meaning)) in md
        assert actuals.parse_condition(f"open_rate {op} 20") == ("open_rate", op, 20.0)
    for example in actuals.CONDITION_EXAMPLES:
        assert _code(example) in md and actuals.parse_condition(example) is not None
    for form in common.KPI_KEY_FORMS + actuals.CONDITION_KPI_FORMS:
        assert _code(form) in md


@pytest.mark.unit
@pytest.mark.parametrize("suffix", ["csv", "yml"])
def test_the_pages_actuals_examples_load_without_problems(tmp_path, suffix):
    fmt = reference.actuals_format()
    text = fmt.csv_example if suffix == "csv" else fmt.yaml_example
    assert text.strip() in _reference_md().replace("\n    ", "\n")  # the page shows this example
    path = tmp_path / f"kpis.{suffix}"
    path.write_text(text, encoding="utf-8")
    report = P.Report()
    values = actuals.read_file(path, path.name, report, 1 << 20)
    assert report.problems == []
    assert sorted(a.period for a in values) == sorted(f.example for f in actuals.PERIOD_FORMS)
    keys = {a.kpi for a in values}
    assert keys == {
        common.phase_kpi_key("onboarding", "awareness", "leads"),
        common.touchpoint_kpi_key("newsletter", "open_rate"),
    }
    assert fmt.csv_header == ",".join(actuals.CSV_HEADER) and _code(fmt.csv_header) in _reference_md()


@pytest.mark.unit
def test_error_catalog_shows_where_each_example_points():
    md = _problems_md()
    assert set(reference.EXAMPLE_LOCATIONS) <= set(P.EXAMPLES)
    for name in P.EXAMPLES:
        assert f"<td>{escape(reference.example_location(name))}</td>\n</tr>" in md
    assert reference.example_location("unknown-reference") == "journeys/j/awareness.md:4 steps[0].touchpoint"
    assert reference.example_location("file-too-large") == "journeys/j/awareness.md"  # the whole file


def _reproduce(name: str, path: str, example: str) -> list[P.Problem]:
    """The example's bad input as the whole front-matter (or CSV rows) of its file in a valid project."""
    text = example.replace("\\n", "\n").replace("\\t", "\t").split("   (")[0]
    if path.endswith(".csv"):
        body = text if name == "actuals-format" else "kpi,period,value\n" + text.replace(" twice", "") + "\n"
    else:
        body = "---\n" + text + "\n---\nBody.\n"
    files = {k.replace("journeys/j1/", "journeys/j/"): v for k, v in VALID_FILES.items()}
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(Path(tmp), files)
        project.write(path, body)
        return [p for p in check(project.settings(), {}).report.problems if p.kind.name == name and p.file == path]


@pytest.mark.unit
def test_example_locations_are_where_the_loader_points():
    reproduced = 0
    for name, (path, example) in P.EXAMPLES.items():
        if path.endswith("/"):
            continue
        hits = _reproduce(name, path, example)
        if not hits:
            continue  # described, not literal input (a 2 MB file, a symlink loop)
        reproduced += 1
        assert (hits[0].line, hits[0].field) == reference.EXAMPLE_LOCATIONS.get(name, (None, None)), name
    assert reproduced >= 25  # most examples are literal input: the check above covers them


@pytest.mark.unit
def test_error_catalog_documents_the_json_format():
    from mkdocs_journeys.core import check_output

    md = _problems_md()
    assert _code(f'"format": "{check_output.FORMAT}"') in md and _code(f'"version": {check_output.VERSION}') in md
    p = P.Problem(P.UNKNOWN_REFERENCE, "a.md", "m", line=2)
    documented = [name for name, _ in check_output.JSON_FIELDS]
    assert list(check_output.to_json_data([p], {})["problems"][0]) == documented  # every field, in order
    for name, _ in check_output.JSON_FIELDS:  # named on the page; the README describes each field
        assert _code(name) in md
