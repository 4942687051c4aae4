"""The guide as HTML in the slides format Neo4j Browser plays with ``:play URL``.

Browser fetches the page, keeps what is inside ``<slide>`` elements (one slide each,
inside ``<article class="guide"><carousel>``) and drops scripts. A
``<pre class="code runnable">`` block copies its text into the editor when clicked.
The slides are shown on Browser's own page, whose content security policy allows
images from itself or ``data:`` addresses only: the model picture travels inline.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from functools import cache
from html import escape

from hub.guide.picture import graph_model_svg
from hub.guide.queries import QUERIES, GuideQuery, ParamValue
from hub.settings import Settings

TITLE = "Provincial Data Hub: a guide for analysts"
PICTURE_PATH = "/guide/graph-model.svg"


def cypher_literal(value: ParamValue) -> str:
    """A parameter value as Cypher text, for a ``:params`` line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    quoted = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{quoted}'"


def params_command(params: dict[str, ParamValue]) -> str:
    """``:params {a: 1, b: 'x'}``: sets exactly these parameters in Browser."""
    pairs = ", ".join(f"{name}: {cypher_literal(value)}" for name, value in params.items())
    return f":params {{{pairs}}}"


def _runnable(text: str) -> str:
    return f'<pre class="code runnable">{escape(text.strip())}</pre>'


def _slide(*parts: str) -> str:
    body = "\n".join(parts)
    return f'<slide class="row-fluid">\n<div class="col-sm-12">\n{body}\n</div>\n</slide>'


@cache
def _picture_data_url() -> str:
    encoded = base64.b64encode(graph_model_svg().encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def _intro_slide(base_url: str) -> str:
    link = f"{base_url}{PICTURE_PATH}"
    return _slide(
        "<h3>The province's datasets as one graph</h3>",
        f'<p><a href="{escape(link)}" target="_blank">'
        f'<img src="{_picture_data_url()}" alt="The graph model: labels and relationships" '
        'style="max-width:100%;max-height:360px"></a></p>',
        "<p>Every node shows its <code>name</code> as its caption. Relationships read as "
        "sentences: an Enterprise HOLDS a Certificate, a Lot is INPUT_TO another Lot, a "
        "former AdminUnit BECAME a current one.</p>",
    )


def _how_slide(base_url: str, settings: Settings, queries: Iterable[GuideQuery]) -> str:
    items = "\n".join(f"<li>{escape(q.title)}</li>" for q in queries)
    return _slide(
        "<h3>How to use this guide</h3>",
        '<p class="lead">Enterprises, certificates, awards, measurement and programme '
        "support, traceable products and trace events, linked by tax code (or, failing "
        "that, by name) and placed in the administrative units before and after the "
        "reform of 1 July 2025. Each of the next slides asks one question of them.</p>",
        "<ol>"
        "<li>Click the <code>:params</code> block and run it (Ctrl+Enter): it sets the "
        "values the query uses. Change them in the editor before running.</li>"
        "<li>Click the query and run it. Results that hold nodes show as a graph; the "
        "Table view lists every column.</li>"
        "</ol>",
        f"<p>The questions:</p>\n<ol>\n{items}\n</ol>",
        _runnable(f":play {base_url}/guide/"),
        "<p>plays this guide again. The hub's local Neo4j answers on "
        f"<code>bolt://127.0.0.1:{settings.neo4j_bolt_port}</code>, database "
        f"<code>{escape(settings.neo4j_database)}</code>.</p>",
    )


def _query_slide(number: int, query: GuideQuery) -> str:
    parts = [
        f'<h3 id="{escape(query.slug)}">{number}. {escape(query.title)}</h3>',
        f'<p class="lead">{escape(query.question)}</p>',
    ]
    if query.params:
        parts.append(_runnable(params_command(query.params)))
    parts.append(_runnable(query.cypher))
    if query.notes:
        parts.append(f"<p>{query.notes}</p>")  # notes are the guide's own trusted HTML
    return _slide(*parts)


def render_guide(base_url: str, settings: Settings) -> str:
    """The whole guide; ``base_url`` is where the hub answers, without a final slash."""
    slides = [_intro_slide(base_url), _how_slide(base_url, settings, QUERIES)]
    slides += [_query_slide(n, q) for n, q in enumerate(QUERIES, start=1)]
    deck = "\n".join(slides)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(TITLE)}</title>\n</head>\n<body>\n"
        '<article class="guide">\n<carousel class="deck container-fluid">\n'
        f"{deck}\n</carousel>\n</article>\n</body>\n</html>\n"
    )
