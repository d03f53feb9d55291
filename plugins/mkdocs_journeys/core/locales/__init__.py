"""Problem messages and the format's descriptions in English and German; the one plural rule."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "de")
MAX_PLACES = 10  # places listed in one message; the rest are counted


def language_of(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


def plural_form(forms: dict, n: int, args: dict) -> str:
    """The `one` or `other` form of a {one:, other:} locale entry, filled in: one rule for labels and messages."""
    return forms["one" if n == 1 else "other"].format_map(_Args(args))


class _Args(dict):
    """Format arguments; a placeholder without an argument stays as written instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Messages:
    """Problem messages of one language (messages.<lang>.yml): texts with {placeholders}, plurals, severities."""

    def __init__(self, language: str, data: dict):
        self.language = language
        self.data = data
        self.texts: dict[str, str] = data["text"]

    def text(self, key: str, /, **args) -> str:
        """The message `key` filled with `args`; a key that is not in the catalog is used as the text itself."""
        template = self.texts.get(key)
        if template is None:
            return key  # a literal text (never formatted: it may quote content with braces)
        return template.format_map(_Args(args))

    def log(self, key: str, /, **args) -> str:
        """What the plugin logs besides content problems (the `log` entries): a build's and serve's notes."""
        return self.data["log"][key].format_map(_Args(args))

    def word(self, group: str, key: str) -> str:
        """A word that messages insert (the name of a kind of file, of a type of value)."""
        return self.data[group].get(key, key)

    def plural(self, key: str, n: int, /, **args) -> str:
        return plural_form(self.data["plural"][key], n, dict(args, n=n))

    def did_you_mean(self, hint: str) -> str:
        return self.data["did_you_mean"].format_map(_Args(hint=hint))

    def severity(self, severity: str) -> str:
        return self.data["severity"].get(severity, severity)

    def summary(self, name: str, default: str) -> str:
        return self.data["kinds"].get(name, default)

    def example(self, name: str, default: str) -> str:
        """The bad input of a kind's example on the error catalog, in this language where it has words."""
        return self.data["examples"].get(name, default)

    def places(self, places) -> str:
        shown = ", ".join(p.format() for p in places[:MAX_PLACES])
        if len(places) > MAX_PLACES:
            shown += ", " + self.plural("and_more", len(places) - MAX_PLACES)
        return shown


# libyaml when it is there: the same data from these files (tests/test_messages.py), several times faster
# to read at every start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str) -> dict:
    return yaml.load((Path(__file__).parent / name).read_text(encoding="utf-8"), Loader=_LOADER)


@cache
def messages(language: str | None) -> Messages:
    lang = language_of(language)
    data = _read(f"messages.{lang}.yml")
    return Messages(lang, data)


@cache
def format_texts(language: str | None) -> dict:
    """The content format's descriptions and the format reference's words (format.<lang>.yml)."""
    lang = language_of(language)
    data = _read(f"format.{lang}.yml")
    return dict(data, language=lang)
