"""Build catalogs in memory for unit tests (no files, no MkDocs)."""

from __future__ import annotations

from mkdocs_journeys.core.model import (
    Branch,
    Catalog,
    DataPoints,
    Impact,
    Journey,
    JourneyPhase,
    Kpi,
    Money,
    Persona,
    PhaseDef,
    Signal,
    Source,
    Step,
    Touchpoint,
)

PHASES = [
    PhaseDef("awareness", "Awareness"),
    PhaseDef("information", "Information"),
    PhaseDef("purchase", "Purchase"),
    PhaseDef("loyalty", "Loyalty"),
    PhaseDef("offboarding", "Offboarding"),
]


def catalog(text: str = "Plain text") -> Catalog:
    """Two journeys, two personas, two touchpoints; every free-text field is `text`."""
    c = Catalog(phases=list(PHASES))
    c.personas["sara"] = Persona(
        "sara",
        Source("personas/sara.md"),
        name=text,
        role=text,
        quote=text,
        jobs=[text],
        pains=[text],
        gains=[text],
        empathy={"says": [text], "feels": [text]},
        value_fit={"products": [text]},
        channels=["email"],
        body=text,
    )
    c.personas["tom"] = Persona("tom", Source("personas/tom.md"), name="Tom", role="Buyer")
    c.touchpoints["newsletter"] = Touchpoint(
        "newsletter",
        Source("touchpoints/newsletter.md"),
        name=text,
        channel="email",
        kind="digital",
        owner=text,
        kpis=[Kpi("open", text, 20, "%", text, text)],
        body=text,
    )
    c.touchpoints["shop"] = Touchpoint(
        "shop", Source("touchpoints/shop.md"), name="Shop", channel="web", kind="digital"
    )
    aw = JourneyPhase(
        "j1",
        "awareness",
        Source("journeys/j1/awareness.md"),
        goal=Money(text, 1000, "CHF", text),
        core_message=text,
        needs={"sara": (text,)},
        steps=[Step(text, 2, "newsletter", ["sara"], [text], [text]), Step("Second", 4, "shop", ["sara", "tom"])],
        kpis=[Kpi("k1", text, 10, text)],
        impacts=[
            Impact(text, persona="sara", kpi="k1", deliverables=["newsletter"], measures=[text]),
            Impact(text, actor=text, deliverables=["shop"]),
        ],
        data_points=DataPoints([text], [text], [text]),
        signals=[Signal(text, text, text, "k1")],
        branches=[Branch(text, "j2", "loyalty"), Branch("Back", "j1", "purchase")],
        body=text,
    )
    pu = JourneyPhase("j1", "purchase", Source("journeys/j1/purchase.md"), steps=[Step("Buy", 5, "shop", ["tom"])])
    c.journeys["j1"] = Journey(
        "j1",
        Source("journeys/j1/index.md"),
        title=text,
        summary=text,
        personas=["sara", "tom"],
        state="as-is",
        owners=[text],
        trigger=text,
        value_proposition=text,
        goal=Money(text, 5, "EUR"),
        phases=[aw, pu],
        body=text,
    )
    lo = JourneyPhase("j2", "loyalty", Source("journeys/j2/loyalty.md"), steps=[Step("Stay", 3, "newsletter", ["tom"])])
    c.journeys["j2"] = Journey(
        "j2",
        Source("journeys/j2/index.md"),
        title="Second journey",
        summary="S",
        personas=["tom"],
        state="to-be",
        phases=[lo],
    )
    return c
