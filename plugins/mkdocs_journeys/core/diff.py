"""`journeys diff`: what changed in the model between two versions, as Markdown for a PR comment."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.catalog_loader import Settings, check
from mkdocs_journeys.core.model import Catalog, Condition, Kpi, Money, Source, Step
from mkdocs_journeys.core.step_matching import match_steps
from mkdocs_journeys.core.terminal import safe, safe_lines


class DiffError(Exception):
    pass


class ContentErrors(DiffError):
    """The content at a revision has errors: a content problem, not a usage one."""


@dataclass
class Change:
    kind: str  # journey, phase, step, emotion, kpi, persona, touchpoint, finding
    what: str  # human-readable subject
    change: str  # added, removed, changed, moved
    detail: str = ""


@dataclass
class ModelDiff:
    changes: list[Change] = field(default_factory=list)

    def add(self, *args, **kwargs) -> None:
        self.changes.append(Change(*args, **kwargs))

    def by_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


# Model names that the files call otherwise.
LABELS = {"body": "text", "impacts": "impact_map"}
WIDTH = 60  # longer values are shown around their first difference


def _show(value: object) -> str:
    """A value as the diff shows it, on one line."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"{value:g}"
    if isinstance(value, str):
        return json.dumps(value.strip(), ensure_ascii=False)  # JSON: a line break shows as an escape
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Money):
        period = f" {value.period}" if value.period else ""
        return f"{value.value:g} {value.currency}{period} ({_show(value.description)})"
    if isinstance(value, Condition):
        return str(value)
    if dataclasses.is_dataclass(value):  # a list item: its first field names it (a condition, an impact)
        return _show(getattr(value, dataclasses.fields(value)[0].name))
    return str(value)


def _old_new(a: object, b: object) -> str:
    """`old → new`; long values cut to the part around their first difference."""
    old, new = _show(a), _show(b)
    if max(len(old), len(new)) > WIDTH:
        same = next((i for i, (x, y) in enumerate(zip(old, new)) if x != y), min(len(old), len(new)))
        start = max(0, same - WIDTH // 3)

        def cut(text: str) -> str:
            return ("…" if start else "") + text[start : start + WIDTH] + ("…" if start + WIDTH < len(text) else "")

        old, new = cut(old), cut(new)
    return f"{old} → {new}"


def _differences(path: str, a: object, b: object, out: list[str]) -> None:
    """`path: old → new` for every leaf that differs: fields of objects, keys of mappings, items of lists
    of objects (by position); other values whole."""
    if a == b or (isinstance(a, str) and isinstance(b, str) and a.strip() == b.strip()):
        return
    if dataclasses.is_dataclass(a) and type(a) is type(b) and not isinstance(a, Condition):
        for f in _content_fields(a):
            name = LABELS.get(f.name, f.name)
            _differences(f"{path}.{name}" if path else name, getattr(a, f.name), getattr(b, f.name), out)
    elif isinstance(a, dict) and isinstance(b, dict):
        for k in dict.fromkeys([*a, *b]):
            _differences(f"{path}.{k}", a.get(k), b.get(k), out)
    elif isinstance(a, list) and isinstance(b, list) and any(dataclasses.is_dataclass(x) for x in a + b):
        for i in range(max(len(a), len(b))):
            _differences(f"{path}[{i}]", a[i] if i < len(a) else None, b[i] if i < len(b) else None, out)
    else:
        out.append(f"{path}: {_old_new(a, b)}")


def changed_fields(a: object, b: object, skip: tuple[str, ...] = ()) -> str:
    """Every changed field of two versions of one thing, `field: old → new`, joined by '; '."""
    out: list[str] = []
    for f in _content_fields(a):
        if f.name not in skip:
            _differences(LABELS.get(f.name, f.name), getattr(a, f.name), getattr(b, f.name), out)
    return "; ".join(out)


def _content_fields(obj: Any) -> list[dataclasses.Field]:
    """The fields that hold content: not where the thing was read (its Source, its index in a list)."""
    return [f for f in dataclasses.fields(obj) if f.name != "at" and not isinstance(getattr(obj, f.name), Source)]


def compare(
    old: Catalog, new: Catalog, old_findings: Sequence[P.Problem] = (), new_findings: Sequence[P.Problem] = ()
) -> ModelDiff:
    d = ModelDiff()
    for kind, a, b, name in (
        ("persona", old.personas, new.personas, "name"),
        ("touchpoint", old.touchpoints, new.touchpoints, "name"),
    ):
        for k in sorted(set(b) - set(a)):
            d.add(kind, getattr(b[k], name), "added", k)
        for k in sorted(set(a) - set(b)):
            d.add(kind, getattr(a[k], name), "removed", k)
        for k in sorted(set(a) & set(b)):
            changed = changed_fields(a[k], b[k], skip=("id", "kpis"))
            if changed:
                d.add(kind, getattr(b[k], name), "changed", changed)
    for tid in sorted(set(old.touchpoints) & set(new.touchpoints)):
        _kpis(d, new.touchpoints[tid].name, old.touchpoints[tid].kpis, new.touchpoints[tid].kpis)
    for k in sorted(set(new.journeys) - set(old.journeys)):
        d.add("journey", new.journeys[k].title, "added", k)
    for k in sorted(set(old.journeys) - set(new.journeys)):
        d.add("journey", old.journeys[k].title, "removed", k)
    titles = {p.id: p.title for p in new.phases}
    for k in sorted(set(old.journeys) & set(new.journeys)):
        ja, jb = old.journeys[k], new.journeys[k]
        changed = changed_fields(ja, jb, skip=("id", "phases"))
        if changed:
            d.add("journey", jb.title, "changed", changed)
        pa, pb = {p.phase: p for p in ja.phases}, {p.phase: p for p in jb.phases}
        for ph in [p for p in pb if p not in pa]:
            d.add("phase", f"{jb.title} › {titles.get(ph, ph)}", "added")
        for ph in [p for p in pa if p not in pb]:
            d.add("phase", f"{jb.title} › {titles.get(ph, ph)}", "removed")
        for ph in [p for p in pb if p in pa]:
            before, after = pa[ph], pb[ph]
            where = f"{jb.title} › {titles.get(ph, ph)}"
            changed = changed_fields(before, after, skip=("journey", "phase", "steps", "kpis"))
            if changed:
                d.add("phase", where, "changed", changed)
            _steps(d, where, before.steps, after.steps)
            _kpis(d, where, before.kpis, after.kpis)
    seen = {(f.kind.name, f.file, f.message) for f in old_findings}
    for f in new_findings:
        if (f.kind.name, f.file, f.message) not in seen:
            d.add("finding", f.kind.name, "added", f"{f.file}: {f.message}")
    return d


def _steps(d: ModelDiff, where: str, old: list[Step], new: list[Step]) -> None:
    """Steps paired as the as-is/to-be comparison pairs them (core/step_matching.py)."""
    for a, b in match_steps(old, new):
        if a is None:
            d.add("step", f"{where}: {b.title}", "added")  # type: ignore[union-attr]
        elif b is None:
            d.add("step", f"{where}: {a.title}", "removed")
        else:
            if a.emotion != b.emotion:
                d.add("emotion", f"{where}: {b.title}", "moved", f"{a.emotion} → {b.emotion}")
            changed = changed_fields(a, b, skip=("emotion",))
            if changed:
                d.add("step", f"{where}: {b.title}", "changed", changed)


def _kpis(d: ModelDiff, where: str, old: list[Kpi], new: list[Kpi]) -> None:
    a, b = {k.id: k for k in old}, {k.id: k for k in new}
    for k in new:
        if k.id not in a:
            d.add("kpi", f"{where}: {k.name}", "added", k.id)
        elif a[k.id] != k:
            d.add("kpi", f"{where}: {k.name}", "changed", changed_fields(a[k.id], k, skip=("id",)))
    for k in old:
        if k.id not in b:
            d.add("kpi", f"{where}: {k.name}", "removed", k.id)


HEADINGS = [
    ("journey", "Journeys"),
    ("phase", "Phases"),
    ("step", "Steps"),
    ("emotion", "Emotion scores"),
    ("kpi", "KPIs"),
    ("persona", "Personas"),
    ("touchpoint", "Touchpoints"),
    ("finding", "New health findings"),
]


def to_markdown(d: ModelDiff, old_rev: str, new_rev: str) -> str:
    """The diff for a terminal or a PR comment: content cannot carry control characters into either."""
    lines = [f"## Customer journeys: changes {old_rev} → {new_rev}", ""]
    if not d.changes:
        return safe_lines("\n".join(lines + ["No changes to the journey model."])) + "\n"
    for kind, heading in HEADINGS:
        items = d.by_kind(kind)
        if not items:
            continue
        lines += [f"### {heading}", ""]
        for c in items:
            detail = f": {c.detail}" if c.detail else ""
            # Each piece is one line: a line break in a title must not start a new Markdown block.
            lines.append(f"- **{c.change}** {_md(safe(c.what))}{_md(safe(detail))}")
        lines.append("")
    return safe_lines("\n".join(lines))


def cut(text: str, max_chars: int, full_url: str | None = None) -> str:
    """The Markdown cut on a line boundary to at most max_chars, ending in a note (and a link) on the cut."""
    if len(text) <= max_chars:
        return text
    where = f"[the full diff]({full_url})" if full_url else "the full diff (`journeys diff` without `--max-chars`)"
    note = f"\n---\n\n_The diff is longer than {max_chars:,} characters and was cut here; see {where}._\n"
    room = max_chars - len(note)
    if room <= 0:
        return note[-max_chars:]
    head = text[:room]
    nl = head.rfind("\n")
    head = head[: nl + 1] if nl >= 0 else ""
    return head + note


def _md(text: str) -> str:
    """PR comments render Markdown: keep content literal."""
    import re

    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


# --- loading a revision ---


def load_revision(settings: Settings, rev: str | None, rules: dict) -> tuple[Catalog, list[P.Problem]]:
    """The catalog at a Git revision (None: the working tree)."""
    if rev is None:
        result = check(settings, rules)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            _export_revision(settings, rev, root)
            # a revision's files are read once: they never go into the working tree's parse cache
            result = check(dataclasses.replace(settings, root=root, cache_dir=None), rules)
    if result.report.errors:
        first = result.report.errors[0].format()
        raise ContentErrors(
            f"the content at {rev or 'the working tree'} has {len(result.report.errors)} errors, e.g. {first}"
        )
    findings = [p for p in result.report.problems if p.kind.name in P.HEALTH]
    return result.catalog, findings


def _export_revision(settings: Settings, rev: str, into: Path) -> None:
    folders = [settings.journeys_dir, settings.personas_dir, settings.touchpoints_dir, settings.actuals_dir]
    prefix = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=settings.root, capture_output=True, text=True)
    if prefix.returncode != 0:
        raise DiffError(f"{settings.root} is not in a Git repository.")
    ok = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        cwd=settings.root,
        capture_output=True,
        text=True,
    )
    if ok.returncode != 0:
        raise DiffError(f"unknown revision '{rev}'.")
    existing = [
        f
        for f in folders
        if subprocess.run(
            ["git", "cat-file", "-e", f"{rev}:{prefix.stdout.strip()}{f}"], cwd=settings.root, capture_output=True
        ).returncode
        == 0
    ]
    for f in folders:
        (into / f).mkdir(parents=True, exist_ok=True)
    if not existing:
        return
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "--", *existing], cwd=settings.root, capture_output=True
    )
    if archive.returncode != 0:
        raise DiffError(f"git archive failed: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        for member in tar.getmembers():
            if member.issym() or member.islnk() or member.name.startswith("/") or ".." in Path(member.name).parts:
                continue  # content is untrusted: only plain files inside the folders
            tar.extract(member, into, filter="data") if hasattr(tarfile, "data_filter") else tar.extract(member, into)
