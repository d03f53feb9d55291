"""One id rule (core/ids.py): every place that accepts or rejects an id agrees, at the length limit too,
and the reserved ids are exactly the ones generated pages need."""

from __future__ import annotations

import posixpath

import pytest

from mkdocs_journeys.core import ids
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.actuals import parse_condition
from mkdocs_journeys.core.catalog_loader import Settings, load_catalog
from mkdocs_journeys.core.model import PhaseDef
from mkdocs_journeys.core.schema import json_schema, validate
from mkdocs_journeys.core.source_files import SourceDoc

pytestmark = pytest.mark.unit

# id -> valid
CASES = {
    "a": True,
    "0": True,
    "a" * ids.MAX_LENGTH: True,
    "a" * (ids.MAX_LENGTH - 1) + "-": True,
    "a" * (ids.MAX_LENGTH + 1): False,
    "x_y-z9": True,
    "-a": False,
    "_a": False,
    "Sara": False,
    "sara keller": False,
    "a.b": False,
    "über": False,
    "": False,
}
FILE_NAMES = {i: ok for i, ok in CASES.items() if i and i != "Sara"}  # "Sara" would be a case twin of nothing


def _rejected_by_validation(value: str) -> bool:
    doc = SourceDoc(
        path=None,
        rel="touchpoints/t.md",
        data={  # type: ignore[arg-type]
            "name": "T",
            "channel": "web",
            "kind": "digital",
            "kpis": [{"id": value, "name": "K"}],
        },
    )
    report = P.Report()
    validate(doc, "touchpoint", report, ("CHF",))
    return bool(report.problems)


def _rejected_by_json_schema(value: str) -> bool:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema("phase", phases=())
    data = {"needs": {value: ["x"]}, "steps": [{"title": "S", "emotion": 3, "touchpoint": value}]}
    errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(data))
    # both places use the id rule: they must agree with each other too
    return bool(errors)


@pytest.mark.parametrize("value", list(CASES))
def test_validation_json_schema_and_conditions_agree_on_ids(value):
    valid = CASES[value]
    assert ids.is_id(value) is valid
    assert _rejected_by_validation(value) is not valid
    assert _rejected_by_json_schema(value) is not valid
    if "." not in value:  # 'a.b' is a touchpoint's KPI
        assert (parse_condition(f"{value} < 3") is not None) is valid
    assert (parse_condition(f"newsletter.{value} >= 3") is not None) is valid


def test_a_line_break_after_an_id_is_not_an_id():
    assert not ids.is_id("sara\n") and _rejected_by_validation("sara\n")


@pytest.mark.parametrize("value", [v for v in CASES if v])
def test_the_plugin_option_phases_agrees(value):
    from mkdocs_journeys.plugin.config import JourneysConfig, check_options

    cfg = JourneysConfig()
    cfg.load_dict({"phases": [{"id": value, "title": "T"}]})
    assert cfg.validate()[0] == []
    assert (check_options(cfg) == []) is CASES[value]


@pytest.mark.parametrize("value", [v for v in CASES if v])
def test_journeys_new_and_pdf_agree(value, tmp_path):
    from mkdocs_journeys.cli.pdf import PdfError, board_path
    from mkdocs_journeys.cli.scaffold import ScaffoldError, new

    folders = {"journeys": "journeys", "personas": "personas", "touchpoints": "touchpoints"}
    try:
        new("persona", value, tmp_path, folders=folders, first_phase="a", personas=[])
        accepted = True
    except ScaffoldError as e:
        assert "not a valid id" in str(e)
        accepted = False
    assert accepted is CASES[value]
    with pytest.raises(PdfError) as e:
        board_path(tmp_path / "no-site", value)
    assert ("not a journey id" not in str(e.value)) is CASES[value]


def test_the_loader_agrees_on_file_names(tmp_path):
    (tmp_path / "personas").mkdir()
    (tmp_path / "touchpoints").mkdir()
    (tmp_path / "journeys").mkdir()
    for name in FILE_NAMES:
        (tmp_path / "personas" / f"{name}.md").write_text("---\nname: N\nrole: R\n---\n", encoding="utf-8")
    result = load_catalog(Settings(root=tmp_path, phases=[PhaseDef("a", "A")]))
    assert set(result.catalog.personas) == {i for i, ok in FILE_NAMES.items() if ok}
    invalid = {p.file for p in result.report.problems if p.kind is P.INVALID_ID}
    assert invalid == {f"personas/{i}.md" for i, ok in FILE_NAMES.items() if not ok}


# --- reserved ids ---


def _collisions() -> set[str]:
    """Ids that would give a content page (or one of its numbered pages) the path of another generated page."""
    from mkdocs_journeys.render.pages.links import SOURCES, src
    from mkdocs_journeys.render.pages.pagination import paged_src

    fixed_kinds = [k for k, path in SOURCES.items() if "{id}" not in path]
    id_kinds = [k for k, path in SOURCES.items() if "{id}" in path]
    fixed = {paged_src(k, None, n) for k in fixed_kinds for n in (1, 2)}
    # candidates: every name a fixed page or its numbered pages use
    names = {posixpath.splitext(part)[0] for path in fixed for part in path.split("/")}
    out = set()
    for name in names:
        for kind in id_kinds:
            own = {src(kind, name), *(paged_src(kind, name, n) for n in (2, 3))}
            if own & fixed:
                out.add(name)
    return out


def test_reserved_ids_are_the_names_generated_pages_need():
    assert _collisions() == ids.RESERVED


def test_every_place_refuses_the_reserved_ids(tmp_path):
    from mkdocs_journeys.cli.scaffold import ScaffoldError, new
    from mkdocs_journeys.plugin.config import JourneysConfig, check_options
    from mkdocs_journeys.render.pages.errors import page_of

    folders = {"journeys": "journeys", "personas": "personas", "touchpoints": "touchpoints"}
    for name in ids.RESERVED:
        cfg = JourneysConfig()
        cfg.load_dict({"phases": [{"id": name, "title": "T"}]})
        cfg.validate()
        assert any("reserved" in p for p in check_options(cfg))
        with pytest.raises(ScaffoldError, match="reserved"):
            new("persona", name, tmp_path, folders=folders, first_phase="a", personas=[])
        assert page_of(f"personas/{name}.md", *folders.values()) is None
    (tmp_path / "personas").mkdir(exist_ok=True)
    for name in ids.RESERVED:
        (tmp_path / "personas" / f"{name}.md").write_text("---\nname: N\nrole: R\n---\n", encoding="utf-8")
    result = load_catalog(Settings(root=tmp_path, phases=[PhaseDef("a", "A")]))
    assert result.catalog.personas == {}
    assert {p.file for p in result.report.problems if p.kind is P.INVALID_ID} == {
        f"personas/{n}.md" for n in ids.RESERVED
    }
