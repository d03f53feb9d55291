"""Builds every generated page from the catalog: Markdown, and HTML blocks (blocks.py). No MkDocs, no file I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from typing import Any

from markupsafe import Markup

from mkdocs_journeys.core import health
from mkdocs_journeys.core import problems as P
from mkdocs_journeys.core.backlog import Weights
from mkdocs_journeys.core.history import RECENT_DAYS, recent_change
from mkdocs_journeys.core.locales import messages, plural_form
from mkdocs_journeys.core.model import EMPATHY_QUADRANTS, Catalog, Journey, PhaseDef, phase_kpi_key, touchpoint_kpi_key
from mkdocs_journeys.render import diagrams
from mkdocs_journeys.render.labels import Labels
from mkdocs_journeys.render.pages import icons, reference
from mkdocs_journeys.render.pages.blocks import Blocks, PageText, inline
from mkdocs_journeys.render.pages.board import board_markdown, compare_id, compare_markdown
from mkdocs_journeys.render.pages.facts import journey_facts, phase_facts
from mkdocs_journeys.render.pages.heatmap import heat_row
from mkdocs_journeys.render.pages.links import Links, src
from mkdocs_journeys.render.pages.matrix import TouchpointRows, catalog_rows, matrix, pack, uses_by_phase
from mkdocs_journeys.render.pages.page_group import PageGroup, pages_of
from mkdocs_journeys.render.pages.page_inputs import Fingerprints, record
from mkdocs_journeys.render.pages.pagination import Pager, paged_src, split
from mkdocs_journeys.render.pages.prose import Prose
from mkdocs_journeys.render.pages.sparkline import sparkline
from mkdocs_journeys.render.pages.team_pages import TeamPages
from mkdocs_journeys.render.templating import Inline, code_spans, make_env, number


@dataclass(slots=True)
class GeneratedPage:
    """A page to generate: its path, title and sources now; its Markdown when MkDocs builds it."""

    src_uri: str
    title: str
    render: Callable[[], str | PageText]  # the page's Markdown (and HTML blocks), without the title front-matter
    kind: str  # journey, persona, touchpoint, phase, index, reference
    sources: list[str] = field(default_factory=list)  # content files, relative to the project root
    has_diagram: bool = False
    searchable: bool = True  # False: a continuation or a view of content whose own page search finds

    @property
    def front_matter(self) -> str:
        """The page's title (escaped) and search setting, known before anything is rendered."""
        return with_title(self.title, "", self.searchable)

    @property
    def entry(self) -> tuple:
        """What MkDocs is told of the page before it renders: path, title, search setting and the
        source "Edit this page" opens. Equal entries: the same file list, nav and search entry. Plain
        values only: the collector stops tracking such a tuple at once, so that the thousands a rebuild
        makes do not count toward its full pass."""
        return (self.src_uri, self.title, self.searchable, self.sources[0] if self.sources else None)

    def body(self) -> PageText:
        """Rendered now: Markdown with block placeholders (and maybe front-matter of its own), and the blocks."""
        out = self.render()
        md, blocks = (out, ()) if isinstance(out, str) else out
        return PageText(md, tuple(blocks))

    @property
    def text(self) -> PageText:
        """The whole page: front-matter, Markdown with block placeholders, and the blocks (see blocks.py)."""
        body = self.body()
        return PageText(with_title(self.title, body.markdown, self.searchable), body.blocks)

    @property
    def markdown(self) -> str:
        """The page as self-contained Markdown."""
        return inline(self.text)


# The catalog's queries a persona's or a touchpoint's pages are made from (besides the object itself).
PERSONA_QUERIES = ("persona_journeys", "persona_needs", "persona_steps", "persona_impacts")
TOUCHPOINT_QUERIES = (
    "touchpoint_steps",
    "touchpoint_impacts",
    "touchpoint_personas",
    "touchpoint_phases",
    "touchpoint_signals",
)


def _one(make: Callable[[Any], GeneratedPage], arg: Any) -> list[GeneratedPage]:
    """A group of one page: `make(arg)` (a journey, or a numbered page's slice)."""
    return [make(arg)]


@dataclass(frozen=True, slots=True)
class Listing:
    """What every numbered page of one list shares: its kind and id (the pages' paths), title, template,
    sources, and what its template gets besides its slice."""

    kind: str
    id: str | None
    title: str
    page_kind: str
    template: str
    files: list[str]
    extra_ctx: Callable[[str], dict] | None
    extra: dict


@dataclass(slots=True)
class KpiView:
    """A KPI with its measured values, for tables."""

    kpi: object
    key: str
    latest: tuple[str, float] | None
    met: bool | None
    spark: Markup


@dataclass(slots=True)
class SourceInfo:
    file: str
    date: str = ""
    edit: Markup | None = None


class SiteBuilder:
    def __init__(
        self,
        catalog: Catalog,
        labels: Labels,
        links: Links,
        dates: dict[str, str] | None = None,
        edit_url: Callable[[str], str | None] | None = None,
        board_lanes: list[str] | None = None,
        findings: list | None = None,
        per_page: int = 30,
        weights: Weights | None = None,
        today: date | None = None,
        theme_dirs: Sequence[str] = (),
        last: SiteBuilder | None = None,
    ):
        """`last`: while serving, the builder of the last build, whose unchanged objects `catalog` shares;
        rows worked out from the same objects are taken over from it (matrix.TouchpointRows, TeamPages)."""
        self.c, self.t, self.links = catalog, labels, links
        self.dates = dates or {}
        self.edit_url = edit_url or (lambda path: None)
        self.env = make_env(theme_dirs)  # a site's own templates in `<theme dir>/journeys/` come first
        self.prose = Prose()
        self.titles = {p.id: p.title for p in catalog.phases}
        self.board_lanes = board_lanes  # None: no board pages
        self.findings = findings  # health findings (Problems); None: no health pages
        self.per_page = per_page
        self.today = today  # for "recently changed" badges; None: no badges
        # Rows depend on the labels, the page size and the phase order besides the catalog: a builder made
        # with others starts afresh.
        if last is not None and (last.t is not labels or last.per_page != per_page or last.c.phases != catalog.phases):
            last = None
        self.team_pages: TeamPages = TeamPages(self, weights, today, last.team_pages if last is not None else None)
        self._touchpoint_rows: TouchpointRows = TouchpointRows(last._touchpoint_rows if last is not None else None)
        self._first_uses: dict[str, dict[str, int]] = {}

    # --- helpers given to templates ---

    def _ctx(self, page_src: str, **extra) -> dict:
        # Final URLs: MkDocs does not convert links in HTML blocks.
        def ln(kind: str, id: str | None = None, anchor: str | None = None) -> Markup:
            return Markup(self.links.url(page_src, kind, id, anchor))

        def to(target_src: str, anchor: str | None = None) -> Markup:
            return Markup(self.links.url_to(page_src, target_src, anchor))

        inline = Inline(self.c, self.links, page_src, self.titles)
        return dict(
            c=self.c,
            t=self.t,
            ln=ln,
            phases=self.c.phases,
            journey_link=inline.journey_link,
            persona_link=inline.persona_link,
            touchpoint_link=inline.touchpoint_link,
            phase_link=inline.phase_link,
            score=inline.score,
            phase_title=lambda pid: self.titles.get(pid, pid),
            kpi_view=self.kpi_view,
            phase_kpis=lambda j, p: [self.kpi_view(phase_kpi_key(j.id, p.phase, k.id), k) for k in p.kpis],
            tp_kpis=lambda t: [self.kpi_view(touchpoint_kpi_key(t.id, k.id), k) for k in t.kpis],
            fired=self.c.fired,
            health=self.findings is not None,
            completeness=lambda j: health.completeness(j, self.c),
            completeness_badge=self._completeness_badge,
            prose_html=self._prose,
            to=to,
            plural=self.plural,
            icon=icons.icon,
            phase_facts=lambda j, jp: phase_facts(j, jp, self.c),
            recent_badge=self.recent_badge,
            team_link=lambda owner: self.team_pages.team_link(page_src, owner),
            journey_files=journey_files,
            **extra,
        )

    def plural(self, n: int, key: str) -> str:
        """'1 phase' / '2 phases': the locale's {one:, other:} forms of `key` under `plurals`."""
        return plural_form(self.t["plurals"][key], n, {"n": number(n)})

    def kpi_view(self, key: str, kpi) -> KpiView:
        series = self.c.series(key)
        latest = series[-1] if series else None
        met = kpi.met(latest[1]) if latest else None
        spark = sparkline([v for _, v in series], kpi.target, met, label=f"{kpi.name}: {len(series)}") if series else ""
        return KpiView(kpi, key, latest, met, Markup(spark))

    def _url(self, page_src: str) -> Callable:
        return lambda kind, id, anchor=None: self.links.url(page_src, kind, id, anchor)

    def _sources(self, files: list[str]) -> list[SourceInfo]:
        out = []
        for f in files:
            edit = self.edit_url(f)
            out.append(SourceInfo(f, self.dates.get(f, ""), Markup(edit) if edit else None))
        return out

    def _completeness_badge(self, j) -> Markup:
        """The bar and percentage."""
        percent = health.completeness(j, self.c).percent
        return Markup(
            '<span class="jr-complete" title="{}"><span class="jr-complete-bar" style="width: {}%"></span></span> '
            '<span class="jr-complete-text">{} %</span>'
        ).format(" ".join(self.t.completeness.split()), percent, percent)

    def recent_badge(self, files: list[str]) -> Markup:
        """A "new/changed" badge when one of `files` changed recently (core/history.py); else nothing."""
        changed = recent_change(self.dates, files, self.today) if self.today else None
        if changed is None:
            return Markup("")
        return Markup('<span class="jr-badge jr-recent" title="{}">{}</span>').format(
            self.t.recent_title.format(date=changed, days=RECENT_DAYS), self.t.recent
        )

    def _prose(self, text: str) -> Markup:
        return Markup(self.prose.html(text))

    def _render(self, template: str, page_src: str, **extra) -> PageText:
        blocks = Blocks()
        md = self.env.get_template(template).render(self._ctx(page_src, block=blocks, **extra))
        return PageText(md, tuple(blocks.items))

    def _render_at(self, page_src: str, template: str, **extra) -> PageText:
        return self._render(template, page_src, **extra)

    def _paged(
        self,
        kind: str,
        id: str | None,
        title: str,
        page_kind: str,
        template: str,
        lists: dict[str, list],
        files: list[str] | None = None,
        per_page: int | None = None,
        slices: list[dict] | None = None,
        extra_ctx: Callable[[str], dict] | None = None,
        **extra,
    ) -> list[GeneratedPage]:
        """One page per slice of `lists` (see pagination), or per given slice; page 1 at the usual place."""
        listing = Listing(kind, id, title, page_kind, template, list(files or []), extra_ctx, extra)
        slices = self._slices(lists, per_page) if slices is None else slices
        return [self._page(listing, n, len(slices), part) for n, part in enumerate(slices, 1)]

    def _page_groups(
        self,
        kind: str,
        title: str,
        template: str,
        lists: dict[str, list],
        slices: list[dict] | None = None,
        extra_ctx: Callable[[str], dict] | None = None,
        *,
        id: str | None = None,
        page_kind: str = "index",
        **extra,
    ) -> Iterator[PageGroup]:
        """A list's numbered pages (an index's, or the object `id`'s), each a group of its own compared by
        value: its slice of the rows, the values beside them and the number of pages. An edit that leaves
        a page's rows as they were does not make it again (one pain point of a thousand changes one page
        of the backlog, not all of them). The pages come as one bundle compared by all their rows at once:
        a list an edit leaves as it was (a team's hundreds of pages) is one comparison, not one a page."""
        listing = Listing(kind, id, title, page_kind, template, [], extra_ctx, extra)
        slices = self._slices(lists, None) if slices is None else slices
        parts = partial(self._listing_parts, listing, slices)
        key = (kind, "*") if id is None else (kind, id, "*")  # a page's number is never "*"
        yield PageGroup(key, (), partial(pages_of, parts), (slices, extra), parts)

    def _listing_parts(self, listing: Listing, slices: list[dict]) -> Iterator[PageGroup]:
        kind, id, count = listing.kind, listing.id, len(slices)
        for n, part in enumerate(slices, 1):
            page = partial(self._page, listing, n, count)
            key = (kind, n) if id is None else (kind, id, n)
            yield PageGroup(key, (), partial(_one, page, part), (count, part, listing.extra))

    def _slices(self, lists: dict[str, list], per_page: int | None) -> list[dict]:
        return split(lists, self.per_page if per_page is None else per_page)

    def _page(self, listing: Listing, n: int, count: int, part: dict) -> GeneratedPage:
        pager = Pager(listing.kind, listing.id, n, count)
        # The page holds what it shows; its helpers are made when it renders (a rebuild compares what
        # thousands of pages hold, never renders most of them).
        md = partial(self._render_paged, listing.template, pager, listing.extra_ctx, listing.extra, part)
        title = listing.title if n == 1 else f"{listing.title} · {self.t.page_of.format(number=n, count=count)}"
        return GeneratedPage(pager.src, title, md, listing.page_kind, list(listing.files), searchable=n == 1)

    def _render_paged(
        self, template: str, pager: Pager, extra_ctx: Callable[[str], dict] | None, extra: dict, part: dict
    ) -> PageText:
        here, to = pager.src, self.links.url_to

        def page_link(number: int) -> Markup:
            return Markup(to(here, pager.src_of(number)))

        more = extra_ctx(here) if extra_ctx is not None else {}
        return self._render(template, here, pager=pager, page_link=page_link, **more, **extra, **part)

    # --- pages ---

    def fingerprints(self, digests: dict[str, bytes]) -> Fingerprints:
        """Fingerprints over this builder's catalog, for telling which pages a change leaves as they were."""
        return Fingerprints(self.c, digests, shared=(SiteBuilder, TeamPages, Labels, Links, Prose))

    def shared_state(self) -> tuple:
        """What renders read besides the catalog and their arguments that content decides: the teams
        (owner links) and the phase titles."""
        teams = [(t.key, t.id, t.name) for t in self.team_pages.teams.values()]
        return (teams, sorted(self.titles.items()))

    def recorded(self, page: GeneratedPage) -> tuple[PageText, list]:
        """The page's text, and every read its render made of the catalog (see page_inputs.py)."""
        return record(page.body, self.c, [self, self.team_pages])

    def pages(self) -> list[GeneratedPage]:
        """Every page, cheaply: paths, titles and sources; the Markdown is rendered later."""
        return [page for group in self.groups() for page in group.make()]

    def groups(self) -> Iterator[PageGroup]:
        """The pages, group by group (a rebuild that keeps few of them lets the others go at once, and
        one that is told what changed makes only the groups whose inputs did). A rebuild told what
        changed makes the groups before and after those it looks up by key, and of these only the ones
        whose reads the change moved."""
        yield from self.groups_before()
        for key in self.looked_up_keys():
            yield self.looked_up(key)
        yield from self.groups_after()

    def looked_up_keys(self) -> tuple[tuple, ...]:
        """The keys of the groups made from the reads they name alone (see looked_up), in page order. A
        rebuild told what changed makes only those whose reads it moved; the others are as they were."""
        c = self.c
        keys = [("journey", jid) for jid in c.journeys]
        if self.board_lanes is not None:
            keys += [("board", jid) for jid in c.journeys]
            # The to-be journey of a pair: made from both journeys.
            keys += [("compare", j.id) for j in c.journeys.values() if compare_id(j, c) == j.id]
        keys += [("persona", pid) for pid in c.personas]
        keys += [("touchpoint", tid) for tid in c.touchpoints]
        return tuple(keys)

    def looked_up(self, key: tuple) -> PageGroup:
        """The group under `key`, one of looked_up_keys(): its reads, and nothing worked out besides them."""
        kind, id = key
        c = self.c
        if kind == "persona":
            reads = (("get", "personas", id), *(("call", q, (id,), ()) for q in PERSONA_QUERIES))
            return PageGroup(key, reads, partial(self.persona, id))
        if kind == "touchpoint":
            reads = (("get", "touchpoints", id), *(("call", q, (id,), ()) for q in TOUCHPOINT_QUERIES))
            return PageGroup(key, reads, partial(self.touchpoint, id))
        j = c.journeys[id]
        if kind == "compare":
            pair = (("get", "journeys", id), ("get", "journeys", j.counterpart))
            return PageGroup(key, pair, partial(_one, self.compare, j))
        make = {"journey": self.journey, "board": self.board}[kind]
        return PageGroup(key, (("get", "journeys", id),), partial(_one, make, j))

    def groups_before(self) -> Iterator[PageGroup]:
        """The indexes, the matrix and the reference pages: made whole or compared by value."""
        whole = self._whole
        yield from self.journeys_index_groups()
        yield whole(self.personas_index)
        yield whole(self.touchpoints_index)
        yield whole(lambda: [self.phases_index()])
        yield from self.matrix_groups()
        yield whole(lambda: [self.reference(), self.problems()])

    def groups_after(self) -> Iterator[PageGroup]:
        """The phases', the teams' and the health pages: compared by the rows they show."""
        c = self.c
        for ph in c.phases:  # the phase model is configuration: a phase's pages are made from its entries
            yield from self.phase_groups(ph)
        yield from self.team_pages.groups()
        if self.findings is not None:
            yield self._whole(self.health_index)
            for j in c.journeys.values():  # its findings come from the whole catalog: compared as values
                findings = tuple(self._findings(j.id))
                yield PageGroup(
                    ("health", j.id), (("get", "journeys", j.id),), partial(_one, self.journey_health, j), findings
                )

    @staticmethod
    def _whole(make: Callable[[], list[GeneratedPage]]) -> PageGroup:
        return PageGroup(None, None, make)

    # --- health ---

    def _findings(self, journey_id: str | None = None) -> list:
        return list(self.findings or []) if journey_id is None else self._findings_by_journey.get(journey_id, [])

    @cached_property
    def _findings_by_journey(self) -> dict[str | None, list]:
        # One pass over the findings, not one per journey: thousands of each at a thousand journeys.
        out: dict[str | None, list] = {}
        for p in self.findings or []:
            out.setdefault(p.journey, []).append(p)
        return out

    def health_index(self) -> list[GeneratedPage]:
        ranked = sorted(self.c.journeys.values(), key=lambda j: (health.completeness(j, self.c).ratio, j.title.lower()))
        by_rule: dict[str, list] = {}
        counts: dict[str, int] = {}
        for p in self._findings():
            by_rule.setdefault(p.kind.name, []).append(p)
            counts[p.journey] = counts.get(p.journey, 0) + 1
        rules = sorted(by_rule.items(), key=lambda x: x[1][0].kind.code)
        delivered = self.c.delivered()
        purposeless = sorted(
            (t for t in self.c.touchpoints.values() if t.id not in delivered), key=lambda t: t.name.lower()
        )
        used = self.c.used_personas()
        unused = sorted((p for pid, p in self.c.personas.items() if pid not in used), key=lambda p: p.name.lower())
        lists: dict[str, list] = dict(
            ranked=ranked,
            fired_signals=self.c.fired_signals(),
            purposeless=purposeless,
            unused=unused,
            findings=[p for _, items in rules for p in items],
        )
        return self._paged(
            "health",
            None,
            self.t.health,
            "health",
            "health_index.html",
            lists,
            by_rule=rules,
            counts=counts,
            checks=health.CHECKS,
        )

    def journey_health(self, j) -> GeneratedPage:
        page_src = src("journey_health", j.id)
        return GeneratedPage(
            page_src,
            f"{self.t.health}: {j.title}",
            partial(self._journey_health, j, page_src, self._findings(j.id)),
            "health",
            [j.source.file],
            searchable=False,
        )

    def _journey_health(self, j, page_src: str, findings: list) -> PageText:
        return self._render(
            "journey_health.html",
            page_src,
            j=j,
            findings=findings,
            matrix=health.completeness_table(j, self.c),
            checks=health.CHECKS,
            completeness_score=health.completeness(j, self.c),
        )

    def journey(self, j) -> GeneratedPage:
        page_src = src("journey", j.id)
        files = journey_files(j)
        # The emotion curve is SVG; Mermaid draws the branches and impact maps.
        has_diagram = diagrams.has_branches(j) or any(jp.impacts for jp in j.phases)
        return GeneratedPage(
            page_src, j.title, partial(self._journey, j, page_src, files), "journey", files, has_diagram
        )

    def _journey(self, j, page_src: str, files: list[str]) -> PageText:
        url = self._url(page_src)
        d: dict = {"curve": None, "branches": None, "impacts": {}}
        bands = diagrams.journey_bands(j, self.c.phases)
        numbers = {id(s): s_no for s_no, (_, s) in enumerate(j.steps, 1)}
        lines = diagrams.persona_lines(
            bands, list(j.personas), {p: self.c.personas[p].name for p in j.personas if p in self.c.personas}
        )
        if diagrams.has_steps(j):
            d["curve"] = diagrams.emotion_curve(
                bands,
                lines,
                "jr-journey-curve",
                band_width=max(110, 700 / max(1, len(bands))),
                label=f"{self.t.emotion_curve}: {j.title}",
                filter=False,
            )
        if diagrams.has_branches(j):
            d["branches"] = Markup(diagrams.branch_diagram(j, self.c, url, self.titles))
        for jp in j.phases:
            if jp.impacts:
                d["impacts"][jp.phase] = Markup(
                    diagrams.impact_map_diagram(
                        jp, self.c, lambda kind, id: url(kind, id), self.t.goal, self.t.kpi, list(j.personas)
                    )
                )
        prose = {"journey": self._prose(j.body), "phases": {jp.phase: self._prose(jp.body) for jp in j.phases}}
        return self._render(
            "journey.html",
            page_src,
            j=j,
            diagrams=d,
            prose=prose,
            sources=self._sources(files),
            facts=journey_facts(j, self.c),
            step_no=lambda s: numbers.get(id(s), 0),
            curve_lines=[ln for ln in lines if ln.key != "all"],
            incoming=self.c.incoming_branches(j.id),
            board=self.board_lanes is not None,
            compare=compare_id(j, self.c),
        )

    def board(self, j) -> GeneratedPage:
        page_src = src("board", j.id)

        def render(template: str, **extra) -> PageText:
            return self._render(template, page_src, **extra)

        # The catalog is read when the page renders (self.c), never held by the page: see page_inputs.py.
        md = partial(self._board, j, render)
        files = journey_files(j)
        return GeneratedPage(page_src, f"{j.title}: {self.t.board}", md, "board", files, searchable=False)

    def _board(self, j, render: Callable[..., PageText]) -> str | PageText:
        return board_markdown(j, self.c, list(self.board_lanes or []), render)

    def compare(self, j) -> GeneratedPage:
        """As-is beside to-be, for the pair whose to-be journey is `j`."""
        page_src = src("compare", j.id)
        md = partial(self._compare, j, page_src)
        before = self.c.journeys[j.counterpart]
        files = [j.source.file, before.source.file] + [jp.source.file for x in (j, before) for jp in x.phases]
        return GeneratedPage(page_src, f"{before.title} → {j.title}", md, "board", files, searchable=False)

    def _compare(self, j, page_src: str) -> str | PageText:
        return compare_markdown(j, self.c, partial(self._render_at, page_src))

    def persona(self, pid: str) -> list[GeneratedPage]:
        p = self.c.personas[pid]
        lists: dict[str, list] = dict(
            journeys=self.c.persona_journeys(pid),
            needs=self.c.persona_needs(pid),
            steps=self.c.persona_steps(pid),
            impacts=self.c.persona_impacts(pid),
        )
        return self._paged(
            "persona",
            pid,
            p.name,
            "persona",
            "persona.html",
            lists,
            [p.source.file],
            p=p,
            quadrants=EMPATHY_QUADRANTS,
            sources=self._sources([p.source.file]),
        )

    def touchpoint(self, tid: str) -> list[GeneratedPage]:
        tp = self.c.touchpoints[tid]
        uses, impacts, personas = (
            uses_by_phase(self.c, tid),
            self.c.touchpoint_impacts(tid),
            self.c.touchpoint_personas(tid),
        )
        # The decision box on page 1 sums up the whole lists, not the slice shown below it.
        summary = dict(
            impacts=len(impacts),
            personas=len(personas),
            goals=len({u.phase.source.file for u in impacts}),
            phases=len(self.c.touchpoint_phases(tid)),
        )
        return self._paged(
            "touchpoint",
            tid,
            tp.name,
            "touchpoint",
            "touchpoint.html",
            dict(uses=uses, impacts=impacts, personas=personas),
            [tp.source.file],
            tp=tp,
            tp_signals=self.c.touchpoint_signals(tid),
            summary=summary,
            sources=self._sources([tp.source.file]),
        )

    def phase(self, ph: PhaseDef) -> list[GeneratedPage]:
        return [page for group in self.phase_groups(ph) for page in group.make()]

    def phase_groups(self, ph: PhaseDef) -> Iterator[PageGroup]:
        """A phase's numbered pages, each compared by the entries and touchpoints it lists (most are the
        same objects): an edit of one journey makes again the page that lists it, not the phase's others."""
        lists: dict[str, list] = dict(entries=self.c.phase_entries(ph.id), touchpoints=self.c.phase_touchpoints(ph.id))
        # A journey brings its goal row and all its steps in this phase: half as many journeys a page.
        slices = self._slices(lists, self._half_page())
        return self._page_groups("phase", ph.title, "phase.html", {}, slices=slices, id=ph.id, page_kind="phase", ph=ph)

    def _half_page(self) -> int:
        """Rows a page for lists whose rows are twice the usual size."""
        return max(1, self.per_page // 2) if self.per_page > 0 else 0

    def journeys_index(self) -> list[GeneratedPage]:
        return [page for group in self.journeys_index_groups() for page in group.make()]

    def journeys_index_groups(self) -> Iterator[PageGroup]:
        """The journeys index, each page compared by the journeys it lists (most are the same objects):
        an edit of one journey makes again the page that lists it, not the others."""
        journeys = sorted(self.c.journeys.values(), key=lambda j: j.title.lower())
        # A journey brings a heat map row (five or more linked cells, maybe marked) and a table row.
        slices = self._slices(dict(journeys=journeys), self._half_page())
        return self._page_groups(
            "journeys", self.t.journeys, "journeys_index.html", {}, slices=slices, extra_ctx=self._heat_rows
        )

    def _heat_rows(self, page_src: str) -> dict:
        return dict(heat_row=lambda j: heat_row(j, self.c))

    def personas_index(self) -> list[GeneratedPage]:
        personas = sorted(self.c.personas.values(), key=lambda p: p.name.lower())
        counts = {p.id: len(self.c.persona_journeys(p.id)) for p in personas}
        return self._paged(
            "personas", None, self.t.personas, "index", "personas_index.html", dict(personas=personas), counts=counts
        )

    # A catalog row is one line: twice as many fit a page. A matrix row is one line too, but links a cell per phase:
    # half as many again keeps the page within its size at a thousand journeys.
    def _group_rows(self, matrix: bool = False) -> int:
        return self.per_page * 3 // 2 if matrix else 2 * self.per_page

    def _channel_label(self, channel: str) -> str:
        return self.t["channel_names"].get(channel, channel)

    def touchpoints_index(self) -> list[GeneratedPage]:
        """One table of every touchpoint, grouped by channel (see matrix.py)."""
        groups = catalog_rows(self.c, self._channel_label, self._touchpoint_rows)
        slices = [dict(groups=page) for page in pack(groups, self._group_rows())]
        return self._paged(
            "touchpoints",
            None,
            self.t.touchpoints,
            "index",
            "touchpoints_index.html",
            {},
            slices=slices,
            channels=len(groups),
            count=sum(g.size for g in groups),
        )

    def phases_index(self) -> GeneratedPage:
        page_src = src("phases")
        return GeneratedPage(
            page_src, self.t.phases_title, partial(self._render, "phases_index.html", page_src), "index"
        )

    def _cell_target(self, tid: str, phase: str, uses: list) -> tuple[str, str]:
        """Where a matrix cell links: the phase of the journey when one journey has these steps,
        else the touchpoint page's steps of that phase (on the numbered page where they begin)."""
        journeys = {u.journey for u in uses}
        if len(journeys) == 1:
            return src("journey", uses[0].journey), phase
        first = self._first_use(tid)[phase]
        page = first // self.per_page + 1 if self.per_page > 0 else 1
        return paged_src("touchpoint", tid, page), f"used-in-{phase}"

    def _first_use(self, tid: str) -> dict[str, int]:
        """Phase -> where its steps begin in the touchpoint's list of uses (one sort per touchpoint, not per cell)."""
        got = self._first_uses.get(tid)
        if got is None:
            got = self._first_uses[tid] = {}
            for i, u in enumerate(uses_by_phase(self.c, tid)):
                got.setdefault(u.phase.phase, i)
        return got

    def matrix(self) -> list[GeneratedPage]:
        return [page for group in self.matrix_groups() for page in group.make()]

    def matrix_groups(self) -> Iterator[PageGroup]:
        """The matrix's pages, each compared by the cells it shows (matrix.py): an edit that leaves the
        counts, colours and links of its rows as they were leaves the page as it was."""
        m = matrix(self.c, self._channel_label, self._cell_target, self._touchpoint_rows)
        slices = [dict(groups=page) for page in pack(m.groups, self._group_rows(matrix=True))]
        return self._page_groups("matrix", self.t.matrix, "matrix.html", {}, slices=slices, mx=m.totals)

    def reference(self) -> GeneratedPage:
        return GeneratedPage(
            src("reference"), self.t.format_reference, partial(self._reference, src("reference")), "reference"
        )

    def _reference(self, page_src: str) -> PageText:
        lang = self.t.language
        return self._render(
            "reference.html",
            page_src,
            kinds=reference.kinds(),
            rows=reference.rows,
            type_name=lambda t: code_spans(reference.type_name(t, lang, literal=lambda v: f"`{v}`")),
            example_file=lambda k: reference.example_file(k, lang),
            schema_url=lambda k: Markup(self.links.url_to(page_src, f"schemas/{k}.schema.json")),
            actuals=reference.actuals_format(lang),
            code=reference.code,
            d=reference.describe(lang),
            f=reference.page_words(lang),
        )

    def problems(self) -> GeneratedPage:
        return GeneratedPage(
            src("problems"), self.t.problem_catalog, partial(self._problems, src("problems")), "reference"
        )

    def _problems(self, page_src: str) -> PageText:
        return self._render(
            "problems.html",
            page_src,
            problem_kinds=reference.problem_kinds(),
            examples=reference.problem_examples(),
            messages=messages(self.t.language),
            example_line=P.example_line(self.t.language),
            location=reference.example_location,
            check_format=reference.check_format(),
            code=reference.code,
            example=lambda name: reference.example_cell(name, self.t.language),
        )


def journey_files(j: Journey) -> list[str]:
    """A journey's content files: its index.md and its phase files."""
    return [j.source.file] + [jp.source.file for jp in j.phases]


def with_title(title: str, md: str, searchable: bool = True) -> str:
    """The Markdown with an explicit, HTML-escaped title in its front-matter (and out of search if not searchable).

    Themes print page.title without escaping (in <title>, the header, the nav and search),
    and MkDocs would otherwise take it unescaped from the first heading.
    """
    import yaml
    from markupsafe import escape

    line = yaml.safe_dump({"title": str(escape(" ".join(title.split())))}, allow_unicode=True, width=10_000).strip()
    if not searchable:
        line += "\nsearch:\n  exclude: true"
    if md.startswith("---\n"):
        return "---\n" + line + "\n" + md[4:]
    return f"---\n{line}\n---\n\n" + md
