"""English and German labels, chosen by theme.language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "de")


class Labels(dict):
    """Label lookup; a missing key shows the key rather than failing the build."""

    def __getattr__(self, name: str) -> str:
        return self.get(name, name)

    def __missing__(self, key: str) -> str:
        return key


@lru_cache(maxsize=None)
def labels(language: str) -> Labels:
    lang = language if language in LANGUAGES else "en"
    data = yaml.safe_load((Path(__file__).parent / f"{lang}.yml").read_text(encoding="utf-8"))
    return Labels(data)
