"""Hostile files: what an attacker or a careless partner sends (issue 13, input side).

``python -m tests.data.bad.hostile`` rewrites the small files committed beside this
script in ``hostile/``; the big ones (``big=True``) are built by the tests and by
``python -m bench.hostile`` in a temporary folder. Each case says what the hub must
answer: ``refused`` with a refusal code, or ``loaded`` with a row-error code among its
rejected rows (``code``), and the group it counts in for the peak-RSS figures.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stdnum.vn import mst

from tests.data.bad import make_corpus as corpus

HERE = Path(__file__).resolve().parent / "hostile"
FIRM = corpus.TAX_CODES[0]  # 3709900006
# One firm's code in the look-alike digits Unicode offers; NFKC makes each ASCII.
LOOKALIKES = (
    "３７０９９００００６",  # full-width
    "𝟑𝟕𝟎𝟗𝟗𝟎𝟎𝟎𝟎𝟔",  # mathematical bold
    "37０9９0𝟎006",  # mixed
)
ARABIC_INDIC = "٣٧٠٩٩٠٠٠٠٦"  # the same code in Arabic-Indic digits: refused, named
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
BIDI_NAME = "Công ty \u202eTNHH\u202c Đảo \u2066Chiều\u2069\u200f"
BIDI_CLEAN = "Công ty TNHH Đảo Chiều"


@dataclass(frozen=True)
class Hostile:
    kind: str
    group: str  # for the peak-RSS figures: xlsx, atomic, tax-codes, text, numbers, json, epcis
    status: str  # "refused" or "loaded"
    code: str | None  # the refusal's code, or a code among the rejected rows
    make: Callable[[Path], Path]
    big: bool = False  # built by the tests, not committed


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _enterprises(path: Path, rows: list[tuple[str, str]]) -> Path:
    return _csv(path, ["tax_code", "name"], [list(row) for row in rows])


def _json(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def unclosed_quote_at(path: Path, line: int = 6000) -> Path:
    """Valid, distinct enterprise rows up to ``line``, where a quote opens and never
    closes: a loader writing 5,000-row chunks as it reads would have written one."""
    rows = []
    for i in range(line - 2):
        body = f"37098{i:04d}"
        rows.append([body + mst.calc_check_digit(body), f"Công ty Nguyên Tử {i}"])
    _csv(path, ["tax_code", "name"], rows)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f'{FIRM},"Công ty Dấu Ngoặc\n{FIRM},never closed\n')
    return path


def many_columns(path: Path, count: int = 100_000) -> Path:
    header = ["tax_code", "name", *(f"cot_la_{i}" for i in range(count))]
    return _csv(path, header, [[FIRM, "Công ty Nhiều Cột"]])


def deep_json(path: Path, depth: int = 100_000) -> Path:
    path.write_text('[{"tax_code": ' + "[" * depth + "]" * depth + "}]", encoding="utf-8")
    return path


def deep_jsonl(path: Path, depth: int = 100_000) -> Path:
    path.write_text('{"tax_code": ' + "[" * depth + "]" * depth + "}\n", encoding="utf-8")
    return path


def deep_epcis(path: Path, depth: int = 100_000) -> Path:
    body = '{"epcisBody": {"eventList": [{"type": "ObjectEvent", "x": '
    path.write_text(body + "[" * depth + "]" * depth + "}]}}", encoding="utf-8")
    return path


def long_number_json(path: Path, digits: int = 5000) -> Path:
    row = '{"record_id": "H-1", "tax_code": "%s", "support_type": "training", "year": 2023, '
    path.write_text(f'[{row % FIRM}"amount_vnd": {"1" * digits}}}]', encoding="utf-8")
    return path


def long_number_epcis(path: Path, digits: int = 5000) -> Path:
    event = corpus._epcis_event(0, quantityList=[{"epcClass": "urn:x", "quantity": 0}])
    text = json.dumps(corpus._epcis_doc([event])).replace(
        '"quantity": 0', f'"quantity": {"7" * digits}'
    )
    path.write_text(text, encoding="utf-8")
    return path


def mixed_epcis(path: Path) -> Path:
    events: list[object] = [
        corpus._epcis_event(i, eventID=f"urn:uuid:hostile-{i}") for i in range(3)
    ]
    events += [
        "urn:epc:id:sgtin:8930000.000001.9",  # not an object
        corpus._epcis_event(4, type="TeleportEvent"),
        corpus._epcis_event(5, quantityList=[{"epcClass": "urn:x", "quantity": 1}]),
    ]
    text = json.dumps(corpus._epcis_doc(events)).replace('"quantity": 1}', '"quantity": 1e400}')
    path.write_text(text, encoding="utf-8")
    return path


def broken_after_events(path: Path) -> Path:
    events = [corpus._epcis_event(i, eventID=f"urn:uuid:cut-{i}") for i in range(200)]
    text = json.dumps(corpus._epcis_doc(events))
    path.write_text(text[: len(text) - 40], encoding="utf-8")
    return path


def huge_event(path: Path, epcs: int = 200_000) -> Path:
    big = corpus._epcis_event(
        0,
        eventID="urn:uuid:hostile-huge",
        epcList=[f"urn:epc:id:sgtin:8930000.000002.{i}" for i in range(epcs)],
    )
    return _json(path, corpus._epcis_doc([big, corpus._epcis_event(1, eventID="urn:uuid:small")]))


CASES: dict[str, Hostile] = {
    # XLSX: sized by what it declares, not what it holds
    "xlsx_far_cells.xlsx": Hostile(
        "enterprises", "xlsx", "loaded", "invalid-tax-code", corpus.make_far_cells_xlsx
    ),
    "xlsx_wide_range.xlsx": Hostile(
        "enterprises", "xlsx", "loaded", "invalid-tax-code", corpus.make_wide_range_xlsx
    ),
    "xlsx_beyond_xfd.xlsx": Hostile(
        "enterprises", "xlsx", "refused", "too-large", corpus.make_beyond_xfd_xlsx
    ),
    "xlsx_inflating_480mb.xlsx": Hostile(
        "enterprises", "xlsx", "refused", "too-large", corpus.make_inflating_xlsx, big=True
    ),
    "xlsx_billion_laughs.xlsx": Hostile(
        "enterprises",
        "xlsx",
        "refused",
        "unsafe-xml",
        lambda p: corpus.make_dtd_xlsx(p, corpus.BILLION_LAUGHS),
    ),
    "xlsx_xxe.xlsx": Hostile(
        "enterprises",
        "xlsx",
        "refused",
        "unsafe-xml",
        lambda p: corpus.make_dtd_xlsx(p, corpus.XXE),
    ),
    "xlsx_encrypted.xlsx": Hostile(
        "enterprises", "xlsx", "refused", "encrypted-workbook", corpus.make_encrypted_xlsx
    ),
    "xls_renamed.xlsx": Hostile(
        "enterprises", "xlsx", "refused", "old-excel-format", corpus.make_renamed_xls
    ),
    # A refusal found late writes nothing
    "csv_unclosed_quote_at_6000.csv": Hostile(
        "enterprises", "atomic", "refused", "broken-csv", unclosed_quote_at, big=True
    ),
    # Tax codes
    "tax_codes_lookalike.csv": Hostile(
        "enterprises",
        "tax-codes",
        "loaded",
        "duplicate-record",
        lambda p: _enterprises(
            p, [(FIRM, "Công ty Ba Mặt"), *((c, "Công ty Ba Mặt") for c in LOOKALIKES)]
        ),
    ),
    "tax_codes_arabic_indic.csv": Hostile(
        "enterprises",
        "tax-codes",
        "loaded",
        "invalid-tax-code",
        lambda p: _enterprises(p, [(ARABIC_INDIC, "Công ty Chữ Số Ả Rập")]),
    ),
    # Invisible and bidirectional characters
    "text_invisible.csv": Hostile(
        "enterprises",
        "text",
        "loaded",
        "missing-value",
        lambda p: _enterprises(
            p, [(corpus.TAX_CODES[1], INVISIBLE), (corpus.TAX_CODES[2], BIDI_NAME)]
        ),
    ),
    # Numbers no column holds
    "numbers_out_of_range.csv": Hostile(
        "measurement",
        "numbers",
        "loaded",
        "out-of-range",
        lambda p: _csv(
            p,
            ["record_id", "tax_code", "support_type", "year", "amount_vnd", "instruments"],
            [
                ["H-N1", FIRM, "training", "2023", "9223372036854775808", "1"],
                ["H-N2", FIRM, "training", "2023", "1000", "1e400"],
                ["H-N3", FIRM, "training", "2023", "NaN", "2"],
                ["H-N4", FIRM, "training", "2023", "1000", "-inf"],
                ["H-N5", FIRM, "training", "1e400", "1000", "2"],
                ["H-N6", FIRM, "training", "2023", "99999999999999999999999999", "2"],
                ["H-N7", FIRM, "training", "2023", "5.000.000", "3"],
            ],
        ),
    ),
    "trace_quantities.csv": Hostile(
        "trace_events",
        "numbers",
        "loaded",
        "out-of-range",
        lambda p: _csv(
            p,
            ["event_id", "event_time", "event_type", "biz_step", "lot_code", "quantity"],
            [
                [f"H-Q{i}", "2025-03-01T06:00:00+07:00", "object", "commissioning", f"H-L{i}", q]
                for i, q in enumerate(["nan", "inf", "1e400", "-Infinity", "12,5"])
            ],
        ),
    ),
    "numbers_30_digits.json": Hostile(
        "measurement",
        "numbers",
        "loaded",
        "out-of-range",
        lambda p: (
            p.write_text(
                f'[{{"record_id": "H-J1", "tax_code": "{FIRM}", "support_type": "training", '
                f'"year": 2023, "amount_vnd": {"9" * 30}, "instruments": NaN}}]',
                encoding="utf-8",
            )
            or p
        ),
    ),
    # JSON, JSON Lines and EPCIS limits
    "json_deep.json": Hostile("enterprises", "json", "refused", "too-deep", deep_json, big=True),
    "jsonl_deep.jsonl": Hostile("enterprises", "json", "refused", "too-deep", deep_jsonl, big=True),
    "json_5000_digits.json": Hostile(
        "measurement", "json", "refused", "too-large", long_number_json
    ),
    "epcis_deep.json": Hostile("epcis", "epcis", "refused", "too-deep", deep_epcis, big=True),
    "epcis_5000_digits.json": Hostile("epcis", "epcis", "refused", "too-large", long_number_epcis),
    "epcis_mixed_events.json": Hostile("epcis", "epcis", "loaded", "wrong-type", mixed_epcis),
    "epcis_broken_after_events.json": Hostile(
        "epcis", "epcis", "refused", "broken-json", broken_after_events
    ),
    # Warnings capped like errors
    "csv_100k_unknown_columns.csv": Hostile(
        "enterprises", "warnings", "loaded", None, many_columns, big=True
    ),
}


def build(name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return CASES[name].make(folder / name)


def path_of(name: str, scratch: Path) -> Path:
    """The committed file, or the big one built in ``scratch``."""
    return build(name, scratch) if CASES[name].big else HERE / name


def write_committed(root: Path = HERE) -> list[Path]:
    return [build(name, root) for name, case in CASES.items() if not case.big]


if __name__ == "__main__":
    written = write_committed(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"{len(written)} files written")
