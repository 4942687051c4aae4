"""The hub's DCAT catalogue as JSON-LD (DCAT-AP vocabulary), from its LoadRuns.

One ``dcat:Dataset`` per dataset kind and publishing agency, with ``dct:publisher``
(a ``foaf:Agent``), ``dct:issued``/``dct:modified`` (its first and latest LoadRun),
and distributions: the GraphQL endpoint (a ``dcat:DataService``) and, for kinds the
API lists, the exports of ``GET /graphql/export.{csv,xlsx,parquet}`` with the query
that lists them, each under the hub's data licence (``HUB_DATA_LICENSE``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from hub import text
from hub.graph.driver import Row

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_MEDIA = "http://www.iana.org/assignments/media-types/"
_FORMATS = {
    "csv": ("text/csv", "http://publications.europa.eu/resource/authority/file-type/CSV"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "http://publications.europa.eu/resource/authority/file-type/XLSX",
    ),
    "parquet": (
        "application/vnd.apache.parquet",
        "http://publications.europa.eu/resource/authority/file-type/PARQUET",
    ),
}
# Names of the kinds, Vietnamese first.
TITLES: dict[str, tuple[str, str]] = {
    "enterprises": ("Doanh nghiệp", "Enterprises"),
    "certificates": ("Chứng nhận hợp chuẩn, hợp quy, hệ thống quản lý", "Certificates"),
    "awards": ("Giải thưởng chất lượng", "Quality awards"),
    "measurement": ("Hỗ trợ đo lường (996/QĐ-TTg)", "Measurement support"),
    "programme_support": ("Hỗ trợ năng suất, chất lượng", "Programme support"),
    "products": ("Sản phẩm truy xuất nguồn gốc", "Traceable products"),
    "trace_events": ("Sự kiện truy xuất nguồn gốc", "Traceability events"),
    "epcis": ("Sự kiện truy xuất (GS1 EPCIS 2.0)", "Traceability events (EPCIS)"),
}
_NESTED = {
    "certificates": (
        "certificates { number kind standard issuer product issuedOn expiresOn status }"
    ),
    "awards": "awards { award year }",
    "measurement": (
        "measurementSupports { recordId supportKind year amountVnd instruments programme }"
    ),
    "programme_support": "programmeSupports { programme supportKind year note }",
    "products": "products { code name chain }",
}
_FIRM = "taxCode name legalForm address sector size status establishedOn"
_EXPORT = (
    "query Export($after: String) { enterprises(first: 100, after: $after) "
    "{ pageInfo { hasNextPage endCursor } edges { node { __FIELDS__ } } } }"
)


def export_query(kind: str) -> tuple[str, str | None] | None:
    """The GraphQL query that lists a kind's records, and the list to explode."""
    if kind == "enterprises":
        return _EXPORT.replace("__FIELDS__", _FIRM), None
    nested = _NESTED.get(kind)
    if nested is None:
        return None
    return _EXPORT.replace("__FIELDS__", f"taxCode name {nested}"), nested.split(" ", 1)[0]


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.fold(value)).strip("-") or "hub"


def _typed(value: str | None, kind: str) -> dict[str, str] | None:
    return {"@value": value, "@type": f"xsd:{kind}"} if value else None


def catalogue(rows: Sequence[Row], base: str, licence: str, publisher: str) -> dict[str, Any]:
    """The JSON-LD document; ``base`` is the hub's address, ``publisher`` names the hub's
    operator (the publisher of data loaded without an agency)."""
    graphql = f"{base}/graphql"
    service = {
        "@id": f"{base}/catalog.jsonld#graphql",
        "@type": "dcat:DataService",
        "dct:title": "GraphQL API",
        "dcat:endpointURL": {"@id": graphql},
        "dct:conformsTo": {"@id": "https://spec.graphql.org/"},
        "dct:license": {"@id": licence},
    }
    datasets = [_dataset(row, base, licence, publisher, service) for row in rows]
    return {
        "@context": CONTEXT,
        "@id": f"{base}/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": [
            {"@value": "Danh mục dữ liệu của Cổng dữ liệu tỉnh", "@language": "vi"},
            {"@value": "Provincial Data Hub catalogue", "@language": "en"},
        ],
        "dct:description": [
            {
                "@value": "Các bộ dữ liệu mở của tỉnh do các cơ quan gửi lên, liên kết trong "
                "một đồ thị và phục vụ qua GraphQL.",
                "@language": "vi",
            },
            {
                "@value": "The province's open datasets sent by its agencies, linked in one "
                "graph and served over GraphQL.",
                "@language": "en",
            },
        ],
        "dct:publisher": _agent(base, publisher),
        "dct:license": {"@id": licence},
        "dcat:service": service,
        "dcat:dataset": datasets,
    }


def _agent(base: str, name: str) -> dict[str, Any]:
    return {
        "@id": f"{base}/catalog.jsonld#agent-{_slug(name)}",
        "@type": "foaf:Agent",
        "foaf:name": name,
    }


def _dataset(
    row: Row, base: str, licence: str, publisher: str, service: dict[str, Any]
) -> dict[str, Any]:
    kind, agency = row["kind"], row.get("agency") or publisher
    vi, en = TITLES.get(kind, (kind, kind))
    distributions: list[dict[str, Any]] = [
        {
            "@type": "dcat:Distribution",
            "dct:title": "GraphQL",
            "dcat:accessURL": {"@id": f"{base}/graphql"},
            "dcat:accessService": {"@id": service["@id"]},
            "dcat:mediaType": {"@id": _MEDIA + "application/json"},
            "dct:license": {"@id": licence},
        }
    ]
    export = export_query(kind)
    if export is not None:
        query, explode = export
        for fmt, (media, file_type) in _FORMATS.items():
            params = {"query": query, **({"explode": explode} if explode else {})}
            url = f"{base}/graphql/export.{fmt}?{urlencode(params)}"
            distributions.append(
                {
                    "@type": "dcat:Distribution",
                    "dct:title": f"{en} ({fmt.upper()})",
                    "dcat:accessURL": {"@id": url},
                    "dcat:downloadURL": {"@id": url},
                    "dcat:mediaType": {"@id": _MEDIA + media},
                    "dct:format": {"@id": file_type},
                    "dct:license": {"@id": licence},
                }
            )
    dataset: dict[str, Any] = {
        "@id": f"{base}/catalog.jsonld#dataset-{_slug(kind)}-{_slug(agency)}",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{kind}/{agency}",
        "dct:title": [
            {"@value": f"{vi} · {agency}", "@language": "vi"},
            {"@value": f"{en} · {agency}", "@language": "en"},
        ],
        "dct:description": [
            {
                "@value": f"{vi} do {agency} gửi: {row['rows']} dòng trong {row['runs']} lần nạp.",
                "@language": "vi",
            },
            {
                "@value": f"{en} sent by {agency}: {row['rows']} rows in {row['runs']} loads.",
                "@language": "en",
            },
        ],
        "dcat:keyword": [kind],
        "dct:publisher": _agent(base, agency),
        "dcat:distribution": distributions,
    }
    for key, value in (("dct:issued", row.get("issued")), ("dct:modified", row.get("modified"))):
        typed = _typed(value, "dateTime")
        if typed:
            dataset[key] = typed
    return dataset
