"""What `journeys check` reads from mkdocs.yml: `read_options` gives exactly what MkDocs' own loading
gives, or steps aside for it; the memo of an unchanged mkdocs.yml is used only for the same file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_journeys.cli import settings_memo
from mkdocs_journeys.cli.commands import Project
from mkdocs_journeys.plugin.config import read_options
from sitekit import copy_site, journeys_cli
from tiny_site import MKDOCS_YML, write_site

JOURNEYS = "  - journeys:\n      git_dates: false\n"


def _by_mkdocs(config_file: Path) -> tuple:
    project = Project(config_file)
    return project.settings, project.rules


def _site(tmp_path: Path, yml: str) -> Path:
    return write_site(tmp_path / "site", yml=yml) / "mkdocs.yml"


VARIANTS = {
    "tiny (theme language en, default phases)": MKDOCS_YML,
    "theme language de": MKDOCS_YML.replace("language: en", "language: de-CH"),
    "plugin language over the theme's": MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      language: de\n"),
    "every option": MKDOCS_YML.replace(
        JOURNEYS,
        JOURNEYS
        + "      currencies: [EUR, CHF]\n      per_page: 7\n      max_file_size: 9999\n      cache: false\n"
        + "      personas_dir: people\n      health: {rules: {phase-without-goal: error, kpi-without-source: ignore}}\n"
        + "      phases:\n        - {id: find, title: Find}\n        - {id: buy, title: Buy, description: Pays}\n",
    ),
    "plugins as a mapping": MKDOCS_YML.replace(
        "  - search\n" + JOURNEYS, "  search: {}\n  journeys:\n    language: de\n"
    ),
    "options left empty": MKDOCS_YML.replace(JOURNEYS, "  - journeys:\n"),
    "by name only": MKDOCS_YML.replace(JOURNEYS, "  - journeys\n"),
}


@pytest.mark.unit
@pytest.mark.parametrize("variant", VARIANTS)
def test_read_options_gives_what_mkdocs_gives(tmp_path, variant):
    config_file = _site(tmp_path, VARIANTS[variant])
    got = read_options(config_file)
    assert got is not None
    assert got == _by_mkdocs(config_file)


@pytest.mark.unit
def test_read_options_gives_what_mkdocs_gives_for_the_fixture_site(tmp_path):
    config_file = copy_site(tmp_path / "site") / "mkdocs.yml"
    got = read_options(config_file)
    assert got is not None and got[0].language == "de" and len(got[0].phases) == 5
    assert got == _by_mkdocs(config_file)


STEPS_ASIDE = {
    "an option of the wrong type": MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      per_page: many\n"),
    "an option check_options refuses": MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      per_page: -1\n"),
    "an unknown health rule": MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      health: {rules: {nope: warn}}\n"),
    "the plugin disabled": MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      enabled: false\n"),
    "the plugin twice": MKDOCS_YML.replace(JOURNEYS, JOURNEYS + JOURNEYS),
    "no journeys plugin": MKDOCS_YML.replace(JOURNEYS, ""),
    "a namespaced name": MKDOCS_YML.replace(JOURNEYS, JOURNEYS.replace("journeys:", "/journeys:")),
    "the language from the theme's defaults": MKDOCS_YML.replace("  language: en\n", ""),
    "a theme given by name": MKDOCS_YML.replace(
        "  name: material\n  language: en\n  font: false\n", " material\n"
    ).replace("theme:\n", "theme:"),
    "an inherited file": "INHERIT: base.yml\n" + MKDOCS_YML,
    "not YAML": MKDOCS_YML + "plugins: [unclosed\n",
}


@pytest.mark.unit
@pytest.mark.parametrize("case", STEPS_ASIDE)
def test_read_options_leaves_to_mkdocs_what_only_mkdocs_can_say(tmp_path, case):
    config_file = _site(tmp_path, STEPS_ASIDE[case])
    (config_file.parent / "base.yml").write_text("site_name: Base\n", encoding="utf-8")
    assert read_options(config_file) is None


@pytest.mark.build
def test_check_reports_option_problems_as_before(tmp_path):
    # read_options steps aside, so MkDocs and check_options word the message, with exit code 2.
    for yml, words in (
        (STEPS_ASIDE["an option check_options refuses"], "invalid plugin options:\n  per_page: -1 is negative"),
        (STEPS_ASIDE["an option of the wrong type"], "Plugin 'journeys' option 'per_page': Expected type"),
        (STEPS_ASIDE["the plugin disabled"], "does not enable the 'journeys' plugin"),
    ):
        config_file = _site(tmp_path / words[:6].strip(), yml)
        result = journeys_cli(config_file.parent, "check")
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr, result.stderr


# --- the memo ---


@pytest.fixture
def user_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _memo(config_file: Path) -> Path:
    return config_file.parent / ".cache" / "journeys" / settings_memo.FILE_NAME


@pytest.mark.unit
def test_the_memo_gives_back_what_was_read(tmp_path, user_key):
    config_file = _site(tmp_path, VARIANTS["plugin language over the theme's"])
    read = read_options(config_file)
    assert read is not None and settings_memo.recall(config_file) is None
    settings_memo.remember(config_file, *read)
    assert _memo(config_file).is_file()
    assert settings_memo.recall(config_file) == read


@pytest.mark.unit
def test_the_memo_is_only_for_the_same_bytes_and_code(tmp_path, user_key, monkeypatch):
    from mkdocs_journeys.core import parse_cache

    config_file = _site(tmp_path, MKDOCS_YML)
    settings_memo.remember(config_file, *read_options(config_file))  # type: ignore[misc]
    assert settings_memo.recall(config_file) is not None
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("language: en", "language: de"), encoding="utf-8")
    assert settings_memo.recall(config_file) is None
    config_file.write_text(text, encoding="utf-8")
    assert settings_memo.recall(config_file) is not None
    monkeypatch.setattr(parse_cache, "fingerprint", lambda *settings: "other code")
    assert settings_memo.recall(config_file) is None


@pytest.mark.unit
@pytest.mark.parametrize("how", ["bit-flip", "other key"])
def test_a_damaged_or_foreign_memo_is_not_used(tmp_path, user_key, monkeypatch, how):
    from mkdocs_journeys.core import parse_cache

    config_file = _site(tmp_path, MKDOCS_YML)
    settings_memo.remember(config_file, *read_options(config_file))  # type: ignore[misc]
    if how == "bit-flip":
        blob = bytearray(_memo(config_file).read_bytes())
        blob[-20] ^= 1
        _memo(config_file).write_bytes(bytes(blob))
    else:
        monkeypatch.setattr(parse_cache, "user_key", lambda: b"x" * parse_cache.KEY_BYTES)
    assert settings_memo.recall(config_file) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    "yml",
    [
        MKDOCS_YML.replace("site_name: Tiny journeys", "site_name: !ENV [SITE_NAME, Tiny journeys]"),
        MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      cache: false\n"),
    ],
    ids=["values from the environment", "cache: false"],
)
def test_nothing_is_kept_for_a_file_that_reads_outside_values_or_keeps_no_cache(tmp_path, user_key, yml):
    config_file = _site(tmp_path, yml)
    read = read_options(config_file)
    assert read is not None
    settings_memo.remember(config_file, *read)
    assert not _memo(config_file).exists() and settings_memo.recall(config_file) is None
