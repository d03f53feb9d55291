"""The friction backlog: the documented score, its order, and a CSV that a spreadsheet cannot execute."""

from __future__ import annotations

import copy
import csv
import io

import pytest

from mkdocs_journeys.core.backlog import COLUMNS, Weights, backlog, csv_cell, hurt_kpis, to_csv
from mkdocs_journeys.core.model import (
    Catalog,
    Impact,
    Journey,
    JourneyPhase,
    Kpi,
    Money,
    PhaseDef,
    Source,
    Step,
    Touchpoint,
)

pytestmark = pytest.mark.unit

PHASES = [PhaseDef("awareness", "Awareness"), PhaseDef("purchase", "Purchase")]


def phase(jid: str, pid: str, goal: Money | None, steps: list[Step], **more) -> JourneyPhase:
    return JourneyPhase(jid, pid, Source(f"journeys/{jid}/{pid}.md"), goal=goal, steps=steps, **more)


def catalog(*journeys: Journey, touchpoints: tuple[Touchpoint, ...] = ()) -> Catalog:
    c = Catalog(PHASES)
    c.journeys = {j.id: j for j in journeys}
    c.touchpoints = {t.id: t for t in touchpoints}
    return c


def journey(jid: str, phases: list[JourneyPhase], personas=("a", "b")) -> Journey:
    return Journey(jid, Source(f"journeys/{jid}/index.md"), jid.upper(), "S", list(personas), "as-is", phases=phases)


def step(title: str, emotion: int, pains: list[str], personas=("a",), **more) -> Step:
    return Step(title, emotion, personas=list(personas), pains=pains, **more)


def chf(value: float) -> Money:
    return Money("Goal", value, "CHF")


def test_the_score_is_the_documented_weighted_mean():
    c = catalog(
        journey(
            "j",
            [
                phase("j", "awareness", chf(1000), [step("A", 5, ["p1"], ("a", "b"))]),
                phase("j", "purchase", chf(250), [step("B", 1, ["p2"], ("a",))]),
            ],
        )
    )
    rows = {f.pain: f for f in backlog(c)}
    # p1: money 1000/1000, emotion (5-5)/4, reach 2/2; p2: money 250/1000, emotion (5-1)/4, reach 1/2
    assert (rows["p1"].money, rows["p1"].emotion, rows["p1"].reach) == (1.0, 0.0, 1.0)
    assert (rows["p2"].money, rows["p2"].emotion, rows["p2"].reach) == (0.25, 1.0, 0.5)
    assert rows["p1"].score == pytest.approx(100 * 2 / 3)
    assert rows["p2"].score == pytest.approx(100 * 1.75 / 3)
    weighted = {f.pain: f for f in backlog(c, Weights(money=0, emotion=2, reach=1))}
    assert weighted["p1"].score == pytest.approx(100 * 1 / 3)
    assert weighted["p2"].score == pytest.approx(100 * 2.5 / 3)
    assert [f.pain for f in backlog(c, Weights(money=0, emotion=2, reach=1))] == ["p2", "p1"]


def test_money_is_compared_only_within_a_currency():
    eur = Money("Goal", 10, "EUR")
    c = catalog(
        journey("j", [phase("j", "awareness", chf(1000), [step("A", 3, ["chf"])])]),
        journey("k", [phase("k", "awareness", eur, [step("B", 3, ["eur"])])]),
        journey("l", [phase("l", "awareness", None, [step("C", 3, ["none"])])]),
    )
    money = {f.pain: f.money for f in backlog(c)}
    assert money == {"chf": 1.0, "eur": 1.0, "none": 0.0}  # the largest goal of each currency counts in full


def test_ties_go_to_the_larger_goal_then_the_lower_emotion_and_every_pain_is_a_row():
    c = catalog(
        journey(
            "j",
            [
                phase("j", "awareness", chf(100), [step("A", 3, ["small-1", "small-2"]), step("B", 1, ["worse"])]),
                phase("j", "purchase", chf(100), [step("C", 1, ["later"])]),
            ],
        )
    )
    rows = backlog(c, Weights(money=1, emotion=0, reach=0))  # all scores equal
    assert [f.pain for f in rows] == ["worse", "later", "small-1", "small-2"]
    assert [f.rank for f in rows] == [1, 2, 3, 4]
    assert [f.step_no for f in rows] == [2, 3, 1, 1]  # numbered through the journey, as on its page


def test_the_kpis_a_pain_hurts_are_those_of_impacts_its_touchpoint_delivers_else_of_its_personas():
    kpis = [Kpi("leads", "Leads"), Kpi("sales", "Sales")]
    impacts = [Impact("I1", persona="a", kpi="leads", deliverables=["web"]), Impact("I2", persona="b", kpi="sales")]
    jp = phase("j", "awareness", None, [], kpis=kpis, impacts=impacts)
    assert [k.id for k in hurt_kpis(jp, step("A", 2, ["x"], ("b",), touchpoint="web"))] == ["leads"]
    assert [k.id for k in hurt_kpis(jp, step("A", 2, ["x"], ("b",), touchpoint="shop"))] == ["sales"]
    assert hurt_kpis(jp, step("A", 2, ["x"], ("c",))) == ()


@pytest.mark.parametrize("value", ["=1+1", "+41 79 000", "-2", "@SUM(A1)", '=HYPERLINK("http://x")'])
def test_a_cell_that_would_start_a_formula_gets_a_leading_apostrophe(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Lieferzeit", "a=b", " =1", "", 12, "'quoted"])
def test_other_cells_stay_as_they_are(value):
    assert csv_cell(value) == str(value)


def test_the_csv_has_a_row_per_pain_with_hostile_content_defused():
    shop = Touchpoint("shop", Source("touchpoints/shop.md"), "Shop", "web", "digital", owner="=cmd|' /C calc'!A0")
    c = catalog(
        journey(
            "j",
            [
                phase(
                    "j",
                    "awareness",
                    chf(1000),
                    [step("@step", 2, ["=2+5", "plain, with comma"], touchpoint="shop", opportunities=["-minus"])],
                )
            ],
        ),
        touchpoints=(shop,),
    )
    rows = list(csv.reader(io.StringIO(to_csv(backlog(c), c))))
    assert rows[0] == list(COLUMNS)
    body = [dict(zip(COLUMNS, r)) for r in rows[1:]]
    assert [r["pain"] for r in body] == ["'=2+5", "plain, with comma"]
    assert body[0]["step"] == "'@step" and body[0]["opportunities"] == "'-minus"
    assert body[0]["owner"] == "'=cmd|' /C calc'!A0"
    assert body[0]["goal_value"] == "1000" and body[0]["rank"] == "1"
    for r in body:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in r.values())


@pytest.mark.parametrize(
    "weights, problem",
    [
        ({"money": -1}, "backlog.weights.money: -1 is negative"),
        ({"money": 0, "emotion": 0, "reach": 0}, "backlog.weights: all weights are 0"),
    ],
)
def test_weights_are_checked_as_plugin_options(weights, problem):
    from mkdocs_journeys.plugin.config import JourneysConfig, backlog_weights, check_options

    cfg = JourneysConfig()
    cfg.load_dict({"backlog": {"weights": weights}})
    assert not cfg.validate()[0]
    assert any(p.startswith(problem) for p in check_options(cfg))
    ok = JourneysConfig()
    ok.load_dict({"backlog": {"weights": {"reach": 2.5}}})
    assert not ok.validate()[0] and check_options(ok) == []
    assert backlog_weights(ok) == Weights(1.0, 1.0, 2.5)


def test_a_backlog_sharing_journeys_with_the_last_equals_one_made_afresh_and_keeps_the_rows_that_stay():
    a = journey("a", [phase("a", "awareness", chf(1000), [step("A1", 2, ["p1", "p2"]), step("A2", 4, ["p3"])])])
    b = journey("b", [phase("b", "purchase", chf(500), [step("B1", 1, ["q1"])])])
    # b's goal grows past a's: b ranks first, and a's rows move down with their money part
    b2 = journey("b", [phase("b", "purchase", chf(4000), [step("B1", 1, ["q1"])])])
    # then a new journey ties with b (after it by title): a's rows keep their values but move down one rank
    c = journey("c", [phase("c", "purchase", chf(4000), [step("C1", 1, ["r1"])])])
    first = backlog(catalog(a, b))
    again = backlog(catalog(a, b2))
    same = backlog(catalog(a, b2))
    moved = backlog(catalog(a, b2, c))
    # each equals a backlog of copies, which share no object with an earlier backlog
    assert [f.journey for f in first] == ["a", "a", "b", "a"]
    assert first == backlog(catalog(*copy.deepcopy((a, b))))
    assert again == same == backlog(catalog(*copy.deepcopy((a, b2))))
    assert moved == backlog(catalog(*copy.deepcopy((a, b2, c))))
    assert [(f.rank, f.journey, f.pain) for f in again] == [
        (1, "b", "q1"),
        (2, "a", "p1"),
        (3, "a", "p2"),
        (4, "a", "p3"),
    ]
    assert again[1].money == 0.25
    assert [(f.rank, f.pain) for f in moved] == [(1, "q1"), (2, "r1"), (3, "p1"), (4, "p2"), (5, "p3")]
    assert all(x is y for x, y in zip(same, again, strict=True)), "nothing changed: the same rows"
    assert moved[0] is same[0], "b's row kept its rank and values"


def test_the_same_journeys_are_not_ranked_again_but_a_new_owner_weight_or_journey_is(monkeypatch):
    import mkdocs_journeys.core.backlog as B

    a = journey("a", [phase("a", "awareness", chf(1000), [step("A1", 2, ["p1"], touchpoint="shop")])])
    b = journey("b", [phase("b", "purchase", chf(500), [step("B1", 1, ["q1"], touchpoint="shop")])])
    shop = Touchpoint("shop", Source("touchpoints/shop.md"), "Shop", "web", "digital", owner="Sales")
    first = backlog(catalog(a, b, touchpoints=(shop,)))

    def never(*args):
        raise AssertionError("ranked again")

    with monkeypatch.context() as m:
        m.setattr(B, "score", never)
        # another catalog object (a persona's edit), the same journeys: the last backlog, rank by rank
        again = backlog(catalog(a, b, touchpoints=(copy.deepcopy(shop),)))
    assert again == first and all(x is y for x, y in zip(again, first, strict=True))
    # each of the backlog's other inputs ranks again
    moved = copy.deepcopy(shop)
    moved.owner = "Service"
    assert {f.owner for f in backlog(catalog(a, b, touchpoints=(moved,)))} == {"Service"}
    assert {f.owner for f in backlog(catalog(a, b))} == {""}, "the touchpoint is gone"
    money_only = backlog(catalog(a, b, touchpoints=(shop,)), Weights(money=1, emotion=0, reach=0))
    assert [f.score for f in money_only] == [100.0, 50.0]
    b2 = journey("b", [phase("b", "purchase", chf(4000), [step("B1", 1, ["q1"], touchpoint="shop")])])
    assert [f.journey for f in backlog(catalog(a, b2, touchpoints=(shop,)))] == ["b", "a"]
    assert [f.journey for f in backlog(catalog(b, a, touchpoints=(shop,)))] == [f.journey for f in first]


def test_an_edit_scores_again_only_the_journeys_it_changed_while_the_largest_goal_and_reach_stay(monkeypatch):
    import mkdocs_journeys.core.backlog as B

    scored: list[str] = []
    original = B._scored

    def counting(catalog, j, *args):
        scored.append(j.id)
        return original(catalog, j, *args)

    monkeypatch.setattr(B, "_scored", counting)
    a = journey("a", [phase("a", "awareness", chf(1000), [step("A1", 2, ["p1"]), step("A2", 4, ["p2"])])])
    b = journey("b", [phase("b", "purchase", chf(500), [step("B1", 3, ["q1"])])])
    c = journey("c", [phase("c", "purchase", chf(200), [step("C1", 1, ["r1"])])])
    backlog(catalog(a, b, c))
    assert sorted(scored) == ["a", "b", "c"]
    # b's step gets worse: b alone is scored again, and it now ranks before a's second step
    scored.clear()
    b2 = journey("b", [phase("b", "purchase", chf(500), [step("B1", 1, ["q1"])])])
    got = backlog(catalog(a, b2, c))
    assert scored == ["b"]
    assert got == backlog(catalog(*copy.deepcopy((a, b2, c))))
    # c's goal becomes the largest: every money part changes, so every journey is scored again (after a
    # backlog of b2's catalog once more: the copies above were the last ones scored)
    backlog(catalog(a, b2, c))
    scored.clear()
    c2 = journey("c", [phase("c", "purchase", chf(9000), [step("C1", 1, ["r1"])])])
    got = backlog(catalog(a, b2, c2))
    assert sorted(scored) == ["a", "b", "c"]
    assert got == backlog(catalog(*copy.deepcopy((a, b2, c2))))
    # a step reaching more personas than any before changes every reach part
    backlog(catalog(a, b2, c2))
    scored.clear()
    a2 = journey(
        "a", [phase("a", "awareness", chf(1000), [step("A1", 2, ["p1"], ("a", "b", "c")), step("A2", 4, ["p2"])])]
    )
    got = backlog(catalog(a2, b2, c2))
    assert sorted(scored) == ["a", "b", "c"]
    assert got == backlog(catalog(*copy.deepcopy((a2, b2, c2))))


def test_an_edit_that_moves_no_score_keeps_the_order_and_still_gives_the_rows_of_a_fresh_backlog():
    import mkdocs_journeys.core.backlog as B

    a = journey("a", [phase("a", "awareness", chf(1000), [step("A1", 2, ["p1"]), step("A2", 4, ["p2"])])])
    b = journey("b", [phase("b", "purchase", chf(500), [step("B1", 3, ["q1", "q2"])])])
    c = journey("c", [phase("c", "purchase", chf(200), [step("C1", 1, ["r1"])])])
    first = backlog(catalog(a, b, c))
    assert B._last_order is not None
    order = B._last_order[1]
    # b's step gets another title: no stake moves, so the last order is taken as it is
    b2 = journey("b", [phase("b", "purchase", chf(500), [step("B1 renamed", 3, ["q1", "q2"])])])
    got = backlog(catalog(a, b2, c))
    assert B._last_order[1] is order
    assert [f.journey for f in got] == ["a", "a", "c", "b", "b"]
    assert [f.step.title for f in got if f.journey == "b"] == ["B1 renamed", "B1 renamed"], "b's rows are made anew"
    assert all(x is y for x, y in zip(got, first, strict=True) if x.journey != "b"), "the others' rows stay"
    assert got == backlog(catalog(*copy.deepcopy((a, b2, c))))
    # b's step hurts more: its stake moves, the order is sorted again, and b ranks first
    backlog(catalog(a, b2, c))
    order = B._last_order[1]
    b3 = journey("b", [phase("b", "purchase", chf(500), [step("B1 renamed", 1, ["q1", "q2"])])])
    got = backlog(catalog(a, b3, c))
    assert B._last_order[1] is not order
    assert [f.journey for f in got] == ["a", "b", "b", "a", "c"], "b's two rows moved up from fourth and fifth"
    assert got == backlog(catalog(*copy.deepcopy((a, b3, c))))
