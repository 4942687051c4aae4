"""The DCAT catalogue, read back as RDF with rdflib, and its distributions followed."""

from __future__ import annotations

import io
from datetime import datetime
from urllib.parse import urlsplit

import httpx
import pandas as pd
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD

from hub.graph.driver import Graph as HubGraph
from hub.settings import Settings
from tests.reports.conftest import FIXTURES, PLANNING, QUALITY_AGENCY

# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph (rdflib 7.x).
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

BASE = "http://hub"
CSV_TYPE = URIRef("http://www.iana.org/assignments/media-types/text/csv")
SPEC = Namespace("https://spec.graphql.org/")


async def _catalogue(client: httpx.AsyncClient) -> Graph:
    answer = await client.get("/catalog.jsonld")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/ld+json")
    return Graph().parse(data=answer.text, format="json-ld", publicID=f"{BASE}/catalog.jsonld")


def _one(rdf: Graph, subject: object, predicate: URIRef) -> object:
    values = list(rdf.objects(subject, predicate))  # type: ignore[arg-type]
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


async def test_one_dataset_per_kind_and_agency_with_publisher_and_dates(
    client: httpx.AsyncClient, loaded: HubGraph, settings: Settings
) -> None:
    rdf = await _catalogue(client)
    [catalogue] = list(rdf.subjects(RDF.type, DCAT.Catalog))
    datasets = list(rdf.objects(catalogue, DCAT.dataset))
    assert set(datasets) == set(rdf.subjects(RDF.type, DCAT.Dataset))
    published = {
        (
            str(_one(rdf, d, DCTERMS.identifier)),
            str(_one(rdf, _one(rdf, d, DCTERMS.publisher), FOAF.name)),
        )
        for d in datasets
    }
    expected = {
        (f"{kind}/{agency or settings.publisher}", agency or settings.publisher)
        for kind, _, agency in FIXTURES
    }
    assert published == expected
    for dataset in datasets:
        modified = _one(rdf, dataset, DCTERMS.modified)
        issued = _one(rdf, dataset, DCTERMS.issued)
        assert isinstance(modified, Literal) and modified.datatype == XSD.dateTime
        assert (
            isinstance(modified.toPython(), datetime) and issued.toPython() <= modified.toPython()
        )  # type: ignore[union-attr]
        titles = {t.language for t in rdf.objects(dataset, DCTERMS.title)}  # type: ignore[union-attr]
        assert titles == {"vi", "en"}
    [service] = list(rdf.subjects(RDF.type, DCAT.DataService))
    assert _one(rdf, service, DCAT.endpointURL) == URIRef(f"{BASE}/graphql")
    assert _one(rdf, service, DCTERMS.conformsTo) == URIRef(str(SPEC))


async def test_distributions_are_licensed_and_the_exports_download(
    client: httpx.AsyncClient, loaded: HubGraph, settings: Settings
) -> None:
    rdf = await _catalogue(client)
    certificates = next(
        d
        for d in rdf.subjects(RDF.type, DCAT.Dataset)
        if str(_one(rdf, d, DCTERMS.identifier)) == f"certificates/{QUALITY_AGENCY}"
    )
    distributions = list(rdf.objects(certificates, DCAT.distribution))
    for distribution in distributions:
        assert _one(rdf, distribution, DCTERMS.license) == URIRef(settings.data_license)
    access = {_one(rdf, d, DCAT.accessURL) for d in distributions}
    assert URIRef(f"{BASE}/graphql") in access
    [csv] = [d for d in distributions if (d, DCAT.mediaType, CSV_TYPE) in rdf]
    url = urlsplit(str(_one(rdf, csv, DCAT.downloadURL)))
    download = await client.get(f"{url.path}?{url.query}")
    assert download.status_code == 200, download.text
    table = pd.read_csv(io.StringIO(download.content.decode("utf-8-sig")), dtype=str)
    assert {"taxCode", "name", "certificates.number", "certificates.expiresOn"} <= set(table)
    assert {"QMS-001", "QMS-002", "FSMS-003"} <= set(table["certificates.number"])
    enterprises = next(
        d
        for d in rdf.subjects(RDF.type, DCAT.Dataset)
        if str(_one(rdf, d, DCTERMS.identifier)) == f"enterprises/{PLANNING}"
    )
    assert (
        len(list(rdf.objects(enterprises, DCAT.distribution))) == 4
    )  # GraphQL, CSV, XLSX, Parquet
