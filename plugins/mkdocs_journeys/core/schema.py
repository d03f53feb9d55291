"""The one definition of the content format.

It drives three things: validation (`validate`), the JSON Schema files editors use
(`json_schema`), and the format reference page (`pages.reference`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from mkdocs_journeys.core import ids
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.locales import format_texts
from mkdocs_journeys.core.source_files import SourceDoc

MAX_TEXT = 2000

CHANNELS = (
    "email",
    "mobile",
    "social",
    "ads",
    "web",
    "search",
    "chat",
    "phone",
    "in-person",
    "print",
    "event",
    "product",
    "review",
    "other",
)
KINDS = ("digital", "analog")
STATES = ("as-is", "to-be")
KPI_DIRECTIONS = ("higher", "lower")  # which values of a KPI are better; the first is the default
EMOTION_MIN, EMOTION_MAX = 1, 5  # a step's emotion: very bad .. very good
# The currencies a money value may use unless the plugin option `currencies` says otherwise.
DEFAULT_CURRENCIES = ("CHF", "EUR", "USD", "GBP")
# The phase model unless the plugin option `phases` says otherwise; titles and descriptions are page labels
# (render/labels/<lang>.yml: phases), in the site's language.
DEFAULT_PHASES = ("awareness", "information", "purchase", "loyalty", "offboarding")


# --- field types -----------------------------------------------------------


@dataclass(frozen=True)
class Type:
    """A kind of value; what fields and objects mean is in the locales' format files (`describe`)."""


@dataclass(frozen=True)
class Text(Type):
    multiline: bool = False


@dataclass(frozen=True)
class Number(Type):
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    range_kind: P.ProblemKind | None = None  # problem reported when out of range


@dataclass(frozen=True)
class Enum(Type):
    values: tuple = ()


@dataclass(frozen=True)
class Ref(Type):
    target: str = ""  # persona | touchpoint | journey | phase | kpi


@dataclass(frozen=True)
class ListOf(Type):
    item: Type = dc_field(default_factory=Text)


@dataclass(frozen=True)
class MapOf(Type):
    key: Ref = dc_field(default_factory=Ref)
    value: Type = dc_field(default_factory=Text)


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    required: bool = False
    example: Any = None  # ids, numbers and values; example texts are in the format files
    default: Any = None  # what an optional field left out stands for, where that is a value


@dataclass(frozen=True)
class Obj(Type):
    name: str = ""  # its key in the format files
    fields: tuple[Field, ...] = ()
    one_of: tuple[tuple[str, str], ...] = ()  # pairs where exactly one must be given

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Kind:
    """One kind of content file."""

    name: str  # persona, touchpoint, journey, phase
    location: str
    spec: Obj


# --- the format --------------------------------------------------------------

TEXT = Text()
TEXTS = ListOf(item=Text())

KPI = Obj(
    name="kpi",
    fields=(
        Field("id", Ref(target="new-kpi"), True, example="trial_signups"),
        Field("name", TEXT, True),
        Field("target", Number(), False, example=40),
        Field("unit", TEXT),
        Field("source", TEXT),
        Field("owner", TEXT),
        Field("better", Enum(values=KPI_DIRECTIONS), example=KPI_DIRECTIONS[0], default=KPI_DIRECTIONS[0]),
    ),
)

MONEY_GOAL = Obj(
    name="money_goal",
    fields=(
        Field("description", TEXT, True),
        Field("value", Number(minimum=0), True, example=48000),
        Field("currency", Text(), True, example="CHF"),
        Field("period", TEXT),
    ),
)

STEP = Obj(
    name="step",
    fields=(
        Field("title", TEXT, True),
        Field("touchpoint", Ref(target="touchpoint"), example="testberichte"),
        Field("personas", ListOf(item=Ref(target="persona")), False, example=["sara"]),
        Field(
            "emotion",
            Number(minimum=EMOTION_MIN, maximum=EMOTION_MAX, integer=True, range_kind=P.SCORE_RANGE),
            True,
            example=(EMOTION_MIN + EMOTION_MAX) // 2,
        ),
        Field("pains", TEXTS),
        Field("opportunities", TEXTS),
    ),
)

IMPACT = Obj(
    name="impact",
    one_of=(("persona", "actor"),),
    fields=(
        Field("persona", Ref(target="persona"), example="sara"),
        Field("actor", TEXT),
        Field("impact", TEXT, True),
        Field("kpi", Ref(target="kpi"), example="trial_signups"),
        Field("deliverables", ListOf(item=Ref(target="touchpoint")), False, example=["webinar"]),
        Field("measures", TEXTS),
    ),
)

DATA_POINTS = Obj(
    name="data_points",
    fields=(
        Field("must_track", TEXTS),
        Field("collected", TEXTS),
        Field("wanted", TEXTS),
    ),
)

SIGNAL = Obj(
    name="signal",
    fields=(
        Field("condition", TEXT, True),
        Field("when", Text(), False, example="open_rate < 20"),
        Field("kpi", Ref(target="kpi"), example="open_rate"),
        Field("action", TEXT),
        Field("owner", TEXT),
    ),
)

BRANCH = Obj(
    name="branch",
    fields=(
        Field("condition", TEXT, True),
        Field("journey", Ref(target="journey"), example="reaktivierung"),
        Field("phase", Ref(target="phase"), example="information"),
    ),
)

PERSONA = Obj(
    name="persona",
    fields=(
        Field("name", TEXT, True),
        Field("role", TEXT, True),
        Field("segment", TEXT),
        Field("quote", TEXT),
        Field("jobs", TEXTS),
        Field("pains", TEXTS),
        Field("gains", TEXTS),
        Field(
            "empathy",
            Obj(
                name="empathy",
                fields=(
                    Field("says", TEXTS),
                    Field("thinks", TEXTS),
                    Field("does", TEXTS),
                    Field("feels", TEXTS),
                ),
            ),
        ),
        Field(
            "value_fit",
            Obj(
                name="value_fit",
                fields=(
                    Field("products", TEXTS),
                    Field("pain_relievers", TEXTS),
                    Field("gain_creators", TEXTS),
                ),
            ),
        ),
        Field("channels", ListOf(item=Enum(values=CHANNELS)), False, example=["email", "social"]),
    ),
)

TOUCHPOINT = Obj(
    name="touchpoint",
    fields=(
        Field("name", TEXT, True),
        Field("channel", Enum(values=CHANNELS), True, example="email"),
        Field("kind", Enum(values=KINDS), True, example="digital"),
        Field("owner", TEXT),
        Field("kpis", ListOf(item=KPI)),
    ),
)

JOURNEY = Obj(
    name="journey",
    fields=(
        Field("title", TEXT, True),
        Field("summary", TEXT, True),
        Field("personas", ListOf(item=Ref(target="persona")), True, example=["sara"]),
        Field("owners", TEXTS),
        Field("state", Enum(values=STATES), True, example="as-is"),
        Field("counterpart", Ref(target="journey"), example="sme-onboarding-to-be"),
        Field("trigger", TEXT),
        Field("value_proposition", TEXT),
        Field("goal", MONEY_GOAL),
    ),
)

PHASE = Obj(
    name="phase",
    fields=(
        Field("phase", Ref(target="phase"), example="purchase"),
        Field("goal", MONEY_GOAL),
        Field("core_message", TEXT),
        Field("needs", MapOf(key=Ref(target="persona"), value=TEXTS)),
        Field("steps", ListOf(item=STEP)),
        Field("kpis", ListOf(item=KPI)),
        Field("impact_map", ListOf(item=IMPACT)),
        Field("data_points", DATA_POINTS),
        Field("signals", ListOf(item=SIGNAL)),
        Field("branches", ListOf(item=BRANCH)),
    ),
)

FILE_KINDS = {
    "journey": Kind("journey", "journeys/<id>/index.md", JOURNEY),
    "phase": Kind("phase", "journeys/<id>/<phase>.md", PHASE),
    "persona": Kind("persona", "personas/<id>.md", PERSONA),
    "touchpoint": Kind("touchpoint", "touchpoints/<id>.md", TOUCHPOINT),
}


# --- descriptions: the format files of the locales ------------------------------


class Descriptions:
    """What kinds, objects and fields mean, and example texts, in one language (locales/format.<lang>.yml)."""

    def __init__(self, language: str | None):
        self.data = format_texts(language)
        self.language = self.data["language"]

    def kind_title(self, kind: str) -> str:
        return self.data["kinds"][kind]["title"]

    def kind_doc(self, kind: str) -> str:
        return self.data["kinds"][kind]["doc"]

    def obj(self, spec: Obj) -> str:
        return self.data["objects"][spec.name]["doc"]

    def field(self, spec: Obj, f: Field) -> str:
        return self.data["objects"][spec.name]["fields"][f.name]

    def example(self, spec: Obj, f: Field) -> Any:
        """The field's example: a value from the format definition, else an example text of this language."""
        if f.example is not None:
            return f.example
        return self.data["objects"][spec.name].get("examples", {}).get(f.name)


def describe(language: str | None = "en") -> Descriptions:
    return _DESCRIPTIONS.get(language) or _DESCRIPTIONS.setdefault(language, Descriptions(language))


_DESCRIPTIONS: dict[str | None, Descriptions] = {}


def objects() -> dict[str, Obj]:
    """Every object of the format by name (nested ones included)."""
    out: dict[str, Obj] = {}

    def walk(t: Type) -> None:
        if isinstance(t, ListOf):
            walk(t.item)
        elif isinstance(t, MapOf):
            walk(t.value)
        elif isinstance(t, Obj) and t.name not in out:
            out[t.name] = t
            for f in t.fields:
                walk(f.type)

    for k in FILE_KINDS.values():
        walk(k.spec)
    return out


# --- validation --------------------------------------------------------------


def _type_name(value: Any) -> str:
    """The kind of a value, as a key of the locale files' 'found' words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "other"


def fmt_path(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Validator:
    """Checks one document against a spec and returns cleaned data (None where invalid)."""

    def __init__(self, doc: SourceDoc, report: P.Report, currencies: tuple[str, ...]):
        self.doc, self.report, self.currencies = doc, report, currencies
        self.words = P.messages(report.language)
        self.ok = True

    def problem(
        self, kind, path: tuple, key: str, /, hint: str | None = None, line_path: tuple | None = None, **args
    ) -> None:
        self.report.add(
            kind,
            self.doc.rel,
            key,
            field=fmt_path(path) or None,
            line=self.doc.line(line_path if line_path is not None else path),
            hint=hint,
            **args,
        )

    def found(self, value: Any) -> str:
        return self.words.word("found", _type_name(value))

    def noun(self, target: str) -> str:
        return self.words.word("noun", "KPI" if target == "kpi" else target)

    def check(self, value: Any, t: Type, path: tuple) -> Any:
        # One dict lookup instead of a chain of isinstance tests: this runs for every value of every file.
        handler = _CHECKS.get(t.__class__) or _handler_for(t)
        return handler(self, value, t, path)

    def check_list(self, value: Any, t: ListOf, path: tuple) -> Any:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and not isinstance(t.item, Obj):
            value = [value]  # a single value where a list is expected is a common, harmless shortcut
        if not isinstance(value, list):
            self.problem(P.WRONG_TYPE, path, "wrong-type.list", found=self.found(value))
            return None
        out = [self.check(v, t.item, path + (i,)) for i, v in enumerate(value)]
        if isinstance(t.item, (Ref, Enum)):
            seen: set = set()
            for i, v in enumerate(out):
                if v is not None and v in seen:
                    self.problem(P.DUPLICATE_REFERENCE, path + (i,), "duplicate-reference", value=v)
                seen.add(v)
        if isinstance(t.item, Obj):
            return out  # invalid items stay as None so later messages keep source indexes
        return [v for v in out if v is not None]

    def check_map(self, value: Any, t: MapOf, path: tuple) -> Any:
        if not isinstance(value, dict):
            self.problem(P.WRONG_TYPE, path, "wrong-type.map", noun=self.noun(t.key.target), found=self.found(value))
            return None
        out = {}
        for k, v in value.items():
            key = self.check(k, t.key, path + (k,))
            val = self.check(v, t.value, path + (k,))
            if key is not None and val is not None:
                out[key] = val
        return out

    def check_text(self, value: Any, t: Text, path: tuple) -> Any:
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            self.problem(P.WRONG_TYPE, path, "wrong-type.text", found=self.found(value))
            return None
        text = str(value)
        if len(text) > MAX_TEXT:
            self.problem(P.TEXT_TOO_LONG, path, "text-too-long", length=len(text), limit=MAX_TEXT)
            return None
        return text.strip()

    def check_number(self, value: Any, t: Number, path: tuple) -> Any:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            self.problem(
                P.NOT_A_NUMBER,
                path,
                "not-a-number.whole" if t.integer else "not-a-number",
                found=self.found(value),
                value=_short(value),
            )
            return None
        if t.integer and value != int(value):
            self.problem(t.range_kind or P.NOT_A_NUMBER, path, "number.whole", value=value)
            return None
        lo_bad = t.minimum is not None and value < t.minimum
        hi_bad = t.maximum is not None and value > t.maximum
        if lo_bad or hi_bad:
            key = "number.range" if t.maximum is not None else "number.minimum"
            kind = t.range_kind or (P.NEGATIVE_MONEY if t.minimum == 0 else P.INVALID_VALUE)
            self.problem(
                kind,
                path,
                key,
                low=f"{t.minimum:g}",
                high=f"{t.maximum:g}" if t.maximum is not None else "",
                value=value,
            )
            return None
        return int(value) if t.integer else value

    def check_enum(self, value: Any, t: Enum, path: tuple) -> Any:
        if not isinstance(value, str) or value not in t.values:
            hint = P.did_you_mean(str(value), t.values)
            self.problem(
                P.INVALID_VALUE, path, "invalid-value", hint=hint, values=", ".join(t.values), value=_short(value)
            )
            return None
        return value

    def check_ref(self, value: Any, t: Ref, path: tuple) -> str | None:
        what = t.target.replace("new-", "")
        if not isinstance(value, str) or isinstance(value, bool):
            self.problem(
                P.WRONG_TYPE, path, "wrong-type.ref", noun=self.noun(what), found=self.found(value), value=_short(value)
            )
            return None
        if "/" in value or "\\" in value or value.endswith(".md") or value.startswith("."):
            self.problem(P.PATH_REFERENCE, path, "path-reference", value=_short_str(value), noun=self.noun(what))
            return None
        if not ids.is_id(value):
            self.problem(
                P.INVALID_ID,
                path,
                "invalid-id.ref",
                hint=ids.suggest(value),
                value=_short_str(value),
                max=ids.MAX_LENGTH,
            )
            return None
        return value

    def check_obj(self, value: Any, spec: Obj, path: tuple) -> dict | None:
        if not isinstance(value, dict):
            self.problem(
                P.WRONG_TYPE,
                path,
                "wrong-type.object",
                fields=", ".join(f.name for f in spec.fields),
                found=self.found(value),
                value=_short(value),
            )
            return None
        out: dict = {}
        ok = True
        names, name_set = _field_names(spec)
        for key in value:
            if key not in name_set:
                self.problem(
                    P.UNKNOWN_FIELD,
                    path + (key,),
                    "unknown-field",
                    hint=P.did_you_mean(key, names),
                    key=_short_str(key),
                    fields=", ".join(names),
                )
        for f in spec.fields:
            if f.name not in value or value[f.name] is None:
                if f.required:
                    ok = False
                    self.problem(
                        P.MISSING_FIELD,
                        path + (f.name,),
                        "missing-field",
                        line_path=path,
                        name=f.name,
                        doc=describe(self.report.language).field(spec, f).rstrip("."),
                    )
                continue
            v = self.check(value[f.name], f.type, path + (f.name,))
            if v is None:
                ok = ok and not f.required
                continue
            if f.required and v in ("", []):
                ok = False
                self.problem(P.EMPTY_VALUE, path + (f.name,), "empty-value", name=f.name)
                continue
            out[f.name] = v
        for a, b in spec.one_of:
            if (value.get(a) is None) == (value.get(b) is None):
                ok = False
                self.problem(P.CHOOSE_ONE, path, "choose-one", first=a, second=b)
        if spec is MONEY_GOAL and "currency" in out and out["currency"] not in self.currencies:
            self.problem(
                P.UNKNOWN_CURRENCY,
                path + ("currency",),
                "unknown-currency",
                hint=P.did_you_mean(out["currency"].upper(), self.currencies),
                value=_short_str(out["currency"]),
                values=", ".join(self.currencies),
            )
            out.pop("currency")
            ok = False
        # An invalid nested item is dropped (its problem is reported); the root is kept
        # so that other files' references to it do not cascade into more errors.
        if not path:
            self.ok = ok
        return out if ok or not path else None


# Type class -> Validator method; subclasses find their base's method through the MRO.
_CHECKS: dict[type, Callable[[Validator, Any, Any, tuple], Any]] = {
    Obj: Validator.check_obj,
    ListOf: Validator.check_list,
    MapOf: Validator.check_map,
    Text: Validator.check_text,
    Number: Validator.check_number,
    Enum: Validator.check_enum,
    Ref: Validator.check_ref,
}


def _handler_for(t: Type) -> Callable[[Validator, Any, Any, tuple], Any]:
    for cls in type(t).__mro__:
        if cls in _CHECKS:
            return _CHECKS[cls]
    raise TypeError(t)


_NAMES: dict[int, tuple[Obj, list[str], frozenset]] = {}


def _field_names(spec: Obj) -> tuple[list[str], frozenset]:
    """Field names of a spec, as a list (for messages) and a set; specs are long-lived, so cache by id."""
    got = _NAMES.get(id(spec))
    if got is None or got[0] is not spec:
        names = [f.name for f in spec.fields]
        got = _NAMES[id(spec)] = (spec, names, frozenset(names))
    return got[1], got[2]


def _short(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return ""
    return f"'{_short_str(str(value))}'"


def _short_str(s: str, n: int = 60) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def validate(doc: SourceDoc, kind: str, report: P.Report, currencies: tuple[str, ...]) -> tuple[dict | None, bool]:
    """Cleaned data, and whether the file's own required fields are valid.

    Invalid nested items (a step, a KPI) are dropped from the data and reported."""
    v = Validator(doc, report, currencies)
    data = v.check_obj(doc.data, FILE_KINDS[kind].spec, ())
    return data, v.ok


def guess_kind(data: dict) -> str | None:
    """The file kind whose required fields best match the data (for wrong-folder hints)."""
    best, score = None, 0
    for name, k in FILE_KINDS.items():
        required = {f.name for f in k.spec.fields if f.required}
        names = {f.name for f in k.spec.fields}
        s = len(required & set(data)) * 2 + len(names & set(data)) - len(set(data) - names)
        if required and required <= set(data) and s > score:
            best, score = name, s
    return best


# --- JSON Schema -----------------------------------------------------------------


def _json(t: Type, currencies: tuple[str, ...], phases: tuple[str, ...], d: Descriptions) -> dict:
    if isinstance(t, Obj):
        props = {}
        for f in t.fields:
            sub = _json(f.type, currencies, phases, d)
            sub["description"] = d.field(t, f)
            example = d.example(t, f)
            if example is not None:
                sub["examples"] = [example]
            if f.default is not None:
                sub["default"] = f.default
            if f.name == "currency":
                sub["enum"] = list(currencies)
            if not f.required:
                _allow_null(sub)  # an optional field left empty (`touchpoint:`) counts as absent, as in `check_obj`
            props[f.name] = sub
        out: dict = {"type": "object", "properties": props, "additionalProperties": False}
        req = [f.name for f in t.fields if f.required]
        if req:
            out["required"] = req
        out["description"] = d.obj(t)
        return out
    if isinstance(t, ListOf):
        return {"type": "array", "items": _json(t.item, currencies, phases, d)}
    if isinstance(t, MapOf):
        return {
            "type": "object",
            "propertyNames": {"pattern": ids.PATTERN},
            "additionalProperties": _json(t.value, currencies, phases, d),
        }
    if isinstance(t, Text):
        return {"type": ["string", "number"], "maxLength": MAX_TEXT}
    if isinstance(t, Number):
        out = {"type": "integer" if t.integer else "number"}
        if t.minimum is not None:
            out["minimum"] = t.minimum
        if t.maximum is not None:
            out["maximum"] = t.maximum
        return out
    if isinstance(t, Enum):
        return {"enum": list(t.values)}
    if isinstance(t, Ref):
        if t.target == "phase" and phases:  # the site's phase model: what the build accepts
            return {"type": "string", "enum": list(phases)}
        return {"type": "string", "pattern": ids.PATTERN}
    raise TypeError(t)


def _allow_null(sub: dict) -> None:
    if "enum" in sub:
        sub["enum"] = [*sub["enum"], None]
    if "type" in sub:
        types = sub["type"] if isinstance(sub["type"], list) else [sub["type"]]
        sub["type"] = [*types, "null"]


def json_schema(
    kind: str,
    currencies: tuple[str, ...] = DEFAULT_CURRENCIES,
    phases: tuple[str, ...] = (),
    language: str | None = "en",
) -> dict:
    """The JSON Schema of one kind of file; with a site's currencies, phase ids and language where they are known."""
    k, d = FILE_KINDS[kind], describe(language)
    # Draft-07: the dialect editors' validators load by default (remark-lint-frontmatter-schema's Ajv
    # rejects a 2020-12 schema); the keywords used here mean the same in every draft since.
    out = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"mkdocs-journeys/{kind}.schema.json",
        "title": f"mkdocs-journeys {d.kind_title(kind)} front-matter",
    }
    out.update(_json(k.spec, currencies, tuple(phases), d))
    out["description"] = f"{d.kind_doc(kind)} {d.data['page']['location']}: {k.location}."
    return out
