"""The generated nav sections.

Material renders the whole nav into every page, so a nav that lists every
generated page makes builds quadratic. In the default `indexes` mode the nav
holds the index pages, the phases and (up to `max_journeys`) the journeys:
a bounded number of entries, so build cost stays linear in catalog size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from mkdocs_journeys.render.pages.links import src


@dataclass
class NavEntry:
    title: str
    src_uri: str | None = None  # a page, or
    children: list[NavEntry] = field(default_factory=list)  # a section


def plan(
    mode: str,
    max_journeys: int,
    labels,
    journeys: list[tuple[str, str]],
    personas: list[tuple[str, str]],
    touchpoints: list[tuple[str, str]],
    phases: list[tuple[str, str]],
    health: bool = False,
    teams: list[tuple[str, str]] | None = None,
) -> list[NavEntry]:
    """What the generated part of the nav holds. Pure data, so it is tested without MkDocs."""
    full = mode == "full"

    def section(title: str, index_kind: str, items: list[tuple[str, str]], kind: str, listed: bool) -> NavEntry:
        if not listed:
            return NavEntry(title, src(index_kind))
        return NavEntry(
            title, children=[NavEntry(title, src(index_kind))] + [NavEntry(t, src(kind, i)) for i, t in items]
        )

    entries = [
        section(labels.journeys, "journeys", journeys, "journey", full or len(journeys) <= max_journeys),
        section(labels.personas, "personas", personas, "persona", full),
        section(labels.touchpoints, "touchpoints", touchpoints, "touchpoint", full),
        section(labels.teams, "teams", teams or [], "team", full),
        NavEntry(labels.backlog, src("backlog")),
        NavEntry(
            labels.phases_title,
            children=[NavEntry(labels.phases_title, src("phases"))]
            + [NavEntry(t, src("phase", i)) for i, t in phases]
            + [NavEntry(labels.matrix, src("matrix"))],
        ),
        NavEntry(
            labels.format_reference,
            children=[
                NavEntry(labels.format_reference, src("reference")),
                NavEntry(labels.problem_catalog, src("problems")),
            ],
        ),
    ]
    if health:
        entries.insert(6, NavEntry(labels.health, src("health")))  # after the phases
    return entries


def _materialize(entry: NavEntry, files: Files, config) -> Page | Section | None:
    if entry.src_uri is not None:
        f = files.get_file_from_path(entry.src_uri)
        return Page(entry.title, f, config) if f is not None else None
    children: list[StructureItem] = [
        c for c in (_materialize(e, files, config) for e in entry.children) if c is not None
    ]
    if not children:
        return None
    sec = Section(entry.title, children)
    for child in children:
        child.parent = sec
    return sec


def _pages(items) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item)
        if item.children:
            out.extend(_pages(item.children))
    return out


def _without(items, generated: set[str]) -> list:
    """The nav minus our generated pages (a hand-written nav may list some)."""
    out = []
    for item in items:
        if isinstance(item, Page) and item.file.src_uri in generated:
            continue
        if isinstance(item, Section):
            item.children = _without(item.children, generated)
            if not item.children:
                continue
        out.append(item)
    return out


def merge(
    nav: Navigation, entries: list[NavEntry], files: Files, config, position: int, generated: set[str]
) -> Navigation:
    items = _without(list(nav.items), generated)
    ours = [x for x in (_materialize(e, files, config) for e in entries) if x is not None]
    pos = max(0, min(position, len(items)))
    items = items[:pos] + ours + items[pos:]
    for item in items:
        item.parent = None if item in ours else item.parent
    pages = _pages(items)
    bookended = [None, *pages, None]
    for prev, page, nxt in zip(bookended[:-2], pages, bookended[2:]):
        page.previous_page, page.next_page = prev, nxt
    return Navigation(items, pages)
