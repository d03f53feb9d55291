"""The render memo's rules: a page is reused only under the render key it was rendered with, when its
recorded inputs are unchanged, after a build that succeeded; the key changes with anything a render
reads besides the catalog and its arguments."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from factory import catalog
from mkdocs_journeys.plugin.render_memo import RenderMemo, input_key
from mkdocs_journeys.render.pages.blocks import PageText
from mkdocs_journeys.render.pages.page_inputs import Fingerprints

pytestmark = pytest.mark.unit

TEXT = PageText("# Title\n\n<!-- block 0 -->\n", ("<div>ä &amp; <b>x</b></div>", ""))
URI = "journeys/a/index.md"
RENDER = partial(str.upper, "a page")


def _prints() -> Fingerprints:
    return Fingerprints(catalog(), {})


def _built(memo: RenderMemo, key: str, render=RENDER) -> None:
    memo.start(key, _prints())
    memo.keep(URI, render, [], TEXT, [(30, "a warning")], {"personas/p.md": {"top": "p.md#top"}})
    memo.finish()


def test_a_page_is_reused_only_under_the_same_key():
    memo = RenderMemo()
    _built(memo, "k1")
    memo.start("k2", _prints())
    assert memo.get(URI, RENDER) is None
    memo.finish()  # a build under k2 that rendered nothing: nothing is left to reuse
    memo.start("k2", _prints())
    assert memo.get(URI, RENDER) is None
    _built(memo, "k3")
    memo.start("k3", _prints())
    got = memo.get(URI, RENDER)
    assert got is not None and got.text == TEXT and got.logged == ((30, "a warning"),)
    assert got.anchors == {"personas/p.md": {"top": "p.md#top"}} and memo.reused == 1


def test_a_page_with_other_arguments_is_rendered_again():
    memo = RenderMemo()
    _built(memo, "k1")
    memo.start("k1", _prints())
    assert memo.get(URI, partial(str.upper, "another page")) is None
    assert memo.get(URI, RENDER) is not None


def test_a_partial_build_carries_the_pages_it_left():
    memo = RenderMemo()
    _built(memo, "k1")
    memo.start("k1", _prints())
    memo.carry([URI, "not/kept.md"])
    memo.finish()
    memo.start("k1", _prints())
    assert memo.get(URI, RENDER) is not None and memo.get("not/kept.md", RENDER) is None


def test_nothing_of_a_failed_build_is_reused():
    memo = RenderMemo()
    _built(memo, "k1")
    memo.start("k1", _prints())
    memo.drop()
    memo.start("k1", _prints())
    assert memo.get(URI, RENDER) is None


def test_a_page_holding_the_catalog_is_not_kept():
    memo = RenderMemo()
    c = catalog()
    memo.start("k1", Fingerprints(c, {}))
    memo.keep(URI, partial(str, c), [], TEXT, [], {})
    memo.finish()
    assert URI not in memo.pages


def _key(tmp_path: Path, **change) -> str:
    parts = dict(
        dates={"personas/p.md": "2026-11-01"},
        site_files=["index.md"],
        folders=[tmp_path / "actuals"],
        config_parts=(b"site_name: x", "2026-11-30"),
    )
    parts.update(change)
    return input_key(**parts)  # type: ignore[arg-type]


def test_the_key_changes_with_each_input(tmp_path):
    base = _key(tmp_path)
    assert _key(tmp_path) == base
    changed = [
        _key(tmp_path, dates={"personas/p.md": "2026-11-02"}),
        _key(tmp_path, site_files=["index.md", "notes.md"]),
        _key(tmp_path, config_parts=(b"site_name: y", "2026-11-30")),
        _key(tmp_path, config_parts=(b"site_name: x", "2026-12-01")),
    ]
    assert len(set(changed)) == len(changed) and base not in changed
    (tmp_path / "actuals").mkdir()
    (tmp_path / "actuals" / "kpis.csv").write_text("kpi,period,value\n")
    assert _key(tmp_path) != base
    with_actuals = _key(tmp_path)
    (tmp_path / "actuals" / "kpis.csv").write_text("kpi,period,value\nx,2026-11,3\n")
    assert _key(tmp_path) != with_actuals
