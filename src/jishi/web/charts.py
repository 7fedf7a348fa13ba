"""Plotly figures for the pages, as JSON the page's script hands to plotly.js.

plotly.js itself comes from the installed plotly package (served at /plotly.js),
so the pictures need no network. Colours follow PLOVER's quad classes:
cooperation in greens and blues, conflict in oranges and reds.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import plotly.graph_objects as go

from jishi.lang.plover import plover_types
from jishi.store.detail import EventCount, Network

QUAD_COLOURS = {
    "verbal cooperation": "#4c9be8",
    "material cooperation": "#2ca25f",
    "verbal conflict": "#f28e2b",
    "material conflict": "#d62728",
}
COOPERATION, CONFLICT = "#2ca25f", "#d62728"
LAYOUT = {"margin": {"l": 40, "r": 10, "t": 10, "b": 40}, "plot_bgcolor": "white"}


def _json(figure: go.Figure) -> str:
    return str(figure.to_json())


def type_colour(event_type: str) -> str:
    known = plover_types().get(event_type)
    return QUAD_COLOURS[known.quad] if known else "#999999"


def events_by_type(counts: list[EventCount]) -> str:
    """Stacked bars: an actor's events per month, one colour per PLOVER type."""
    periods = sorted({c.period for c in counts})
    figure = go.Figure()
    for event_type in [t for t in plover_types() if any(c.type == t for c in counts)]:
        per_period = {c.period: c.count for c in counts if c.type == event_type}
        figure.add_bar(
            name=event_type,
            x=periods,
            y=[per_period.get(p, 0) for p in periods],
            marker_color=type_colour(event_type),
        )
    figure.update_layout(barmode="stack", height=260, xaxis={"type": "category"}, **LAYOUT)
    return _json(figure)


def network_figure(graph: Network) -> str:
    """Actors placed by a spring layout; an edge is green when most of its events are
    cooperation, red otherwise; clicking a node opens the actor (customdata is its URL)."""
    positions = _layout(graph)
    figure = go.Figure()
    for colour, name, cooperative in (
        (COOPERATION, "cooperation", True),
        (CONFLICT, "conflict", False),
    ):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for edge in graph.edges:
            if (edge.cooperation >= edge.conflict) == cooperative:
                (x0, y0), (x1, y1) = positions[edge.source], positions[edge.target]
                xs += [x0, x1, None]
                ys += [y0, y1, None]
        figure.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=name,
            hoverinfo="skip",
            line={"color": colour, "width": 1.5},
        )
    nodes = graph.nodes
    figure.add_scatter(
        x=[positions[n.actor.id][0] for n in nodes],
        y=[positions[n.actor.id][1] for n in nodes],
        mode="markers+text",
        name="actors",
        text=[n.actor.label for n in nodes],
        textposition="top center",
        hovertext=[f"{n.actor.label} ({n.actor.name}) · {n.events} events" for n in nodes],
        hoverinfo="text",
        customdata=[f"/actors/{n.actor.id}" for n in nodes],
        marker={"size": [8 + 3 * min(n.events, 8) for n in nodes], "color": "#34495e"},
        showlegend=False,
    )
    hidden = {"visible": False}
    legend = {"x": 0, "y": 0, "bgcolor": "rgba(255,255,255,0.8)"}
    figure.update_layout(height=640, xaxis=hidden, yaxis=hidden, legend=legend, **LAYOUT)
    return _json(figure)


def _layout(graph: Network) -> dict[int, tuple[float, float]]:
    """Spring-layout positions, the same on every call for the same graph (fixed seed)."""
    g: Any = nx.Graph()
    g.add_nodes_from(n.actor.id for n in graph.nodes)
    g.add_weighted_edges_from((e.source, e.target, e.events) for e in graph.edges)
    placed = nx.spring_layout(g, seed=14, k=1.5 / max(1, len(graph.nodes)) ** 0.5)
    return {node: (float(x), float(y)) for node, (x, y) in placed.items()}
