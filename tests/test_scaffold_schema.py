"""`journeys new` writes its files from the schema: every field appears, required ones with a value, so a
field added to the schema appears in new files without touching the scaffold."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from mkdocs_journeys.cli.scaffold import ONE_ITEM, front_matter, new
from mkdocs_journeys.core.schema import FILE_KINDS, TOUCHPOINT, Enum, Field, Kind, ListOf, Obj, describe

pytestmark = pytest.mark.unit

FOLDERS = {"journeys": "journeys", "personas": "personas", "touchpoints": "touchpoints"}


def _written(root: Path, language: str) -> dict[str, Path]:
    """A persona, a touchpoint and a journey with its first phase: kind -> file."""
    args = dict(folders=FOLDERS, first_phase="awareness", language=language)
    persona = new("persona", "nova", root, personas=[], **args)[0]
    touchpoint = new("touchpoint", "hotline", root, personas=[], **args)[0]
    index, phase = new("journey", "j2", root, personas=["nova"], touchpoints=["hotline"], **args)
    return {"persona": persona, "touchpoint": touchpoint, "journey": index, "phase": phase}


def _front_matter(path: Path) -> tuple[str, dict]:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?\n)---\n", text, re.S)
    assert m, text
    return m.group(1), yaml.safe_load(m.group(1))


def _missing(spec: Obj, data: dict, text: str, where: str) -> list[str]:
    """Fields of `spec` that the scaffold lacks: required ones need a value, optional ones at least a line."""
    out = []
    for f in spec.fields:
        path = f"{where}{f.name}"
        if not re.search(rf"^\s*(?:# |- )?{f.name}:", text, re.M):
            out.append(f"{path}: no line")
        if f.required and data.get(f.name) in (None, "", [], {}):
            out.append(f"{path}: required, but no value")
        t = f.type
        if isinstance(t, Obj) and isinstance(data.get(f.name), dict):
            out += _missing(t, data[f.name], text, path + ".")
        elif isinstance(t, ListOf) and isinstance(t.item, Obj):
            if (spec.name, f.name) in ONE_ITEM:
                items = data.get(f.name) or [{}]
                out += _missing(t.item, items[0], text, path + "[0].")
            else:  # an empty list; its comment shows an item with the required fields
                line = next((ln for ln in text.splitlines() if ln.startswith(f"{f.name}: []")), "")
                out += [
                    f"{path}[].{g.name}: not in the example"
                    for g in t.item.fields
                    if g.required and f"{g.name}:" not in line
                ]
    return out


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_field_of_the_schema_is_in_the_new_files(tmp_path, language):
    for kind, path in _written(tmp_path, language).items():
        text, data = _front_matter(path)
        assert _missing(FILE_KINDS[kind].spec, data, text, "") == [], f"{kind}:\n{text}"
        # Each field's line carries its description in the site's language.
        d = describe(language)
        for f in FILE_KINDS[kind].spec.fields:
            described = d.field(FILE_KINDS[kind].spec, f).rstrip(".")
            line = next(ln for ln in text.splitlines() if re.match(rf"(# )?{f.name}:", ln))
            assert described in line, line


def test_enum_values_and_the_currency_come_from_the_schema_and_the_site(tmp_path):
    files = _written(tmp_path, "en")
    text, data = _front_matter(files["touchpoint"])
    channel = FILE_KINDS["touchpoint"].spec.get("channel")
    assert data["channel"] == channel.example and all(v in text for v in channel.type.values)
    phase_text, phase = _front_matter(files["phase"])
    assert phase["goal"]["currency"] == "CHF"  # the first default currency
    assert phase["steps"][0]["touchpoint"] == "hotline" and phase["needs"] == {"nova": []}


def test_a_field_added_to_the_schema_appears_in_new_files(monkeypatch):
    mood = Field("mood", Enum(values=("calm", "busy")), True, example="calm")
    note = Field("note", FILE_KINDS["touchpoint"].spec.get("owner").type)
    spec = replace(TOUCHPOINT, fields=(*TOUCHPOINT.fields, mood, note))
    monkeypatch.setitem(FILE_KINDS, "touchpoint", Kind("touchpoint", "touchpoints/<id>.md", spec))
    fields = describe("en").data["objects"]["touchpoint"]["fields"]
    monkeypatch.setitem(fields, "mood", "How busy it is.")
    monkeypatch.setitem(fields, "note", "Anything else.")
    text = front_matter("touchpoint", "Hotline", {}, "CHF", "en", "")
    assert re.search(r"^mood: calm +# How busy it is\. calm, busy \(required\)$", text, re.M), text
    assert re.search(r'^note: "" +# Anything else\.$', text, re.M), text
