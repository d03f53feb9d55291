"""The one schema: JSON Schema export and the format reference come from it."""

import json

import pytest

from mkdocs_journeys.core.schema import DEFAULT_CURRENCIES, FILE_KINDS, json_schema
from mkdocs_journeys.render.pages import reference

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("kind", list(FILE_KINDS))
def test_json_schema_matches_the_format(kind):
    schema = json_schema(kind, ("CHF", "EUR"))
    json.dumps(schema)
    spec = FILE_KINDS[kind].spec
    assert set(schema["properties"]) == {f.name for f in spec.fields}
    assert schema["additionalProperties"] is False
    assert set(schema.get("required", [])) == {f.name for f in spec.fields if f.required}


def test_json_schema_nests_lists_of_objects():
    phase = json_schema("phase")
    step = phase["properties"]["steps"]["items"]
    assert step["properties"]["emotion"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 5,
        "description": step["properties"]["emotion"]["description"],
        "examples": [3],
    }
    assert phase["properties"]["goal"]["properties"]["currency"]["enum"] == list(DEFAULT_CURRENCIES)


@pytest.mark.parametrize("kind", list(FILE_KINDS))
def test_reference_example_is_a_valid_file(kind, tmp_path):
    """The commented example on the reference page validates against the schema it documents."""
    from mkdocs_journeys.core import problems as P
    from mkdocs_journeys.core.schema import validate
    from mkdocs_journeys.core.source_files import read_doc

    path = tmp_path / "example.md"
    path.write_text(reference.example_file(kind), encoding="utf-8")
    report = P.Report()
    doc = read_doc(path, "example.md", report, 1 << 20)
    assert doc is not None, [p.format() for p in report.problems]
    data, ok = validate(doc, kind, report, ("CHF", "EUR", "USD"))
    assert ok and report.problems == [], [p.format() for p in report.problems]
    for f in FILE_KINDS[kind].spec.fields:
        assert f.name in data, f"example lacks {f.name}"
