"""The format reference and error catalog, generated from `schema` and `problems`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from mkdocs_journeys.core import actuals
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.locales import format_texts, messages
from mkdocs_journeys.core.model import common
from mkdocs_journeys.core.model.common import phase_kpi_key, touchpoint_kpi_key
from mkdocs_journeys.core.schema import (
    FILE_KINDS,
    Descriptions,
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
from mkdocs_journeys.render.templating import code_spans


def type_name(t: Type, language: str | None = "en", literal=str, separator: str = " | ") -> str:
    """The type as the reference's table names it, in the site's language; `literal` formats an allowed value."""
    words = format_texts(language)["types"]
    if isinstance(t, Obj):
        return words["mapping"]
    if isinstance(t, ListOf):
        return words["list"].format(item=type_name(t.item, language, literal, separator))
    if isinstance(t, MapOf):
        return words["map"].format(target=t.key.target, value=type_name(t.value, language, literal, separator))
    if isinstance(t, Number):
        base = words["whole_number"] if t.integer else words["number"]
        if t.minimum is not None and t.maximum is not None:
            return f"{base} {t.minimum:g}–{t.maximum:g}"
        return base
    if isinstance(t, Enum):
        return separator.join(literal(v) for v in t.values)
    if isinstance(t, Ref):
        return words["id"] if t.target.startswith("new-") else words["ref"].format(target=t.target)
    if isinstance(t, Text):
        return words["text"]
    return words["value"]


def rows(spec: Obj, prefix: str = "") -> list[tuple[str, Obj, Field]]:
    """Every field with the object it belongs to, nested ones as dotted paths (lists as name[])."""
    out: list[tuple[str, Obj, Field]] = []
    for f in spec.fields:
        path = prefix + f.name
        out.append((path, spec, f))
        t = f.type
        if isinstance(t, ListOf) and isinstance(t.item, Obj):
            out.extend(rows(t.item, path + "[]."))
        elif isinstance(t, Obj):
            out.extend(rows(t, path + "."))
    return out


def _example_value(spec: Obj, f: Field, d: Descriptions):
    value = d.example(spec, f)
    if value is not None:
        return value
    t = f.type.item if isinstance(f.type, ListOf) else f.type
    if not isinstance(t, Obj):
        return None
    item = {g.name: v for g in t.fields if (v := _example_value(t, g, d)) is not None}
    return [item] if isinstance(f.type, ListOf) else item


def example_yaml(spec: Obj, language: str | None = "en", indent: int = 0) -> list[str]:
    """A complete example of a mapping, every field commented with its description."""
    d = describe(language)
    required = format_texts(language)["page"]["required"]
    lines: list[str] = []
    for f in spec.fields:
        value = _example_value(spec, f, d)
        if value is None:
            continue
        pad = " " * indent
        doc = d.field(spec, f) + (f" ({required})" if f.required else "")
        t = f.type
        if isinstance(t, ListOf) and isinstance(t.item, Obj):
            lines.append(f"{pad}{f.name}:  # {doc}")
            item_lines = example_yaml(t.item, language, indent + 4)
            if item_lines:
                item_lines[0] = pad + "  - " + item_lines[0].lstrip()
            lines.extend(item_lines)
        elif isinstance(t, Obj):
            lines.append(f"{pad}{f.name}:  # {doc}")
            lines.extend(example_yaml(t, language, indent + 2))
        elif isinstance(t, MapOf):
            lines.append(f"{pad}{f.name}:  # {doc}")
            for k, v in value.items():
                lines.append(f"{pad}  {k}: {json.dumps(v, ensure_ascii=False)}")
        else:
            lines.append(f"{pad}{f.name}: {json.dumps(value, ensure_ascii=False)}  # {doc}")
    return lines


def example_file(kind: str, language: str | None = "en") -> str:
    k = FILE_KINDS[kind]
    body = format_texts(language)["page"]["body"]
    return "---\n" + "\n".join(example_yaml(k.spec, language)) + f"\n---\n\n{body}\n"


def kinds():
    return list(FILE_KINDS.values())


def problem_kinds() -> list[P.ProblemKind]:
    return sorted(P.KINDS.values(), key=lambda k: k.code)


def problem_examples() -> dict[str, tuple[str, str]]:
    return P.EXAMPLES


# --- KPI actuals and signal conditions: read from the definitions the loader parses with ---


@dataclass(frozen=True)
class ActualsFormat:
    csv_header: str
    key_forms: tuple[str, ...]
    periods: tuple[actuals.PeriodForm, ...]
    condition_form: str
    condition_kpi_forms: tuple[str, ...]
    operators: tuple[tuple[str, str], ...]  # (operator, meaning)
    condition_examples: tuple[str, ...]
    csv_example: str
    yaml_example: str


def actuals_format(language: str | None = "en") -> ActualsFormat:
    key_a = phase_kpi_key("onboarding", "awareness", "leads")
    key_b = touchpoint_kpi_key("newsletter", "open_rate")
    values = {key_a: iter((120, 95, 130, 110, 90)), key_b: iter((31, 28, 35, 33, 30))}
    rows = []
    for i, f in enumerate(actuals.PERIOD_FORMS):  # one row per period form, alternating the key forms
        key = key_a if i % 2 else key_b
        rows.append((key, f.example, next(values[key])))
    csv_example = ",".join(actuals.CSV_HEADER) + "\n" + "".join(f"{k},{p},{v}\n" for k, p, v in rows)
    series: dict[str, dict[str, int]] = {}
    for k, p, v in rows:
        series.setdefault(k, {})[p] = v
    yaml_example = "".join(f"{k}:\n" + "".join(f"  {p}: {v}\n" for p, v in s.items()) for k, s in series.items())
    # What a form or operator means in the site's language; one the locale does not know keeps its definition's words.
    words = format_texts(language)
    periods = tuple(replace(f, meaning=words["periods"].get(f.name, f.meaning)) for f in actuals.PERIOD_FORMS)
    operators = tuple((op, words["operators"].get(op, o.meaning)) for op, o in common.OPERATORS.items())
    return ActualsFormat(
        ",".join(actuals.CSV_HEADER),
        common.KPI_KEY_FORMS,
        periods,
        actuals.CONDITION_FORM,
        actuals.CONDITION_KPI_FORMS,
        operators,
        actuals.CONDITION_EXAMPLES,
        csv_example,
        yaml_example,
    )


def code(text: str) -> Markup:
    """A definition's text as code."""
    return Markup("<code>{}</code>").format(text)


# Where the message for each example in problems.EXAMPLES points: (line, field) in the example's file.
# tests/test_reference.py reproduces every example it can with the loader and compares.
EXAMPLE_LOCATIONS: dict[str, tuple[int | None, str | None]] = {
    "bom": (1, None),
    "no-front-matter": (1, None),
    "unclosed-front-matter": (1, None),
    "invalid-yaml": (2, "name"),
    "yaml-tab": (3, None),
    "yaml-alias": (2, None),
    "not-a-mapping": (2, None),
    "duplicate-key": (3, None),
    "yaml-too-deep": (2, None),
    "missing-field": (2, "channel"),
    "unknown-field": (2, "chanel"),
    "wrong-type": (2, "personas"),
    "invalid-value": (2, "kind"),
    "empty-value": (2, "title"),
    "text-too-long": (2, "summary"),
    "score-out-of-range": (4, "steps[0].emotion"),
    "not-a-number": (2, "goal.value"),
    "unknown-currency": (2, "goal.currency"),
    "choose-one": (3, "impact_map[0]"),
    "negative-money": (2, "goal.value"),
    "unknown-reference": (4, "steps[0].touchpoint"),
    "duplicate-id": (4, "kpis[1].id"),
    "branch-to-self": (3, "branches[0]"),
    "duplicate-reference": (2, "personas[1]"),
    "kind-mismatch": (1, None),
    "step-without-touchpoint": (3, "steps[0].touchpoint"),
    "kpi-without-target": (3, "kpis[0].target"),
    "kpi-without-source": (3, "kpis[0].source"),
    "signal-without-owner": (3, "signals[0].owner"),
    "signal-without-action": (3, "signals[0].action"),
    "team-spelled-twice": (2, "owner"),
    "invalid-condition": (4, "signals[0].when"),
    "actuals-format": (1, None),
    "invalid-period": (2, "newsletter.open_rate"),
    "wrong-folder": (1, None),
    "invalid-id": (1, None),
}


# Examples whose text starts with the literal bad input (YAML or CSV), shown as code; a comment may follow it
# after two or more spaces or on a line of its own in parentheses. The other examples describe the input in words.
INPUT_EXAMPLES = frozenset(
    {
        "bom",
        "no-front-matter",
        "unclosed-front-matter",
        "invalid-yaml",
        "yaml-tab",
        "yaml-alias",
        "not-a-mapping",
        "duplicate-key",
        "yaml-too-deep",
        "missing-field",
        "unknown-field",
        "wrong-type",
        "invalid-value",
        "empty-value",
        "score-out-of-range",
        "not-a-number",
        "unknown-currency",
        "choose-one",
        "negative-money",
        "unknown-reference",
        "path-reference",
        "duplicate-id",
        "duplicate-phase",
        "branch-to-self",
        "persona-not-in-journey",
        "persona-without-needs",
        "duplicate-reference",
        "counterpart-state",
        "kind-mismatch",
        "step-without-touchpoint",
        "kpi-without-target",
        "kpi-without-source",
        "signal-without-owner",
        "signal-without-action",
        "signal-fired",
        "team-spelled-twice",
        "invalid-condition",
        "actuals-format",
        "invalid-period",
    }
)
_COMMENT = re.compile(r"(?<!\\n)(?<! )\s{2,}|\\n(?=\()")  # spaces after a line break indent the input
_NEWLINE = " ⏎ "


def example_cell(name: str, language: str | None) -> Markup:
    """The example of a problem kind for the catalog's table, in the site's language: its input as code."""
    text = messages(language).example(name, P.EXAMPLES[name][1])
    if name not in INPUT_EXAMPLES:
        return escape(text.replace("\\n", _NEWLINE))
    found = _COMMENT.search(text)
    given, comment = (text[: found.start()], text[found.end() :]) if found else (text, "")
    cell = code(given.replace("\\n", _NEWLINE))
    return cell + Markup(" ") + escape(comment.replace("\\n", _NEWLINE)) if comment else cell


def example_location(name: str) -> str:
    """`file:line field` of the example's message, as `journeys check` prints it; the file alone where
    the whole file is the problem."""
    file = P.EXAMPLES[name][0]
    line, field = EXAMPLE_LOCATIONS.get(name, (None, None))
    return file + (f":{line}" if line else "") + (f" {field}" if field else "")


@dataclass(frozen=True)
class CheckFormat:
    name: str
    version: int
    fields: tuple[tuple[str, str], ...]


def check_format() -> CheckFormat:
    """`journeys check --format json`, for the error catalog page."""
    from mkdocs_journeys.core import check_output

    return CheckFormat(check_output.FORMAT, check_output.VERSION, check_output.JSON_FIELDS)


def page_words(language: str | None) -> dict:
    """The format reference's own sentences in HTML, their `code` spans as code: the locale's, never content."""

    def trusted(value):
        return [trusted(v) for v in value] if isinstance(value, list) else code_spans(value)

    return {key: trusted(value) for key, value in format_texts(language)["page"].items()}
