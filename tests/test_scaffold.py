"""Every file `journeys new` and `journeys init` write passes the JSON Schemas `journeys schema` writes for
that site (checked with the jsonschema package), and speaks the site's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from sitekit import journeys_cli, mkdocs_build, unavailable

pytestmark = pytest.mark.build

try:
    import jsonschema
except ImportError:  # in the test extra; skipped locally without it, a failure on CI
    jsonschema = None


@pytest.fixture(autouse=True)
def _needs_jsonschema():
    if jsonschema is None:
        unavailable("schema tests", "the jsonschema package is missing (pip install -e '.[test]')")


GERMAN = re.compile(r"\b(und|der|die|das|Kundin|Beschreiben|Rolle|pro Jahr|Sätze\w*)\b|[äöüß]")
ENGLISH = re.compile(r"\b(the|and|with|what|your|per year|Describe|Who is)\b")


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?\n)---\n", text, re.S)
    assert m, f"{path}: no front-matter"
    return yaml.safe_load(m.group(1)) or {}


def kind_of(rel: str) -> str | None:
    parts = rel.split("/")
    if parts[0] == "personas":
        return "persona"
    if parts[0] == "touchpoints":
        return "touchpoint"
    if parts[0] == "journeys" and len(parts) == 3:
        return "journey" if parts[2] == "index.md" else "phase"
    return None


def schema_errors(site: Path, schemas: Path, rel: str) -> list[str]:
    schema = json.loads((schemas / f"{kind_of(rel)}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [
        f"{rel}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(front_matter(site / rel))
    ]


def exported_schemas(site: Path, out: Path) -> Path:
    result = journeys_cli(site, "schema", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def new(site: Path, *args: str) -> list[str]:
    result = journeys_cli(site, "new", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.fixture(scope="module", params=["en", "de"])
def scaffolded(request, tmp_path_factory):
    """A site from `journeys init`, plus a persona, a touchpoint and a journey from `journeys new`."""
    language = request.param
    root = tmp_path_factory.mktemp(f"scaffold-{language}")
    init = journeys_cli(root, "init", "site", "--language", language)
    assert init.returncode == 0, init.stderr
    site = root / "site"
    from_init = [Path(line).relative_to("site").as_posix() for line in init.stdout.split()]
    from_new = (
        new(site, "persona", "nova")
        + new(site, "touchpoint", "hotline")
        + new(site, "journey", "j2", "--persona", "nova")
    )
    return language, site, from_init, from_new, exported_schemas(site, root / "exported")


def test_every_content_file_written_passes_the_exported_schema(scaffolded):
    _, site, from_init, from_new, schemas = scaffolded
    content = [rel for rel in from_init + from_new if kind_of(rel)]
    assert {kind_of(rel) for rel in from_new} == {"persona", "touchpoint", "journey", "phase"}
    assert {kind_of(rel) for rel in content} == {"persona", "touchpoint", "journey", "phase"}
    errors = [e for rel in content for e in schema_errors(site, schemas, rel)]
    assert errors == []
    # The schemas init writes are the ones `journeys schema` writes for the site.
    for exported in schemas.iterdir():
        assert (site / "schemas" / exported.name).read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_scaffolds_pass_journeys_check_strict(scaffolded):
    _, site, *_ = scaffolded
    check = journeys_cli(site, "check", "--strict")
    assert check.returncode == 0, check.stdout + check.stderr


def test_scaffolds_speak_the_site_language_and_use_its_first_currency(scaffolded):
    language, site, _, from_new, _ = scaffolded
    foreign = GERMAN if language == "en" else ENGLISH
    for rel in from_new:
        text = (site / rel).read_text(encoding="utf-8")
        hits = sorted({m.group(0) for m in foreign.finditer(text)})
        assert not hits, f"{rel}: {hits}"
    config = yaml.safe_load(re.sub(r"!!python/name:\S+", "x", (site / "mkdocs.yml").read_text(encoding="utf-8")))
    first = next(p["journeys"] for p in config["plugins"] if isinstance(p, dict) and "journeys" in p)["currencies"][0]
    phase = next(rel for rel in from_new if kind_of(rel) == "phase")
    assert front_matter(site / phase)["goal"]["currency"] == first
    # The step names a touchpoint of the site rather than leaving it empty.
    assert front_matter(site / phase)["steps"][0]["touchpoint"] in {p.stem for p in (site / "touchpoints").glob("*.md")}


def test_schema_follows_the_sites_currencies_and_phases_and_a_site_without_touchpoints(tmp_path):
    site = tmp_path / "s"
    for folder in ("docs", "personas", "touchpoints", "journeys"):
        (site / folder).mkdir(parents=True)
    (site / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: S\ntheme:\n  name: material\n  language: en\n"
        "plugins:\n  - journeys:\n      currencies: [JPY, NOK]\n      phases:\n"
        "        - {id: discover, title: Discover}\n        - {id: buy, title: Buy}\n",
        encoding="utf-8",
    )
    written = new(site, "persona", "kim") + new(site, "journey", "j")
    schemas = exported_schemas(site, tmp_path / "schemas")
    phase = json.loads((schemas / "phase.schema.json").read_text(encoding="utf-8"))
    assert phase["properties"]["goal"]["properties"]["currency"]["enum"] == ["JPY", "NOK"]
    assert phase["properties"]["phase"]["enum"] == ["discover", "buy", None]  # optional: may be left empty
    assert phase["properties"]["branches"]["items"]["properties"]["phase"]["enum"] == ["discover", "buy", None]
    assert "journeys/j/discover.md" in written
    for rel in written:
        assert schema_errors(site, schemas, rel) == []
    phase_file = site / next(rel for rel in written if kind_of(rel) == "phase")
    assert front_matter(phase_file)["goal"]["currency"] == "JPY"
    assert "touchpoint" not in front_matter(phase_file)["steps"][0]  # none exists yet: a commented hint
    assert "# touchpoint:" in phase_file.read_text(encoding="utf-8")


def test_the_schema_and_check_agree_on_an_empty_optional_field_and_reject_a_wrong_file(scaffolded):
    _, site, _, from_new, schemas = scaffolded
    phase = next(rel for rel in from_new if kind_of(rel) == "phase")
    path = site / phase
    original = path.read_text(encoding="utf-8")
    try:
        # `touchpoint:` left empty: both accept it (an empty optional field counts as absent).
        path.write_text(re.sub(r"(?m)^    touchpoint: .*$", "    touchpoint:", original), encoding="utf-8")
        assert front_matter(path)["steps"][0]["touchpoint"] is None
        assert schema_errors(site, schemas, phase) == []
        assert journeys_cli(site, "check").returncode == 0
        # A file that violates the schema fails the validation, and journeys check too.
        path.write_text(
            original.replace("emotion: 3", "emotion: 9").replace("currency: ", "currency: XYZ"), encoding="utf-8"
        )
        errors = schema_errors(site, schemas, phase)
        assert any("emotion" in e for e in errors) and any("currency" in e for e in errors), errors
        assert journeys_cli(site, "check").returncode == 1
    finally:
        path.write_text(original, encoding="utf-8")


FIVE_CURRENCIES = ("JPY", "NOK", "SEK", "DKK", "PLN")


def test_schema_and_build_accept_the_same_five_currencies(tmp_path):
    """A site that configures five currencies: `journeys schema`, `journeys check` and the build accept exactly
    those five, and all three reject a default currency the site left out, and a lower-case code."""
    site = tmp_path / "s"
    files = {
        "docs/index.md": "# Home\n",
        "personas/kim.md": "---\nname: Kim\nrole: Buyer\n---\n",
        "journeys/j/index.md": "---\ntitle: J\nsummary: S\npersonas: [kim]\nstate: as-is\n---\n",
        "mkdocs.yml": (
            "site_name: S\ntheme:\n  name: material\n  language: en\n  font: false\n"
            f"plugins:\n  - journeys:\n      git_dates: false\n      currencies: [{', '.join(FIVE_CURRENCIES)}]\n"
        ),
    }
    phases = ("awareness", "information", "purchase", "loyalty", "offboarding")
    for phase, currency in zip(phases, FIVE_CURRENCIES, strict=True):
        files[f"journeys/j/{phase}.md"] = (
            f"---\ngoal: {{description: Grow, value: 100, currency: {currency}}}\n"
            "steps:\n  - {title: Buys, emotion: 3}\n---\n"
        )
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    (site / "touchpoints").mkdir()
    schemas = exported_schemas(site, tmp_path / "schemas")
    phase_schema = json.loads((schemas / "phase.schema.json").read_text(encoding="utf-8"))
    assert phase_schema["properties"]["goal"]["properties"]["currency"]["enum"] == list(FIVE_CURRENCIES)
    for phase in phases:
        assert schema_errors(site, schemas, f"journeys/j/{phase}.md") == []
    check = journeys_cli(site, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = mkdocs_build(site)
    assert build.returncode == 0, build.stderr

    for rejected in ("CHF", "jpy"):  # a default currency this site does not list; a code in lower case
        path = site / "journeys/j/loyalty.md"
        path.write_text(path.read_text(encoding="utf-8").replace("currency: DKK", f"currency: {rejected}"), "utf-8")
        assert any("currency" in e for e in schema_errors(site, schemas, "journeys/j/loyalty.md")), rejected
        check = journeys_cli(site, "check")
        assert check.returncode == 1 and "unknown-currency" in check.stdout, check.stdout
        build = mkdocs_build(site)
        assert build.returncode != 0 and "unknown-currency" in build.stderr, build.stderr
        path.write_text(path.read_text(encoding="utf-8").replace(f"currency: {rejected}", "currency: DKK"), "utf-8")
