"""`journeys new` and `journeys init`: valid, commented starter files in the site's language. Never overwrites."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from mkdocs_journeys.core import ids
from mkdocs_journeys.core.schema import (
    DEFAULT_CURRENCIES,
    FILE_KINDS,
    Enum,
    Field,
    ListOf,
    MapOf,
    Number,
    Obj,
    Ref,
    Text,
    Type,
    describe,
)

STARTER = Path(__file__).parent / "starter"
# Stored without their leading dot so that packaging picks them up; renamed on write.
DOTTED = {"gitignore": ".gitignore", "github": ".github", "vscode": ".vscode", "remarkrc.mjs": ".remarkrc.mjs"}
# Files of the starter kit with placeholders (everything else is copied as it is).
TEMPLATED = {"mkdocs.yml", "requirements.txt"}
LANGUAGES = ("en", "de")


class ScaffoldError(Exception):
    pass


# --- journeys new ------------------------------------------------------------------
#
# A new file is written from the schema: every field of the kind appears, with its description (in the site's
# language) as a comment. Required fields get a value; optional ones an empty value, or a commented line with an
# example where there is no empty value. A new field of the schema appears in new files without a change here.

# Lists of objects that a new file writes one item of (a new phase is about its steps); other lists of
# objects start empty, with an example item in the comment.
ONE_ITEM = {("phase", "steps")}
TITLE_FIELDS = ("title", "name")  # a file's own title or name: made from the new id
COMMENT_COLUMN = 31
_COMMENTED = object()  # a field written as a commented line: it has no empty value and no value to suggest


class _Scaffold:
    """The front-matter of one new file, field by field."""

    def __init__(self, language: str, title: str, context: dict[str, str | None], currency: str):
        self.d = describe(language)
        self.texts = self.d.data["scaffold"]
        self.required = self.d.data["page"]["required"]
        self.title, self.context, self.currency = title, context, currency

    def lines(self, spec: Obj, indent: int = 0, top: bool = False) -> list[str]:
        out: list[str] = []
        for f in spec.fields:
            out += self.field(spec, f, indent, top)
        return out

    def comment(self, spec: Obj, f: Field, value: Any = None) -> str:
        doc = self.d.field(spec, f)
        if isinstance(value, str) and value == doc.rstrip("."):
            doc = ""  # the value already says it
        t = f.type.item if isinstance(f.type, ListOf) else f.type
        if isinstance(t, Enum) and not all(v in doc for v in t.values):
            doc += " " + ", ".join(t.values)
        return "# " + " ".join(filter(None, (doc, f"({self.required})" if f.required else "")))

    def field(self, spec: Obj, f: Field, indent: int, top: bool) -> list[str]:
        pad, t, note = " " * indent, f.type, self.comment(spec, f)  # objects and lists: their description
        if isinstance(t, Obj):
            return [f"{pad}{f.name}:  {note}", *self.lines(t, indent + 2)]
        if isinstance(t, ListOf) and isinstance(t.item, Obj):
            if (spec.name, f.name) in ONE_ITEM:
                item = self.lines(t.item, indent + 4)
                item[0] = f"{pad}  - {item[0].lstrip()}"
                return [f"{pad}{f.name}:  {note}", *item]
            example = self.example_item(t.item)
            return [f"{pad}{f.name}: []  {note} {self.texts['for_example']} - {_flow(example)}"]
        if isinstance(t, MapOf):
            key = self.context.get(t.key.target)
            if key is None:
                return [f"{pad}{f.name}: {{}}  {note}"]
            return [f"{pad}{f.name}:  {note}", f"{pad}  {key}: {_flow(self.empty(t.value))}"]
        value = self.value(spec, f, top)
        note = self.comment(spec, f, value)
        if value is _COMMENTED:
            shown = self.context.get(t.target) if isinstance(t, Ref) else None
            return [f"{pad}# {f.name}: {_flow(shown or self.d.example(spec, f))}  {note}"]
        return [f"{pad}{f.name}: {_flow(value)}  {note}"]

    def value(self, spec: Obj, f: Field, top: bool) -> Any:
        t = f.type
        if isinstance(t, Text):
            if top and f.name in TITLE_FIELDS:
                return self.title
            if f.name == "currency":  # the site's currencies, as the JSON Schema's enum
                return self.currency
            text = self.texts["placeholders"].get(spec.name, {}).get(f.name)
            if text is None and f.required:
                text = self.d.field(spec, f).rstrip(".")  # what the field means, to be replaced
            return text or ""
        if isinstance(t, Ref):
            return self.context.get(t.target) or (self.d.example(spec, f) if f.required else _COMMENTED)
        if isinstance(t, ListOf):
            if isinstance(t.item, Ref) and f.required:
                return [self.context.get(t.item.target) or self.d.example(spec, f)[0]]
            return []
        if isinstance(t, (Number, Enum)):
            return self.d.example(spec, f) if f.required else _COMMENTED
        raise TypeError(t)

    @staticmethod
    def empty(t: Type) -> Any:
        return [] if isinstance(t, ListOf) else ""

    def example_item(self, spec: Obj) -> dict:
        """An item for the comment: its required fields, references this site has, and the schema's examples."""
        out: dict[str, Any] = {}
        for f in spec.fields:
            t = f.type.item if isinstance(f.type, ListOf) else f.type
            if isinstance(t, Ref) and self.context.get(t.target):
                value: Any = self.context[t.target]
                out[f.name] = [value] if isinstance(f.type, ListOf) else value
            elif f.required or (f.example is not None and not isinstance(t, Ref)):
                out[f.name] = self.d.example(spec, f)
        return out


def _flow(value: Any) -> str:
    """A value as YAML on one line (quoted only where YAML needs it)."""
    if value == "":
        return '""'
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**9)
    return text.removesuffix("\n...\n").strip()


def _align(lines: list[str]) -> str:
    """Line the comments up after the values, so a new file reads as a table."""
    out = []
    for line in lines:
        start = len(line) - len(line.lstrip()) + 2  # past a commented field's own '# '
        at = line.find("  # ", start)
        value, note = (line[:at], line[at + 4 :]) if at >= 0 else (line, "")
        out.append(f"{value:<{COMMENT_COLUMN - 1}} # {note}" if at >= 0 else line)
    return "\n".join(out)


def front_matter(kind: str, title: str, context: dict[str, str | None], currency: str, language: str, body: str) -> str:
    """A new file of a kind: its front-matter from the schema, then a body."""
    lines = _Scaffold(language, title, context, currency).lines(FILE_KINDS[kind].spec, top=True)
    return "---\n" + _align(lines) + "\n---\n" + (body + "\n" if body else "")


def _write(path: Path, text: str, command: str = "journeys new") -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} exists; '{command}' never overwrites. Choose another id or edit the file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:  # 'x': fail rather than overwrite, even in a race
        f.write(text)
    return path


def new(
    kind: str,
    id: str,
    root: Path,
    *,
    folders: dict[str, str],
    first_phase: str,
    personas: list[str],
    touchpoints: Sequence[str] = (),
    currency: str = DEFAULT_CURRENCIES[0],
    language: str = "en",
) -> list[Path]:
    """Starter files for one persona, touchpoint or journey (index.md and its first phase)."""
    if not ids.is_id(id):
        raise ScaffoldError(f"'{id}' is not a valid id; use {ids.RULE}.")
    if id in ids.RESERVED:
        raise ScaffoldError(f"'{id}' is reserved for a generated page; choose another id.")
    title = id.replace("-", " ").replace("_", " ").title()
    bodies = describe(language).data["scaffold"]["body"]
    context = {
        "persona": personas[0] if personas else None,
        "touchpoint": touchpoints[0] if touchpoints else None,
        "phase": first_phase,
    }

    def text(kind: str) -> str:
        body = bodies[kind].format(title=title, phase=first_phase)
        return front_matter(kind, title, context, currency, language, body)

    if kind == "persona":
        return [_write(root / folders["personas"] / f"{id}.md", text("persona"))]
    if kind == "touchpoint":
        return [_write(root / folders["touchpoints"] / f"{id}.md", text("touchpoint"))]
    if kind == "journey":
        if not personas:
            raise ScaffoldError("a journey needs a persona; create one first with 'journeys new persona ID'.")
        folder = root / folders["journeys"] / id
        if folder.exists():
            raise ScaffoldError(f"{folder} exists; 'journeys new' never overwrites.")
        return [_write(folder / "index.md", text("journey")), _write(folder / f"{first_phase}.md", text("phase"))]
    raise ScaffoldError(f"unknown kind '{kind}'; expected journey, persona or touchpoint.")


# --- journeys init -----------------------------------------------------------------


def starter_files(language: str) -> dict[str, Path]:
    """Target path (relative, with its leading dots) -> the file of the starter kit it comes from."""
    if language not in LANGUAGES:
        raise ScaffoldError(f"no starter kit for the language '{language}'; choose one of {', '.join(LANGUAGES)}.")
    out: dict[str, Path] = {}
    for base in (STARTER / "common", STARTER / language):
        for src in sorted(base.rglob("*")):
            if src.is_file() and "__pycache__" not in src.parts:
                parts = list(src.relative_to(base).parts)
                parts[0] = DOTTED.get(parts[0], parts[0])
                out["/".join(parts)] = src
    return out


def plugin_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mkdocs-journeys")
    except PackageNotFoundError:
        raise ScaffoldError(
            "mkdocs-journeys is not installed as a package (pip install mkdocs-journeys); "
            "requirements.txt needs its version."
        ) from None


def init(target: Path, language: str = "en", site_name: str | None = None) -> list[Path]:
    """Write the starter kit into target; refuse, writing nothing, if any of its files exists."""
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} is a file; 'journeys init' needs a folder (it may exist, and may be empty).")
    files = starter_files(language)
    schemas = [f"schemas/{kind}.schema.json" for kind in FILE_KINDS]
    existing = [rel for rel in [*files, *schemas] if (target / rel).exists() or (target / rel).is_symlink()]
    if existing:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise ScaffoldError(
            f"{target} already has {shown}; 'journeys init' never overwrites. "
            "Choose an empty folder, or move these files away."
        )
    values = {
        "__VERSION__": plugin_version(),
        "__SITE_NAME__": json.dumps(site_name or "Customer Journeys", ensure_ascii=False),
    }
    written = []
    for rel, src in files.items():
        text = src.read_text(encoding="utf-8")
        if src.name in TEMPLATED:
            for key, value in values.items():
                text = text.replace(key, value)
        written.append(_write(target / rel, text, "journeys init"))
    return written
