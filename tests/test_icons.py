"""Material's icons on the journey page and the board: the stylesheet carries the theme's own paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_journeys.core.schema import CHANNELS
from mkdocs_journeys.render.pages import icons

pytestmark = pytest.mark.unit

CSS = Path(__file__).resolve().parent.parent / "plugins/mkdocs_journeys/render/assets/board.css"


def test_the_stylesheet_has_every_icon_as_the_installed_theme_draws_it():
    block = re.search(r"/\* icons: begin \*/\n(.*)/\* icons: end \*/", CSS.read_text(encoding="utf-8"), re.S)
    assert block, "board.css lost its icon block"
    assert block.group(1) == icons.css(), (
        "board.css is out of step with pages/icons.py: paste icons.css() between the markers"
    )


def test_every_channel_has_an_icon_and_unknown_channels_a_neutral_one():
    assert list(icons.CHANNEL_ICONS) == list(CHANNELS)  # one icon per channel of the format, in its order
    for channel in CHANNELS:
        assert f'jr-i-{icons.CHANNEL_ICONS[channel]}"' in icons.channel_icon(channel)
    assert icons.channel_icon("carrier-pigeon") == icons.channel_icon("other")


def test_icons_are_decorative_spans_of_known_names():
    assert icons.icon("fullscreen") == '<span class="jr-icon jr-i-fullscreen" aria-hidden="true"></span>'
    with pytest.raises(ValueError):
        icons.icon('x" onclick="y')
