"""The touchpoint catalog's filters and sorting (assets/catalog.js) in Chromium."""

from __future__ import annotations

import pytest

from e2e_support import goto

pytestmark = pytest.mark.browser

ROWS = """
() => [...document.querySelectorAll('.jr-tp-table tbody')].map(b => ({
  channel: b.getAttribute('data-jr-channel'), hidden: b.hidden,
  rows: [...b.rows].filter(r => !r.classList.contains('jr-group')).map(r => ({
    hidden: r.hidden, kind: r.getAttribute('data-jr-kind'), owner: r.getAttribute('data-jr-owner'),
    journeys: Number(r.cells[4].getAttribute('data-jr-value')), name: r.cells[0].textContent.trim() })) }))
"""


def test_filters_hide_rows_and_empty_groups_and_sorting_keeps_groups(tab):
    page, record = tab()
    goto(page, record, "touchpoints/")
    page.wait_for_selector(".jr-catalog-tools select")
    selects = page.locator(".jr-catalog-tools select")
    assert selects.count() == 3
    everything = page.evaluate(ROWS)
    total = sum(len(b["rows"]) for b in everything)
    assert page.text_content(".jr-catalog-count") == f"{total} von {total} Touchpoints"

    selects.nth(1).select_option("analog")
    after = page.evaluate(ROWS)
    shown = [r for b in after for r in b["rows"] if not r["hidden"]]
    assert shown and all(r["kind"] == "analog" for r in shown)
    assert all(b["hidden"] == all(r["hidden"] for r in b["rows"]) for b in after)
    assert page.text_content(".jr-catalog-count") == f"{len(shown)} von {total} Touchpoints"

    selects.nth(1).select_option("")
    channel = everything[-1]["channel"]
    selects.nth(0).select_option(channel)
    after = page.evaluate(ROWS)
    assert [b["channel"] for b in after if not b["hidden"]] == [channel]

    selects.nth(0).select_option("")
    page.click(".jr-tp-table thead th:nth-child(5) button")
    after = page.evaluate(ROWS)
    assert [b["channel"] for b in after] == [b["channel"] for b in everything]  # groups stay in place
    for b in after:
        counts = [r["journeys"] for r in b["rows"]]
        assert counts == sorted(counts), b["channel"]
    assert page.get_attribute(".jr-tp-table thead th:nth-child(5)", "aria-sort") == "ascending"
    page.click(".jr-tp-table thead th:nth-child(5) button")
    for b in page.evaluate(ROWS):
        counts = [r["journeys"] for r in b["rows"]]
        assert counts == sorted(counts, reverse=True), b["channel"]
    assert record.page_errors == [] and record.console_errors == []
