"""Builds every generated page as Markdown from the catalog. No MkDocs, no file I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup

from .. import diagrams
from ..locales import Labels
from ..model import EMPATHY_QUADRANTS, Catalog
from . import reference
from .board import board_markdown
from .links import Links, src
from .prose import Prose
from .render import make_env


@dataclass
class GeneratedPage:
    src_uri: str
    title: str
    markdown: str
    kind: str  # journey, persona, touchpoint, phase, index, reference
    sources: list[str] = field(default_factory=list)  # content files, relative to the project root
    has_diagram: bool = False


@dataclass
class SourceInfo:
    file: str
    date: str = ""
    edit: Markup | None = None


class SiteBuilder:
    def __init__(self, catalog: Catalog, labels: Labels, links: Links,
                 dates: dict[str, str] | None = None, edit_url: Callable[[str], str | None] | None = None,
                 board_lanes: list[str] | None = None):
        self.c, self.t, self.links = catalog, labels, links
        self.dates = dates or {}
        self.edit_url = edit_url or (lambda path: None)
        self.env = make_env()
        self.prose = Prose()
        self.titles = {p.id: p.title for p in catalog.phases}
        self.board_lanes = board_lanes  # None: no board pages

    # --- helpers given to templates ---

    def _ctx(self, page_src: str, **extra) -> dict:
        def ln(kind: str, id: str | None = None, anchor: str | None = None) -> Markup:
            return Markup(self.links.md(page_src, kind, id, anchor))

        return dict(c=self.c, t=self.t, ln=ln, phases=self.c.phases,
                    phase_title=lambda pid: self.titles.get(pid, pid), **extra)

    def _url(self, page_src: str) -> Callable:
        return lambda kind, id, anchor=None: self.links.url(page_src, kind, id, anchor)

    def _sources(self, files: list[str]) -> list[SourceInfo]:
        out = []
        for f in files:
            edit = self.edit_url(f)
            out.append(SourceInfo(f, self.dates.get(f, ""), Markup(edit) if edit else None))
        return out

    def _prose(self, text: str) -> Markup:
        return Markup(self.prose.html(text))

    def _render(self, template: str, page_src: str, **extra) -> str:
        return self.env.get_template(template).render(self._ctx(page_src, **extra))

    # --- pages ---

    def pages(self) -> list[GeneratedPage]:
        out = [self.journeys_index(), self.personas_index(), self.touchpoints_index(), self.phases_index(),
               self.matrix(), self.reference(), self.problems()]
        out += [self.journey(j) for j in self.c.journeys.values()]
        if self.board_lanes is not None:
            out += [self.board(j) for j in self.c.journeys.values()]
        out += [self.persona(pid) for pid in self.c.personas]
        out += [self.touchpoint(tid) for tid in self.c.touchpoints]
        out += [self.phase(ph.id) for ph in self.c.phases]
        return out

    def journey(self, j) -> GeneratedPage:
        page_src = src("journey", j.id)
        url = self._url(page_src)
        d: dict = {"journey": None, "branches": None, "impacts": {}}
        if diagrams.has_steps(j):
            d["journey"] = Markup(diagrams.journey_diagram(j, self.c, self.titles))
        if diagrams.has_branches(j):
            d["branches"] = Markup(diagrams.branch_diagram(j, self.c, url, self.titles))
        for jp in j.phases:
            if jp.impacts:
                d["impacts"][jp.phase] = Markup(diagrams.impact_map_diagram(
                    jp, self.c, lambda kind, id: url(kind, id), self.t.goal, self.t.kpi))
        files = [j.source.file] + [jp.source.file for jp in j.phases]
        prose = {"journey": self._prose(j.body), "phases": {jp.phase: self._prose(jp.body) for jp in j.phases}}
        md = self._render("journey.md", page_src, j=j, diagrams=d, prose=prose, sources=self._sources(files),
                          incoming=self.c.incoming_branches(j.id), board=self.board_lanes is not None)
        return GeneratedPage(page_src, j.title, md, "journey", files, bool(d.get("journey") or d.get("branches") or d["impacts"]))

    def board(self, j) -> GeneratedPage:
        page_src = src("board", j.id)

        def md_link(kind: str, id: str | None = None, anchor: str | None = None) -> Markup:
            return Markup(self.links.md(page_src, kind, id, anchor))

        def render(template: str, **extra) -> str:
            return self._render(template, page_src, **extra)

        md = board_markdown(j, self.c, self.t, list(self.board_lanes or []), md_link, render)
        files = [j.source.file] + [jp.source.file for jp in j.phases]
        return GeneratedPage(page_src, f"{j.title}: {self.t.board}", md, "board", files)

    def persona(self, pid: str) -> GeneratedPage:
        p = self.c.personas[pid]
        page_src = src("persona", pid)
        md = self._render("persona.md", page_src, p=p, quadrants=EMPATHY_QUADRANTS, prose={"body": self._prose(p.body)},
                          journeys=self.c.persona_journeys(pid), needs=self.c.persona_needs(pid),
                          steps=self.c.persona_steps(pid), impacts=self.c.persona_impacts(pid),
                          sources=self._sources([p.source.file]))
        return GeneratedPage(page_src, p.name, md, "persona", [p.source.file])

    def touchpoint(self, tid: str) -> GeneratedPage:
        tp = self.c.touchpoints[tid]
        page_src = src("touchpoint", tid)
        md = self._render("touchpoint.md", page_src, tp=tp, prose={"body": self._prose(tp.body)},
                          uses=self.c.touchpoint_steps(tid), impacts=self.c.touchpoint_impacts(tid),
                          personas=self.c.touchpoint_personas(tid), sources=self._sources([tp.source.file]))
        return GeneratedPage(page_src, tp.name, md, "touchpoint", [tp.source.file])

    def phase(self, phase_id: str) -> GeneratedPage:
        ph = self.c.phase_def(phase_id)
        page_src = src("phase", phase_id)
        md = self._render("phase.md", page_src, ph=ph, entries=self.c.phase_entries(phase_id),
                          touchpoints=self.c.phase_touchpoints(phase_id))
        return GeneratedPage(page_src, ph.title, md, "phase")

    def journeys_index(self) -> GeneratedPage:
        page_src = src("journeys")
        journeys = sorted(self.c.journeys.values(), key=lambda j: j.title.lower())
        return GeneratedPage(page_src, self.t.journeys, self._render("journeys_index.md", page_src, journeys=journeys), "index")

    def personas_index(self) -> GeneratedPage:
        page_src = src("personas")
        personas = sorted(self.c.personas.values(), key=lambda p: p.name.lower())
        counts = {p.id: len(self.c.persona_journeys(p.id)) for p in personas}
        return GeneratedPage(page_src, self.t.personas, self._render("personas_index.md", page_src, personas=personas, counts=counts), "index")

    def touchpoints_index(self) -> GeneratedPage:
        page_src = src("touchpoints")
        tps = sorted(self.c.touchpoints.values(), key=lambda t: t.name.lower())
        by_channel: dict[str, list] = {}
        by_kind: dict[str, list] = {}
        for tp in tps:
            by_channel.setdefault(tp.channel, []).append(tp)
            by_kind.setdefault(tp.kind, []).append(tp)
        md = self._render("touchpoints_index.md", page_src, by_channel=sorted(by_channel.items()),
                          by_kind=sorted(by_kind.items()))
        return GeneratedPage(page_src, self.t.touchpoints, md, "index")

    def phases_index(self) -> GeneratedPage:
        page_src = src("phases")
        return GeneratedPage(page_src, self.t.phases_title, self._render("phases_index.md", page_src), "index")

    def matrix_rows(self) -> list[list[str | None]]:
        """Columns are phases; each column lists its touchpoints in first-use order."""
        cols = [self.c.phase_touchpoints(ph.id) for ph in self.c.phases]
        height = max((len(c) for c in cols), default=0)
        return [[col[i] if i < len(col) else None for col in cols] for i in range(height)]

    def matrix(self) -> GeneratedPage:
        page_src = src("matrix")
        return GeneratedPage(page_src, self.t.matrix, self._render("matrix.md", page_src, rows=self.matrix_rows()), "index")

    def reference(self) -> GeneratedPage:
        page_src = src("reference")
        md = self._render("reference.md", page_src, kinds=reference.kinds(), rows=reference.rows,
                          type_name=reference.type_name,
                          example_file=lambda k: Markup(reference.example_file(k)),
                          schema_url=lambda k: Markup(f"../schemas/{k}.schema.json"))
        return GeneratedPage(page_src, self.t.format_reference, md, "reference")

    def problems(self) -> GeneratedPage:
        page_src = src("problems")
        md = self._render("problems.md", page_src, problem_kinds=reference.problem_kinds(), examples=reference.problem_examples())
        return GeneratedPage(page_src, self.t.problem_catalog, md, "reference")
