"""The graph model as a picture: an SVG drawn from the tables below, no network needed.

Each node kind is a rounded box at a fixed place, with its caption property under
its label; each relationship type is an arrow with its name, so the picture reads as
the sentences of ``docs/graph-model.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 1040, 640
_CHAR = 8.2  # average width of a bold 13px label character
_SMALL = 6.0  # and of an 10.5px property line character


@dataclass(frozen=True)
class _Box:
    label: str
    x: float
    y: float
    colour: str
    detail: str

    @property
    def half_width(self) -> float:
        return max(len(self.label) * _CHAR, len(self.detail) * _SMALL) / 2 + 12

    half_height = 22.0


@dataclass(frozen=True)
class _Arrow:
    source: str
    rel: str
    target: str
    bend: float = 0.0  # sideways offset of the curve's middle, pixels


_BOXES = {
    box.label: box
    for box in (
        _Box("Enterprise", 500, 300, "#f79767", "name · taxCode · unitKeys"),
        _Box("Certificate", 300, 165, "#57c7e3", "name · kind · expiresOn"),
        _Box("Standard", 62, 165, "#8dcc93", "name · code"),
        _Box("Award", 500, 80, "#ffd86e", "name · award · year"),
        _Box("MeasurementSupport", 745, 140, "#da7194", "name · year · amountVnd"),
        _Box("ProgrammeSupport", 765, 320, "#c990c0", "name · supportKind · year"),
        _Box("Programme", 955, 235, "#4c8eda", "name · code · title"),
        _Box("Target", 955, 420, "#ecb5c9", "name · target"),
        _Box("AdminUnit", 190, 400, "#d9c8ae", "name · level · era"),
        _Box("Product", 330, 515, "#8dcc93", "name · code · chain"),
        _Box("Lot", 590, 515, "#f16667", "name · chain"),
        _Box("TraceEvent", 810, 495, "#569480", "name · bizStep · time"),
        _Box("LoadRun", 78, 600, "#a5abb6", "name · kind · file"),
        _Box("SupplyChain", 680, 50, "#ffc454", "name (derived)"),
    )
}

_ARROWS = (
    _Arrow("Enterprise", "BRANCH_OF", "Enterprise"),
    _Arrow("Enterprise", "HOLDS", "Certificate"),
    _Arrow("Certificate", "CONFORMS_TO", "Standard"),
    _Arrow("Enterprise", "WON", "Award"),
    _Arrow("Enterprise", "RECEIVED", "MeasurementSupport"),
    _Arrow("Enterprise", "RECEIVED", "ProgrammeSupport"),
    _Arrow("MeasurementSupport", "UNDER", "Programme"),
    _Arrow("ProgrammeSupport", "UNDER", "Programme"),
    _Arrow("Programme", "HAS_TARGET", "Target"),
    _Arrow("Enterprise", "PRODUCES", "Product"),
    _Arrow("Lot", "OF_PRODUCT", "Product"),
    _Arrow("Lot", "INPUT_TO", "Lot"),
    _Arrow("TraceEvent", "ABOUT", "Lot", bend=-22),
    _Arrow("TraceEvent", "CONSUMED", "Lot", bend=22),
    _Arrow("TraceEvent", "RECORDED_BY", "Enterprise"),
    _Arrow("Enterprise", "LOCATED_IN", "AdminUnit"),
    _Arrow("AdminUnit", "PART_OF", "AdminUnit"),
    _Arrow("AdminUnit", "BECAME", "AdminUnit"),
    _Arrow("Enterprise", "SUPPLIES", "SupplyChain"),
)

_NOTES = (
    "Every node: key (unique), name (its caption in Browser), loadRuns, createdBy and "
    "updatedBy (LoadRun keys).",
    "Records naming a firm: holderTaxCode, holderName, linkStatus (linked, unresolved, "
    "ambiguous, rejected); their link to it: method, confidence, evidence.",
)


def _edge_point(box: _Box, towards_x: float, towards_y: float) -> tuple[float, float]:
    """Where the line from the box's centre towards a point leaves the box."""
    dx, dy = towards_x - box.x, towards_y - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    scale = min(
        box.half_width / abs(dx) if dx else math.inf,
        box.half_height / abs(dy) if dy else math.inf,
    )
    return box.x + dx * scale, box.y + dy * scale


def _arrow_svg(arrow: _Arrow) -> str:
    source, target = _BOXES[arrow.source], _BOXES[arrow.target]
    if source is target:
        return _loop_svg(source, arrow.rel)
    mid_x, mid_y = (source.x + target.x) / 2, (source.y + target.y) / 2
    length = math.hypot(target.x - source.x, target.y - source.y)
    normal_x, normal_y = -(target.y - source.y) / length, (target.x - source.x) / length
    ctrl_x, ctrl_y = mid_x + 2 * arrow.bend * normal_x, mid_y + 2 * arrow.bend * normal_y
    x1, y1 = _edge_point(source, ctrl_x, ctrl_y)
    x2, y2 = _edge_point(target, ctrl_x, ctrl_y)
    label_x, label_y = (x1 + 2 * ctrl_x + x2) / 4, (y1 + 2 * ctrl_y + y2) / 4
    return (
        f'<path class="rel" d="M{x1:.1f},{y1:.1f} Q{ctrl_x:.1f},{ctrl_y:.1f} '
        f'{x2:.1f},{y2:.1f}" marker-end="url(#arrow)"/>\n' + _rel_label(arrow.rel, label_x, label_y)
    )


_LOOPS = {  # self-relationships: which side of the box the loop sits on
    ("Enterprise", "BRANCH_OF"): "left",
    ("Lot", "INPUT_TO"): "bottom",
    ("AdminUnit", "PART_OF"): "left",
    ("AdminUnit", "BECAME"): "bottom",
}


def _loop_svg(box: _Box, rel: str) -> str:
    side = _LOOPS[(box.label, rel)]
    w, h = box.half_width, box.half_height
    if side == "bottom":
        x1, y1, x2, y2 = box.x + 30, box.y + h, box.x - 30, box.y + h
        c1, c2, label = (x1 + 10, y1 + 50), (x2 - 10, y2 + 50), (box.x, box.y + h + 42)
    else:
        x1, y1, x2, y2 = box.x - w, box.y + 10, box.x - w, box.y - 10
        c1, c2, label = (x1 - 60, y1 + 25), (x2 - 60, y2 - 25), (box.x - w - 48, box.y - 24)
    return (
        f'<path class="rel" d="M{x1:.1f},{y1:.1f} C{c1[0]:.1f},{c1[1]:.1f} '
        f'{c2[0]:.1f},{c2[1]:.1f} {x2:.1f},{y2:.1f}" marker-end="url(#arrow)"/>\n'
        + _rel_label(rel, label[0], label[1])
    )


def _rel_label(rel: str, x: float, y: float) -> str:
    width = len(rel) * _SMALL + 8
    return (
        f'<rect class="rel-bg" x="{x - width / 2:.1f}" y="{y - 8:.1f}" '
        f'width="{width:.1f}" height="15" rx="3"/>\n'
        f'<text class="rel-name" x="{x:.1f}" y="{y + 3.5:.1f}">{escape(rel)}</text>\n'
    )


def _box_svg(box: _Box) -> str:
    w, h = box.half_width, box.half_height
    return (
        f'<g class="node"><rect x="{box.x - w:.1f}" y="{box.y - h:.1f}" width="{2 * w:.1f}" '
        f'height="{2 * h:.1f}" rx="12" fill="{box.colour}"/>\n'
        f'<text class="label" x="{box.x:.1f}" y="{box.y - 3:.1f}">{escape(box.label)}</text>\n'
        f'<text class="detail" x="{box.x:.1f}" y="{box.y + 13:.1f}">{escape(box.detail)}'
        "</text></g>\n"
    )


_STYLE = """
text { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; text-anchor: middle; }
.label { font-size: 13px; font-weight: bold; fill: #1d2330; }
.detail { font-size: 10.5px; fill: #1d2330; }
.rel { fill: none; stroke: #6b7280; stroke-width: 1.6; }
.rel-bg { fill: #ffffff; opacity: 0.92; }
.rel-name { font-size: 10.5px; fill: #374151; font-family: 'DejaVu Sans Mono', monospace; }
.node rect { stroke: #1d2330; stroke-opacity: 0.35; }
.note { font-size: 11px; fill: #4b5563; text-anchor: start; }
"""


def graph_model_svg() -> str:
    """The whole picture, as a standalone SVG document."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="title">\n<title id="title">The hub\'s graph model</title>\n',
        f"<style>{_STYLE}</style>\n",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#6b7280"/></marker></defs>\n',
        '<rect width="100%" height="100%" fill="#ffffff"/>\n',
    ]
    parts += [_arrow_svg(arrow) for arrow in _ARROWS]
    parts += [_box_svg(box) for box in _BOXES.values()]
    for line, text in enumerate(_NOTES):
        y = 604 + 16 * line
        parts.append(f'<text class="note" x="170" y="{y}">{escape(text)}</text>\n')
    parts.append("</svg>\n")
    return "".join(parts)


def node_labels() -> list[str]:
    return list(_BOXES)


def relationship_types() -> list[str]:
    return sorted({arrow.rel for arrow in _ARROWS})
