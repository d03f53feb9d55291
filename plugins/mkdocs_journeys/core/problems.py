"""The error catalog: every problem the loader and validator can report.

Each kind has a stable code, a severity and a one-line summary; the catalog
feeds the messages, the docs page and the tests (one test per kind).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

from mkdocs_journeys.core.locales import messages

ERROR = "error"
WARNING = "warning"
INFO = "info"  # shown in reports and `journeys check`; never fails a build
IGNORE = "ignore"
LEVELS = {"error": ERROR, "warn": WARNING, "warning": WARNING, "info": INFO, "ignore": IGNORE}


@dataclass(frozen=True)
class ProblemKind:
    code: str
    name: str
    severity: str
    summary: str  # English; summary_in gives the site's language

    def summary_in(self, language: str) -> str:
        return messages(language).summary(self.name, self.summary)

    def severity_in(self, language: str) -> str:
        return messages(language).severity(self.severity)


KINDS: dict[str, ProblemKind] = {}


def _kind(code: str, name: str, severity: str, summary: str) -> ProblemKind:
    k = ProblemKind(code, name, severity, summary)
    KINDS[name] = k
    return k


# Files and folders
FILE_TOO_LARGE = _kind("J101", "file-too-large", ERROR, "A content file is larger than the configured size limit.")
NOT_UTF8 = _kind("J102", "not-utf8", ERROR, "A content file is not valid UTF-8.")
BOM = _kind(
    "J103",
    "bom",
    WARNING,
    "A content file starts with a byte-order mark; it is read, but editors should save without one.",
)
EMPTY_FILE = _kind("J104", "empty-file", ERROR, "A content file is empty.")
WRONG_FOLDER = _kind("J105", "wrong-folder", ERROR, "A file is in a folder where that kind of file does not belong.")
SYMLINK = _kind("J106", "symlink", ERROR, "A symlink in a content folder loops or points outside the folder.")
UNREADABLE = _kind("J107", "unreadable", ERROR, "A content file or folder cannot be read.")
INVALID_ID = _kind(
    "J108", "invalid-id", ERROR, "A file or folder name is not a valid id (lower-case letters, digits, '-' and '_')."
)
MISSING_INDEX = _kind("J109", "missing-index", ERROR, "A journey folder has no index.md.")
MISSING_FOLDER = _kind("J110", "missing-folder", WARNING, "A configured content folder does not exist.")
IGNORED_FILE = _kind(
    "J111",
    "ignored-file",
    WARNING,
    "A file in a content folder looks like content but is ignored (content files end in '.md').",
)
# Front-matter and YAML
NO_FRONT_MATTER = _kind(
    "J201", "no-front-matter", ERROR, "A content file does not start with a '---' front-matter block."
)
UNCLOSED_FRONT_MATTER = _kind(
    "J202", "unclosed-front-matter", ERROR, "The front-matter block is never closed with '---'."
)
INVALID_YAML = _kind("J203", "invalid-yaml", ERROR, "The front-matter is not valid YAML.")
YAML_TAB = _kind("J204", "yaml-tab", ERROR, "The front-matter is indented with a tab; YAML allows only spaces.")
YAML_ALIAS = _kind(
    "J205",
    "yaml-alias",
    ERROR,
    "The front-matter uses YAML anchors or aliases, which are not allowed (they enable alias bombs).",
)
NOT_A_MAPPING = _kind("J206", "not-a-mapping", ERROR, "The front-matter is not a mapping of field names to values.")
DUPLICATE_KEY = _kind(
    "J207",
    "duplicate-key",
    ERROR,
    "The same field appears twice in one mapping; YAML would silently keep only the last.",
)
YAML_TOO_DEEP = _kind(
    "J208", "yaml-too-deep", ERROR, "The front-matter nests deeper than any field of the format allows."
)
# Fields
MISSING_FIELD = _kind("J301", "missing-field", ERROR, "A required field is missing.")
UNKNOWN_FIELD = _kind("J302", "unknown-field", ERROR, "A field is not part of the format (usually a typo).")
WRONG_TYPE = _kind(
    "J303", "wrong-type", ERROR, "A field has the wrong type, for example a list where text is expected."
)
INVALID_VALUE = _kind("J304", "invalid-value", ERROR, "A field's value is not one of the allowed values.")
EMPTY_VALUE = _kind("J305", "empty-value", ERROR, "A required text or list field is empty.")
TEXT_TOO_LONG = _kind("J306", "text-too-long", ERROR, "A text field is longer than the format allows.")
SCORE_RANGE = _kind("J307", "score-out-of-range", ERROR, "An emotion score is outside 1-5.")
NOT_A_NUMBER = _kind("J308", "not-a-number", ERROR, "A score, money value or target is not a number.")
UNKNOWN_CURRENCY = _kind("J309", "unknown-currency", ERROR, "A money value has a currency that is not configured.")
CHOOSE_ONE = _kind(
    "J310", "choose-one", ERROR, "Exactly one of two alternative fields must be given (for example persona or actor)."
)
INVALID_CONDITION = _kind(
    "J312", "invalid-condition", ERROR, "A signal's 'when' is not of the form '<kpi> <op> <number>'."
)
NEGATIVE_MONEY = _kind("J311", "negative-money", ERROR, "A money value is negative.")
# References
UNKNOWN_REFERENCE = _kind(
    "J401",
    "unknown-reference",
    ERROR,
    "A reference names a persona, touchpoint, journey, phase or KPI that does not exist.",
)
PATH_REFERENCE = _kind(
    "J402", "path-reference", ERROR, "A reference looks like a file path; references are ids, never paths."
)
DUPLICATE_ID = _kind("J403", "duplicate-id", ERROR, "Two things of the same kind share one id.")
DUPLICATE_PHASE = _kind("J404", "duplicate-phase", ERROR, "A journey has two files for the same phase.")
UNKNOWN_PHASE = _kind(
    "J405", "unknown-phase", ERROR, "A journey phase file is named after a phase that is not in the phase model."
)
NO_PHASES = _kind("J406", "no-phases", ERROR, "A journey has no phase files.")
BRANCH_TO_SELF = _kind("J407", "branch-to-self", ERROR, "A branch points at the phase it starts from.")
BRANCH_CYCLE = _kind(
    "J408", "branch-cycle", WARNING, "Branches form a cycle between journeys; customers could loop forever."
)
PERSONA_NOT_IN_JOURNEY = _kind(
    "J409", "persona-not-in-journey", ERROR, "A phase names a persona that the journey does not list."
)
UNUSED_PERSONA = _kind("J410", "unused-persona", WARNING, "A persona is used by no journey.")
DUPLICATE_REFERENCE = _kind("J411", "duplicate-reference", WARNING, "A list names the same id twice.")
COUNTERPART_STATE = _kind(
    "J412",
    "counterpart-state",
    ERROR,
    "A journey's counterpart must have the opposite state (as-is vs to-be) and name it back.",
)
ACTUALS_FORMAT = _kind("J501", "actuals-format", ERROR, "A KPI actuals file is not in the documented CSV or YAML form.")
INVALID_PERIOD = _kind(
    "J502",
    "invalid-period",
    ERROR,
    "A KPI actual has a period that is not YYYY, YYYY-MM, YYYY-Qn, YYYY-Www or YYYY-MM-DD.",
)
DUPLICATE_ACTUAL = _kind("J503", "duplicate-actual", ERROR, "A KPI has two actual values for the same period.")
KIND_MISMATCH = _kind(
    "J413",
    "kind-mismatch",
    ERROR,
    "A file's fields belong to another kind of file; it is probably in the wrong folder.",
)


# Health rules: gaps in a map. Their severity is configured per rule (health.rules in mkdocs.yml).
HEALTH = {}


def _rule(code: str, name: str, severity: str, summary: str) -> ProblemKind:
    k = _kind(code, name, severity, summary)
    HEALTH[name] = k
    return k


PHASE_NO_GOAL = _rule("J601", "phase-without-goal", INFO, "A phase of a journey has no business goal.")
PHASE_NO_KPI = _rule("J602", "phase-without-kpi", INFO, "A phase of a journey has no KPI.")
PHASE_NO_MESSAGE = _rule("J603", "phase-without-core-message", INFO, "A phase of a journey has no core message.")
PHASE_NO_TOUCHPOINT = _rule(
    "J604",
    "phase-without-touchpoint",
    INFO,
    "A phase of a journey uses no touchpoint (no step and no impact names one).",
)
PERSONA_NO_NEEDS = _rule(
    "J605", "persona-without-needs", INFO, "A persona of the journey has no needs stated in a phase."
)
STEP_NO_TOUCHPOINT = _rule("J606", "step-without-touchpoint", INFO, "A step names no touchpoint.")
TOUCHPOINT_NO_PURPOSE = _rule(
    "J607",
    "touchpoint-without-purpose",
    INFO,
    "A touchpoint serves no goal or impact (no impact map lists it as a deliverable).",
)
KPI_NO_TARGET = _rule("J608", "kpi-without-target", INFO, "A KPI has no target.")
KPI_NO_SOURCE = _rule("J609", "kpi-without-source", INFO, "A KPI has no data source.")
SIGNAL_NO_OWNER = _rule("J610", "signal-without-owner", INFO, "A signal has no owner.")
SIGNAL_NO_ACTION = _rule("J611", "signal-without-action", INFO, "A signal has no action.")
AS_IS_NO_TO_BE = _rule(
    "J612", "as-is-without-to-be", IGNORE, "An as-is journey has no to-be counterpart (enable where teams require one)."
)
PHASE_NOT_COVERED = _rule("J613", "phase-not-covered", IGNORE, "A journey does not cover a phase of the phase model.")
SIGNAL_FIRED = _rule("J614", "signal-fired", INFO, "A signal fired: the latest KPI actual meets its condition.")
TEAM_SPELLINGS = _rule(
    "J615",
    "team-spelled-twice",
    WARNING,
    "One team is written in two spellings that differ only in case or spacing (Marketing, marketing).",
)
HEALTH["unused-persona"] = UNUSED_PERSONA  # a loader check, configurable like the rules


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate, if one is close enough to be a likely typo."""
    cands = list(candidates)
    if not cands or not isinstance(word, str):
        return None
    folded = {c.lower(): c for c in cands}
    if word.lower() in folded:
        return folded[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


@dataclass(frozen=True)
class Place:
    """A location in the content: file, line and field where known."""

    file: str
    line: int | None = None
    field: str | None = None

    def format(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return where + (f" ({self.field})" if self.field else "")


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    file: str
    message: str  # in the report's language, one line
    field: str | None = None
    line: int | None = None
    hint: str | None = None
    level: str | None = None  # configured severity, for health rules
    journey: str | None = None  # what the problem is about, for the health report
    phase: str | None = None
    related: tuple[Place, ...] = ()  # other places the message names (the other duplicate, a cycle's other branches)
    folded: tuple[Place, ...] = ()  # places whose problems follow only from this one
    language: str = "en"
    key: str = ""  # the message's key in the locale files (stable, for tools)

    @property
    def severity(self) -> str:
        return self.level or self.kind.severity

    @property
    def severity_label(self) -> str:
        """The severity in the problem's language (Fehler, Warnung, Hinweis)."""
        return messages(self.language).severity(self.severity)

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def rule(self) -> str:
        return self.kind.name

    @property
    def place(self) -> Place:
        return Place(self.file, self.line, self.field)

    def format(self) -> str:
        """The one text form, in the problem's language: file:line: severity code [rule] field: message.
        Characters from content cannot steer the terminal it is printed on."""
        from mkdocs_journeys.core.terminal import safe

        t = messages(self.language)
        where = self.file + (f":{self.line}" if self.line else "")
        at = f" {self.field}:" if self.field else ""
        text = f"{where}: {t.severity(self.severity)} {self.kind.code} [{self.kind.name}]{at} {self.message}"
        if self.hint:
            text += " " + t.did_you_mean(self.hint)
        if self.folded:
            text += " " + t.plural("also_referenced", len(self.folded), places=t.places(self.folded))
        return safe(text)

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.kind.code, self.field or "", self.message)

    def to_dict(self) -> dict:
        """The problem's structure, for machine-readable output (the text form is `format()`)."""

        def place(p: Place) -> dict:
            return {"file": p.file, "line": p.line, "field": p.field}

        return {
            "code": self.kind.code,
            "rule": self.kind.name,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            "related": [place(p) for p in self.related],
            "folded": [place(p) for p in self.folded],
            "language": self.language,
            "key": self.key,
            "text": self.format(),
        }


_PROBLEM_FIELDS = tuple(f.name for f in fields(Problem))


def problem_values(p: Problem) -> tuple:
    """A problem as plain values (kept in caches); `problem_of` makes it again."""
    return tuple(
        p.kind.name
        if name == "kind"
        else tuple((x.file, x.line, x.field) for x in getattr(p, name))
        if name in ("related", "folded")
        else getattr(p, name)
        for name in _PROBLEM_FIELDS
    )


def problem_of(values: tuple) -> Problem:
    named = dict(zip(_PROBLEM_FIELDS, values, strict=True))
    named["kind"] = KINDS[named["kind"]]
    named["related"] = tuple(Place(*x) for x in named["related"])
    named["folded"] = tuple(Place(*x) for x in named["folded"])
    return Problem(**named)


@dataclass
class Report:
    """Collects every problem of one run, so they are all reported together.

    Messages are written in `language`; `phases` (the phase model's ids, in order) sort a journey's
    files as the site shows them: index.md, then the phases in order.
    """

    problems: list[Problem] = field(default_factory=list)
    language: str = "en"
    phases: tuple[str, ...] = ()
    unchecked: list[str] = field(default_factory=list)  # files the health rules could not check (they have errors)
    _roots: dict = field(default_factory=dict, repr=False)  # root key -> index in problems
    # Counts every problem added or place folded in: a step that leaves it as it was reported nothing.
    revision: int = field(default=0, repr=False, compare=False)

    def add(
        self,
        kind: ProblemKind,
        file: str,
        key: str,
        /,
        *,
        field: str | None = None,
        line: int | None = None,
        hint: str | None = None,
        journey: str | None = None,
        phase: str | None = None,
        related: tuple[Place, ...] = (),
        root: tuple | None = None,
        **args,
    ) -> None:
        """Add a problem whose message is `key` in the locale files, filled with `args`.

        With `root`, a second problem with the same root key is folded into the first as a further place."""
        self.revision += 1
        if root is not None and root in self._roots:
            self.fold(root, Place(file, line, " ".join(field.split()) if field else None))
            return
        # Messages are one line, whatever the content quoted in them.
        message = " ".join(messages(self.language).text(key, **args).split())
        field = " ".join(field.split()) if field else field
        if root is not None:
            self._roots[root] = len(self.problems)
        self.problems.append(
            Problem(
                kind,
                file,
                message,
                field,
                line,
                hint,
                journey=journey,
                phase=phase,
                related=tuple(related),
                language=self.language,
                key=key,
            )
        )

    def has_root(self, root: tuple) -> bool:
        return root in self._roots

    def fold(self, root: tuple, place: Place) -> bool:
        """Attach a place to the root problem `root`; False if there is no such problem."""
        i = self._roots.get(root)
        if i is None:
            return False
        self.revision += 1
        p = self.problems[i]
        if place != p.place and place not in p.folded:
            self.problems[i] = replace(p, folded=p.folded + (place,))
        return True

    def fold_into_file(self, file: str, place: Place) -> bool:
        """Attach a place to the first error of `file` (a broken file that the place refers to)."""
        errors = [i for i, p in enumerate(self.problems) if p.file == file and p.severity == ERROR]
        if not errors:
            return False
        self.revision += 1
        i = min(errors, key=lambda i: self.problems[i].line or 0)
        p = self.problems[i]
        if place not in p.folded:
            self.problems[i] = replace(p, folded=p.folded + (place,))
        return True

    def extend(self, problems: Iterable[Problem]) -> None:
        self.revision += 1
        self.problems.extend(problems)

    def files_with_errors(self) -> set[str]:
        return {p.file for p in self.problems if p.severity == ERROR}

    def apply_levels(self, levels: dict[str, str]) -> None:
        """Configured severities for health rules; 'ignore' drops the findings."""
        out = []
        for p in self.problems:
            level = levels.get(p.kind.name)
            if level is not None:
                p = replace(p, level=LEVELS[level])
            if p.severity != IGNORE:
                out.append(p)
        self.problems = out
        self._roots = {}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == WARNING]

    @property
    def infos(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == INFO]

    def order_key(self, p: Problem) -> tuple:
        """Folder, then a journey's index.md before its phases in the phase model's order, then line."""
        folder, _, name = p.file.rpartition("/")
        stem = name[:-3] if name.endswith(".md") else name
        if stem == "index":
            rank = 0
        elif (p.phase or stem) in self.phases:
            rank = 1 + self.phases.index(p.phase or stem)
        else:
            rank = 1 + len(self.phases)
        return (folder, rank, name, p.line or 0, p.kind.code, p.field or "", p.message)

    def sorted(self) -> list[Problem]:
        seen: set[tuple] = set()
        out = []
        for p in sorted(self.problems, key=self.order_key):
            key = p.sort_key()
            if key not in seen:
                seen.add(key)
                out.append(p)
        return out

    def codes(self) -> set[str]:
        return {p.kind.name for p in self.problems}

    def summary(self, journeys: int, personas: int, touchpoints: int) -> str:
        """The closing line of a check: what was read, and the root problems by severity."""
        t = messages(self.language)
        return t.text(
            "summary",
            journeys=t.plural("journeys", journeys),
            personas=t.plural("personas", personas),
            touchpoints=t.plural("touchpoints", touchpoints),
            errors=t.plural("errors", len(self.errors)),
            warnings=t.plural("warnings", len(self.warnings)),
            findings=t.plural("findings", len(self.infos)),
        )

    def unchecked_note(self) -> str | None:
        """Which files the health rules could not check (they have errors), or None."""
        if not self.unchecked:
            return None
        from mkdocs_journeys.core.terminal import (
            safe,  # file names come from content folders: they reach terminals and logs
        )

        t = messages(self.language)
        return safe(t.plural("unchecked", len(self.unchecked), files=t.places([Place(f) for f in self.unchecked])))


# One example per kind: the file and the bad input that triggers it (shown in the error catalog).
EXAMPLES: dict[str, tuple[str, str]] = {
    "file-too-large": ("journeys/j/awareness.md", "a 2 MB file (limit: plugin option max_file_size, default 512 KiB)"),
    "not-utf8": ("personas/sara.md", "saved as Latin-1: 'M\\xfcller'"),
    "bom": ("personas/sara.md", "\\ufeff---\\nname: Sara\\n..."),
    "empty-file": ("touchpoints/newsletter.md", "(0 bytes)"),
    "wrong-folder": ("journeys/onboarding.md", "a journey as a single file instead of journeys/onboarding/index.md"),
    "symlink": ("personas/loop", "a symlink to its own parent folder"),
    "unreadable": ("personas/sara.md", "a file without read permission"),
    "invalid-id": ("personas/Sara Keller.md", "a file name with capitals and a space"),
    "missing-index": ("journeys/onboarding/", "awareness.md without index.md"),
    "missing-folder": ("touchpoints/", "the folder does not exist"),
    "ignored-file": ("personas/sara.MD", "an upper-case extension, or .markdown / .yml"),
    "no-front-matter": ("personas/sara.md", "name: Sara  (no '---' line before it)"),
    "unclosed-front-matter": ("personas/sara.md", "---\\nname: Sara\\n(no closing '---')"),
    "invalid-yaml": ("touchpoints/magazin.md", "name: Kundenmagazin: Frühling   (a value with ': ' and no quotes)"),
    "yaml-tab": ("personas/sara.md", "empathy:\\n\\tsays: [...]"),
    "yaml-alias": ("personas/sara.md", "a: &x [1, 2]\\nb: *x"),
    "not-a-mapping": ("personas/sara.md", "- name: Sara"),
    "duplicate-key": ("personas/sara.md", "name: Sara\\nname: Sarah"),
    "yaml-too-deep": ("personas/sara.md", "jobs: [[[[[[[[[[x]]]]]]]]]]"),
    "missing-field": ("touchpoints/newsletter.md", "name: Newsletter\\nkind: digital   (no channel)"),
    "unknown-field": ("touchpoints/newsletter.md", "chanel: email"),
    "wrong-type": ("journeys/j/index.md", "personas: {sara: yes}"),
    "invalid-value": ("touchpoints/newsletter.md", "kind: digitl"),
    "empty-value": ("journeys/j/index.md", "title: ''"),
    "text-too-long": ("journeys/j/index.md", "summary: (3,000 characters)"),
    "score-out-of-range": ("journeys/j/awareness.md", "steps:\\n  - title: Demo\\n    emotion: 7"),
    "not-a-number": ("journeys/j/awareness.md", "goal: {description: Leads, value: 10k, currency: CHF}"),
    "unknown-currency": ("journeys/j/awareness.md", "goal: {description: Leads, value: 100, currency: CHFF}"),
    "choose-one": ("journeys/j/awareness.md", "impact_map:\\n  - persona: sara\\n    actor: Partner\\n    impact: ..."),
    "negative-money": ("journeys/j/awareness.md", "goal: {description: Leads, value: -5, currency: CHF}"),
    "unknown-reference": (
        "journeys/j/awareness.md",
        "steps:\\n  - title: Demo\\n    touchpoint: newsleter\\n    emotion: 3",
    ),
    "path-reference": ("journeys/j/awareness.md", "touchpoint: ../../etc/passwd"),
    "duplicate-id": (
        "journeys/j/awareness.md",
        "kpis:\\n  - {id: leads, name: Leads}\\n  - {id: leads, name: Leads 2}",
    ),
    "duplicate-phase": ("journeys/j/kauf.md", "phase: purchase   (while purchase.md exists too)"),
    "unknown-phase": ("journeys/j/awarness.md", "a phase file named after no configured phase"),
    "no-phases": ("journeys/j/index.md", "a journey folder with only index.md"),
    "branch-to-self": ("journeys/j/purchase.md", "branches:\\n  - {condition: Churn, phase: purchase}"),
    "branch-cycle": ("journeys/a/loyalty.md", "a -> b and b -> a through branches"),
    "persona-not-in-journey": (
        "journeys/j/awareness.md",
        "needs: {tom: [...]}   (tom is not in the journey's personas)",
    ),
    "unused-persona": ("personas/tom.md", "a persona no journey lists"),
    "duplicate-reference": ("journeys/j/index.md", "personas: [sara, sara]"),
    "counterpart-state": ("journeys/j/index.md", "state: as-is\\ncounterpart: k   (k is also as-is)"),
    "kind-mismatch": ("personas/newsletter.md", "name: Newsletter\\nchannel: email\\nkind: digital"),
    "phase-without-goal": ("journeys/j/awareness.md", "no goal field"),
    "phase-without-kpi": ("journeys/j/awareness.md", "no kpis"),
    "phase-without-core-message": ("journeys/j/awareness.md", "no core_message"),
    "phase-without-touchpoint": ("journeys/j/awareness.md", "steps without touchpoint and no impact deliverables"),
    "persona-without-needs": ("journeys/j/awareness.md", "needs: {sara: [...]}   (journey personas: sara, tom)"),
    "step-without-touchpoint": ("journeys/j/awareness.md", "steps:\\n  - title: Demo\\n    emotion: 4"),
    "touchpoint-without-purpose": ("touchpoints/flyer.md", "a touchpoint that no impact map lists as a deliverable"),
    "kpi-without-target": ("journeys/j/awareness.md", "kpis:\\n  - {id: leads, name: Leads}"),
    "kpi-without-source": ("journeys/j/awareness.md", "kpis:\\n  - {id: leads, name: Leads, target: 40}"),
    "signal-without-owner": ("journeys/j/loyalty.md", "signals:\\n  - {condition: open_rate < 20, action: A/B-Test}"),
    "signal-without-action": ("journeys/j/loyalty.md", "signals:\\n  - {condition: open_rate < 20, owner: Marketing}"),
    "as-is-without-to-be": ("journeys/j/index.md", "state: as-is, no counterpart"),
    "phase-not-covered": ("journeys/j/", "no offboarding.md"),
    "signal-fired": (
        "actuals/newsletter.csv",
        "newsletter.open_rate,2026-03,18   with when: newsletter.open_rate < 20",
    ),
    "team-spelled-twice": ("touchpoints/newsletter.md", "owner: marketing   (and Marketing in journeys/j/index.md)"),
    "invalid-condition": (
        "journeys/j/loyalty.md",
        "signals:\\n  - condition: open_rate < 20\\n    when: open_rate ~ 20",
    ),
    "actuals-format": ("actuals/newsletter.csv", "kpi;period;value   (semicolons instead of commas)"),
    "invalid-period": ("actuals/newsletter.csv", "newsletter.open_rate,Jan 2026,31"),
    "duplicate-actual": ("actuals/newsletter.csv", "newsletter.open_rate,2026-01,31 twice"),
}


def example_line(language: str) -> str:
    """A typical message, as `journeys check` prints it in `language` (for the error catalog)."""
    report = Report(language=language)
    report.add(
        UNKNOWN_REFERENCE,
        "journeys/velo-kauf/awareness.md",
        "unknown-reference.touchpoint",
        field="steps[0].touchpoint",
        line=12,
        hint="newsletter",
        root=("example",),
        value="newsleter",
    )
    report.fold(("example",), Place("journeys/velo-kauf/information.md", 9, "steps[2].touchpoint"))
    return report.problems[0].format()
