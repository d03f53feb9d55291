"""What the format's kinds, objects and fields mean comes from the locales' format files, in both languages;
schema.py defines the format itself. The reference page, its example files and the JSON Schemas follow the
site's language."""

from __future__ import annotations

import json

import pytest
from markupsafe import escape

from factory import catalog
from mkdocs_journeys.cli.commands import write_schemas
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.locales import LANGUAGES, format_texts
from mkdocs_journeys.core.schema import FILE_KINDS, Obj, describe, objects, validate
from mkdocs_journeys.core.source_files import read_doc
from mkdocs_journeys.plugin.site_links import SiteLinks
from mkdocs_journeys.render.labels import labels
from mkdocs_journeys.render.pages import SiteBuilder, reference

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_object_and_field_is_described(lang):
    data = format_texts(lang)
    assert set(data["kinds"]) == set(FILE_KINDS)
    for kind in FILE_KINDS:
        assert data["kinds"][kind]["title"].strip() and data["kinds"][kind]["doc"].strip(), (lang, kind)
    specs = objects()
    assert {"kpi", "step", "empathy", "money_goal"} <= set(specs)  # nested and shared objects are found
    assert set(data["objects"]) == set(specs), "an object without a description, or a description of no object"
    for name, spec in specs.items():
        described = data["objects"][name]
        assert described["doc"].strip(), (lang, name)
        assert set(described["fields"]) == {f.name for f in spec.fields}, (lang, name)
        assert all(isinstance(d, str) and d.strip() for d in described["fields"].values()), (lang, name)
        examples = described.get("examples", {})
        assert set(examples) <= set(described["fields"]), (lang, name)
        # a value schema.py gives (an id, a number) is the example; the locale gives only example texts
        assert not [f.name for f in spec.fields if f.example is not None and f.name in examples], (lang, name)


def test_both_languages_give_the_same_example_texts():
    en, de = format_texts("en")["objects"], format_texts("de")["objects"]
    for name in en:
        assert set(en[name].get("examples", {})) == set(de[name].get("examples", {})), name


def test_a_missing_description_is_found(monkeypatch):
    """The negative control: an object whose field has no description fails loudly, not silently empty."""
    spec = objects()["step"]
    broken = dict(format_texts("de"))
    broken["objects"] = dict(broken["objects"], step={"doc": "x", "fields": {}})
    monkeypatch.setattr(describe("de"), "data", broken)
    with pytest.raises(KeyError):
        describe("de").field(spec, spec.fields[0])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(FILE_KINDS))
def test_the_example_file_is_valid_in_each_language(kind, lang, tmp_path):
    path = tmp_path / "example.md"
    path.write_text(reference.example_file(kind, lang), encoding="utf-8")
    report = P.Report()
    doc = read_doc(path, "example.md", report, 1 << 20)
    assert doc is not None, [p.format() for p in report.problems]
    data, ok = validate(doc, kind, report, ("CHF", "EUR", "USD"))
    assert ok and report.problems == [], [p.format() for p in report.problems]
    assert set(data) == {f.name for f in FILE_KINDS[kind].spec.fields}


def _reference_md(lang: str) -> str:
    return SiteBuilder(catalog(), labels(lang), SiteLinks().links()).reference().markdown


def test_the_german_reference_describes_fields_in_german():
    md = _reference_md("de")
    step, kpi, persona = objects()["step"], objects()["kpi"], objects()["persona"]
    for spec, name, german in (
        (step, "emotion", "Wie sich die Kundin oder der Kunde fühlt"),
        (kpi, "target", "Zielwert."),
        (persona, "quote", "Ein typischer Satz"),
    ):
        field = spec.get(name)
        assert describe("de").field(spec, field).startswith(german)
        assert f"<td>{escape(describe('de').field(spec, field))}</td>" in md
        assert str(escape(describe("en").field(spec, field))) not in md
    assert "## Journey\\-Phase" in md and "ganze Zahl 1–5" in md
    assert "Liest einen Vergleichstest" in md and "Reads a comparison test" not in md  # the example file
    assert "<td><code>YYYY-MM</code></td>\n<td>ein Monat</td>\n<td><code>2026-03</code></td>" in md
    assert "<td><code>&lt;=</code></td>\n<td>höchstens</td>" in md


def test_the_english_reference_keeps_its_words():
    md = _reference_md("en")
    assert "<td>How the customer feels: 1 (very bad) to 5 (very good).</td>" in md
    assert "whole number 1–5" in md and "## Journey phase" in md and "Reads a comparison test" in md


def _descriptions(schema: dict) -> list[str]:
    out = [schema["description"]] if "description" in schema else []
    for key in ("properties",):
        for sub in schema.get(key, {}).values():
            out += _descriptions(sub)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            out += _descriptions(schema[key])
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_json_schemas_describe_every_field_in_the_sites_language(lang, tmp_path):
    (written,) = [p for p in write_schemas(tmp_path, ("CHF",), language=lang) if p.name == "phase.schema.json"]
    schema = json.loads(written.read_text(encoding="utf-8"))
    emotion = schema["properties"]["steps"]["items"]["properties"]["emotion"]
    assert emotion["description"] == describe(lang).field(objects()["step"], objects()["step"].get("emotion"))
    texts = _descriptions(schema)
    assert len(texts) >= 1 + sum(1 for _ in _all_fields(FILE_KINDS["phase"].spec))
    assert schema["description"].startswith(describe(lang).kind_doc("phase"))
    other = describe("de" if lang == "en" else "en")
    assert other.field(objects()["step"], objects()["step"].get("emotion")) not in texts


def _all_fields(spec: Obj):
    for path, _, _ in reference.rows(spec):
        yield path


def test_a_missing_field_message_still_names_the_english_description(tmp_path):
    path = tmp_path / "sara.md"
    path.write_text("---\nrole: Owner\n---\n", encoding="utf-8")
    report = P.Report()
    doc = read_doc(path, "personas/sara.md", report, 1 << 20)
    validate(doc, "persona", report, ("CHF",))
    assert [p.message for p in report.problems] == ["the required field 'name' is missing (The persona's name)."]
