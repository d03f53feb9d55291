"""Page labels in English and German (en.yml, de.yml), chosen by theme.language."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from mkdocs_journeys.core.locales import language_of


class Labels(dict):
    """Label lookup; a missing key shows the key rather than failing the build."""

    language = "en"

    def __getattr__(self, name: str) -> str:
        return self.get(name, name)

    def __missing__(self, key: str) -> str:
        return key


@cache
def labels(language: str) -> Labels:
    lang = language_of(language)
    data = yaml.safe_load((Path(__file__).parent / f"{lang}.yml").read_text(encoding="utf-8"))
    out = Labels(data)
    out.language = lang
    return out
