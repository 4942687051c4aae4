"""The analysts' questions as data: what each asks, its Cypher, and its parameters.

The guide (``hub.guide.page``) shows each query as a runnable block in Neo4j Browser,
preceded by a ``:params`` block with ``params``; the tests run every query through the
driver with the same parameters. Values are chosen through ``$parameters`` only.
Dates are ISO strings (``'2026-01-31'``); ``asOf: null`` means today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import LiteralString

ParamValue = str | int | None


@dataclass(frozen=True)
class GuideQuery:
    slug: str
    title: str
    question: str
    cypher: LiteralString
    params: dict[str, ParamValue] = field(default_factory=dict)
    notes: str = ""


_FIRM: LiteralString = """
MATCH (e:Enterprise {key: $taxCode})
OPTIONAL MATCH link = (e)-[:HOLDS|WON|RECEIVED|PRODUCES|BRANCH_OF|LOCATED_IN]-()
RETURN e, collect(link) AS links
"""

_CERTIFIED_SUPPLIERS_BY_WARD: LiteralString = """
WITH coalesce(date($asOf), date()) AS day
MATCH (e:Enterprise)-[:HOLDS]->(c:Certificate)
WHERE c.status = 'valid' AND c.issuedOn <= day
  AND (c.expiresOn IS NULL OR c.expiresOn >= day)
WITH DISTINCT e
CALL (e) {
  MATCH (e)-[:PRODUCES]->(p:Product) WHERE p.chain IS NOT NULL
  RETURN p.chain AS chain
  UNION
  MATCH (e)<-[:RECORDED_BY]-(:TraceEvent)-[:ABOUT|CONSUMED]->(l:Lot)
  WHERE l.chain IS NOT NULL
  RETURN l.chain AS chain
}
OPTIONAL MATCH (e)-[:LOCATED_IN]->(w:AdminUnit {era: $era, level: 'ward'})
WITH chain, coalesce(w.name, '(ward not known)') AS ward, e
RETURN chain, ward, count(DISTINCT e) AS suppliers,
       collect(DISTINCT e.name)[..10] AS firms
ORDER BY chain, suppliers DESC, ward
"""

_SEVERAL_PROGRAMMES: LiteralString = """
MATCH (e:Enterprise)-[:RECEIVED]->(s)-[:UNDER]->(p:Programme)
WITH e, collect(DISTINCT p.code) AS programmes,
     collect(DISTINCT s.supportKind) AS supportKinds
WHERE size(programmes) >= $minProgrammes
RETURN e.taxCode AS taxCode, e.name AS firm, size(programmes) AS count,
       programmes, supportKinds
ORDER BY count DESC, firm
"""

_EXPIRING_CERTIFICATES: LiteralString = """
WITH coalesce(date($asOf), date()) AS day
MATCH (e:Enterprise)-[:HOLDS]->(c:Certificate)
WHERE c.status = 'valid' AND c.expiresOn IS NOT NULL
  AND c.expiresOn <= day + duration({days: $days})
  AND (EXISTS { (e)-[:PRODUCES]->(:Product) }
       OR EXISTS { (e)<-[:RECORDED_BY]-(:TraceEvent) })
RETURN e.taxCode AS taxCode, e.name AS firm, c.number AS certificate,
       c.standard AS standard, c.expiresOn AS expiresOn,
       CASE WHEN c.expiresOn < day THEN 'expired'
            ELSE 'expires in ' + toString(duration.inDays(day, c.expiresOn).days) + ' days'
       END AS state,
       EXISTS {
         (e)-[:HOLDS]->(other:Certificate)
         WHERE other <> c AND other.standard = c.standard AND other.status = 'valid'
           AND (other.expiresOn IS NULL OR other.expiresOn > c.expiresOn)
       } AS renewed
ORDER BY expiresOn DESC, firm
"""

_PROGRAMME_PROGRESS: LiteralString = """
MATCH (p:Programme)-[:HAS_TARGET]->(t:Target)
WHERE $programme IS NULL OR p.code = $programme
OPTIONAL MATCH (p)<-[:UNDER]-(s)<-[:RECEIVED]-(e:Enterprise)
WHERE s.supportKind = t.supportKind AND (t.sizes IS NULL OR e.size IN t.sizes)
WITH p, t, count(DISTINCT e) AS firms
RETURN p.code AS programme, t.position AS n, t.indicator AS indicator,
       t.targetText AS target, t.byYear AS byYear,
       CASE WHEN t.supportKind IS NULL THEN null ELSE firms END AS achieved,
       CASE WHEN t.supportKind IS NULL THEN null
            ELSE round(100.0 * firms / t.target, 1) END AS percent
ORDER BY programme, n
"""

_TRACE_A_LOT: LiteralString = """
MATCH (start:Lot {key: $lotCode})
CALL (start) {
  MATCH (l:Lot)-[:INPUT_TO*0..10]->(start) RETURN l
  UNION
  MATCH (start)-[:INPUT_TO*1..10]->(l:Lot) RETURN l
}
WITH collect(l) AS lots
UNWIND lots AS l
OPTIONAL MATCH step = (l)-[:INPUT_TO]->(next:Lot) WHERE next IN lots
OPTIONAL MATCH made = (l)<-[:ABOUT]-(:TraceEvent)-[:RECORDED_BY]->(:Enterprise)
RETURN l AS lot, collect(DISTINCT step) AS steps, collect(DISTINCT made) AS events
"""

_LINKED_BY_NAME: LiteralString = """
MATCH (e:Enterprise)-[r:HOLDS|WON|RECEIVED|PRODUCES|RECORDED_BY]-(rec)
WHERE r.method IN ['name', 'fuzzy_name']
RETURN labels(rec)[0] AS record, rec.name AS recordName, rec.holderName AS nameGiven,
       rec.holderAddress AS addressGiven, e.name AS linkedTo, e.taxCode AS taxCode,
       r.method AS method, r.confidence AS confidence
ORDER BY confidence, record, recordName
LIMIT 500
"""

_REVIEW_QUEUE: LiteralString = """
MATCH (rec:Certificate|Award|MeasurementSupport|ProgrammeSupport|Product|TraceEvent)
WHERE rec.linkStatus IN ['unresolved', 'ambiguous']
RETURN labels(rec)[0] AS record, rec.name AS recordName, rec.linkStatus AS status,
       rec.holderName AS nameGiven, rec.holderTaxCode AS taxCodeGiven,
       rec.holderAddress AS addressGiven,
       COLLECT {
         MATCH (c:Enterprise) WHERE c.key IN coalesce(rec.candidates, [])
         RETURN c.taxCode + ' ' + c.name
       } AS candidates
ORDER BY status, record, nameGiven
LIMIT 500
"""

_MEASUREMENT_BY_DISTRICT: LiteralString = """
MATCH (e:Enterprise)-[:RECEIVED]->(m:MeasurementSupport)
WHERE $year IS NULL OR m.year = $year
OPTIONAL MATCH (d:AdminUnit {level: 'district', era: 'former'})
WHERE d.key IN coalesce(e.unitKeys, [])
WITH m.year AS year, coalesce(d.name, '(district not known)') AS district, e, m
RETURN year, district, count(DISTINCT e) AS firms, count(DISTINCT m) AS supports,
       sum(m.amountVnd) AS amountVnd, sum(m.instruments) AS instruments
ORDER BY year, district
"""

_LOAD_RUNS: LiteralString = """
MATCH (r:LoadRun)
RETURN r.key AS loadRun, r.kind AS kind, r.file AS file, r.agency AS agency,
       r.finishedAt AS finishedAt, r.rowsRead AS rowsRead, r.rowsLoaded AS rowsLoaded,
       r.rowsRejected AS rowsRejected, r.unresolved AS unresolved, r.changed AS changed
ORDER BY finishedAt DESC
LIMIT 50
"""

_LOAD_RUN_CHANGES: LiteralString = """
MATCH (run:LoadRun)
WHERE $loadRun IS NULL OR run.key = $loadRun
WITH run ORDER BY run.finishedAt DESC LIMIT 1
MATCH (n)
WHERE n.createdBy = run.key OR n.updatedBy = run.key
WITH run, labels(n)[0] AS label, n
RETURN run.key AS loadRun, label,
       sum(CASE WHEN n.createdBy = run.key THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN n.createdBy = run.key THEN 0 ELSE 1 END) AS updated,
       collect(n.name)[..5] AS examples
ORDER BY label
"""

_BRANCHES: LiteralString = """
MATCH branch = (b:Enterprise)-[:BRANCH_OF]->(head:Enterprise)
WHERE $headTaxCode IS NULL OR head.key = $headTaxCode
RETURN branch
ORDER BY head.name, b.key
LIMIT 300
"""

_AWARDS_BY_YEAR: LiteralString = """
MATCH (a:Award)
OPTIONAL MATCH (e:Enterprise)-[:WON]->(a)
WITH a, coalesce(e.name, a.holderName + ' (not linked)') AS firm
RETURN a.year AS year, a.award AS award, count(a) AS awards, collect(firm) AS firms
ORDER BY year DESC, award
"""

QUERIES: tuple[GuideQuery, ...] = (
    GuideQuery(
        "firm",
        "One firm and what links to it",
        "What do the datasets say about one enterprise: its certificates, awards, "
        "support, products, branches and administrative units?",
        _FIRM,
        {"taxCode": "3702285168"},
        "The tax code is the canonical one: ten digits, or ten digits, a hyphen and three "
        "for a branch. Double-click a node in the picture to expand it further.",
    ),
    GuideQuery(
        "certified-suppliers-by-ward",
        "Certified suppliers of each pilot chain, by ward",
        "Which firms hold a certificate valid on the day and supply a traceable product "
        "of a pilot chain (eggs, poultry meat, vegetables, melon, pomelo), ward by ward?",
        _CERTIFIED_SUPPLIERS_BY_WARD,
        {"asOf": None, "era": "current"},
        "A supplier produces a product of the chain, or records trace events on its lots. "
        "Set <code>era</code> to <code>'former'</code> for the wards before the reform of "
        "1 July 2025.",
    ),
    GuideQuery(
        "several-programmes",
        "Firms supported by several programmes",
        "Which firms received support (measurement or programme support) under at least "
        "two of the province's programmes?",
        _SEVERAL_PROGRAMMES,
        {"minProgrammes": 2},
    ),
    GuideQuery(
        "expiring-certificates",
        "Traceable suppliers with expired or expiring certificates",
        "Which suppliers of traceable products hold a certificate that has expired, or "
        "expires within the next 90 days?",
        _EXPIRING_CERTIFICATES,
        {"asOf": None, "days": 90},
        "<code>renewed</code> tells whether the firm already holds a later valid "
        "certificate to the same standard.",
    ),
    GuideQuery(
        "programme-progress",
        "Programme progress against targets",
        "For each target of a programme: how many distinct firms the loaded records show "
        "against the target?",
        _PROGRAMME_PROGRESS,
        {"programme": "2684/QĐ-UBND"},
        "Set <code>programme</code> to <code>null</code> for every programme. Indicators "
        "the datasets cannot show (districts, clubs, experts) have no achieved value.",
    ),
    GuideQuery(
        "trace-a-lot",
        "The full trace of a lot",
        "Where did a lot come from and where did it go: every lot up to ten steps "
        "upstream (its inputs) and downstream (what it went into), with who recorded "
        "each event?",
        _TRACE_A_LOT,
        {"lotCode": "LOT-BUOI-2024-000211"},
        "Arrows run from input to output (<code>INPUT_TO</code>). The walk is bounded to "
        "ten steps each way.",
    ),
    GuideQuery(
        "linked-by-name",
        "Records linked to a firm by name only",
        "Which certificates, awards, supports, products and trace events were tied to a "
        "firm by its name rather than its tax code, least certain first?",
        _LINKED_BY_NAME,
        {},
        "<code>method</code> is <code>name</code> (the same name once legal-form words, "
        "case and diacritics are set aside) or <code>fuzzy_name</code> (a near miss).",
    ),
    GuideQuery(
        "review-queue",
        "Records waiting for review",
        "Which records name a firm the hub could not find (unresolved) or could not "
        "choose between several (ambiguous)?",
        _REVIEW_QUEUE,
        {},
        "Each new load tries these again; an enterprise register naming the firm, or an "
        "address, usually settles them.",
    ),
    GuideQuery(
        "measurement-by-district",
        "Measurement support by year and district",
        "How much measurement support went to how many firms, year by year and district "
        "by district?",
        _MEASUREMENT_BY_DISTRICT,
        {"year": None},
        "Districts are those before the 2025 reform (the reform removed the district "
        "level). Set <code>year</code> to a year, such as <code>2024</code>, for one year.",
    ),
    GuideQuery(
        "load-runs",
        "Load runs, newest first",
        "Which files were loaded, when, by which agency, and with how many rows loaded, "
        "rejected and left unresolved?",
        _LOAD_RUNS,
    ),
    GuideQuery(
        "load-run-changes",
        "What a load run changed",
        "Which nodes did a given load run create or change?",
        _LOAD_RUN_CHANGES,
        {"loadRun": None},
        "Copy a key from the previous query into <code>loadRun</code>; "
        "<code>null</code> takes the newest run. A node changed again by a later run "
        "counts for that later run.",
    ),
    GuideQuery(
        "branches",
        "Branch offices and their head office",
        "Which branches does each head office have?",
        _BRANCHES,
        {"headTaxCode": None},
        "Set <code>headTaxCode</code> to one head office's tax code to see its branches only.",
    ),
    GuideQuery(
        "awards-by-year",
        "Quality awards by year",
        "Which firms won which awards, year by year?",
        _AWARDS_BY_YEAR,
    ),
)


def by_slug(slug: str) -> GuideQuery:
    for query in QUERIES:
        if query.slug == slug:
            return query
    raise KeyError(slug)
