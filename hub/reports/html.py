"""The report pages' frame: one HTML document, its styles inline, no script.

``page`` wraps a body with the navigation and the language switch (``?lang=en`` /
``?lang=vi`` on the same address); ``table`` writes a DataFrame's rows with the
headers and cell formats given. Everything shown is escaped here or by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from hub.reports.i18n import Words

_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafbfc}
header{background:#0f3d63;color:#fff;padding:10px 24px;display:flex;gap:20px;align-items:center}
header a{color:#fff;text-decoration:none}header .hub{font-weight:700;margin-right:auto}
header a.lang{border:1px solid #fff;border-radius:4px;padding:2px 8px}
main{padding:8px 24px 40px;max-width:1200px}
h1{font-size:24px;margin:16px 0 4px}h2{font-size:19px;margin:28px 0 4px}
h3{font-size:15px;margin:18px 0 4px}.lead{color:#555;margin:4px 0 12px}
section{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:8px 16px 14px;
margin:16px 0}
.downloads{font-size:13px;color:#555;margin:6px 0}.downloads a{margin-left:6px}
.charts{display:flex;flex-wrap:wrap;gap:16px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th,td{border-bottom:1px solid #e1e4e8;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f8}table.summary td,table.rejections td{white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.better{color:#2d7a3a}.worse{color:#b8434e}.muted{color:#888}
svg.chart a{cursor:pointer}svg.chart a:hover rect.achieved{opacity:.8}
"""


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def href(path: str, **params: object) -> str:
    """A link to ``path`` with the given query parameters (None values left out)."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{path}?{query}" if query else path


def page(title: str, body: str, words: Words, switch: str, generated: str) -> str:
    """A whole document; ``switch`` is this page's address in the other language."""
    nav = "".join(
        f"<a href='{e(path)}'>{e(words[key])}</a>"
        for key, path in (
            ("nav.progress", href("/progress/", lang=words.lang)),
            ("nav.quality", href("/quality/", lang=words.lang)),
            ("nav.catalog", "/catalog.jsonld"),
            ("nav.graphql", "/graphql"),
        )
    )
    return (
        f"<!doctype html><html lang='{words.lang}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{e(title)} · {e(words['hub'])}</title><style>{_STYLE}</style></head>"
        f"<body><header><span class='hub'>{e(words['hub'])}</span>{nav}"
        f"<a class='lang' href='{e(switch)}' hreflang='{'en' if words.lang == 'vi' else 'vi'}'>"
        f"{e(words['lang.switch'])}</a></header>"
        f"<main><h1>{e(title)}</h1><p class='lead muted'>{e(words['generated'])} {e(generated)}"
        f"</p>{body}</main></body></html>"
    )


def downloads(words: Words, links: Mapping[str, str]) -> str:
    """The "download data" line: one link per format."""
    anchors = "".join(
        f"<a href='{e(link)}' download class='download-{e(fmt)}'>{e(fmt.upper())}</a>"
        for fmt, link in links.items()
    )
    return f"<p class='downloads'>{e(words['download'])}:{anchors}</p>"


Format = Callable[[Any], str]


def table(
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str]],
    formats: Mapping[str, Format] | None = None,
    numeric: Sequence[str] = (),
    css_class: str = "",
) -> str:
    """Rows of ``frame``; ``columns`` are (column, header) pairs, ``formats`` return
    HTML (escaped by them) for a column's cells, other cells are escaped text."""
    formats = formats or {}
    head = "".join(f"<th>{e(header)}</th>" for _, header in columns)
    rows = []
    for record in frame.to_dict(orient="records"):
        cells = []
        for column, _ in columns:
            value = record.get(column)
            shown = formats[column](value) if column in formats else e(_blank(value))
            css = " class='num'" if column in numeric else ""
            cells.append(f"<td{css}>{shown}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    return (
        f"<table class='{e(css_class)}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _blank(value: object) -> object:
    try:
        return "" if value is None or pd.isna(value) else value  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return value


def percent(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return ""
    return f"{float(value) * 100:.1f}%"  # type: ignore[arg-type]
