"""The format reference and error catalog, generated from `schema` and `problems`."""

from __future__ import annotations

import json

from .. import problems as P
from ..schema import FILE_KINDS, Enum, Field, ListOf, MapOf, Number, Obj, Ref, Text, Type


def type_name(t: Type) -> str:
    if isinstance(t, Obj):
        return "mapping"
    if isinstance(t, ListOf):
        return f"list of {type_name(t.item)}"
    if isinstance(t, MapOf):
        return f"mapping of {t.key.target} id → {type_name(t.value)}"
    if isinstance(t, Number):
        base = "whole number" if t.integer else "number"
        if t.minimum is not None and t.maximum is not None:
            return f"{base} {t.minimum:g}–{t.maximum:g}"
        return base
    if isinstance(t, Enum):
        return " | ".join(t.values)
    if isinstance(t, Ref):
        return "id" if t.target.startswith("new-") else f"{t.target} id"
    if isinstance(t, Text):
        return "text"
    return "value"


def rows(spec: Obj, prefix: str = "") -> list[tuple[str, Field]]:
    """Every field, nested ones as dotted paths (lists as name[])."""
    out: list[tuple[str, Field]] = []
    for f in spec.fields:
        path = prefix + f.name
        out.append((path, f))
        t = f.type
        if isinstance(t, ListOf) and isinstance(t.item, Obj):
            out.extend(rows(t.item, path + "[]."))
        elif isinstance(t, Obj):
            out.extend(rows(t, path + "."))
    return out


def _example_value(f: Field):
    if f.example is not None:
        return f.example
    t = f.type
    if isinstance(t, Obj):
        return {g.name: _example_value(g) for g in t.fields if _example_value(g) is not None}
    if isinstance(t, ListOf) and isinstance(t.item, Obj):
        return [{g.name: _example_value(g) for g in t.item.fields if _example_value(g) is not None}]
    return None


def example_yaml(spec: Obj, indent: int = 0) -> list[str]:
    """A complete example of a mapping, every field commented with its doc."""
    lines: list[str] = []
    for f in spec.fields:
        value = _example_value(f)
        if value is None:
            continue
        pad = " " * indent
        doc = f.doc + (" (required)" if f.required else "")
        t = f.type
        if isinstance(t, ListOf) and isinstance(t.item, Obj):
            lines.append(f"{pad}{f.name}:  # {doc}")
            item_lines = example_yaml(t.item, indent + 4)
            if item_lines:
                item_lines[0] = pad + "  - " + item_lines[0].lstrip()
            lines.extend(item_lines)
        elif isinstance(t, Obj):
            lines.append(f"{pad}{f.name}:  # {doc}")
            lines.extend(example_yaml(t, indent + 2))
        elif isinstance(t, MapOf):
            lines.append(f"{pad}{f.name}:  # {doc}")
            for k, v in value.items():
                lines.append(f"{pad}  {k}: {json.dumps(v, ensure_ascii=False)}")
        else:
            lines.append(f"{pad}{f.name}: {json.dumps(value, ensure_ascii=False)}  # {doc}")
    return lines


def example_file(kind: str) -> str:
    k = FILE_KINDS[kind]
    return "---\n" + "\n".join(example_yaml(k.spec)) + "\n---\n\nProse in Markdown: the body of the page.\n"


def kinds():
    return list(FILE_KINDS.values())


def problem_kinds() -> list[P.ProblemKind]:
    return sorted(P.KINDS.values(), key=lambda k: k.code)


def problem_examples() -> dict[str, tuple[str, str]]:
    return P.EXAMPLES
