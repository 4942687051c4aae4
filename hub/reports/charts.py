"""Charts as SVG text, drawn on the server: no script, no fonts or files to fetch.

Each function takes plain values and returns one ``<svg>`` element. Text is escaped;
links are ``<a href>`` around the marks they belong to, so a click on a bar opens
what is behind it. Every chart has a ``<title>`` (its accessible name) and a class
(``chart ...``) the pages' tests find it by.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#1b6ca8", "#e07b39", "#3f9b4f", "#b8434e", "#7d5ba6", "#8c6d31", "#2aa3a3", "#666")
INK = "#222"
MUTED = "#888"
TRACK = "#e6e9ee"
FONT = "font-family='system-ui, sans-serif' font-size='12'"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _svg(css_class: str, title: str, width: int, height: int, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart {css_class}' role='img' "
        f"width='{width}' height='{height}' viewBox='0 0 {width} {height}' {FONT}>"
        f"<title>{_e(title)}</title>" + "".join(body) + "</svg>"
    )


def _lines(label: str, width: int) -> list[str]:
    """A label broken into lines of about ``width`` characters (two at most)."""
    words = label.split()
    lines: list[str] = [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])[: width - 1] + "…"]
    return lines


@dataclass(frozen=True)
class Bar:
    """One target: ``value`` achieved (None: the datasets cannot show it) of ``target``."""

    label: str
    value: float | None
    target: float
    caption: str
    href: str | None = None


def target_bars(bars: Sequence[Bar], title: str, unmeasured: str, width: int = 760) -> str:
    """Horizontal bars, each drawn against its own target (the marked line is 100 %)."""
    label_w, caption_w, row_h, top = 300, 190, 40, 8
    track_w = width - label_w - caption_w - 20
    ratios = [b.value / b.target for b in bars if b.value is not None and b.target > 0]
    full = min(2.0, max([1.0, *ratios]))  # the track shows up to twice the target
    scale = track_w / full
    body: list[str] = []
    for i, bar in enumerate(bars):
        y = top + i * row_h
        mark: list[str] = [f"<title>{_e(bar.label)}: {_e(bar.caption)}</title>"]
        for j, line in enumerate(_lines(bar.label, 44)):
            mark.append(f"<text x='0' y='{y + 15 + j * 14}' fill='{INK}'>{_e(line)}</text>")
        x0 = label_w
        mark.append(
            f"<rect x='{x0}' y='{y + 6}' width='{track_w}' height='20' fill='{TRACK}' rx='3'/>"
        )
        if bar.value is None:
            mark.append(
                f"<text x='{x0 + 8}' y='{y + 20}' fill='{MUTED}' font-style='italic'>"
                f"{_e(unmeasured)}</text>"
            )
        else:
            ratio = min(full, bar.value / bar.target) if bar.target > 0 else 0.0
            done = bar.target > 0 and bar.value >= bar.target
            color = PALETTE[2] if done else PALETTE[0]
            mark.append(
                f"<rect class='achieved' x='{x0}' y='{y + 6}' width='{ratio * scale:.1f}' "
                f"height='20' fill='{color}' rx='3'/>"
            )
            mark.append(
                f"<line x1='{x0 + scale:.1f}' x2='{x0 + scale:.1f}' y1='{y + 2}' y2='{y + 30}' "
                f"stroke='{INK}' stroke-width='1.5'/>"
            )
        mark.append(
            f"<text x='{x0 + track_w + 10}' y='{y + 20}' fill='{INK}'>{_e(bar.caption)}</text>"
        )
        group = f"<g class='bar'>{''.join(mark)}</g>"
        body.append(f"<a href='{_e(bar.href)}'>{group}</a>" if bar.href else group)
    height = top + row_h * max(1, len(bars)) + 4
    return _svg("target-bars", title, width, height, body)


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[str, float]]  # (x label, y), x in any order
    color: str = PALETTE[0]
    dashed: bool = False


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.0f}%"
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def line_chart(
    series: Sequence[Series],
    title: str,
    width: int = 320,
    height: int = 190,
    percent: bool = False,
) -> str:
    """Lines over categorical x values (dates as text, sorted), from a zero baseline."""
    left, right, top, bottom = 44, 12, 26, 46
    xs = sorted({x for s in series for x, _ in s.points})
    top_value = _nice_max(max([y for s in series for _, y in s.points] or [0.0]))
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x: str) -> float:
        if len(xs) == 1:
            return left + plot_w / 2
        return left + plot_w * xs.index(x) / (len(xs) - 1)

    def py(y: float) -> float:
        return top + plot_h * (1 - y / top_value)

    body = [f"<text x='{left}' y='14' fill='{INK}' font-weight='600'>{_e(title)}</text>"]
    for tick in (0.0, top_value / 2, top_value):
        y = py(tick)
        body.append(
            f"<line x1='{left}' x2='{width - right}' y1='{y:.1f}' y2='{y:.1f}' stroke='{TRACK}'/>"
        )
        body.append(
            f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' fill='{MUTED}'>"
            f"{_e(_number(tick, percent))}</text>"
        )
    shown = {xs[0], xs[-1]} if xs else set()
    for x in xs:
        if x in shown:
            anchor = "start" if x == xs[0] and len(xs) > 1 else "end" if len(xs) > 1 else "middle"
            body.append(
                f"<text x='{px(x):.1f}' y='{height - bottom + 16}' text-anchor='{anchor}' "
                f"fill='{MUTED}'>{_e(x)}</text>"
            )
    for s in series:
        points = sorted(s.points)
        coords = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
        dash = " stroke-dasharray='5 3'" if s.dashed else ""
        body.append(f"<g class='series'><title>{_e(s.name)}</title>")
        if len(points) > 1:
            body.append(
                f"<polyline points='{coords}' fill='none' stroke='{s.color}' "
                f"stroke-width='2'{dash}/>"
            )
        for x, y in points:
            body.append(
                f"<circle cx='{px(x):.1f}' cy='{py(y):.1f}' r='3' fill='{s.color}'>"
                f"<title>{_e(s.name)} {_e(x)}: {_e(_number(y, percent))}</title></circle>"
            )
        body.append("</g>")
    legend, rows = _legend(series, left, width - right, height - bottom + 34)
    return _svg("line-chart", title, width, height + 16 * (rows - 1), body + legend)


def _legend(series: Sequence[Series], left: int, right: int, y: int) -> tuple[list[str], int]:
    """A key of the lines, wrapped to as many rows as it needs; returns it and its rows."""
    marks: list[str] = []
    x, rows = left, 1
    for s in series:
        size = 30 + 7 * len(s.name)
        if x > left and x + size > right:
            x, y, rows = left, y + 16, rows + 1
        dash = " stroke-dasharray='5 3'" if s.dashed else ""
        marks.append(
            f"<line x1='{x}' x2='{x + 16}' y1='{y - 4}' y2='{y - 4}' "
            f"stroke='{s.color}' stroke-width='2'{dash}/>"
            f"<text x='{x + 20}' y='{y}' fill='{INK}'>{_e(s.name)}</text>"
        )
        x += size + 12
    return marks, rows


@dataclass(frozen=True)
class Column:
    label: str
    value: float
    color: str = PALETTE[0]
    note: str = ""


def column_chart(columns: Sequence[Column], title: str, width: int = 460, height: int = 200) -> str:
    """Vertical columns with their values on top."""
    left, right, top, bottom = 10, 10, 26, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max([c.value for c in columns] or [0.0]))
    step = plot_w / max(1, len(columns))
    body = [f"<text x='{left}' y='14' fill='{INK}' font-weight='600'>{_e(title)}</text>"]
    for i, column in enumerate(columns):
        h = plot_h * column.value / top_value
        x = left + i * step + 3
        y = top + plot_h - h
        body.append(
            f"<g class='column'><title>{_e(column.label)}: {_e(_number(column.value, False))}"
            f"{' · ' + _e(column.note) if column.note else ''}</title>"
            f"<rect x='{x:.1f}' y='{y:.1f}' width='{step - 6:.1f}' height='{h:.1f}' "
            f"fill='{column.color}'/>"
            f"<text x='{x + (step - 6) / 2:.1f}' y='{y - 4:.1f}' text-anchor='middle' "
            f"fill='{INK}'>{_e(_number(column.value, False))}</text>"
            f"<text x='{x + (step - 6) / 2:.1f}' y='{height - bottom + 16}' text-anchor='middle' "
            f"fill='{MUTED}'>{_e(column.label)}</text></g>"
        )
    return _svg("column-chart", title, width, height, body)


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    value: float
    label: str


def dot_map(
    places: Sequence[Place],
    background: Sequence[tuple[float, float]],
    title: str,
    width: int = 460,
    height: int = 420,
    labelled: int = 6,
) -> str:
    """Circles at points (an equirectangular view of their area), sized by value; the
    background points are drawn as small grey dots, to show the shape of the area."""
    pad = 24
    body = [f"<text x='8' y='16' fill='{INK}' font-weight='600'>{_e(title)}</text>"]
    lats = [p.lat for p in places] or [lat for lat, _ in background]
    lons = [p.lon for p in places] or [lon for _, lon in background]
    if not lats:
        return _svg("dot-map", title, width, height, body)
    # The view: the places, and around them a margin of the area's other points.
    margin = max(max(lats) - min(lats), max(lons) - min(lons), 0.1) * 0.3
    min_lat, max_lat = min(lats) - margin, max(lats) + margin
    min_lon, max_lon = min(lons) - margin, max(lons) + margin
    background = [
        (lat, lon)
        for lat, lon in background
        if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon
    ]
    stretch = math.cos(math.radians((min_lat + max_lat) / 2))  # a degree of longitude is shorter
    span_x = max((max_lon - min_lon) * stretch, 1e-3)
    span_y = max(max_lat - min_lat, 1e-3)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad - 16) / span_y)
    off_x = pad + ((width - 2 * pad) - span_x * scale) / 2
    off_y = pad + 16 + ((height - 2 * pad - 16) - span_y * scale) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return off_x + (lon - min_lon) * stretch * scale, off_y + (max_lat - lat) * scale

    for lat, lon in background:
        x, y = xy(lat, lon)
        body.append(f"<circle class='ward' cx='{x:.1f}' cy='{y:.1f}' r='1.6' fill='#c9ced6'/>")
    biggest = max([p.value for p in places] or [1.0])
    ranked = sorted(places, key=lambda p: (-p.value, p.label))
    for place in sorted(places, key=lambda p: -p.value):  # small circles on top
        x, y = xy(place.lat, place.lon)
        r = 3 + 14 * math.sqrt(place.value / biggest)
        body.append(
            f"<circle class='place' cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}' fill='{PALETTE[0]}' "
            f"fill-opacity='0.55' stroke='{PALETTE[0]}'><title>{_e(place.label)}: "
            f"{_e(_number(place.value, False))}</title></circle>"
        )
    taken: list[tuple[float, float]] = []
    for place in ranked:
        x, y = xy(place.lat, place.lon)
        if len(taken) >= labelled or any(abs(x - a) < 90 and abs(y - b) < 14 for a, b in taken):
            continue  # a label would cover another: the circle's own title names it
        taken.append((x, y))
        body.append(
            f"<text x='{x + 6:.1f}' y='{y - 6:.1f}' fill='{INK}' font-size='11'>"
            f"{_e(place.label)} ({_e(_number(place.value, False))})</text>"
        )
    return _svg("dot-map", title, width, height, body)
