"""Each kind loads from small fixtures into the real Neo4j; the graph is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.graph import admin
from hub.graph.driver import Graph
from tests.conftest import DATA, graph_fingerprint, load

FIX = DATA / "loaders"


def _one(graph: Graph, cypher: str, **params: object) -> dict:
    rows = graph.read(cypher, params)  # type: ignore[arg-type]
    assert len(rows) == 1, rows
    return rows[0]


def _errors(report) -> list[tuple[int, str | None]]:
    return [(e.row, e.column) for e in report.errors]


def _load_all(graph: Graph) -> list:
    return [
        load(graph, "enterprises", FIX / "enterprises.csv"),
        load(graph, "certificates", FIX / "certificates.csv"),
        load(graph, "awards", FIX / "awards.csv"),
        load(graph, "measurement", FIX / "measurement.csv"),
        load(graph, "programme_support", FIX / "programme_support.csv"),
        load(graph, "products", FIX / "products.json"),
        load(graph, "trace_events", FIX / "trace_events.csv"),
    ]


def test_enterprises_load_repairs_codes_and_links_branches(clean_graph: Graph) -> None:
    report = load(clean_graph, "enterprises", FIX / "enterprises.csv")
    assert report.ok and report.rows_read == 9 and report.rows_loaded == 9
    assert report.rows_rejected == 0
    assert any("Ghi chú nội bộ" in w for w in report.warnings)
    # A code that lost its leading zero, and one read as a number, are repaired.
    assert _one(clean_graph, "MATCH (e:Enterprise {key: '0301234562'}) RETURN e.name AS n")["n"]
    assert (
        _one(clean_graph, "MATCH (e:Enterprise {key: '3703556678'}) RETURN e.size AS s")["s"]
        == "micro"
    )
    branch = _one(
        clean_graph,
        "MATCH (b:Enterprise {key: '3700635642-001'})-[:BRANCH_OF]->(h) "
        "RETURN h.key AS head, h.name AS name, b.isBranch AS isBranch",
    )
    assert branch == {
        "head": "3700635642",
        "name": "Công ty TNHH Thực phẩm Phú Hòa",
        "isBranch": True,
    }
    row = _one(
        clean_graph,
        "MATCH (e:Enterprise {key: '3700635642'}) RETURN e.establishedOn AS d, e.status AS s, "
        "e.unitKeys AS units",
    )
    assert str(row["d"]) == "2005-03-15" and row["s"] == "active"
    assert "former:province:74" in row["units"]


def test_bad_enterprise_rows_are_reported_and_the_rest_loads(clean_graph: Graph) -> None:
    report = load(clean_graph, "enterprises", FIX / "enterprises_bad.csv")
    assert report.ok
    assert report.rows_loaded == 1 and report.rows_rejected == 4
    assert _errors(report) == [
        (2, "tax_code"),
        (3, "name"),
        (4, "established_on"),
        (5, "size"),
    ]
    assert all(e.reason for e in report.errors)
    assert report.errors[0].value == "3700635643"


def test_certificates_link_by_tax_code_name_or_stay_unresolved(clean_graph: Graph) -> None:
    load(clean_graph, "enterprises", FIX / "enterprises.csv")
    report = load(clean_graph, "certificates", FIX / "certificates.csv")
    assert report.ok and report.rows_loaded == 8 and report.unresolved == 2
    links = {
        row["number"]: (row["holder"], row["method"], row["status"])
        for row in clean_graph.read(
            "MATCH (c:Certificate) OPTIONAL MATCH (e:Enterprise)-[h:HOLDS]->(c) "
            "RETURN c.number AS number, e.key AS holder, h.method AS method, "
            "c.linkStatus AS status"
        )
    }
    assert links["QMS-001"] == ("3700635642", "tax_code", "linked")
    assert links["FSMS-003"] == ("3700635642-001", "tax_code", "linked")
    # 'Cty TNHH Rau xanh Phu Loi' is 'Công ty TNHH Rau Xanh Phú Lợi'.
    assert links["HC-005"] == ("3706889900", "name", "linked")
    # Two firms share the name 'Công ty TNHH Cơ khí Hiệp Thành': never guessed.
    assert links["QMS-006"] == (None, None, "ambiguous")
    assert links["QMS-007"] == (None, None, "unresolved")
    ambiguous = _one(
        clean_graph, "MATCH (c:Certificate {number: 'QMS-006'}) RETURN c.candidates AS c"
    )
    assert sorted(ambiguous["c"]) == ["3701000003", "3701000370"]


def test_a_later_enterprise_load_resolves_kept_rows(clean_graph: Graph) -> None:
    first = load(clean_graph, "certificates", FIX / "certificates.csv")
    assert first.unresolved == 3  # no enterprise known by name yet
    load(clean_graph, "enterprises", FIX / "enterprises.csv")
    row = _one(
        clean_graph,
        "MATCH (e:Enterprise)-[h:HOLDS]->(c:Certificate {number: 'HC-005'}) "
        "RETURN e.key AS key, h.method AS method, c.linkStatus AS status",
    )
    assert row == {"key": "3706889900", "method": "name", "status": "linked"}


def test_bad_certificate_rows_name_row_column_and_reason(clean_graph: Graph) -> None:
    report = load(clean_graph, "certificates", FIX / "certificates_bad.csv")
    assert report.rows_loaded == 1 and report.rows_rejected == 6
    assert _errors(report) == [
        (2, "kind"),
        (3, "tax_code"),
        (4, "issued_on"),
        (5, "standard"),
        (6, "tax_code"),
        (7, "expires_on"),
    ]


def test_a_missing_required_column_refuses_the_file(clean_graph: Graph) -> None:
    report = load(clean_graph, "certificates", FIX / "certificates_missing_column.csv")
    assert not report.ok
    assert "standard" in (report.refused or "")
    assert _one(clean_graph, "MATCH (c:Certificate) RETURN count(c) AS n")["n"] == 0


def test_strict_refuses_on_any_row_error_and_writes_nothing(clean_graph: Graph) -> None:
    report = load(clean_graph, "enterprises", FIX / "enterprises_bad.csv", strict=True)
    assert not report.ok and "4 rows" in (report.refused or "")
    assert _one(clean_graph, "MATCH (e:Enterprise) RETURN count(e) AS n")["n"] == 0


def test_dry_run_reports_and_writes_nothing(clean_graph: Graph) -> None:
    report = load(clean_graph, "enterprises", FIX / "enterprises_bad.csv", dry_run=True)
    assert report.ok and report.rows_loaded == 1 and report.rows_rejected == 4
    assert (
        _one(clean_graph, "MATCH (n) WHERE n:Enterprise OR n:LoadRun RETURN count(n) AS n")["n"]
        == 0
    )


def test_other_kinds_load_with_their_bad_rows_reported(clean_graph: Graph) -> None:
    reports = {r.kind: r for r in _load_all(clean_graph)}
    assert _errors(reports["awards"]) == [(5, "year")]
    assert _errors(reports["measurement"]) == [(5, "amount_vnd"), (6, "support_type")]
    assert _errors(reports["programme_support"]) == [(9, "support_kind")]
    assert _errors(reports["products"]) == [(6, "product_code"), (7, "chain")]
    assert _errors(reports["trace_events"]) == [(8, "input_lots"), (9, "lot_code")]
    award = _one(
        clean_graph,
        "MATCH (e:Enterprise)-[w:WON]->(a:Award {award: 'asia_pacific_quality_award'}) "
        "RETURN e.key AS key, w.method AS method",
    )
    assert award == {"key": "3702445566", "method": "name"}
    support = _one(
        clean_graph,
        "MATCH (m:MeasurementSupport {recordId: 'DL-2023-001'})-[:UNDER]->(p:Programme) "
        "RETURN m.amountVnd AS amount, m.supportKind AS kind, p.code AS programme",
    )
    assert support == {
        "amount": 12500000,
        "kind": "measurement_assurance",
        "programme": "996/QĐ-TTg",
    }
    # '2684/QD-UBND' and '2684/QĐ-UBND' are one programme.
    under = _one(
        clean_graph,
        "MATCH (p:Programme {code: '2684/QĐ-UBND'})<-[:UNDER]-(s) RETURN count(s) AS n",
    )
    assert under["n"] == 4


def test_traceability_links_lots_products_and_actors(clean_graph: Graph) -> None:
    _load_all(clean_graph)
    links = clean_graph.read(
        "MATCH (a:Lot)-[r:INPUT_TO]->(b:Lot) RETURN a.key AS a, b.key AS b, r.eventId AS ev "
        "ORDER BY a, b"
    )
    assert [(r["a"], r["b"], r["ev"]) for r in links] == [
        ("LOT-TRUNG-A", "PALLET-TRUNG-1", "EV-3"),
        ("LOT-TRUNG-B", "PALLET-TRUNG-1", "EV-3"),
        ("PALLET-TRUNG-1", "LOT-BANH-1", "EV-5"),
    ]
    chains = {
        r["lot"]: r["chain"]
        for r in clean_graph.read("MATCH (l:Lot) RETURN l.key AS lot, l.chain AS chain")
    }
    assert chains["LOT-TRUNG-A"] == "eggs" and chains["LOT-BANH-1"] is None
    actor = _one(
        clean_graph,
        "MATCH (ev:TraceEvent {eventId: 'EV-4'})-[r:RECORDED_BY]->(e) "
        "RETURN e.key AS key, r.method AS method",
    )
    assert actor == {"key": "3700635642", "method": "name"}
    producer = _one(
        clean_graph,
        "MATCH (e:Enterprise)-[r:PRODUCES]->(p:Product {key: 'BD-RAU-0001'}) "
        "RETURN e.key AS key, r.method AS method, p.chain AS chain",
    )
    assert producer == {"key": "3706889900", "method": "name", "chain": "vegetables"}


def test_provenance_records_the_load_run_on_nodes(clean_graph: Graph) -> None:
    report = load(clean_graph, "enterprises", FIX / "enterprises.csv", agency="Sở KH&ĐT")
    run = _one(
        clean_graph,
        "MATCH (r:LoadRun {key: $key}) RETURN r.kind AS kind, r.file AS file, "
        "r.rowsLoaded AS loaded, r.agency AS agency, r.checksum AS checksum",
        key=report.load_run,
    )
    assert run == {
        "kind": "enterprises",
        "file": "enterprises.csv",
        "loaded": 9,
        "agency": "Sở KH&ĐT",
        "checksum": report.checksum,
    }
    node = _one(clean_graph, "MATCH (e:Enterprise {key: '3700635642'}) RETURN e.loadRuns AS r")
    assert node["r"] == [report.load_run]


def test_loading_everything_twice_changes_nothing(clean_graph: Graph) -> None:
    _load_all(clean_graph)
    before = graph_fingerprint(clean_graph)
    again = _load_all(clean_graph)
    assert [r.changed for r in again] == [0] * len(again)
    assert graph_fingerprint(clean_graph) == before


def test_a_newer_version_of_a_record_updates_it(clean_graph: Graph, tmp_path: Path) -> None:
    load(clean_graph, "enterprises", FIX / "enterprises.csv")
    first = load(clean_graph, "certificates", FIX / "certificates.csv")
    newer = tmp_path / "certificates_v2.csv"
    text = (FIX / "certificates.csv").read_text(encoding="utf-8")
    newer.write_text(
        text.replace("10/01/2024,09/01/2027,hiệu lực", "10/01/2024,09/01/2027,thu hồi"),
        encoding="utf-8",
    )
    second = load(clean_graph, "certificates", newer)
    assert second.changed == 1
    row = _one(
        clean_graph,
        "MATCH (c:Certificate {number: 'QMS-001'}) RETURN c.status AS s, c.loadRuns AS runs, "
        "c.updatedBy AS by",
    )
    assert row == {
        "s": "withdrawn",
        "runs": [first.load_run, second.load_run],
        "by": second.load_run,
    }


@pytest.mark.parametrize("kind", ["enterprises", "certificates", "products"])
def test_an_empty_file_is_refused_with_a_reason(
    clean_graph: Graph, tmp_path: Path, kind: str
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    report = load(clean_graph, kind, empty)
    assert not report.ok and "empty" in (report.refused or "").lower()


def _shared_node_files(folder: Path, rows: int) -> tuple[Path, Path]:
    """A certificates file and a trace events file whose first and last rows name the
    same firm, standard and lot differently (the rows between name others)."""
    import csv

    certificates = folder / "certificates.csv"
    with certificates.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        header = "Số giấy chứng nhận,Loại,Mã số thuế,Tên doanh nghiệp,Tiêu chuẩn / Quy chuẩn,"
        out.writerow((header + "Tổ chức chứng nhận,Ngày cấp").split(","))
        for i in range(rows):
            first, last = i == 0, i == rows - 1
            name = "Công ty Đầu Tiên" if first else "Công ty Cuối Cùng" if last else None
            standard = "ISO 22000:2018" if first else "iso 22000:2018" if last else "ISO 9001"
            out.writerow(
                [
                    f"C-{i:04d}",
                    "management_system",
                    "3700635642" if name else "",
                    name or f"Công ty Số {i}",
                    standard,
                    "QUACERT",
                    "10/01/2024",
                ]
            )
    events = folder / "trace_events.csv"
    with events.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        header = "event_id,event_time,event_type,biz_step,lot_code,product_code,actor_tax_code"
        out.writerow(header.split(","))
        for i in range(rows):
            shared = i in (0, rows - 1)
            product = "8930000000026" if i == rows - 1 else "8930000000019"
            out.writerow(
                [
                    f"EV-{i}",
                    "2025-03-01T06:00:00+07:00",
                    "object",
                    "commissioning",
                    "LOT-SHARED" if shared else f"LOT-{i}",
                    product,
                    "3700635642",
                ]
            )
    return certificates, events


def test_what_chunks_share_is_shaped_by_the_files_first_row(
    clean_graph: Graph, tmp_path: Path
) -> None:
    """Chunks are written two at once, the short last one often first; a stub firm's
    name, a standard's spelling and a lot's product still come from the first row."""
    from loaders.products import product_key

    certificates, events = _shared_node_files(tmp_path, 400)
    for _ in range(3):  # a race may go either way once
        assert load(clean_graph, "certificates", certificates, chunk_rows=399).ok
        assert load(clean_graph, "trace_events", events, chunk_rows=399).ok
        stored = _one(
            clean_graph,
            "MATCH (e:Enterprise {key: '3700635642'}), (s:Standard {key: 'iso 22000 2018'}), "
            "(l:Lot {key: 'LOT-SHARED'}) RETURN e.name AS firm, s.code AS standard, "
            "l.productCode AS product",
        )
        assert stored == {
            "firm": "Công ty Đầu Tiên",
            "standard": "ISO 22000:2018",
            "product": product_key("8930000000019"),
        }
        admin.clear_data(clean_graph)
