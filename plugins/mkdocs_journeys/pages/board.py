"""The journey map board: phases as columns, lanes as rows (placeholder until the board lands)."""

from __future__ import annotations

from typing import Callable

from ..locales import Labels
from ..model import Catalog, Journey


def board_markdown(journey: Journey, catalog: Catalog, labels: Labels, lanes: list[str],
                   md_link: Callable[..., str], render: Callable[..., str]) -> str:
    """Markdown of the board page of one journey.

    md_link(kind, id=None, anchor=None) gives a relative .md link from the board page;
    render(template, **context) renders a template of pages/templates with the shared context.
    """
    return render("board.md", j=journey, lanes=lanes)
