"""Vietnamese for the clerk: every refusal, row-error reason and warning of a load in
Vietnamese with ``--lang vi`` (or a Vietnamese ``LANG``), and over the API when
``Accept-Language`` asks for it; English otherwise."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from app.cli.main import main
from hub.graph.driver import Graph
from tests.agency import forms
from tests.agency.forms import table_csv
from tests.conftest import load
from tests.partner.conftest import new_key, upload_headers

BAD = [
    ["Số GCN", "Loại", "Mã số thuế", "Tên doanh nghiệp", "Tiêu chuẩn", "Ngày cấp",
     "Ngày hết hạn", "Trạng thái", "Cột lạ"],
    ["A-1", "hợp quy", "3700635643", "", "QCVN 8-2:2011/BYT", "01/03/2024", "", "", "x"],
    ["A-2", "hợp lệ", "3700635642", "", "QCVN 8-2:2011/BYT", "01/03/2024", "", "", ""],
    ["A-3", "hợp quy", "3700635642", "", "QCVN 8-2:2011/BYT", "31/02/2024", "", "", ""],
    ["A-4", "hợp quy", "3700635642", "", "QCVN 8-2:2011/BYT", "01/03/2024", "01/01/2024",
     "", ""],
    ["A-5", "hợp quy", "3700635642", "", "QCVN 8-2:2011/BYT", "01/03/2024", "", "mất", ""],
    ["A-5", "hợp quy", "3700635642", "", "QCVN 8-2:2011/BYT", "01/03/2024", "", "", ""],
    ["A-6", "hợp quy", "", "", "QCVN 8-2:2011/BYT", "01/03/2024", "", "", ""],
]  # fmt: skip
# English words a Vietnamese message never needs (codes and column names aside).
_ENGLISH = re.compile(r"\b(the|is|not|row|rows|column|skipped|ignored|file|missing)\b")


def _words(report: dict[str, object]) -> list[str]:
    errors = [str(e["reason"]) for e in report["errors"]]  # type: ignore[attr-defined]
    return [*errors, *report["warnings"]]  # type: ignore[misc]


def test_every_reason_and_warning_of_a_load_is_worded_in_vietnamese(
    clean_graph: Graph, tmp_path: Path
) -> None:
    files = [table_csv(tmp_path / "gcn.csv", BAD), forms.report_xlsx(tmp_path / "bao_cao.xlsx")]
    for path in files:
        english = load(clean_graph, "certificates", path, dry_run=True).as_dict()
        vietnamese = load(clean_graph, "certificates", path, dry_run=True, lang="vi").as_dict()
        assert len(_words(english)) == len(_words(vietnamese)) > 3
        for en, vi in zip(_words(english), _words(vietnamese), strict=True):
            assert en != vi
            assert not _ENGLISH.search(vi.replace(path.name, "")), vi
    codes = {e.code for e in load(clean_graph, "certificates", files[0], dry_run=True).errors}
    assert codes >= {"invalid-tax-code", "unknown-value", "bad-date", "date-order"}
    # An unknown value is answered with the spellings the template's drop-down offers.
    vi = load(clean_graph, "certificates", files[0], dry_run=True, lang="vi")
    kind = next(e.reason for e in vi.errors if e.column == "kind")
    assert "chứng nhận hợp quy" in kind and "regulation_certification" not in kind


def test_refusals_in_vietnamese(clean_graph: Graph, tmp_path: Path) -> None:
    refusals = [
        (tmp_path / "trong.csv", b"", "empty-file"),
        (tmp_path / "thieu.csv", "Mã số thuế\n3700635642\n".encode(), "missing-column"),
        (tmp_path / "rac.xlsx", b"PK\x03\x04 not really a zip", None),
    ]
    for path, body, code in refusals:
        path.write_bytes(body)
        english = load(clean_graph, "enterprises", path, lang="en")
        vietnamese = load(clean_graph, "enterprises", path, lang="vi")
        assert english.refused and vietnamese.refused and english.refused != vietnamese.refused
        assert code is None or vietnamese.refused_code == code
        assert not _ENGLISH.search(vietnamese.refused.replace(path.name, "")), vietnamese.refused
    strict = load(clean_graph, "certificates", table_csv(tmp_path / "g.csv", BAD), strict=True,
                  lang="vi")  # fmt: skip
    assert strict.refused_code == "strict" and "dòng" in (strict.refused or "")


def test_lang_on_the_command_line_and_from_the_locale(
    clean_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path = table_csv(tmp_path / "gcn.csv", BAD)
    argv = ["load", "certificates", str(path), "--dry-run"]
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert main(argv) == 0
    by_locale = capsys.readouterr().out
    assert "bị từ chối" in by_locale and "dòng 4, cột issued_on" in by_locale, by_locale
    assert "None" not in by_locale  # an empty cell is not shown as a Python value
    assert main([*argv, "--lang", "en"]) == 0
    english = capsys.readouterr().out
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert main([*argv, "--lang", "vi"]) == 0
    assert _without_seconds(capsys.readouterr().out) == _without_seconds(by_locale)
    assert main(argv) == 0
    assert _without_seconds(capsys.readouterr().out) == _without_seconds(english)
    assert _without_seconds(english) != _without_seconds(by_locale)
    assert main([*argv, "--json", "--lang", "vi"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "không phải ngày có thật" in json.dumps(report, ensure_ascii=False)
    # A usage error stays a usage error in either language.
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "load", "certificates", str(path), "--lang", "fr"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "--lang" in done.stderr


async def test_accept_language_words_an_uploads_refusal_in_vietnamese(
    client: httpx.AsyncClient, clean_graph: Graph, tmp_path: Path
) -> None:
    token = new_key(clean_graph, "Chi cục TĐC", ["certificates"])
    body = table_csv(tmp_path / "gcn.csv", BAD).read_bytes()
    url = "/api/v1/datasets/certificates?strict=true"
    answers = {}
    for header in ("vi-VN,vi;q=0.9,en;q=0.5", "en-US,en;q=0.9", None):
        headers = upload_headers(token)
        if header:
            headers["Accept-Language"] = header
        response = await client.post(url, content=body, headers=headers)
        assert response.status_code == 422
        answers[header] = response.json()
    vietnamese = answers["vi-VN,vi;q=0.9,en;q=0.5"]
    assert vietnamese["refused_code"] == "strict"
    assert "dòng" in vietnamese["refused"]
    assert answers[None]["refused"] == answers["en-US,en;q=0.9"]["refused"] != vietnamese["refused"]
    reasons = [e["reason"] for e in vietnamese["errors"]]
    assert any("không phải ngày có thật" in r for r in reasons), reasons


def _without_seconds(text: str) -> str:
    return re.sub(r"[0-9]+[.,][0-9]+ ?s", "", text)
