"""The sample-data generator: deterministic, consistent with its manifest and the province's
reported results, and mess only where it says so. Reads the files back as a clerk's tools
would (csv, openpyxl, json); loading into Neo4j is the loaders' business, not tested here."""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from stdnum import ean
from stdnum.vn import mst

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a tool beside the installed packages
    sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    CERT_KINDS,
    CHAIN_LABELS,
    COLUMNS,
    P2943,
    REFERENCE_DATE,
    generate,
    wards,
)

SAMPLE = ROOT / "data" / "sample"
TAX_COLUMNS = ("tax_code", "producer_tax_code", "actor_tax_code")
Row = dict[str, Any]


@pytest.fixture(scope="module")
def scale1(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("scale1")
    return out, generate(out, scale=1)


def _entry(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in manifest["files"] if e["file"] == name)


def _canonical(kind: str) -> dict[str, str]:
    """Header as written (Vietnamese or English) -> canonical column."""
    return {**{vi: c for c, vi in COLUMNS[kind].items()}, **{c: c for c in COLUMNS[kind]}}


def _rows(folder: Path, entry: dict[str, Any]) -> Iterator[tuple[int, Row]]:
    """(row number as the manifest counts it, row keyed by canonical column)."""
    path, fmt = folder / entry["file"], entry["format"]
    if fmt == "csv":
        encoding = {"utf-16": "utf-16", "utf-8-sig": "utf-8-sig"}.get(entry["encoding"], "utf-8")
        with path.open(encoding=encoding, newline="") as fh:
            names = _canonical(entry["kind"])
            for i, raw in enumerate(csv.DictReader(fh, delimiter=entry["delimiter"]), start=2):
                yield i, {names[k]: v for k, v in raw.items() if v != ""}
    elif fmt == "xlsx":
        values = iter(_xlsx_values(path))
        header = [_canonical(entry["kind"])[str(h)] for h in next(values)]
        for i, cells in enumerate(values, start=2):
            yield i, {n: v for n, v in zip(header, cells, strict=True) if v not in (None, "")}
    elif fmt == "json":
        for i, raw in enumerate(json.loads(path.read_text("utf-8")), start=1):
            yield i, {k: v for k, v in raw.items() if v != ""}
    else:
        with path.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh, start=1):
                yield i, {k: v for k, v in json.loads(line).items() if v != ""}


def _repair(value: object) -> str:
    """Undo what spreadsheets do to tax codes (numbers, `.0`, lost zeros, separators)."""
    text = str(value).removesuffix(".0").replace("-", "").replace(" ", "")
    return "0" + text if len(text) in (9, 12) else text


def _bad(manifest: dict[str, Any]) -> set[tuple[str, int, str]]:
    return {(e["file"], b["row"], b["column"]) for e in manifest["files"] for b in e["bad_rows"]}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name != "README.md")


def _xlsx_values(path: Path) -> list[tuple[Any, ...]]:
    book = load_workbook(path, read_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()  # read-only workbooks keep the file open until closed


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale=0.2, seed=7)
    generate(tmp_path / "b", scale=0.2, seed=7)
    generate(tmp_path / "c", scale=0.2, seed=8)
    first = _files(tmp_path / "a")
    assert [p.name for p in first] == [p.name for p in _files(tmp_path / "b")]
    for path in first:
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
    other = tmp_path / "c" / "enterprises.csv"
    assert other.read_bytes() != (tmp_path / "a" / "enterprises.csv").read_bytes()


def test_committed_sample_is_what_the_generator_writes(scale1: tuple[Path, Row]) -> None:
    folder, _ = scale1
    assert [p.name for p in _files(SAMPLE)] == [p.name for p in _files(folder)]
    for path in _files(folder):
        if path.suffix == ".xlsx":  # zlib versions may deflate differently; compare cells
            assert _xlsx_values(path) == _xlsx_values(SAMPLE / path.name)
        else:
            assert path.read_bytes() == (SAMPLE / path.name).read_bytes(), path.name


def test_manifest_row_counts_match_the_files(scale1: tuple[Path, Row]) -> None:
    folder, manifest = scale1
    for entry in manifest["files"]:
        if entry["kind"] == "epcis":
            document = json.loads((folder / entry["file"]).read_text("utf-8"))
            assert len(document["epcisBody"]["eventList"]) == entry["rows"]
            continue
        numbers = [n for n, _ in _rows(folder, entry)]
        assert len(numbers) == entry["rows"], entry["file"]
        first = 1 if entry["format"] in ("json", "jsonl") else 2
        assert numbers == list(range(first, first + entry["rows"]))


def test_scale_one_has_the_briefed_sizes(scale1: tuple[Path, Row]) -> None:
    _, manifest = scale1
    rows = {e["file"]: e["rows"] for e in manifest["files"]}
    assert 990 <= rows["enterprises.csv"] <= 1010
    assert 2_700 <= rows["certificates.xlsx"] <= 3_800
    assert 9_900 <= rows["trace_events.jsonl"] <= 10_200
    assert rows["awards.csv"] >= 12
    for entry in manifest["files"]:
        assert len(entry["bad_rows"]) <= 4


def test_tax_codes_are_valid_except_the_deliberate_bad_ones(scale1: tuple[Path, Row]) -> None:
    folder, manifest = scale1
    bad, checked, branches, damaged = _bad(manifest), 0, 0, 0
    for entry in manifest["files"]:
        if entry["kind"] == "epcis":
            continue
        for number, row in _rows(folder, entry):
            for column in TAX_COLUMNS:
                if column not in row:
                    continue
                value, code = row[column], _repair(row[column])
                expected = (entry["file"], number, column) not in bad
                assert mst.is_valid(code) is expected, (entry["file"], number, value)
                checked += 1
                branches += len(code) == 13
                damaged += str(value).replace("-", "") != code
    assert checked > 10_000 and branches > 100 and damaged > 20


def test_bad_rows_break_the_rule_they_claim(scale1: tuple[Path, Row]) -> None:
    folder, manifest = scale1
    for entry in manifest["files"]:
        by_number = dict(_rows(folder, entry)) if entry["bad_rows"] else {}
        for bad in entry["bad_rows"]:
            row = by_number[bad["row"]]
            if bad["reason"] == "required value missing":
                assert bad["column"] not in row
            else:
                assert str(row[bad["column"]]) == bad["value"]
    reasons = {b["reason"] for e in manifest["files"] for b in e["bad_rows"]}
    assert {"impossible date", "unknown certificate kind", "negative amount"} <= reasons


def _names(folder: Path, manifest: Row) -> dict[str, str]:
    entry = _entry(manifest, "enterprises.csv")
    return {r["name"]: _repair(r["tax_code"]) for _, r in _rows(folder, entry) if "name" in r}


def _holder(row: Row, names: dict[str, str], *columns: str) -> str | None:
    code_column, name_column = columns or ("tax_code", "enterprise_name")
    if code_column in row:
        return _repair(row[code_column])
    return names.get(row.get(name_column, ""))


def test_programme_2943_reported_results_hold(scale1: tuple[Path, Row]) -> None:
    folder, manifest = scale1
    names = _names(folder, manifest)
    firms: dict[str, set[str]] = {}
    for _, row in _rows(folder, _entry(manifest, "programme_support.csv")):
        if row["programme"] == P2943:
            code = _holder(row, names)
            assert code, row
            firms.setdefault(row["support_kind"], set()).add(code)
    assert len(firms["productivity_tools"]) == 7
    assert len(firms["management_system"]) == 15
    assert len(firms["quality_award"]) == 12
    assert len(firms["conformity"]) > 300
    awarded = {
        _holder(r, names)
        for _, r in _rows(folder, _entry(manifest, "awards.csv"))
        if 2017 <= int(r["year"]) <= 2020
    }
    assert firms["quality_award"] <= awarded
    certified = _certified_2017_2020(folder, manifest, names)
    assert firms["management_system"] <= certified["management_system"]
    assert firms["conformity"] <= certified["conformity"]


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    return datetime.strptime(str(value), "%d/%m/%Y").date()


def _kind(value: str) -> str:
    return {label: kind for kind, label in CERT_KINDS.items()}.get(value, value)


def _certificates(folder: Path, manifest: Row, names: dict[str, str]) -> Iterator[Row]:
    """Certificate rows with the holder resolved (the manifest says whom a variant means)."""
    entry = _entry(manifest, "certificates.xlsx")
    meant = {n["row"]: n["expected"] for n in entry["name_rows"]}
    bad = {b["row"] for b in entry["bad_rows"]}
    for number, row in _rows(folder, entry):
        if number not in bad:
            holder = _holder(row, names) or meant.get(number)
            yield {**row, "holder": holder, "kind": _kind(row["kind"])}


def _certified_2017_2020(folder: Path, manifest: Row, names: dict[str, str]) -> dict[str, set]:
    out: dict[str, set[str]] = {"management_system": set(), "conformity": set()}
    for row in _certificates(folder, manifest, names):
        if 2017 <= _day(row["issued_on"]).year <= 2020:
            group = "management_system" if row["kind"] == "management_system" else "conformity"
            out[group].add(row["holder"])
    return out


def test_name_only_certificate_rows_include_ambiguous_and_unknown(
    scale1: tuple[Path, Row],
) -> None:
    folder, manifest = scale1
    entry = _entry(manifest, "certificates.xlsx")
    expected = [n["expected"] for n in entry["name_rows"]]
    assert expected.count("ambiguous") >= 2 and expected.count("none") >= 2
    assert 0.02 * entry["rows"] < len(expected) < 0.08 * entry["rows"]
    names = _names(folder, manifest)
    rows = dict(_rows(folder, entry))
    for note in entry["name_rows"]:
        row = rows[note["row"]]
        assert "tax_code" not in row and row["enterprise_name"] == note["value"]
        assert note["value"] not in names  # a variant, never the registered spelling


def _chains(folder: Path, manifest: Row) -> dict[str, str]:
    """Product code -> canonical chain."""
    labels = {label: chain for chain, label in CHAIN_LABELS.items()}
    entry = _entry(manifest, "products.json")
    return {
        r["product_code"]: str(labels.get(r["chain"], r["chain"]))
        for _, r in _rows(folder, entry)
        if r.get("product_code")
    }


def test_every_chain_has_lots_linked_three_or_more_hops_deep(scale1: tuple[Path, Row]) -> None:
    folder, manifest = scale1
    entry = _entry(manifest, "trace_events.jsonl")
    bad = {b["row"] for b in entry["bad_rows"]}
    inputs: dict[str, list[str]] = {}
    chain_of = _chains(folder, manifest)
    lot_chain: dict[str, str] = {}
    for number, row in _rows(folder, entry):
        if number in bad:
            continue
        lot_chain[row["lot_code"]] = chain_of[row["product_code"]]
        if row.get("input_lots"):
            inputs[row["lot_code"]] = row["input_lots"].split(";")
    depth: dict[str, int] = {}

    def upstream(lot: str) -> int:
        if lot not in depth:
            depth[lot] = 1 + max(map(upstream, inputs[lot])) if lot in inputs else 0
        return depth[lot]

    deepest: dict[str, int] = {}
    for lot, chain in lot_chain.items():
        deepest[chain] = max(deepest.get(chain, 0), upstream(lot))
    assert set(deepest) == set(CHAIN_LABELS)
    assert all(d >= 3 for d in deepest.values()), deepest
    assert all(i in lot_chain for lots in inputs.values() for i in lots)  # no dangling inputs


def _valid_standards(folder: Path, manifest: Row, names: dict[str, str]) -> dict[str, set]:
    out: dict[str, set[str]] = {}
    for row in _certificates(folder, manifest, names):
        issued = _day(row["issued_on"])
        expires = _day(row["expires_on"]) if "expires_on" in row else None
        valid = issued <= REFERENCE_DATE and (expires is None or expires >= REFERENCE_DATE)
        if row["status"] == "valid" and valid and row["holder"]:
            out.setdefault(row["holder"], set()).add(row["standard"])
    return out


def _suppliers(folder: Path, manifest: Row, names: dict[str, str]) -> dict[str, set]:
    chain_of = _chains(folder, manifest)
    out: dict[str, set[str]] = {}
    for _, row in _rows(folder, _entry(manifest, "products.json")):
        code = _holder(row, names, "producer_tax_code", "producer_name")
        if row.get("product_code") and code:
            out.setdefault(chain_of[row["product_code"]], set()).add(code)
    entry = _entry(manifest, "trace_events.jsonl")
    bad = {b["row"] for b in entry["bad_rows"]}
    for number, row in _rows(folder, entry):
        code = _holder(row, names, "actor_tax_code", "actor_name")
        if number not in bad and code:
            out.setdefault(chain_of[row["product_code"]], set()).add(code)
    return out


def _matches(standard: str, prefix: str) -> bool:
    return standard.startswith(prefix) or standard.removeprefix("TCVN ").startswith(prefix)


def test_flagship_question_has_a_non_trivial_answer(scale1: tuple[Path, Row]) -> None:
    folder, manifest = scale1
    names = _names(folder, manifest)
    standards = _valid_standards(folder, manifest, names)
    suppliers = _suppliers(folder, manifest, names)
    addresses = {
        _repair(r["tax_code"]): r.get("address", "")
        for _, r in _rows(folder, _entry(manifest, "enterprises.csv"))
    }
    for fact in manifest["facts"]["certified_traceable_suppliers"]:
        found = {
            code
            for code in suppliers[fact["chain"]]
            if any(_matches(s, fact["standard"]) for s in standards.get(code, ()))
        }
        if fact["admin_unit"]:
            ward = next(w for w in wards()["74"] if w.name == fact["admin_unit"])
            assert fact["count"] >= 2
            assert all(
                ward.name in addresses[c] or ward.new_name in addresses[c]
                for c in fact["tax_codes"]
            )
            found = set(fact["tax_codes"])  # the ward filter is the hub's job
        else:
            assert fact["count"] >= 5
        assert sorted(found) == fact["tax_codes"], fact


def test_products_carry_valid_vietnamese_gtins_or_agency_codes(scale1: tuple[Path, Row]) -> None:
    folder, manifest = scale1
    codes = list(_chains(folder, manifest))
    gtins = [c for c in codes if c[0].isdigit()]
    assert len(gtins) > 20 and len(codes) - len(gtins) > 20
    assert all(len(c) == 13 and c.startswith("893") and ean.is_valid(c) for c in gtins)
    assert all(c.startswith("BD-") for c in codes if not c[0].isdigit())


def test_epcis_sample_is_an_epcis_2_document(scale1: tuple[Path, Row]) -> None:
    folder, manifest = scale1
    document = json.loads((folder / "epcis_sample.jsonld").read_text("utf-8"))
    assert document["@context"][0].endswith("/epcis/2.0.0/epcis-context.jsonld")
    assert (document["type"], document["schemaVersion"]) == ("EPCISDocument", "2.0")
    events = document["epcisBody"]["eventList"]
    types = {e["type"] for e in events}
    assert {"ObjectEvent", "TransformationEvent", "AggregationEvent"} <= types
    gtins = [c for c in _chains(folder, manifest) if c[0].isdigit()]
    transform = next(e for e in events if e["type"] == "TransformationEvent")
    for quantity in transform["inputQuantityList"] + transform["outputQuantityList"]:
        prefix, item, lot = quantity["epcClass"].removeprefix("urn:epc:class:lgtin:").split(".")
        assert any(g.startswith(prefix + item[1:]) for g in gtins) and lot.startswith("LOT-")


def test_addresses_use_real_wards_before_and_after_the_reform(scale1: tuple[Path, Row]) -> None:
    folder, manifest = scale1
    addresses = [
        r["address"]
        for _, r in _rows(folder, _entry(manifest, "enterprises.csv"))
        if r.get("address")
    ]
    new = [a for a in addresses if a.endswith("Thành phố Hồ Chí Minh") and "Quận" not in a]
    assert 0.15 < len(new) / len(addresses) < 0.35
    old_wards = {w.name for w in wards()["74"]}
    old = [a for a in addresses if a.endswith("Tỉnh Bình Dương")]
    assert len(old) > 0.5 * len(addresses)
    assert all(a.split(", ")[-3] in old_wards for a in old)


def test_clean_mode_writes_plain_csv_with_english_headers(tmp_path: Path) -> None:
    manifest = generate(tmp_path, scale=0.05, messy=False)
    assert {p.suffix for p in _files(tmp_path)} == {".csv", ".json"}
    for entry in manifest["files"]:
        assert (entry["format"], entry["encoding"], entry["bad_rows"]) == ("csv", "utf-8", [])
        header = (tmp_path / entry["file"]).read_text("utf-8").splitlines()[0]
        assert header == ",".join(COLUMNS[entry["kind"]])
        for _, row in _rows(tmp_path, entry):
            for column in TAX_COLUMNS:
                assert column not in row or mst.is_valid(row[column])


def test_a_tenth_of_scale_one_is_fast(tmp_path: Path) -> None:
    started = time.perf_counter()
    manifest = generate(tmp_path, scale=0.1)
    assert time.perf_counter() - started < 5
    assert 90 <= _entry(manifest, "enterprises.csv")["rows"] <= 110


def test_sample_readme_lists_the_manifest_bad_rows() -> None:
    manifest = json.loads((SAMPLE / "manifest.json").read_text("utf-8"))
    listed = set()
    for line in (SAMPLE / "README.md").read_text("utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1].isdigit():
            listed.add((cells[0], int(cells[1]), cells[2]))
    assert listed == {(f, row, column) for f, row, column in _bad(manifest)}
