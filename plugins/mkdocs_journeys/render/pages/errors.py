"""Content errors shown on the pages, for `mkdocs serve`: the site stays up while a file is broken.

A build fails on content errors; while serving, each page built from a broken file shows its
errors in a box at the top, the home page and the health report list them all, and a page whose
source failed to load is replaced by an error page instead of vanishing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from mkdocs_journeys.core import ids
from mkdocs_journeys.core.locales import messages
from mkdocs_journeys.render.pages.links import src


def box(problems: Sequence, title: str) -> str:
    """An admonition-style box listing problems: file, line, message; every part escaped."""
    items = Markup("").join(
        Markup("<li><code>{}</code> {}</li>").format(p.file + (f":{p.line}" if p.line else ""), _message(p))
        for p in problems
    )
    return str(
        Markup(
            '<div class="admonition failure jr-content-errors" role="alert">'
            '<p class="admonition-title">{}</p><ul>{}</ul></div>'
        ).format(title, items)
    )


def _message(p) -> str:
    text = f"{p.kind.code}" + (f" {p.field}:" if p.field else "") + f" {p.message}"
    if p.hint:
        text += " " + messages(getattr(p, "language", "en")).did_you_mean(p.hint)
    return " ".join(text.split())


def page_of(file: str, journeys_dir: str, personas_dir: str, touchpoints_dir: str) -> str | None:
    """The generated page a content file stands for, found from its path alone (it may not have loaded)."""
    for kind, folder in (("journey", journeys_dir), ("persona", personas_dir), ("touchpoint", touchpoints_dir)):
        prefix = folder.strip("/") + "/"
        if not file.startswith(prefix):
            continue
        rest = file[len(prefix) :].split("/")
        if kind == "journey":
            fid = rest[0] if len(rest) == 2 and rest[1].endswith(".md") else None
        else:
            fid = rest[0][:-3] if len(rest) == 1 and rest[0].endswith(".md") else None
        # Only a valid id gives a page path; anything else is listed on the home page alone.
        if ids.is_id(fid) and fid not in ids.RESERVED:
            return src(kind, fid)
    return None


def by_page(
    problems: Iterable, pages: Sequence, folders: tuple[str, str, str]
) -> tuple[dict[str, list], dict[str, str]]:
    """({page src_uri: its problems}, {page src_uri that is not generated: the broken file it stands for}).

    A problem belongs to every page built from its file, and to the page its file stands for.
    """
    built: dict[str, list[str]] = {}  # content file -> pages built from it
    for page in pages:
        for f in page.sources:
            built.setdefault(f, []).append(page.src_uri)
    existing = {page.src_uri for page in pages}
    out: dict[str, list] = {}
    missing: dict[str, str] = {}
    for p in problems:
        targets = dict.fromkeys(built.get(p.file, []))
        own = page_of(p.file, *folders)
        if own is not None:
            targets[own] = None
            if own not in existing:
                missing.setdefault(own, p.file)
        for t in targets:
            out.setdefault(t, []).append(p)
    return out, missing
