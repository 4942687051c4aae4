"""The progress page and its firm lists, as HTML (``hub.reports.html``, ``charts``)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from hub.reports import charts
from hub.reports.html import downloads, e, href, page, percent, table
from hub.reports.i18n import Words
from hub.reports.progress import ERAS, Programme, ProgressData, TargetFirms

DATA_PATH = "/progress/data"
FIRMS_PATH = "/progress/firms"
_FORMATS = ("csv", "xlsx")


def data_links(**params: object) -> dict[str, str]:
    return {fmt: href(f"{DATA_PATH}.{fmt}", **params) for fmt in _FORMATS}


def render_progress(data: ProgressData, words: Words, chains: Sequence[str]) -> str:
    body = [
        f"<p class='lead'>{e(words['progress.lead'])} {e(words['targets.click'])}</p>",
        *(_programme(p, words) for p in data.programmes),
        _chains(data, words, chains),
        _expiring(data, words),
        _maps(data, words),
    ]
    other = "en" if words.lang == "vi" else "vi"
    return page(
        words["progress.title"],
        "".join(body),
        words,
        href("/progress/", lang=other),
        data.today.isoformat(),
    )


def _programme(programme: Programme, words: Words) -> str:
    bars = []
    for t in programme.targets.to_dict(orient="records"):
        achieved = None if pd.isna(t["achieved"]) else int(t["achieved"])
        target_text = words.target_text(str(t["target_text"]))
        caption = target_text
        if achieved is not None:
            caption = f"{achieved:,} / {target_text} ({percent(t['share'])})"
        link = None
        if achieved is not None:
            link = href(FIRMS_PATH, programme=programme.code, target=t["position"], lang=words.lang)
        bars.append(
            charts.Bar(
                label=words.indicator(t["indicator"]),
                value=achieved,
                target=float(t["target"]),
                caption=caption,
                href=link,
            )
        )
    title = f"{programme.code}: {programme.title or ''}"
    chart = charts.target_bars(bars, title, words["targets.unmeasured"])
    return (
        f"<section class='programme' id='programme-{e(programme.key.replace(' ', '-'))}'>"
        f"<h2>{e(programme.code)}</h2><p class='lead'>{e(programme.title or '')} "
        f"<span class='muted'>({e(programme.period or '')})</span></p>{chart}"
        + downloads(words, data_links(chart="programme", programme=programme.code))
        + "</section>"
    )


def _chains(data: ProgressData, words: Words, chains: Sequence[str]) -> str:
    frame = data.chains
    graphs = []
    for chain in chains:
        rows = frame[frame["chain"] == chain]
        name = words.get(f"chain.{chain}", chain)
        series = [
            charts.Series(
                words["chains.suppliers"],
                list(zip(rows["day"], rows["suppliers"].astype(float), strict=True)),
                charts.PALETTE[0],
            ),
            charts.Series(
                words["chains.certified"],
                list(zip(rows["day"], rows["certified"].astype(float), strict=True)),
                charts.PALETTE[2],
                dashed=True,
            ),
        ]
        graphs.append(charts.line_chart(series, name, width=360))
    content = f"<div class='charts'>{''.join(graphs)}</div>" if len(frame) else _none(words)
    return (
        f"<section id='chains'><h2>{e(words['chains.title'])}</h2>"
        f"<p class='lead'>{e(words['chains.lead'])}</p>{content}"
        + downloads(words, data_links(chart="chains"))
        + "</section>"
    )


def _expiring(data: ProgressData, words: Words) -> str:
    expiring = data.expiring
    columns = [
        charts.Column(
            f"{words['expiring.week']} {int(w) + 1}",
            float(n),
            charts.PALETTE[3] if int(w) * 7 < 30 else charts.PALETTE[1],
            note=str(starts),
        )
        for w, starts, n in expiring.weeks.itertuples(index=False)
    ]
    chart = charts.column_chart(columns, words["expiring.title"], width=760)
    listing = table(
        expiring.first,
        [
            ("expires_on", words["cert.expires"]),
            ("days_left", words["cert.days_left"]),
            ("number", words["cert.number"]),
            ("standard", words["cert.standard"]),
            ("issuer", words["cert.issuer"]),
            ("firm", words["firm.name"]),
            ("tax_code", words["firm.tax_code"]),
        ],
        numeric=["days_left"],
        css_class="expiring",
    )
    return (
        f"<section id='expiring'><h2>{e(words['expiring.title'])}</h2>"
        f"<p class='lead'><strong class='soon'>{expiring.soon:,}</strong> "
        f"{e(words['expiring.in30'])} · <strong class='window'>{expiring.total:,}</strong> "
        f"{e(words['expiring.in90'])}</p>{chart}"
        f"<h3>{e(words['expiring.first'])}</h3>{listing if expiring.total else _none(words)}"
        + downloads(words, data_links(chart="expiring"))
        + "</section>"
    )


def _maps(data: ProgressData, words: Words) -> str:
    parts = []
    for era in ERAS:
        frame = data.wards[era]
        placed = frame.dropna(subset=["lat", "lon"])
        places = [
            charts.Place(float(r["lat"]), float(r["lon"]), float(r["firms"]), str(r["name"]))
            for r in placed.to_dict(orient="records")
        ]
        title = words[f"map.{era}"]
        chart = charts.dot_map(places, data.background[era], title)
        unplaced = int(frame["firms"][frame["lat"].isna()].sum())
        note = f"<p class='muted'>{unplaced} {e(words['map.unplaced'])}</p>" if unplaced else ""
        parts.append(
            f"<div class='map map-{era}'>{chart}{note}"
            + downloads(words, data_links(chart=f"wards-{era}"))
            + "</div>"
        )
    return (
        f"<section id='map'><h2>{e(words['map.title'])}</h2>"
        f"<p class='lead'>{e(words['map.lead'])}</p><div class='charts'>{''.join(parts)}</div>"
        "</section>"
    )


def render_firms(behind: TargetFirms, words: Words, generated: str) -> str:
    """The firms behind one target's bar."""
    programme, target, firms = behind.programme, behind.target, behind.firms
    position = target["position"]
    indicator = words.indicator(str(target["indicator"]))
    achieved = target.get("achieved") or 0
    shown = words["firms.shown"].format(shown=len(firms), total=achieved)
    links = {
        fmt: href(f"{FIRMS_PATH}.{fmt}", programme=programme.code, target=position)
        for fmt in _FORMATS
    }
    listing = table(
        firms,
        [
            ("tax_code", words["firm.tax_code"]),
            ("name", words["firm.name"]),
            ("size", words["firm.size"]),
            ("address", words["firm.address"]),
        ],
        css_class="firms",
    )
    back = href("/progress/", lang=words.lang)
    body = (
        f"<p class='lead'><strong>{e(programme.code)}</strong> · {e(indicator)}: "
        f"{e(achieved)} / {e(words.target_text(str(target.get('targetText') or target['target'])))}"
        "</p>"
        f"<p class='muted'>{e(shown)}</p>{listing}"
        + downloads(words, links)
        + f"<p><a href='{e(back)}'>{e(words['firms.back'])}</a></p>"
    )
    other = "en" if words.lang == "vi" else "vi"
    switch = href(FIRMS_PATH, programme=programme.code, target=position, lang=other)
    return page(words["firms.title"], body, words, switch, generated)


def _none(words: Words) -> str:
    return f"<p class='muted'>{e(words['none'])}</p>"
