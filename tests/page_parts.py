"""Reading the parts of built or rendered pages that tests compare: heat map cells and board columns.

Plain html.parser, so tests need no HTML library; each reader keeps only what the tests look at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


def _classes(attrs: dict) -> list[str]:
    return (attrs.get("class") or "").split()


@dataclass
class HeatCell:
    classes: list[str]
    href: str = ""
    title: str | None = None
    text: str = ""  # the value shown (the marks are icons without text)
    marks: str | None = None  # the aria-label of the marks

    @property
    def score(self) -> int | None:
        return next((int(c.rsplit("-", 1)[1]) for c in self.classes if c.startswith("jr-score-")), None)


@dataclass
class HeatRow:
    href: str  # the journey link of the row
    cells: list[HeatCell] = field(default_factory=list)


class HeatMap(HTMLParser):
    """The rows of every `table.jr-hm` of a page, and its column heads."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[HeatRow] = []
        self.phases: list[str] = []  # the phase links of the head
        self._table = self._head = self._row_head = self._marks = False
        self._cell: HeatCell | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "jr-hm" in _classes(a):
            self._table = True
        if not self._table:
            return
        if tag == "thead":
            self._head = True
        elif tag == "th" and a.get("scope") == "row":
            self._row_head = True
        elif tag == "td":
            self._cell = HeatCell(_classes(a))
            self.rows[-1].cells.append(self._cell)
        elif tag == "a" and self._head:
            self.phases.append(a["href"])
        elif tag == "a" and self._row_head:
            self.rows.append(HeatRow(a["href"]))
        elif tag == "a" and self._cell is not None:
            self._cell.href, self._cell.title = a["href"], a.get("title")
        elif tag == "span" and "jr-hm-marks" in _classes(a) and self._cell is not None:
            self._cell.marks = a.get("aria-label")
            self._marks = True

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = False
        elif tag == "thead":
            self._head = False
        elif tag == "th":
            self._row_head = False
        elif tag == "td":
            self._cell = None
        elif tag == "span":
            self._marks = False

    def handle_data(self, data):
        if self._cell is not None and not self._marks:
            self._cell.text += data.strip()


@dataclass
class BoardColumn:
    phase: str
    gap: bool
    average: str | None = None  # the text of the average, without "Ø"
    score: int | None = None
    cards: dict[str, int] = field(default_factory=dict)  # card class -> count in this column
    recent: int = 0  # "new/changed" badges on its step cards


class Board(HTMLParser):
    """The phase columns of a board page: head (gap, average and its colour) and the cards of each lane."""

    def __init__(self, html: str):
        super().__init__()
        self.columns: list[BoardColumn] = []
        self._avg = False
        self._col = -1  # the column of the current body cell
        self._lane = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = _classes(a)
        if tag == "th" and "jr-phase" in cls:
            self.columns.append(BoardColumn(a["data-jr-phase"], "jr-gap" in cls))
        elif tag == "span" and "jr-avg" in cls:
            self._avg = True
            score = next(c for c in cls if c.startswith("jr-score-"))
            self.columns[-1].score = int(score.rsplit("-", 1)[1])
        elif tag == "tr" and a.get("data-jr-lane"):
            self._lane, self._col = a["data-jr-lane"], -1
        elif tag == "td" and self._lane and self._lane != "emotion":
            self._col += 1
        elif tag == "span" and self._lane and self._col >= 0:
            column = self.columns[self._col]
            for c in cls:
                if c in ("jr-step", "jr-kpi-missed", "jr-signal-fired"):
                    column.cards[c] = column.cards.get(c, 0) + 1
            if "jr-recent" in cls and self._lane == "steps":
                column.recent += 1

    def handle_endtag(self, tag):
        if tag == "span":
            self._avg = False
        elif tag == "tr":
            self._lane = ""

    def handle_data(self, data):
        if self._avg:
            self.columns[-1].average = data.replace("Ø", "").strip()
