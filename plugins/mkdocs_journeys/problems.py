"""The error catalog: every problem the loader and validator can report.

Each kind has a stable code, a severity and a one-line summary; the catalog
feeds the messages, the docs page and the tests (one test per kind).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

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
    summary: str


KINDS: dict[str, ProblemKind] = {}


def _kind(code: str, name: str, severity: str, summary: str) -> ProblemKind:
    k = ProblemKind(code, name, severity, summary)
    KINDS[name] = k
    return k


# Files and folders
FILE_TOO_LARGE = _kind("J101", "file-too-large", ERROR, "A content file is larger than the configured size limit.")
NOT_UTF8 = _kind("J102", "not-utf8", ERROR, "A content file is not valid UTF-8.")
BOM = _kind("J103", "bom", WARNING, "A content file starts with a byte-order mark; it is read, but editors should save without one.")
EMPTY_FILE = _kind("J104", "empty-file", ERROR, "A content file is empty.")
WRONG_FOLDER = _kind("J105", "wrong-folder", ERROR, "A file is in a folder where that kind of file does not belong.")
SYMLINK = _kind("J106", "symlink", ERROR, "A symlink in a content folder loops or points outside the folder.")
UNREADABLE = _kind("J107", "unreadable", ERROR, "A content file or folder cannot be read.")
INVALID_ID = _kind("J108", "invalid-id", ERROR, "A file or folder name is not a valid id (lower-case letters, digits, '-' and '_').")
MISSING_INDEX = _kind("J109", "missing-index", ERROR, "A journey folder has no index.md.")
MISSING_FOLDER = _kind("J110", "missing-folder", WARNING, "A configured content folder does not exist.")
IGNORED_FILE = _kind("J111", "ignored-file", WARNING, "A file in a content folder looks like content but is ignored (content files end in '.md').")
# Front-matter and YAML
NO_FRONT_MATTER = _kind("J201", "no-front-matter", ERROR, "A content file does not start with a '---' front-matter block.")
UNCLOSED_FRONT_MATTER = _kind("J202", "unclosed-front-matter", ERROR, "The front-matter block is never closed with '---'.")
INVALID_YAML = _kind("J203", "invalid-yaml", ERROR, "The front-matter is not valid YAML.")
YAML_TAB = _kind("J204", "yaml-tab", ERROR, "The front-matter is indented with a tab; YAML allows only spaces.")
YAML_ALIAS = _kind("J205", "yaml-alias", ERROR, "The front-matter uses YAML anchors or aliases, which are not allowed (they enable alias bombs).")
NOT_A_MAPPING = _kind("J206", "not-a-mapping", ERROR, "The front-matter is not a mapping of field names to values.")
DUPLICATE_KEY = _kind("J207", "duplicate-key", ERROR, "The same field appears twice in one mapping; YAML would silently keep only the last.")
YAML_TOO_DEEP = _kind("J208", "yaml-too-deep", ERROR, "The front-matter nests deeper than any field of the format allows.")
# Fields
MISSING_FIELD = _kind("J301", "missing-field", ERROR, "A required field is missing.")
UNKNOWN_FIELD = _kind("J302", "unknown-field", ERROR, "A field is not part of the format (usually a typo).")
WRONG_TYPE = _kind("J303", "wrong-type", ERROR, "A field has the wrong type, for example a list where text is expected.")
INVALID_VALUE = _kind("J304", "invalid-value", ERROR, "A field's value is not one of the allowed values.")
EMPTY_VALUE = _kind("J305", "empty-value", ERROR, "A required text or list field is empty.")
TEXT_TOO_LONG = _kind("J306", "text-too-long", ERROR, "A text field is longer than the format allows.")
SCORE_RANGE = _kind("J307", "score-out-of-range", ERROR, "An emotion score is outside 1-5.")
NOT_A_NUMBER = _kind("J308", "not-a-number", ERROR, "A score, money value or target is not a number.")
UNKNOWN_CURRENCY = _kind("J309", "unknown-currency", ERROR, "A money value has a currency that is not configured.")
CHOOSE_ONE = _kind("J310", "choose-one", ERROR, "Exactly one of two alternative fields must be given (for example persona or actor).")
INVALID_CONDITION = _kind("J312", "invalid-condition", ERROR, "A signal's 'when' is not of the form '<kpi> <op> <number>'.")
NEGATIVE_MONEY = _kind("J311", "negative-money", ERROR, "A money value is negative.")
# References
UNKNOWN_REFERENCE = _kind("J401", "unknown-reference", ERROR, "A reference names a persona, touchpoint, journey, phase or KPI that does not exist.")
PATH_REFERENCE = _kind("J402", "path-reference", ERROR, "A reference looks like a file path; references are ids, never paths.")
DUPLICATE_ID = _kind("J403", "duplicate-id", ERROR, "Two things of the same kind share one id.")
DUPLICATE_PHASE = _kind("J404", "duplicate-phase", ERROR, "A journey has two files for the same phase.")
UNKNOWN_PHASE = _kind("J405", "unknown-phase", ERROR, "A journey phase file is named after a phase that is not in the phase model.")
NO_PHASES = _kind("J406", "no-phases", ERROR, "A journey has no phase files.")
BRANCH_TO_SELF = _kind("J407", "branch-to-self", ERROR, "A branch points at the phase it starts from.")
BRANCH_CYCLE = _kind("J408", "branch-cycle", WARNING, "Branches form a cycle between journeys; customers could loop forever.")
PERSONA_NOT_IN_JOURNEY = _kind("J409", "persona-not-in-journey", ERROR, "A phase names a persona that the journey does not list.")
UNUSED_PERSONA = _kind("J410", "unused-persona", WARNING, "A persona is used by no journey.")
DUPLICATE_REFERENCE = _kind("J411", "duplicate-reference", WARNING, "A list names the same id twice.")
COUNTERPART_STATE = _kind("J412", "counterpart-state", ERROR, "A journey's counterpart must have the opposite state (as-is vs to-be) and name it back.")
ACTUALS_FORMAT = _kind("J501", "actuals-format", ERROR, "A KPI actuals file is not in the documented CSV or YAML form.")
INVALID_PERIOD = _kind("J502", "invalid-period", ERROR, "A KPI actual has a period that is not YYYY, YYYY-MM, YYYY-Qn, YYYY-Www or YYYY-MM-DD.")
DUPLICATE_ACTUAL = _kind("J503", "duplicate-actual", ERROR, "A KPI has two actual values for the same period.")
KIND_MISMATCH = _kind("J413", "kind-mismatch", ERROR, "A file's fields belong to another kind of file; it is probably in the wrong folder.")


# Health rules: gaps in a map. Their severity is configured per rule (health.rules in mkdocs.yml).
HEALTH = {}


def _rule(code: str, name: str, severity: str, summary: str) -> ProblemKind:
    k = _kind(code, name, severity, summary)
    HEALTH[name] = k
    return k


PHASE_NO_GOAL = _rule("J601", "phase-without-goal", INFO, "A phase of a journey has no business goal.")
PHASE_NO_KPI = _rule("J602", "phase-without-kpi", INFO, "A phase of a journey has no KPI.")
PHASE_NO_MESSAGE = _rule("J603", "phase-without-core-message", INFO, "A phase of a journey has no core message.")
PHASE_NO_TOUCHPOINT = _rule("J604", "phase-without-touchpoint", INFO, "A phase of a journey uses no touchpoint (no step and no impact names one).")
PERSONA_NO_NEEDS = _rule("J605", "persona-without-needs", INFO, "A persona of the journey has no needs stated in a phase.")
STEP_NO_TOUCHPOINT = _rule("J606", "step-without-touchpoint", INFO, "A step names no touchpoint.")
TOUCHPOINT_NO_PURPOSE = _rule("J607", "touchpoint-without-purpose", INFO, "A touchpoint serves no goal or impact (no impact map lists it as a deliverable).")
KPI_NO_TARGET = _rule("J608", "kpi-without-target", INFO, "A KPI has no target.")
KPI_NO_SOURCE = _rule("J609", "kpi-without-source", INFO, "A KPI has no data source.")
SIGNAL_NO_OWNER = _rule("J610", "signal-without-owner", INFO, "A signal has no owner.")
SIGNAL_NO_ACTION = _rule("J611", "signal-without-action", INFO, "A signal has no action.")
AS_IS_NO_TO_BE = _rule("J612", "as-is-without-to-be", IGNORE, "An as-is journey has no to-be counterpart (enable where teams require one).")
PHASE_NOT_COVERED = _rule("J613", "phase-not-covered", IGNORE, "A journey does not cover a phase of the phase model.")
SIGNAL_FIRED = _rule("J614", "signal-fired", INFO, "A signal fired: the latest KPI actual meets its condition.")
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
class Problem:
    kind: ProblemKind
    file: str
    message: str
    field: str | None = None
    line: int | None = None
    hint: str | None = None
    level: str | None = None  # configured severity, for health rules
    journey: str | None = None  # what the problem is about, for the health report
    phase: str | None = None

    @property
    def severity(self) -> str:
        return self.level or self.kind.severity

    def format(self) -> str:
        """One line for a terminal or log; characters from content cannot steer the terminal."""
        from .terminal import safe

        where = self.file + (f":{self.line}" if self.line else "")
        at = f" {self.field}:" if self.field else ""
        text = f"{where}: {self.severity} {self.kind.code} [{self.kind.name}]{at} {self.message}"
        if self.hint:
            text += f" Did you mean '{self.hint}'?"
        return safe(text)

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.kind.code, self.field or "", self.message)


@dataclass
class Report:
    """Collects every problem of one run, so they are all reported together."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, kind: ProblemKind, file: str, message: str, *, field: str | None = None,
            line: int | None = None, hint: str | None = None, journey: str | None = None, phase: str | None = None) -> None:
        # Messages are one line, whatever the content quoted in them.
        message = " ".join(message.split())
        field = " ".join(field.split()) if field else field
        self.problems.append(Problem(kind, file, message, field, line, hint, journey=journey, phase=phase))

    def apply_levels(self, levels: dict[str, str]) -> None:
        """Configured severities for health rules; 'ignore' drops the findings."""
        out = []
        for p in self.problems:
            level = levels.get(p.kind.name)
            if level is not None:
                p = Problem(p.kind, p.file, p.message, p.field, p.line, p.hint, LEVELS[level], p.journey, p.phase)
            if p.severity != IGNORE:
                out.append(p)
        self.problems = out

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == WARNING]

    @property
    def infos(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == INFO]

    def sorted(self) -> list[Problem]:
        seen: set[tuple] = set()
        out = []
        for p in sorted(self.problems, key=Problem.sort_key):
            key = p.sort_key()
            if key not in seen:
                seen.add(key)
                out.append(p)
        return out

    def codes(self) -> set[str]:
        return {p.kind.name for p in self.problems}


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
    "invalid-yaml": ("personas/sara.md", "name: [Sara"),
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
    "score-out-of-range": ("journeys/j/awareness.md", "steps:\\n  - title: Reads\\n    emotion: 7"),
    "not-a-number": ("journeys/j/awareness.md", "goal: {description: More leads, value: viel, currency: CHF}"),
    "unknown-currency": ("journeys/j/awareness.md", "goal: {description: More leads, value: 100, currency: CHFF}"),
    "choose-one": ("journeys/j/awareness.md", "impact_map:\\n  - persona: sara\\n    actor: Agency\\n    impact: ..."),
    "negative-money": ("journeys/j/awareness.md", "goal: {description: More leads, value: -5, currency: CHF}"),
    "unknown-reference": ("journeys/j/awareness.md", "steps:\\n  - title: Reads\\n    touchpoint: newsleter\\n    emotion: 3"),
    "path-reference": ("journeys/j/awareness.md", "touchpoint: ../../etc/passwd"),
    "duplicate-id": ("journeys/j/awareness.md", "kpis:\\n  - {id: leads, name: Leads}\\n  - {id: leads, name: More leads}"),
    "duplicate-phase": ("journeys/j/kauf.md", "phase: purchase   (while purchase.md exists too)"),
    "unknown-phase": ("journeys/j/awarness.md", "a phase file named after no configured phase"),
    "no-phases": ("journeys/j/index.md", "a journey folder with only index.md"),
    "branch-to-self": ("journeys/j/purchase.md", "branches:\\n  - {condition: Cancels, phase: purchase}"),
    "branch-cycle": ("journeys/a/loyalty.md", "a -> b and b -> a through branches"),
    "persona-not-in-journey": ("journeys/j/awareness.md", "needs: {tom: [...]}   (tom is not in the journey's personas)"),
    "unused-persona": ("personas/tom.md", "a persona no journey lists"),
    "duplicate-reference": ("journeys/j/index.md", "personas: [sara, sara]"),
    "counterpart-state": ("journeys/j/index.md", "state: as-is\\ncounterpart: k   (k is also as-is)"),
    "kind-mismatch": ("personas/newsletter.md", "name: Newsletter\\nchannel: email\\nkind: digital"),
    "phase-without-goal": ("journeys/j/awareness.md", "no goal field"),
    "phase-without-kpi": ("journeys/j/awareness.md", "no kpis"),
    "phase-without-core-message": ("journeys/j/awareness.md", "no core_message"),
    "phase-without-touchpoint": ("journeys/j/awareness.md", "steps without touchpoint and no impact deliverables"),
    "persona-without-needs": ("journeys/j/awareness.md", "needs: {sara: [...]}   (journey personas: sara, tom)"),
    "step-without-touchpoint": ("journeys/j/awareness.md", "steps:\\n  - title: Hears from a friend\\n    emotion: 4"),
    "touchpoint-without-purpose": ("touchpoints/flyer.md", "a touchpoint that no impact map lists as a deliverable"),
    "kpi-without-target": ("journeys/j/awareness.md", "kpis:\\n  - {id: leads, name: Leads}"),
    "kpi-without-source": ("journeys/j/awareness.md", "kpis:\\n  - {id: leads, name: Leads, target: 40}"),
    "signal-without-owner": ("journeys/j/loyalty.md", "signals:\\n  - {condition: Few opens, action: New subject lines}"),
    "signal-without-action": ("journeys/j/loyalty.md", "signals:\\n  - {condition: Few opens, owner: Marketing}"),
    "as-is-without-to-be": ("journeys/j/index.md", "state: as-is, no counterpart"),
    "phase-not-covered": ("journeys/j/", "no offboarding.md"),
    "signal-fired": ("actuals/newsletter.csv", "newsletter.open_rate,2026-03,18   with when: newsletter.open_rate < 20"),
    "invalid-condition": ("journeys/j/loyalty.md", "signals:\\n  - condition: Few opens\\n    when: open rate is low"),
    "actuals-format": ("actuals/newsletter.csv", "kpi;period;value   (semicolons instead of commas)"),
    "invalid-period": ("actuals/newsletter.csv", "newsletter.open_rate,Jan 2026,31"),
    "duplicate-actual": ("actuals/newsletter.csv", "newsletter.open_rate,2026-01,31 twice"),
}
