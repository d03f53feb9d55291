"""What `journeys check` reads from mkdocs.yml: MkDocs validates it as the build does; the memo of an
unchanged mkdocs.yml gives back what that gave, and is used only for the same file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_journeys.cli import settings_memo
from mkdocs_journeys.cli.commands import Project
from sitekit import journeys_cli
from tiny_site import MKDOCS_YML, write_site

JOURNEYS = "  - journeys:\n      git_dates: false\n"


def _by_mkdocs(config_file: Path) -> tuple:
    project = Project(config_file)
    return project.settings, project.rules


def _site(tmp_path: Path, yml: str) -> Path:
    return write_site(tmp_path / "site", yml=yml) / "mkdocs.yml"


GERMAN = MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      language: de\n")  # the plugin's language over the theme's


OPTION_PROBLEMS = {
    "an option of the wrong type": MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      per_page: many\n"),
    "an option check_options refuses": MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      per_page: -1\n"),
    "the plugin disabled": MKDOCS_YML.replace(JOURNEYS, JOURNEYS + "      enabled: false\n"),
    "a theme that is not installed": MKDOCS_YML.replace("  name: material\n", "  name: no-such-theme\n"),
}


@pytest.mark.build
def test_check_reports_problems_of_mkdocs_yml_as_the_build_does(tmp_path):
    """MkDocs validates the whole file, the plugin's checks its options: exit code 2, one message."""
    for yml, words in (
        (OPTION_PROBLEMS["an option check_options refuses"], "invalid plugin options:\n  per_page: -1 is negative"),
        (OPTION_PROBLEMS["an option of the wrong type"], "Plugin 'journeys' option 'per_page': Expected type"),
        (OPTION_PROBLEMS["the plugin disabled"], "does not enable the 'journeys' plugin"),
        (OPTION_PROBLEMS["a theme that is not installed"], "no-such-theme"),
    ):
        config_file = _site(tmp_path / words[:6].strip(), yml)
        result = journeys_cli(config_file.parent, "check")
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert not _memo(config_file).exists()  # nothing is kept of a file that does not validate


@pytest.mark.build
def test_a_warm_check_takes_the_settings_from_the_memo(tmp_path):
    config_file = _site(tmp_path, GERMAN)
    first = journeys_cli(config_file.parent, "check")
    assert first.returncode == 0 and _memo(config_file).is_file(), first.stderr
    assert settings_memo.recall(config_file) == _by_mkdocs(config_file)
    second = journeys_cli(config_file.parent, "check")
    assert (second.returncode, second.stdout) == (0, first.stdout)


# --- the memo ---


@pytest.fixture
def user_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _memo(config_file: Path) -> Path:
    return config_file.parent / ".cache" / "journeys" / settings_memo.FILE_NAME


@pytest.mark.unit
def test_the_memo_gives_back_what_was_read(tmp_path, user_key):
    config_file = _site(tmp_path, GERMAN)
    read = _by_mkdocs(config_file)
    assert read is not None and settings_memo.recall(config_file) is None
    settings_memo.remember(config_file, *read)
    assert _memo(config_file).is_file()
    assert settings_memo.recall(config_file) == read


@pytest.mark.unit
def test_the_memo_is_only_for_the_same_bytes_and_code(tmp_path, user_key, monkeypatch):
    from mkdocs_journeys.core import parse_cache

    config_file = _site(tmp_path, MKDOCS_YML)
    settings_memo.remember(config_file, *_by_mkdocs(config_file))  # type: ignore[misc]
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
    settings_memo.remember(config_file, *_by_mkdocs(config_file))  # type: ignore[misc]
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
    read = _by_mkdocs(config_file)
    assert read is not None
    settings_memo.remember(config_file, *read)
    assert not _memo(config_file).exists() and settings_memo.recall(config_file) is None
