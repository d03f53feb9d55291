"""The render memo's rules: a page is reused only under the key it was rendered with, after a
build that succeeded; the key changes with anything a render reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_journeys.plugin.render_memo import Rendered, RenderMemo, input_key
from mkdocs_journeys.render.pages.blocks import PageText

pytestmark = pytest.mark.unit

TEXT = PageText("# Title\n\n<!-- block 0 -->\n", ("<div>ä &amp; <b>x</b></div>", ""))


def _built(memo: RenderMemo, key: str, uri: str = "journeys/a/index.md") -> None:
    memo.start(key)
    memo.keep(uri, Rendered.of(TEXT, [(30, "a warning")], {"personas/p.md": {"top": "p.md#top"}}))
    memo.finish()


def test_a_page_is_reused_only_under_the_same_key():
    memo = RenderMemo()
    _built(memo, "k1")
    memo.start("k2")
    assert memo.get("journeys/a/index.md") is None and not memo.reusing
    memo.finish()  # a build under k2 that rendered nothing: nothing is left to reuse
    memo.start("k2")
    assert memo.get("journeys/a/index.md") is None
    _built(memo, "k3")
    memo.start("k3")
    got = memo.get("journeys/a/index.md")
    assert got is not None and got.text == TEXT and got.logged == [(30, "a warning")]
    assert got.anchors == {"personas/p.md": {"top": "p.md#top"}} and memo.reused == 1


def test_nothing_of_a_failed_build_is_reused():
    memo = RenderMemo()
    _built(memo, "k1")
    memo.start("k1")
    memo.drop()
    memo.start("k1")
    assert memo.get("journeys/a/index.md") is None


def test_no_key_never_reuses():
    memo = RenderMemo()
    _built(memo, None)  # type: ignore[arg-type]
    memo.start(None)
    assert memo.get("journeys/a/index.md") is None


def _key(tmp_path: Path, **change) -> str:
    parts = dict(
        digests={"personas/p.md": b"\x01" * 20},
        problems=[],
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
        _key(tmp_path, digests={"personas/p.md": b"\x02" * 20}),
        _key(tmp_path, digests={"personas/q.md": b"\x01" * 20}),
        _key(tmp_path, problems=[{"code": "J401", "line": 3}]),
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
