"""While serving: the generated pages' rendered text, each reused by the next build when nothing
it could show has changed.

A page is reused when two things hold. The build's render key is the last one's: everything a render
reads besides the catalog and its own arguments (Git dates and the build's date, the site's files,
the actuals, the site's own page templates, the configuration, the teams). And the page's inputs are
unchanged: its arguments and every read its last render made of the catalog give the same
fingerprints on the new catalog (render/pages/page_inputs.py). Rendering is deterministic, so a
reused page is the page a render would give. What rendering logged (links to missing pages) and the
anchors its links point to are kept with the text and given back, so MkDocs validates as after a
render. Told what changed since the last catalog (core/model/catalog_change.py), a rebuild keeps a
page group (site.py, PageGroup) whose inputs the change leaves alone without making its pages at all;
of the groups a site builder looks up by key (one per journey, board, persona, touchpoint), it does
not even visit those: it looks up the groups filed under what the change moved, and those holding a
page whose reads give otherwise now, so that it visits a few groups of thousands.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File, Files

from mkdocs_journeys.core.model import Catalog
from mkdocs_journeys.core.model.catalog_change import catalog_change
from mkdocs_journeys.plugin.read_index import Filing, ReadIndex
from mkdocs_journeys.render.pages.blocks import PageText
from mkdocs_journeys.render.pages.page_group import PageGroup
from mkdocs_journeys.render.pages.page_inputs import Fingerprints, PageInputs, Untracked, untouched
from mkdocs_journeys.render.pages.site import GeneratedPage, SiteBuilder


@dataclass(frozen=True, slots=True)
class MadeGroup:
    """A page group as a build made it: its pages' entries, what making it read, and what else it showed."""

    entries: tuple[tuple, ...]
    reads: tuple[tuple, ...]
    derived: tuple
    parts: tuple[tuple, ...] = ()  # a bundle's: the keys of its parts, in order


@dataclass(slots=True)
class Rendered:
    packed: bytes  # the PageText, compressed: the pages of a large site would hold hundreds of MB otherwise
    inputs: PageInputs
    logged: tuple[tuple[int, str], ...] = ()  # (level, message) as rendering logged them
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)  # target src_uri -> {anchor: link as written}

    def same_output(self, other: Rendered) -> bool:
        """The same text, logged messages and linked anchors: MkDocs would build the same page of it."""
        return (self.packed, self.logged, self.anchors) == (other.packed, other.logged, other.anchors)

    @property
    def text(self) -> PageText:
        markdown, blocks = marshal.loads(zlib.decompress(self.packed))
        return PageText(markdown, tuple(blocks))


def input_key(dates: dict[str, str], site_files: list[str], folders: list[Path], config_parts: tuple) -> str:
    """One digest of what a generated page's render can read besides the catalog and its arguments;
    `folders` are read whole (the actuals, a site's own page templates)."""
    h = hashlib.blake2b(digest_size=20)

    def part(value: object) -> None:
        h.update(json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False).encode() + b"\0")

    part(dates)
    part(sorted(site_files))
    part([(str(folder), _folder_digest(folder)) for folder in folders])
    part([repr(p) for p in config_parts])
    return h.hexdigest()


def _folder_digest(folder: Path) -> list[tuple[str, str]]:
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.rglob("*")):
        try:
            if path.is_file():
                out.append((path.relative_to(folder).as_posix(), hashlib.blake2b(path.read_bytes()).hexdigest()))
        except OSError as e:
            out.append((path.as_posix(), f"unreadable: {e}"))
    return out


class RenderMemo:
    """Rendered pages of the last successful build, and those of the build under way."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.pages: dict[str, Rendered] = {}
        self.building: dict[str, Rendered] = {}
        self.building_key: str | None = None
        self.prints: Fingerprints | None = None
        self.index = ReadIndex()  # the reads of `pages`, by what a change must move to reach them
        self._stale: set[str] | None = None  # the pages of `pages` whose reads give otherwise now, once asked
        self._before: Catalog | None = None  # the last build's catalog, what a change is told against
        self._entities: dict[int, bytes] | None = None  # its content objects' fingerprints (page_inputs.py)
        self.groups: dict[tuple, MadeGroup] = {}  # page group -> how it was made in the last build
        self.building_groups: dict[tuple, MadeGroup] = {}
        self.looked_up: tuple[tuple, ...] = ()  # the keys of the groups the last build's builder looks up
        self.building_looked_up: tuple[tuple, ...] = ()
        self._filing: Filing[tuple] = Filing()  # the looked-up groups of `groups`, by what their reads hang on
        self._group_of: dict[str, tuple] = {}  # page -> its group in `groups` (of those that read)
        self._made: list[tuple] = []  # the groups made in this build
        self.reused = 0
        self.kept = 0  # groups kept without being made, in this build

    def start(self, key: str, prints: Fingerprints) -> None:
        """A build begins over the catalog `prints` fingerprints; pages of the last one are candidates."""
        self.building_key, self.building, self.prints = key, {}, prints
        self._stale, self.building_groups, self.building_looked_up, self._made = None, {}, (), []
        self.reused = self.kept = 0
        if key != self.key:  # nothing of the last build can be reused: let it go before this one fills memory
            self.key, self.pages, self._before, self._entities = None, {}, None, None
            self._forget_groups()
            self.index = ReadIndex()
        if self._before is not None:
            prints.change = change = catalog_change(self._before, prints.catalog)
            prints.catalog.follow(self._before, change.rows)  # its reverse links under untouched keys
            if self._entities is not None:
                prints.carry(self._before, self._entities)

    def unchanged(self, uri: str, render: Callable) -> bool:
        """Whether the page at `uri` would render as in the last build."""
        kept = self.pages.get(uri)
        if kept is None or self.key != self.building_key or self.prints is None:
            return False
        return uri not in self._stale_pages() and self.prints.same_arguments(render, kept.inputs)

    def _stale_pages(self) -> set[str]:
        assert self.prints is not None
        if self._stale is None:
            self._stale = self.index.stale_pages(self.prints)
        return self._stale

    def kept_group(self, group: PageGroup, generated: set[str]) -> tuple[tuple, ...] | None:
        """The entries of the group's pages, when neither what they are made from (what the group reads
        now and what it read then) nor what any of them read changed since the last build: then each is
        as it was, it need not be made, and it is kept for the next build as it is."""
        key = group.key
        last = self.groups.get(key) if key is not None else None
        if key is None or last is None or group.reads is None or self.key != self.building_key or self.prints is None:
            return None
        change = self.prints.change
        if last.derived != group.derived or not untouched(group.reads, change):
            return None
        if last.reads != group.reads and not untouched(last.reads, change):  # mostly the same reads: asked once
            return None
        stale = self._stale_pages()
        for uri, *_ in last.entries:
            if uri in generated and (uri in stale or uri not in self.pages):
                return None
        self.kept += 1
        self.building_groups[key] = last  # the same object: what outlives a rebuild is not made anew
        for part in last.parts:  # a bundle's parts are as they were too: a later rebuild compares them
            made = self.groups.get(part)
            if made is not None:
                self.building_groups[part] = made
        return last.entries

    def made_group(self, group: PageGroup, entries: list[tuple], parts: tuple[tuple, ...] = ()) -> None:
        if group.key is not None and group.reads is not None:
            self.building_groups[group.key] = MadeGroup(tuple(entries), group.reads, group.derived, parts)
            self._made.append(group.key)

    def made_pages(self, builder: SiteBuilder) -> list[GeneratedPage]:
        """Every page of a full build, each group made and kept for the next build to compare."""
        self.building_looked_up = builder.looked_up_keys()
        pages: list[GeneratedPage] = []

        def make(group: PageGroup) -> None:
            if group.parts is not None:
                start, keys = len(pages), list[tuple]()
                for part in group.parts():
                    make(part)
                    keys.append(part.key or ())
                self.made_group(group, [page.entry for page in pages[start:]], tuple(keys))
                return
            made = group.make()
            self.made_group(group, [page.entry for page in made])
            pages.extend(made)

        for group in builder.groups():
            make(group)
        return pages

    def page_list(self, builder: SiteBuilder, generated: set[str]) -> tuple[list[tuple], dict[str, GeneratedPage]]:
        """A rebuild's pages: the entries of all of them in order, and the pages of `generated` whose
        inputs changed, made anew (the others are kept). Told what changed, and with the same groups to
        look up as the last build, it visits only the looked-up groups the change may have touched."""
        entries: list[tuple] = []
        candidates: dict[str, GeneratedPage] = {}

        def visit(group: PageGroup) -> None:
            kept = self.kept_group(group, generated)
            if kept is not None:  # made from what it was made from, and reading what it read: as it was
                entries.extend(kept)
                return
            if group.parts is not None:  # a bundle not as it was: its parts are compared one by one
                start, keys = len(entries), list[tuple]()
                for part in group.parts():
                    visit(part)
                    keys.append(part.key or ())
                self.made_group(group, entries[start:], tuple(keys))
                return
            made = group.make()
            self.made_group(group, [page.entry for page in made])
            for page in made:
                entries.append(page.entry)
                uri = page.src_uri
                if uri in generated and not self.unchanged(uri, page.render):
                    candidates[uri] = page

        self.building_looked_up = builder.looked_up_keys()
        for group in builder.groups_before():
            visit(group)
        touched = self._touched_groups(generated)
        for key in self.building_looked_up:
            last = self.groups.get(key) if touched is not None and key not in touched else None
            if last is None:
                visit(builder.looked_up(key))
            else:  # none of its reads moved and none of its pages is stale: as it was
                entries.extend(last.entries)
                self.building_groups[key] = last
                self.kept += 1
        for group in builder.groups_after():
            visit(group)
        return entries, candidates

    def _touched_groups(self, generated: set[str]) -> dict[tuple, None] | None:
        """The looked-up groups a rebuild must visit: those whose reads the change may move, and those
        holding a page that is stale or not kept. None: every one (what changed is not known, or the
        groups are not the last build's)."""
        prints = self.prints
        if prints is None or prints.change is None or self.key != self.building_key:
            return None
        if self.building_looked_up != self.looked_up:
            return None
        touched = self._filing.moved(prints.change)
        group_of = self._group_of
        for uri in self._stale_pages():
            if uri in group_of:
                touched[group_of[uri]] = None
        for uri in generated - self.pages.keys():
            if uri in group_of:
                touched[group_of[uri]] = None
        return touched

    def fresh(self, uri: str) -> Rendered | None:
        """The page as rendered in this build already (a partial build renders before MkDocs builds)."""
        return self.building.get(uri)

    def get(self, uri: str, render: Callable) -> Rendered | None:
        if not self.unchanged(uri, render):
            return None
        kept = self.pages[uri]
        self.reused += 1
        self.building[uri] = kept
        return kept

    def keep(
        self,
        uri: str,
        render: Callable,
        reads: list,
        text: PageText,
        logged: list[tuple[int, str]],
        anchors: dict[str, dict[str, str]],
    ) -> None:
        """A page was rendered: kept with the fingerprints of its inputs (none if they cannot be taken)."""
        assert self.prints is not None
        try:
            inputs = self.prints.inputs(render, reads)
        except (Untracked, TypeError, AttributeError, ValueError) as e:
            logging.getLogger(__name__).debug(f"{uri}: rendered each time ({e!r})")
            return
        packed = zlib.compress(marshal.dumps((text.markdown, text.blocks)), 1)
        self.building[uri] = Rendered(packed, inputs, tuple(logged), anchors)

    def carry(self, uris: Iterable[str]) -> None:
        """Pages a partial build leaves as they are: their entries stay for the next build."""
        for uri in uris:
            if uri in self.pages and uri not in self.building:
                self.building[uri] = self.pages[uri]

    def finish(self) -> None:
        """The build succeeded: its pages are what the next build may reuse."""
        old, new = self.pages, self.building
        self.index.update(
            [(uri, r.inputs) for uri, r in old.items() if new.get(uri) is not r],
            [(uri, r.inputs) for uri, r in new.items() if old.get(uri) is not r],
        )
        self._refile_groups(self.groups)
        self.key, self.pages, self.groups = self.building_key, self.building, self.building_groups
        self.looked_up, self.building_groups = self.building_looked_up, {}
        if self.prints is not None:
            self._before, self._entities = self.prints.catalog, self.prints.entities_if_known()
            self._before.follow(None)  # the catalog before it can go
        self.building, self.prints, self._stale = {}, None, None  # the fingerprints' caches hold the whole catalog

    def drop(self) -> None:
        """A build failed: nothing of it is reused."""
        self.key, self.pages, self.building, self._before, self._entities = None, {}, {}, None, None
        self.building_groups = {}
        self._forget_groups()
        self.index = ReadIndex()

    def _forget_groups(self) -> None:
        self.groups, self.looked_up, self._filing, self._group_of, self._made = {}, (), Filing(), {}, []

    def _refile_groups(self, old: dict[tuple, MadeGroup]) -> None:
        """The groups made in this build filed in place of their last versions (a kept group is the last
        one itself); all of them filed anew when the keys to look up changed."""
        new = self.building_groups
        if self.building_looked_up != self.looked_up:
            self._filing, self._group_of = Filing(), {}
            made: Iterable[tuple] = new
            old = {}
        else:
            made = self._made
        for key in made:
            group, last = new[key], old.get(key)
            if last is not None:
                self._filing.unfile(key, last.reads)
            if group.reads:  # a group compared by value reads nothing
                self._filing.file(key, group.reads)
                for uri, *_ in group.entries:
                    self._group_of[uri] = key
        self._made = []


class LogRecorder(logging.Handler):
    """The messages logged while one page renders, to be logged again when the page is reused."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def anchors_by_uri(anchors: dict[File, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {f.src_uri: dict(links) for f, links in anchors.items()}


def anchors_by_file(anchors: dict[str, dict[str, str]], files: Files) -> dict[File, dict[str, str]]:
    out: dict[File, dict[str, str]] = {}
    for uri, links in anchors.items():
        target = files.src_uris.get(uri)
        if target is not None:  # the file set is part of the key: every target is still there
            out[target] = dict(links)
    return out
