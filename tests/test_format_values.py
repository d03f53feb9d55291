"""Each enumeration and default of the format is defined once, in core/schema.py; the places that show,
draw or fill in its values cover exactly its values."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from mkdocs_journeys.core import emotions
from mkdocs_journeys.core.model import EMPATHY_QUADRANTS, VALUE_FIT, Kpi
from mkdocs_journeys.core.schema import (
    CHANNELS,
    DEFAULT_PHASES,
    EMOTION_MAX,
    EMOTION_MIN,
    KINDS,
    KPI,
    KPI_DIRECTIONS,
    STATES,
    STEP,
    json_schema,
)
from mkdocs_journeys.render.labels import labels

pytestmark = pytest.mark.unit

ASSETS = Path(__file__).resolve().parent.parent / "plugins/mkdocs_journeys/render/assets"
SCALE = list(range(EMOTION_MIN, EMOTION_MAX + 1))
emotion_curve = importlib.import_module(
    "mkdocs_journeys.render.diagrams.emotion_curve"
)  # the package exports a function of that name


@pytest.mark.parametrize("lang", ["en", "de"])
def test_labels_name_every_value_and_the_default_phases(lang):
    t = labels(lang)
    assert list(t["channel_names"]) == list(CHANNELS)
    assert all(value in t for value in (*KINDS, *STATES, *EMPATHY_QUADRANTS, *VALUE_FIT))
    assert tuple(t["phases"]) == DEFAULT_PHASES  # titles and descriptions of the default phase model
    assert len(t["mx_scale"]) == len(SCALE)  # the matrix legend names each level of the emotion scale


def test_the_emotion_scale_is_the_schemas():
    emotion = STEP.get("emotion").type
    assert (emotion.minimum, emotion.maximum) == (EMOTION_MIN, EMOTION_MAX)
    assert json_schema("phase")["properties"]["steps"]["items"]["properties"]["emotion"]["maximum"] == EMOTION_MAX
    assert sorted(emotion_curve._MOUTH) == SCALE  # a face for each level
    assert [emotions.clamp(s) for s in (EMOTION_MIN - 1, *SCALE, EMOTION_MAX + 1)] == [
        EMOTION_MIN,
        *SCALE,
        EMOTION_MAX,
    ]
    assert emotions.level(EMOTION_MAX - 0.5) == EMOTION_MAX and emotions.level(EMOTION_MIN) == EMOTION_MIN
    css = (ASSETS / "journeys.css").read_text(encoding="utf-8") + (ASSETS / "board.css").read_text(encoding="utf-8")
    for prefix in ("jr-s", "jr-score-", "jr-mx-e"):  # dots and faces, score badges, matrix cells
        assert {int(n) for n in re.findall(rf"\.{prefix}(\d+)\b", css)} == set(SCALE), prefix


def test_the_board_legend_shows_the_scale():
    from factory import catalog
    from mkdocs_journeys.plugin.site_links import SiteLinks
    from mkdocs_journeys.render.pages import SiteBuilder

    c = catalog()
    page = SiteBuilder(c, labels("en"), SiteLinks().links(), board_lanes=["steps", "emotion"]).board(c.journeys["j1"])
    legend = re.search(
        r'<span class="jr-legend-item">[^<]*((?:<span class="jr-score jr-score-\d+">\d+</span>)+)', page.markdown
    )
    assert legend, page.markdown[:2000]
    assert [int(n) for n in re.findall(r">(\d+)<", legend.group(1))] == SCALE


def test_the_kpi_direction_default_is_one(tmp_path):
    from content_factory import Project

    better = KPI.get("better")
    assert better.type.values == KPI_DIRECTIONS and better.default == KPI_DIRECTIONS[0]
    assert Kpi("k", "K").better == better.default
    assert json_schema("touchpoint")["properties"]["kpis"]["items"]["properties"]["better"]["default"] == better.default
    p = Project(tmp_path)
    p.replace("journeys/j1/information.md", "    unit: percent\n", "")  # a KPI without `better`
    assert p.load().catalog.journeys["j1"].phase("information").kpis[0].better == better.default


def test_one_average_and_one_colour_rule_for_every_view():
    from mkdocs_journeys.render.pages import board, matrix
    from mkdocs_journeys.render.templating import make_env

    assert emotions.average([]) is None and emotions.average([2, 3]) == 2.5
    assert [emotions.level(v) for v in (None, 1.49, 1.5, 2.5, 3.5, 4.5, 9)] == [None, 1, 2, 3, 4, 5, EMOTION_MAX]
    assert board.emotion_score is emotions.level
    assert make_env().filters["level"] is emotions.level  # the journey page and the journeys index
    use = SimpleNamespace  # a matrix cell reads only the journey and step.emotion of its uses
    uses = [use(journey="a", step=use(emotion=2)), use(journey="b", step=use(emotion=3))]
    cell = matrix.Cell.of("p", uses, ("", ""))  # type: ignore[arg-type]
    assert (cell.steps, cell.journeys, cell.emotion, cell.level) == (2, 2, 2.5, emotions.level(2.5))
