"""One test per problem kind of the error catalog, plus cross-cutting checks.

Every case starts from the minimal valid project of `content_factory`, mutates it
to provoke exactly one kind of problem, loads it and checks kind, severity, file,
line, field and did-you-mean hint of the reported problem.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content_factory import JOURNEY_J2_INDEX, PERSONA_SARA, PHASE_AWARENESS, TOUCHPOINT_NEWSLETTER, VALID_FILES, Project
from mkdocs_journeys.core import source_files as loading
from mkdocs_journeys.core.catalog_loader import LoadResult
from mkdocs_journeys.core.problems import ERROR, KINDS, WARNING, Problem

pytestmark = pytest.mark.unit

SARA = "personas/sara.md"
NEWS = "touchpoints/newsletter.md"
IDX = "journeys/j1/index.md"
AW = "journeys/j1/awareness.md"
INFO = "journeys/j1/information.md"

# The severities the issue asks for, written out independently of the catalog.
EXPECTED_WARNINGS = {"bom", "branch-cycle", "unused-persona", "missing-folder", "duplicate-reference", "ignored-file"}

ANY = object()  # "not checked" for line / field / hint


@dataclass
class Expect:
    kind: str
    file: str
    line: object  # int, None (no line knowable) or ANY
    field: object = None  # dotted path, None (no field) or ANY
    hint: object = None  # did-you-mean, None or ANY
    also: frozenset = frozenset()  # other kinds that are correct consequences of the mutation
    count: int = 1  # problems of this kind
    check: Callable[[LoadResult], None] | None = None


CASES: list = []


def case(kind: str, name: str | None = None, xfail: str | None = None):
    """Register a mutation of the valid project that provokes `kind`."""

    def deco(fn):
        marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
        CASES.append(pytest.param(kind, fn, id=name or kind, marks=marks))
        return fn

    return deco


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    p = Project(tmp_path)
    p.monkeypatch = monkeypatch
    return p


def load(p: Project) -> LoadResult:
    try:
        return p.load()
    except Exception as e:  # pragma: no cover - reported as a clear failure
        pytest.fail(f"load_catalog raised instead of reporting a problem: {type(e).__name__}: {e}")


def assert_well_formed(problems: list[Problem], one_line: bool = True) -> None:
    for pr in problems:
        text = pr.format()
        if one_line:
            assert "\n" not in text, f"Problem.format() must be one line: {text!r}"
        assert pr.file and pr.file in text, text
        assert "Traceback" not in text and "Traceback" not in pr.message, text
        assert not os.path.isabs(pr.file), f"file should be relative to the project root: {text}"
        assert pr.kind is KINDS[pr.kind.name]


def describe(problems: list[Problem]) -> str:
    return (
        "\n".join(f"  {p.format()}  [field={p.field!r} line={p.line!r} hint={p.hint!r}]" for p in problems)
        or "  (none)"
    )


# --- baseline ---------------------------------------------------------------------


def test_valid_project_has_no_problems(project):
    result = load(project)
    assert result.report.problems == [], describe(result.report.problems)
    c = result.catalog
    assert set(c.personas) == {"sara"}
    assert set(c.touchpoints) == {"newsletter"}
    assert set(c.journeys) == {"j1"}
    j = c.journeys["j1"]
    assert [p.phase for p in j.phases] == ["awareness", "information"]
    info = j.phase("information")
    assert len(info.steps) == 1 and [k.id for k in info.kpis] == ["open_rate"]
    assert len(info.impacts) == 1 and len(info.signals) == 1
    assert [(b.journey, b.phase) for b in info.branches] == [("j1", "awareness")]
    assert sorted(Path(f).relative_to(project.root).as_posix() for f in result.files) == sorted(VALID_FILES)


# --- the cases: files and folders ------------------------------------------------------


@case("file-too-large")
def _(p):
    p.settings_overrides["max_file_size"] = 2048
    assert all(len(t.encode()) < 2048 for t in VALID_FILES.values())
    p.write("touchpoints/big.md", TOUCHPOINT_NEWSLETTER + "Lorem ipsum. " * 300)
    return Expect("file-too-large", "touchpoints/big.md", line=1)


@case("not-utf8")
def _(p):
    p.write("touchpoints/latin.md", b"---\nname: Newsletter\nowner: M\xfcller\nchannel: email\nkind: digital\n---\n")
    return Expect("not-utf8", "touchpoints/latin.md", line=3)


@case("bom")
def _(p):
    p.write(NEWS, b"\xef\xbb\xbf" + TOUCHPOINT_NEWSLETTER.encode())

    def still_loaded(r):
        assert r.catalog.touchpoints["newsletter"].name == "Newsletter"

    return Expect("bom", NEWS, line=1, check=still_loaded)


@case("empty-file")
def _(p):
    p.write("touchpoints/empty.md", "")
    return Expect("empty-file", "touchpoints/empty.md", line=1)


@case("empty-file", "empty-file-whitespace-only")
def _(p):
    p.write("personas/blank.md", " \n\n\t\n")
    return Expect("empty-file", "personas/blank.md", line=1)


@case("wrong-folder", "wrong-folder-journey-file-at-top-level")
def _(p):
    p.write("journeys/x.md", JOURNEY_J2_INDEX)
    return Expect("wrong-folder", "journeys/x.md", line=1)


@case("wrong-folder", "wrong-folder-persona-in-sub-folder")
def _(p):
    p.write("personas/sub/x.md", PERSONA_SARA.replace("Sara Keller", "X"))
    return Expect("wrong-folder", "personas/sub/x.md", line=1)


@case("wrong-folder", "wrong-folder-touchpoint-in-sub-folder")
def _(p):
    p.write("touchpoints/email/news.md", TOUCHPOINT_NEWSLETTER)
    return Expect("wrong-folder", "touchpoints/email/news.md", line=1)


@case("wrong-folder", "wrong-folder-phase-in-journey-sub-folder")
def _(p):
    p.write("journeys/j1/old/awareness.md", PHASE_AWARENESS)
    return Expect("wrong-folder", "journeys/j1/old/awareness.md", line=1)


@case("symlink", "symlink-folder-loop")
def _(p):
    p.symlink("personas/loop", ".")
    return Expect("symlink", "personas/loop", line=None)


@case("symlink", "symlink-file-loop")
def _(p):
    p.symlink("touchpoints/self.md", "self.md")
    return Expect("symlink", "touchpoints/self.md", line=None)


@case("symlink", "symlink-pointing-outside")
def _(p):
    secret = p.tmp / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(PERSONA_SARA.replace("Sara Keller", "Secret"))
    p.symlink("personas/secret.md", secret)

    def not_loaded(r):
        assert "secret" not in r.catalog.personas
        assert secret not in r.files

    return Expect("symlink", "personas/secret.md", line=None, check=not_loaded)


@case("symlink", "symlink-folder-pointing-outside")
def _(p):
    (p.tmp / "elsewhere").mkdir()
    (p.tmp / "elsewhere" / "index.md").write_text(JOURNEY_J2_INDEX)
    p.symlink("journeys/etc", p.tmp / "elsewhere")
    return Expect("symlink", "journeys/etc", line=None)


def _make_unreadable(p: Project, path: Path, what: str) -> None:
    """Make a file or folder unreadable; as root chmod does not help, so fake the OSError."""
    if os.geteuid() != 0:
        path.chmod(0)
        return
    target = str(path)
    if what == "file":
        from mkdocs_journeys.core import source_files

        def unreadable(file, *args, **kwargs):
            if os.fspath(file) == target:
                raise PermissionError(13, "Permission denied", target)
            return open(file, *args, **kwargs)

        p.monkeypatch.setattr(source_files, "open", unreadable, raising=False)  # where content is read
    else:
        orig_scandir = os.scandir

        def scandir(folder="."):
            if str(folder) == target:
                raise PermissionError(13, "Permission denied", target)
            return orig_scandir(folder)

        p.monkeypatch.setattr(loading.os, "scandir", scandir)


@case("unreadable", "unreadable-file")
def _(p):
    path = p.write("touchpoints/locked.md", TOUCHPOINT_NEWSLETTER)
    _make_unreadable(p, path, "file")
    return Expect("unreadable", "touchpoints/locked.md", line=None)


@case("unreadable", "unreadable-folder")
def _(p):
    p.write("journeys/j3/index.md", JOURNEY_J2_INDEX)
    _make_unreadable(p, p.path("journeys/j3"), "folder")
    return Expect("unreadable", "journeys/j3", line=None)


@case("invalid-id", "invalid-id-file-name")
def _(p):
    p.write("touchpoints/News Letter.md", TOUCHPOINT_NEWSLETTER)
    return Expect("invalid-id", "touchpoints/News Letter.md", line=1, hint=ANY)


@case("invalid-id", "invalid-id-journey-folder")
def _(p):
    p.write("journeys/J2/index.md", JOURNEY_J2_INDEX)
    p.write("journeys/J2/awareness.md", PHASE_AWARENESS)
    return Expect("invalid-id", "journeys/J2/index.md", line=1, hint=ANY)


@case("invalid-id", "invalid-id-reference")
def _(p):
    p.replace(INFO, "    touchpoint: newsletter\n", "    touchpoint: News Letter\n")
    return Expect(
        "invalid-id",
        INFO,
        line=p.line_of(INFO, "touchpoint: News Letter"),
        field="steps[0].touchpoint",
        hint="news-letter",
    )


@case("missing-index")
def _(p):
    p.write("journeys/j3/awareness.md", PHASE_AWARENESS)
    return Expect("missing-index", "journeys/j3", line=None)


@case("missing-folder")
def _(p):
    p.settings_overrides["touchpoints_dir"] = "channels"
    # the step, impact and awareness references to 'newsletter' now fail, correctly
    return Expect("missing-folder", "channels", line=None, also=frozenset({"unknown-reference"}))


# --- the cases: front-matter and YAML ---------------------------------------------------


@case("no-front-matter")
def _(p):
    p.write("touchpoints/plain.md", "name: Plain\nchannel: email\nkind: digital\n")
    return Expect("no-front-matter", "touchpoints/plain.md", line=1)


@case("unclosed-front-matter")
def _(p):
    p.write("touchpoints/open.md", "---\nname: Open\nchannel: email\nkind: digital\n\nSome body text.\n")
    return Expect("unclosed-front-matter", "touchpoints/open.md", line=1)


@case("invalid-yaml")
def _(p):
    p.write("touchpoints/bad.md", "---\nname: Bad\nchannel: email: web\nkind: digital\n---\n")
    return Expect("invalid-yaml", "touchpoints/bad.md", line=3, field="channel")


@case("invalid-yaml", "invalid-yaml-bad-indentation")
def _(p):
    p.write(
        "touchpoints/bad.md",
        "---\nname: Bad\nchannel: email\nkind: digital\nkpis:\n  - id: a\n    name: A\n   target: 3\n---\n",
    )
    return Expect("invalid-yaml", "touchpoints/bad.md", line=8)


@case("yaml-tab")
def _(p):
    p.write("touchpoints/tab.md", "---\nname: Tab\nchannel: email\nkind: digital\nkpis:\n\t- id: x\n\t  name: y\n---\n")
    return Expect("yaml-tab", "touchpoints/tab.md", line=6)


@case("yaml-tab", "yaml-tab-after-spaces")
def _(p):
    p.replace(INFO, "    emotion: 3\n", "  \temotion: 3\n")
    return Expect("yaml-tab", INFO, line=p.line_of(INFO, "\temotion: 3"))


ALIAS_BOMB = """\
---
name: Bomb
channel: email
kind: digital
owner: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
"""


@case("yaml-alias", "yaml-alias-bomb")
def _(p):
    p.write("touchpoints/bomb.md", ALIAS_BOMB)
    return Expect("yaml-alias", "touchpoints/bomb.md", line=5)


@case("yaml-alias", "yaml-alias-merge-key")
def _(p):
    p.write(
        "touchpoints/merge.md",
        "---\nname: Merge\nchannel: email\nkind: digital\nkpis:\n"
        "  - id: a\n    name: A\n  - <<: *base\n    id: b\n---\n",
    )
    return Expect("yaml-alias", "touchpoints/merge.md", line=8)


@case("not-a-mapping", "not-a-mapping-list")
def _(p):
    p.write("touchpoints/list.md", "---\n- name: List\n- channel: email\n---\n")
    return Expect("not-a-mapping", "touchpoints/list.md", line=2)


@case("not-a-mapping", "not-a-mapping-scalar")
def _(p):
    p.write("touchpoints/scalar.md", "---\n\njust some text\n---\n")
    return Expect("not-a-mapping", "touchpoints/scalar.md", line=3)


@case("not-a-mapping", "not-a-mapping-empty-front-matter")
def _(p):
    p.write("touchpoints/nothing.md", "---\n---\nOnly a body.\n")
    return Expect("not-a-mapping", "touchpoints/nothing.md", line=1)


@case("duplicate-key")
def _(p):
    p.write("touchpoints/dup.md", "---\nname: A\nchannel: email\nname: B\nkind: digital\n---\n")
    return Expect("duplicate-key", "touchpoints/dup.md", line=4)


@case("duplicate-key", "duplicate-key-nested")
def _(p):
    p.replace(INFO, "    emotion: 3\n", "    emotion: 3\n    emotion: 2\n")
    return Expect("duplicate-key", INFO, line=p.line_of(INFO, "emotion: 2"))


@case("yaml-too-deep")
def _(p):
    p.write(
        "touchpoints/deep.md", "---\nname: Deep\nchannel: email\nkind: digital\nowner: [[[[[[[[[[[x]]]]]]]]]]]\n---\n"
    )
    return Expect("yaml-too-deep", "touchpoints/deep.md", line=5)


# --- the cases: fields ----------------------------------------------------------------


@case("missing-field", "missing-field-in-step")
def _(p):
    p.replace(INFO, "    emotion: 3\n", "")
    return Expect(
        "missing-field", INFO, line=p.line_of(INFO, "- title: Reads the newsletter"), field="steps[0].emotion"
    )


@case("missing-field", "missing-field-at-top-level")
def _(p):
    p.replace(SARA, "role: Owner of a bakery with 12 employees\n", "")
    return Expect("missing-field", SARA, line=2, field="role")


@case("unknown-field", "unknown-field-in-step")
def _(p):
    p.replace(INFO, "    touchpoint: newsletter\n", "    touchpiont: newsletter\n")
    return Expect(
        "unknown-field", INFO, line=p.line_of(INFO, "touchpiont"), field="steps[0].touchpiont", hint="touchpoint"
    )


@case("unknown-field", "unknown-field-at-top-level")
def _(p):
    p.replace(SARA, "segment: B2B, SME\n", "segment: B2B, SME\nqoute: No time for marketing.\n")
    return Expect("unknown-field", SARA, line=5, field="qoute", hint="quote")


@case("wrong-type", "wrong-type-mapping-for-list")
def _(p):
    p.replace(INFO, "    pains:\n      - Too many mails\n", "    pains:\n      too: many mails\n")
    return Expect("wrong-type", INFO, line=p.line_of(INFO, "    pains:"), field="steps[0].pains")


@case("wrong-type", "wrong-type-list-for-text")
def _(p):
    p.replace(AW, "core_message: Marketing that runs by itself\n", "core_message:\n  - Marketing\n  - that runs\n")
    return Expect("wrong-type", AW, line=2, field="core_message")


@case("wrong-type", "wrong-type-mapping-for-step")
def _(p):
    p.replace(
        AW,
        "steps:\n  - title: Sees a post about automated mails\n    touchpoint: newsletter\n    emotion: 4\n",
        "steps:\n  - just a sentence\n",
    )
    return Expect("wrong-type", AW, line=p.line_of(AW, "- just a sentence"), field="steps[0]")


@case("invalid-value", "invalid-value-channel")
def _(p):
    p.replace(NEWS, "channel: email\n", "channel: emial\n")
    return Expect("invalid-value", NEWS, line=3, field="channel", hint="email")


@case("invalid-value", "invalid-value-in-list")
def _(p):
    p.replace(SARA, "  - email\n", "  - Social\n")
    return Expect("invalid-value", SARA, line=6, field="channels[0]", hint="social")


@case("invalid-value", "invalid-value-kind")
def _(p):
    p.replace(NEWS, "kind: digital\n", "kind: digtal\n")
    return Expect("invalid-value", NEWS, line=4, field="kind", hint="digital")


@case("empty-value")
def _(p):
    p.replace(INFO, "  - title: Reads the newsletter\n", "  - title: '   '\n")
    return Expect("empty-value", INFO, line=p.line_of(INFO, "- title: '   '"), field="steps[0].title")


@case("text-too-long")
def _(p):
    p.replace(AW, "core_message: Marketing that runs by itself\n", "core_message: " + "x" * 2001 + "\n")
    return Expect("text-too-long", AW, line=2, field="core_message")


@pytest.mark.parametrize("score", ["0", "6", "-1", "2.5", "100"])
def test_emotion_score_outside_one_to_five(project, score):
    project.replace(INFO, "    emotion: 3\n", f"    emotion: {score}\n")
    problems = load(project).report.problems
    assert [(p.kind.name, p.file, p.field, p.line) for p in problems] == [
        ("score-out-of-range", INFO, "steps[0].emotion", project.line_of(INFO, "emotion:"))
    ], describe(problems)


@case("score-out-of-range")
def _(p):
    p.replace(INFO, "    emotion: 3\n", "    emotion: 7\n")
    return Expect("score-out-of-range", INFO, line=p.line_of(INFO, "emotion: 7"), field="steps[0].emotion")


@case("not-a-number", "not-a-number-emotion")
def _(p):
    p.replace(INFO, "    emotion: 3\n", "    emotion: good\n")
    return Expect("not-a-number", INFO, line=p.line_of(INFO, "emotion: good"), field="steps[0].emotion")


@case("not-a-number", "not-a-number-emotion-nan")
def _(p):
    p.replace(INFO, "    emotion: 3\n", "    emotion: .nan\n")
    return Expect("not-a-number", INFO, line=p.line_of(INFO, "emotion: .nan"), field="steps[0].emotion")


@case("not-a-number", "not-a-number-money")
def _(p):
    p.replace(INFO, "  value: 12000\n", "  value: twelve thousand\n")
    return Expect("not-a-number", INFO, line=p.line_of(INFO, "value: twelve"), field="goal.value")


@case("not-a-number", "not-a-number-kpi-target")
def _(p):
    p.replace(INFO, "    target: 40\n", "    target: forty\n")
    return Expect("not-a-number", INFO, line=p.line_of(INFO, "target: forty"), field="kpis[0].target")


@case("unknown-currency")
def _(p):
    p.replace(INFO, "  currency: CHF\n", "  currency: EUO\n")
    return Expect("unknown-currency", INFO, line=p.line_of(INFO, "currency: EUO"), field="goal.currency", hint="EUR")


@case("unknown-currency", "unknown-currency-lower-case")
def _(p):
    p.replace(INFO, "  currency: CHF\n", "  currency: chf\n")
    return Expect("unknown-currency", INFO, line=p.line_of(INFO, "currency: chf"), field="goal.currency", hint="CHF")


@case("choose-one", "choose-one-both")
def _(p):
    p.replace(INFO, "  - persona: sara\n", "  - persona: sara\n    actor: Partner agency\n")
    return Expect("choose-one", INFO, line=p.line_of(INFO, "- persona: sara"), field="impact_map[0]")


@case("choose-one", "choose-one-neither")
def _(p):
    p.replace(INFO, "  - persona: sara\n    impact:", "  - impact:")
    return Expect("choose-one", INFO, line=p.line_of(INFO, "- impact: Opens"), field="impact_map[0]")


@case("negative-money")
def _(p):
    p.replace(INFO, "  value: 12000\n", "  value: -12000\n")
    return Expect("negative-money", INFO, line=p.line_of(INFO, "value: -12000"), field="goal.value")


# --- the cases: references --------------------------------------------------------------


@case("unknown-reference", "unknown-reference-persona")
def _(p):
    p.replace(INFO, "      - sara\n", "      - sarra\n")
    return Expect("unknown-reference", INFO, line=p.line_of(INFO, "- sarra"), field="steps[0].personas[0]", hint="sara")


@case("unknown-reference", "unknown-reference-persona-in-needs")
def _(p):
    p.replace(INFO, "  sara:\n", "  saar:\n")
    return Expect("unknown-reference", INFO, line=p.line_of(INFO, "saar:"), field="needs.saar", hint="sara")


@case("unknown-reference", "unknown-reference-touchpoint")
def _(p):
    p.replace(INFO, "    touchpoint: newsletter\n", "    touchpoint: newsleter\n")
    return Expect(
        "unknown-reference", INFO, line=p.line_of(INFO, "newsleter"), field="steps[0].touchpoint", hint="newsletter"
    )


@case("unknown-reference", "unknown-reference-touchpoint-deliverable")
def _(p):
    p.replace(INFO, "      - newsletter\n", "      - news-letter\n")
    return Expect(
        "unknown-reference",
        INFO,
        line=p.line_of(INFO, "- news-letter"),
        field="impact_map[0].deliverables[0]",
        hint="newsletter",
    )


@case("unknown-reference", "unknown-reference-phase")
def _(p):
    p.replace(INFO, "    phase: awareness\n", "    phase: awarenes\n")
    return Expect(
        "unknown-reference", INFO, line=p.line_of(INFO, "phase: awarenes"), field="branches[0].phase", hint="awareness"
    )


@case("unknown-reference", "unknown-reference-phase-not-covered-by-target")
def _(p):
    p.replace(INFO, "    phase: awareness\n", "    phase: purchase\n")
    return Expect(
        "unknown-reference", INFO, line=p.line_of(INFO, "phase: purchase"), field="branches[0].phase", hint=None
    )


@case("unknown-reference", "unknown-reference-journey")
def _(p):
    p.replace(INFO, "    phase: awareness\n", "    journey: j11\n    phase: awareness\n")
    return Expect(
        "unknown-reference", INFO, line=p.line_of(INFO, "journey: j11"), field="branches[0].journey", hint="j1"
    )


@case("unknown-reference", "unknown-reference-counterpart-journey")
def _(p):
    p.replace(IDX, "state: as-is\n", "state: as-is\ncounterpart: j01\n")
    return Expect("unknown-reference", IDX, line=p.line_of(IDX, "counterpart:"), field="counterpart", hint="j1")


@case("unknown-reference", "unknown-reference-kpi")
def _(p):
    p.replace(INFO, "    kpi: open_rate\n    action:", "    kpi: open-rate\n    action:")
    return Expect(
        "unknown-reference", INFO, line=p.line_of(INFO, "kpi: open-rate"), field="signals[0].kpi", hint="open_rate"
    )


@case("unknown-reference", "unknown-reference-named-like-a-broken-file-of-another-kind")
def _(p):
    p.write("personas/ben.md", "---\nname: Ben\n---\n")  # broken: role is missing
    p.replace(INFO, "    touchpoint: newsletter\n", "    touchpoint: ben\n")
    return Expect(
        "unknown-reference",
        INFO,
        line=p.line_of(INFO, "touchpoint: ben"),
        field="steps[0].touchpoint",
        hint=None,
        also=frozenset({"missing-field"}),
    )


@case("path-reference", "path-reference-etc-passwd")
def _(p):
    p.replace(INFO, "    touchpoint: newsletter\n", "    touchpoint: ../../etc/passwd\n")
    return Expect("path-reference", INFO, line=p.line_of(INFO, "etc/passwd"), field="steps[0].touchpoint")


@case("path-reference", "path-reference-md-file-name")
def _(p):
    p.replace(INFO, "      - sara\n", "      - sara.md\n")
    return Expect("path-reference", INFO, line=p.line_of(INFO, "- sara.md"), field="steps[0].personas[0]")


@case("path-reference", "path-reference-branch-journey")
def _(p):
    p.replace(INFO, "    phase: awareness\n", "    journey: ../../etc/passwd\n")
    return Expect("path-reference", INFO, line=p.line_of(INFO, "etc/passwd"), field="branches[0].journey")


@case("duplicate-id", "duplicate-id-kpi-in-phase")
def _(p):
    p.replace(INFO, "    unit: percent\n", "    unit: percent\n  - id: open_rate\n    name: Open rate again\n")
    return Expect("duplicate-id", INFO, line=p.line_of(INFO, "name: Open rate again") - 1, field="kpis[1].id")


@case("duplicate-id", "duplicate-id-kpi-in-touchpoint")
def _(p):
    p.replace(
        NEWS,
        "owner: Marketing\n",
        "owner: Marketing\nkpis:\n  - id: opens\n    name: Opens\n  - id: opens\n    name: Opens again\n",
    )
    return Expect("duplicate-id", NEWS, line=9, field="kpis[1].id")


@case("duplicate-phase", "duplicate-phase-file-name-after-phase-field")
def _(p):
    # a-first.md says it is the information phase; information.md (read later) is the duplicate
    p.write("journeys/j1/a-first.md", "---\nphase: information\n---\n")
    return Expect("duplicate-phase", INFO, line=1)


@case("duplicate-phase", "duplicate-phase-via-phase-field")
def _(p):
    p.write("journeys/j1/zz-more.md", "---\ncore_message: More awareness\nphase: awareness\n---\n")
    return Expect("duplicate-phase", "journeys/j1/zz-more.md", line=3, field="phase")


@case("unknown-phase", "unknown-phase-file-name")
def _(p):
    p.write("journeys/j1/purchse.md", PHASE_AWARENESS)
    return Expect("unknown-phase", "journeys/j1/purchse.md", line=1, hint="purchase")


@case("unknown-phase", "unknown-phase-field")
def _(p):
    p.write("journeys/j1/extra.md", "---\nphase: loyality\n---\n")
    return Expect("unknown-phase", "journeys/j1/extra.md", line=2, field="phase", hint="loyalty")


@case("no-phases")
def _(p):
    p.write("journeys/j2/index.md", JOURNEY_J2_INDEX)
    return Expect("no-phases", "journeys/j2/index.md", line=1)


@case("branch-to-self", "branch-to-self-explicit-phase")
def _(p):
    p.replace(INFO, "    phase: awareness\n", "    phase: information\n")
    return Expect("branch-to-self", INFO, line=p.line_of(INFO, "- condition: Not convinced"), field="branches[0]")


@case("branch-to-self", "branch-to-self-explicit-journey-and-phase")
def _(p):
    p.replace(INFO, "    phase: awareness\n", "    journey: j1\n    phase: information\n")
    return Expect("branch-to-self", INFO, line=p.line_of(INFO, "- condition: Not convinced"), field="branches[0]")


@case("branch-to-self", "branch-to-self-by-default")
def _(p):
    p.replace(INFO, "    phase: awareness\n", "")
    return Expect("branch-to-self", INFO, line=p.line_of(INFO, "- condition: Not convinced"), field="branches[0]")


@case("branch-cycle")
def _(p):
    p.add_journey_j2()
    p.replace(INFO, "    phase: awareness\n", "    journey: j2\n")
    p.replace(
        "journeys/j2/awareness.md",
        "    emotion: 4\n",
        "    emotion: 4\nbranches:\n  - condition: Wants to buy again\n    journey: j1\n",
    )
    return Expect("branch-cycle", INFO, line=p.line_of(INFO, "journey: j2"), field="branches[0].journey")


@case("persona-not-in-journey", "persona-not-in-journey-step")
def _(p):
    p.write("personas/sarah.md", PERSONA_SARA.replace("Sara Keller", "Sarah Meier"))
    p.replace(INFO, "      - sara\n", "      - sarah\n")
    return Expect(
        "persona-not-in-journey",
        INFO,
        line=p.line_of(INFO, "- sarah"),
        field="steps[0].personas[0]",
        hint="sara",
        also=frozenset({"unused-persona"}),
    )


@case("persona-not-in-journey", "persona-not-in-journey-needs")
def _(p):
    p.write("personas/sarah.md", PERSONA_SARA.replace("Sara Keller", "Sarah Meier"))
    p.replace(INFO, "  sara:\n", "  sarah:\n")
    return Expect(
        "persona-not-in-journey",
        INFO,
        line=p.line_of(INFO, "sarah:"),
        field="needs.sarah",
        hint="sara",
        also=frozenset({"unused-persona"}),
    )


@case("unused-persona")
def _(p):
    p.write("personas/ben.md", PERSONA_SARA.replace("Sara Keller", "Ben Frei"))
    return Expect("unused-persona", "personas/ben.md", line=1)


@case("ignored-file", "ignored-file-upper-case-extension")
def _(p):
    p.write("personas/ben.MD", PERSONA_SARA.replace("Sara Keller", "Ben Frei"))
    return Expect("ignored-file", "personas/ben.MD", line=None)


@case("ignored-file", "ignored-file-yaml")
def _(p):
    p.write("touchpoints/flyer.yml", "name: Flyer\n")
    return Expect("ignored-file", "touchpoints/flyer.yml", line=None)


@case("invalid-condition")
def _(p):
    p.replace(INFO, "    kpi: open_rate\n    action:", "    when: open rate is low\n    action:")
    return Expect("invalid-condition", INFO, line=p.line_of(INFO, "when: open rate"), field="signals[0].when")


@case("unknown-reference", "unknown-reference-condition-kpi")
def _(p):
    p.replace(INFO, "    kpi: open_rate\n    action:", "    when: open_rat < 20\n    action:")
    return Expect(
        "unknown-reference", INFO, line=p.line_of(INFO, "when: open_rat"), field="signals[0].when", hint="open_rate"
    )


@case("actuals-format")
def _(p):
    p.write("actuals/a.csv", "kpi;period;value\nj1.information.open_rate;2026-01;31\n")
    return Expect("actuals-format", "actuals/a.csv", line=1)


@case("invalid-period")
def _(p):
    p.write("actuals/a.csv", "kpi,period,value\nj1.information.open_rate,Jan 2026,31\n")
    return Expect("invalid-period", "actuals/a.csv", line=2, field="j1.information.open_rate")


@case("duplicate-actual")
def _(p):
    p.write("actuals/a.csv", "kpi,period,value\nj1.information.open_rate,2026-01,31\n")
    p.write("actuals/b.yml", "j1.information.open_rate:\n  2026-01: 33\n")
    return Expect("duplicate-actual", "actuals/b.yml", line=2, field="j1.information.open_rate")


@case("unknown-reference", "unknown-reference-actuals-kpi")
def _(p):
    p.write("actuals/a.csv", "kpi,period,value\nj1.information.open_rte,2026-01,31\n")
    return Expect(
        "unknown-reference", "actuals/a.csv", line=2, field="j1.information.open_rte", hint="j1.information.open_rate"
    )


@case("not-a-number", "not-a-number-actual")
def _(p):
    p.write("actuals/a.csv", "kpi,period,value\nj1.information.open_rate,2026-01,viel\n")
    return Expect("not-a-number", "actuals/a.csv", line=2, field="j1.information.open_rate")


@case("invalid-id", "invalid-id-reserved")
def _(p):
    p.write("personas/index.md", "---\nname: Ix\nrole: R\n---\n")
    return Expect("invalid-id", "personas/index.md", line=1, hint="index-1")


@case("invalid-id", "invalid-id-reserved-page")
def _(p):
    # personas/page/2.md is the index's second page
    p.write("personas/page.md", "---\nname: Pg\nrole: R\n---\n")
    return Expect("invalid-id", "personas/page.md", line=1, hint="page-1")


@case("duplicate-reference")
def _(p):
    p.replace(INFO, "      - sara\n", "      - sara\n      - sara # again\n")
    return Expect("duplicate-reference", INFO, line=p.line_of(INFO, "# again"), field="steps[0].personas[1]")


@case("counterpart-state", "counterpart-state-self")
def _(p):
    p.replace(IDX, "state: as-is\n", "state: as-is\ncounterpart: j1\n")
    return Expect("counterpart-state", IDX, line=p.line_of(IDX, "counterpart:"), field="counterpart")


@case("counterpart-state", "counterpart-state-not-named-back")
def _(p):
    p.add_journey_j2()
    p.replace("journeys/j2/index.md", "state: to-be\n", "state: to-be\ncounterpart: j1\n")
    return Expect(
        "counterpart-state",
        "journeys/j2/index.md",
        line=p.line_of("journeys/j2/index.md", "counterpart:"),
        field="counterpart",
    )


@case("counterpart-state", "counterpart-state-same-state")
def _(p):
    p.add_journey_j2()
    p.replace("journeys/j2/index.md", "state: to-be\n", "state: as-is\ncounterpart: j1\n")
    p.replace(IDX, "state: as-is\n", "state: as-is\ncounterpart: j2\n")
    return Expect("counterpart-state", IDX, line=p.line_of(IDX, "counterpart:"), field="counterpart", count=2)


@case("kind-mismatch", "kind-mismatch-touchpoint-in-personas")
def _(p):
    p.write("personas/newsletter2.md", TOUCHPOINT_NEWSLETTER)
    return Expect("kind-mismatch", "personas/newsletter2.md", line=1)


@case("kind-mismatch", "kind-mismatch-persona-in-touchpoints")
def _(p):
    p.write("touchpoints/ben.md", PERSONA_SARA.replace("Sara Keller", "Ben Frei"))
    return Expect("kind-mismatch", "touchpoints/ben.md", line=1)


# --- the table-driven test ------------------------------------------------------------------


@pytest.mark.parametrize("kind, mutate", CASES)
def test_problem_kind(project, kind, mutate):
    exp: Expect = mutate(project)
    assert exp.kind == kind
    result = load(project)
    problems = result.report.problems
    shown = describe(problems)
    assert_well_formed(problems)

    # exactly the provoked problem (plus the declared, correct consequences)
    unexpected = {p.kind.name for p in problems} - {kind} - set(exp.also)
    assert not unexpected, f"unexpected kinds {unexpected}:\n{shown}"

    mine = [p for p in problems if p.kind.name == kind]
    assert len(mine) == exp.count, f"expected {exp.count} x {kind}:\n{shown}"
    for p in mine:
        assert p.severity == (WARNING if kind in EXPECTED_WARNINGS else ERROR), shown
    p = next((p for p in mine if p.file == exp.file), None)
    assert p is not None, f"expected {kind} in {exp.file}:\n{shown}"
    if exp.line is not ANY:
        assert p.line == exp.line, f"line: expected {exp.line}, got {p.line}:\n{shown}"
    if exp.field is not ANY:
        assert p.field == exp.field, f"field: expected {exp.field!r}, got {p.field!r}:\n{shown}"
    if exp.hint is not ANY:
        assert p.hint == exp.hint, f"hint: expected {exp.hint!r}, got {p.hint!r}:\n{shown}"
        if exp.hint:
            assert f"Did you mean '{exp.hint}'?" in p.format()
    text = p.format()
    assert text.startswith(exp.file + (f":{exp.line}" if isinstance(exp.line, int) else "") + ":"), text
    assert KINDS[kind].code in text and f"[{kind}]" in text
    if exp.check:
        exp.check(result)


def test_every_kind_has_a_case():
    from mkdocs_journeys.core.problems import HEALTH

    # Health rules run after loading and have their own cases in test_health.py.
    loader_kinds = set(KINDS) - (set(HEALTH) - {"unused-persona"})
    covered = {param.values[0] for param in CASES}
    assert not covered - loader_kinds, f"cases for kinds the loader does not have: {covered - loader_kinds}"
    assert not loader_kinds - covered, f"catalog kinds without a test case: {sorted(loader_kinds - covered)}"


def test_catalog_severities_match_the_issue():
    from mkdocs_journeys.core.problems import HEALTH

    assert {
        k.name for k in KINDS.values() if k.severity == WARNING and k.name not in HEALTH or k.name == "unused-persona"
    } == EXPECTED_WARNINGS
    assert len({k.code for k in KINDS.values()}) == len(KINDS), "codes must be unique"


# --- all problems of a run together ----------------------------------------------------------


def test_all_problems_of_a_run_are_reported_together(project):
    project.replace(INFO, "    emotion: 3\n", "    emotion: 9\n")  # 1 score-out-of-range
    project.replace(INFO, "  currency: CHF\n", "  currency: XYZ\n")  # 2 unknown-currency
    project.replace(NEWS, "owner: Marketing\n", "ownr: Marketing\n")  # 3 unknown-field
    project.replace(SARA, "  - email\n", "  - emial\n")  # 4 invalid-value
    project.replace(SARA, "segment: B2B, SME\n", "segment: B2B, SME\nquote:\n  - a list\n")  # 5 wrong-type
    problems = load(project).report.problems
    assert_well_formed(problems)
    got = sorted((p.kind.name, p.file, p.field, p.line) for p in problems)
    assert got == sorted(
        [
            ("score-out-of-range", INFO, "steps[0].emotion", project.line_of(INFO, "emotion: 9")),
            ("unknown-currency", INFO, "goal.currency", project.line_of(INFO, "currency: XYZ")),
            ("unknown-field", NEWS, "ownr", 5),
            ("invalid-value", SARA, "channels[0]", project.line_of(SARA, "emial")),
            ("wrong-type", SARA, "quote", project.line_of(SARA, "quote:")),
        ]
    ), describe(problems)


# --- a broken file must not cascade into misleading problems elsewhere -------------------------

BROKEN_SARA = {
    "invalid-yaml": "---\nname: [Sara\n---\n",
    "empty-file": "",
    "no-front-matter": "name: Sara\nrole: Baker\n",
    "not-a-mapping": "---\n- Sara\n---\n",
    "kind-mismatch": TOUCHPOINT_NEWSLETTER,
}


@pytest.mark.parametrize("kind", sorted(BROKEN_SARA))
def test_unparseable_file_does_not_cascade_into_unknown_references(project, kind):
    project.write(SARA, BROKEN_SARA[kind])
    problems = load(project).report.problems
    assert_well_formed(problems)
    assert [(p.kind.name, p.file) for p in problems] == [(kind, SARA)], describe(problems)


def test_invalid_file_does_not_cascade_into_unknown_references(project):
    project.replace(SARA, "name: Sara Keller\n", "")  # fails validation: the file is known but broken
    problems = load(project).report.problems
    assert [(p.kind.name, p.file, p.field) for p in problems] == [("missing-field", SARA, "name")], describe(problems)


def test_broken_journey_does_not_make_its_personas_unused(project):
    project.replace(IDX, "title: Bakery enters marketing automation\n", "")
    problems = load(project).report.problems
    assert [(p.kind.name, p.file, p.field) for p in problems] == [("missing-field", IDX, "title")], describe(problems)


def test_invalid_kpi_does_not_cascade_into_unknown_references(project):
    project.replace(INFO, "    name: Newsletter open rate\n", "")
    problems = load(project).report.problems
    assert [(p.kind.name, p.field) for p in problems] == [("missing-field", "kpis[0].name")], describe(problems)


# --- messages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        pytest.param("  period: per year", "  period: !custom year", id="unknown-tag"),
        pytest.param(
            "core_message: Compare before you buy",
            'core_message: Compare before you buy\n"bad\\nkey": 1',
            id="key-with-newline",
        ),
        pytest.param(
            "  - condition: Not convinced yet\n    phase: awareness",
            "  - condition: |\n      Not convinced\n      yet",
            id="multi-line-branch-condition",
        ),
    ],
)
def test_problem_messages_are_one_line(project, old, new):
    project.replace(INFO, old, new)
    problems = load(project).report.problems
    assert problems
    for p in problems:
        assert "\n" not in p.format(), repr(p.format())
        assert "<unicode string>" not in p.message


@pytest.mark.parametrize("value", ["!custom year", "!!int abc", "!!python/object:os.system year"])
def test_yaml_value_errors_have_a_line(project, value):
    project.replace(INFO, "  period: per year", f"  period: {value}")
    problems = load(project).report.problems
    assert [(p.kind.name, p.line) for p in problems] == [("invalid-yaml", project.line_of(INFO, "period:"))], describe(
        problems
    )


@pytest.mark.parametrize("sep", ["\u2028", "\u2029"])
def test_unicode_line_separator_does_not_shift_lines(project, sep):
    project.replace(INFO, "core_message: Compare before you buy", f'core_message: "Compare{sep}before you buy"')
    project.replace(INFO, "    emotion: 3\n", "    emotion: 9\n")
    problems = load(project).report.problems
    assert [(p.kind.name, p.line) for p in problems] == [("score-out-of-range", project.line_of(INFO, "emotion: 9"))], (
        describe(problems)
    )


def test_tab_inside_block_scalar_content_is_allowed(project):
    project.replace(INFO, "core_message: Compare before you buy", "core_message: |\n  Compare\n  \tbefore you buy")
    result = load(project)
    assert result.report.problems == [], describe(result.report.problems)
    assert "\tbefore you buy" in result.catalog.journeys["j1"].phase("information").core_message


def test_symlink_alias_of_a_folder_reports_the_link_not_the_real_folder(project):
    project.symlink("journeys/a-alias", "j1")
    result = load(project)
    problems = result.report.problems
    assert [(p.kind.name, p.file) for p in problems] == [("symlink", "journeys/a-alias")], describe(problems)
    assert set(result.catalog.journeys) == {"j1"}


# --- line numbers stay right with BOM and CRLF --------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.encode(), id="bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(), id="bom-crlf"),
    ],
)
def test_line_numbers_survive_bom_and_crlf(project, encode):
    text = project.read(INFO).replace("    emotion: 3\n", "    emotion: 8\n")
    project.write(INFO, encode(text))
    line = text.split("\n").index("    emotion: 8") + 1
    problems = load(project).report.problems
    score = [p for p in problems if p.kind.name == "score-out-of-range"]
    assert [(p.file, p.field, p.line) for p in score] == [(INFO, "steps[0].emotion", line)], describe(problems)
    assert {p.kind.name for p in problems} <= {"score-out-of-range", "bom"}


def test_file_exactly_at_the_size_limit_is_read(project):
    size = max(len(t.encode()) for t in VALID_FILES.values())  # the largest file is exactly at the limit
    project.settings_overrides["max_file_size"] = size
    result = load(project)
    assert result.report.problems == [], describe(result.report.problems)


# --- loading never modifies the sources -----------------------------------------------------------


def _messy(p: Project) -> None:
    p.write(NEWS, b"\xef\xbb\xbf" + TOUCHPOINT_NEWSLETTER.replace("\n", "\r\n").encode())
    p.write("touchpoints/latin.md", b"---\nname: M\xfcller\n---\n")
    p.write("touchpoints/empty.md", "")
    p.write("touchpoints/bomb.md", ALIAS_BOMB)
    p.write("journeys/x.md", JOURNEY_J2_INDEX)
    p.write("journeys/j3/awareness.md", PHASE_AWARENESS)
    p.symlink("personas/loop", ".")
    p.replace(INFO, "    emotion: 3\n", "    emotion: 7\n")
    p.replace(INFO, "  currency: CHF\n", "  currency: XYZ\n")


@pytest.mark.parametrize("messy", [False, True], ids=["valid", "messy"])
def test_loading_never_modifies_source_files(project, messy):
    if messy:
        _messy(project)
    before = project.hashes()
    result = load(project)
    load(project)  # twice, in case a first run leaves caches behind
    assert project.hashes() == before
    assert bool(result.report.problems) == messy


# --- robustness: arbitrary front-matter never crashes the loader ------------------------------------

yaml_ish = st.text(
    alphabet=st.sampled_from(list("abcsteponmiu:-[]{}&*!|>'\"#%@`,?. \t\n0123456789\\") + ["\u00e9", "\ufeff"]),
    max_size=120,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=yaml_ish, target=st.sampled_from([SARA, NEWS, IDX, INFO]))
def test_arbitrary_front_matter_never_raises(front, target):
    with tempfile.TemporaryDirectory() as d:
        p = Project(Path(d))
        p.write(target, "---\n" + front + "\n---\nBody\n")
        result = p.load()
        # one-line messages are checked by test_problem_messages_are_one_line
        assert_well_formed(result.report.problems, one_line=False)
        for pr in result.report.problems:
            if pr.file == target and pr.line is not None:
                assert 1 <= pr.line <= len(front.split("\n")) + 3, pr.format()


@settings(max_examples=80, deadline=None)
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(raw):
    with tempfile.TemporaryDirectory() as d:
        p = Project(Path(d))
        p.write("touchpoints/fuzz.md", raw)
        result = p.load()
        assert_well_formed(result.report.problems, one_line=False)
