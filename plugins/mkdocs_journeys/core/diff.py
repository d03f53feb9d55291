"""`journeys diff`: what changed in the model between two versions, as Markdown for a PR comment."""

from __future__ import annotations

import dataclasses
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.catalog_loader import Settings, check
from mkdocs_journeys.core.model import Catalog
from mkdocs_journeys.core.terminal import safe, safe_lines


class DiffError(Exception):
    pass


class ContentErrors(DiffError):
    """The content at a revision has errors: a content problem, not a usage one."""


@dataclass
class Change:
    kind: str  # journey, phase, step, persona, touchpoint, kpi-target, emotion, finding
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


LABELS = {
    "body": "text",
    "value_fit": "value fit",
    "core_message": "core message",
    "data_points": "data points",
    "impacts": "impact map",
    "value_proposition": "value proposition",
}


def _norm(name: str, value):
    """Compare KPIs without their targets (target changes are listed on their own)."""
    if name == "kpis":
        return [dataclasses.replace(k, target=None) for k in value]
    if name == "signals":
        return [dataclasses.replace(s, at=0) for s in value]
    if name in ("impacts", "branches"):
        return [dataclasses.replace(x, at=0) for x in value]
    if name == "body":
        return value.strip()
    return value


def _changed_fields(a, b, skip: tuple = ()) -> list[str]:
    skip = ("source", "at") + skip
    names = [f.name for f in dataclasses.fields(a) if f.name not in skip]
    return [LABELS.get(n, n) for n in names if _norm(n, getattr(a, n)) != _norm(n, getattr(b, n))]


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
            changed = _changed_fields(a[k], b[k])
            if changed:
                d.add(kind, getattr(b[k], name), "changed", ", ".join(changed))
    for tid in sorted(set(old.touchpoints) & set(new.touchpoints)):
        _kpis(d, new.touchpoints[tid].name, old.touchpoints[tid].kpis, new.touchpoints[tid].kpis)
    for k in sorted(set(new.journeys) - set(old.journeys)):
        d.add("journey", new.journeys[k].title, "added", k)
    for k in sorted(set(old.journeys) - set(new.journeys)):
        d.add("journey", old.journeys[k].title, "removed", k)
    titles = {p.id: p.title for p in new.phases}
    for k in sorted(set(old.journeys) & set(new.journeys)):
        ja, jb = old.journeys[k], new.journeys[k]
        changed = _changed_fields(ja, jb, skip=("phases",))
        if changed:
            d.add("journey", jb.title, "changed", ", ".join(changed))
        pa, pb = {p.phase: p for p in ja.phases}, {p.phase: p for p in jb.phases}
        for ph in [p for p in pb if p not in pa]:
            d.add("phase", f"{jb.title} › {titles.get(ph, ph)}", "added")
        for ph in [p for p in pa if p not in pb]:
            d.add("phase", f"{jb.title} › {titles.get(ph, ph)}", "removed")
        for ph in [p for p in pb if p in pa]:
            old_phase, new_phase = pa[ph], pb[ph]
            where = f"{jb.title} › {titles.get(ph, ph)}"
            changed = _changed_fields(old_phase, new_phase, skip=("journey", "phase", "steps"))
            if changed:
                d.add("phase", where, "changed", ", ".join(changed))
            _steps(d, where, old_phase.steps, new_phase.steps)
            _kpis(d, where, old_phase.kpis, new_phase.kpis)
    seen = {(f.kind.name, f.file, f.message) for f in old_findings}
    for f in new_findings:
        if (f.kind.name, f.file, f.message) not in seen:
            d.add("finding", f.kind.name, "added", f"{f.file}: {f.message}")
    return d


def _steps(d: ModelDiff, where: str, old: list, new: list) -> None:
    a = {s.title: s for s in old}
    b = {s.title: s for s in new}
    for t in [t for t in b if t not in a]:
        d.add("step", f"{where}: {t}", "added")
    for t in [t for t in a if t not in b]:
        d.add("step", f"{where}: {t}", "removed")
    for t in [t for t in b if t in a]:
        sa, sb = a[t], b[t]
        if sa.emotion != sb.emotion:
            d.add("emotion", f"{where}: {t}", "moved", f"{sa.emotion} → {sb.emotion}")
        other = [f for f in ("touchpoint", "personas", "pains", "opportunities") if getattr(sa, f) != getattr(sb, f)]
        if other:
            d.add("step", f"{where}: {t}", "changed", ", ".join(other))


def _kpis(d: ModelDiff, where: str, old: list, new: list) -> None:
    a = {k.id: k for k in old}
    for k in new:
        if k.id in a and a[k.id].target != k.target:
            d.add(
                "kpi-target",
                f"{where}: {k.name}",
                "changed",
                f"{_num(a[k.id].target)} → {_num(k.target)} {k.unit}".rstrip(),
            )


def _num(v) -> str:
    return "—" if v is None else f"{v:g}"


HEADINGS = [
    ("journey", "Journeys"),
    ("phase", "Phases"),
    ("step", "Steps"),
    ("emotion", "Emotion scores"),
    ("kpi-target", "KPI targets"),
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
            result = check(dataclasses.replace(settings, root=root), rules)
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
