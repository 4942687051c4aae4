"""Linking by name: what links, what never does, and the evidence every link carries."""

from __future__ import annotations

import pytest

from loaders.linking import EnterpriseIndex, could_relink

REGISTER = [
    (
        "3700000001",
        "Hợp tác xã Sản xuất Gỗ Phước Nam",
        "Xã An Bình, Huyện Phú Giáo, Tỉnh Bình Dương",
    ),
    ("3700000002", "Công ty TNHH Thương mại Dịch vụ Phước Minh", None),
    (
        "3700000003",
        "Công ty TNHH Tân Tiến Bao Bì",
        "Phường Dĩ An, Thành phố Dĩ An, Tỉnh Bình Dương",
    ),
    ("3700000004", "Công ty TNHH Cơ khí Hiệp Thành", None),
    ("3700000005", "Công ty Cổ phần Cơ khí Hiệp Thành", None),
    ("3700000006", "Công ty TNHH MTV Gỗ Minh Phát", None),
    ("3700000007", "Công ty TNHH Thực phẩm Phú Hòa", "Phường Phú Hòa, Thành phố Thủ Dầu Một"),
    ("3700000008", "Công ty TNHH Thực phẩm Phú Hòa", "Phường Lái Thiêu, Thành phố Thuận An"),
    ("3700000009", "Công ty TNHH Sản xuất Nhựa Long Hưng", None),
    ("3700000010", "Công ty TNHH Nhựa Long Hưng", None),
]


@pytest.fixture(scope="module")
def index() -> EnterpriseIndex:
    from hub.geo.address import parse_address

    built = EnterpriseIndex()
    for key, name, address in REGISTER:
        units = parse_address(address) if address else None
        wards = [k for k in units.unit_keys if ":ward:" in k] if units else []
        built.add(key, name, wards, address)
    return built


@pytest.mark.parametrize(
    ("written", "firm"),
    [
        # the spellings a person links
        ("Hợp tác xã Phước Nam SX Gỗ", "3700000001"),
        ("Phước Minh Thương Mại Dịch Vụ", "3700000002"),
        ("Công ty TNHH Tân Tiến Bao Bì (Dĩ An)", "3700000003"),
        ("CÔNG TY TNHH TÂN TIẾN BAO BÌ", "3700000003"),
        ("Cty TNHH Tan Tien Bao Bi", "3700000003"),
        ("Cong ty trach nhiem huu han mot thanh vien Go Minh Phat", "3700000006"),
        ("C.TY TNHH MTV GỖ MIHN PHÁT", "3700000006"),  # a slip: "Mihn" is no word
        ("Cty TNHH 1TV Gỗ MinhPhát", "3700000006"),
        ("Cty TNHH MTV Minh Phát Gỗ", "3700000006"),
        ("Gỗ Minh Phát", "3700000006"),  # no form: the words are the register's alone
    ],
)
def test_spellings_a_person_would_link(index: EnterpriseIndex, written: str, firm: str) -> None:
    link = index.resolve(written)
    assert (link.holder, link.status) == (firm, "linked"), link


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Cty CP Tân Tiến Bao Bì", "unresolved"),  # another legal form
        ("Cty TNHH Gỗ Minh Phát", "unresolved"),  # TNHH for a TNHH MTV: maybe another
        ("Cty TNHH Tân Phát Bao Bì", "unresolved"),  # another distinctive word
        ("Cty TNHH Gỗ Linh Phát", "unresolved"),  # one letter off, but a real word
        ("Cty TNHH Tân Tiền Bao Bì", "unresolved"),  # the row's diacritics say another word
        ("Cty TNHH Phát Minh Gỗ", "unresolved"),  # the name's own words swapped
        ("Cơ khí Hiệp Thành", "ambiguous"),  # a TNHH and a CP share it
        ("Công ty TNHH Thực phẩm Phú Hòa", "ambiguous"),  # two firms, no address
        ("Cty TNHH Long Hưng", "unresolved"),  # "Nhựa" or "Sản xuất Nhựa"? words left out
        ("Cty TNHH Sài Gòn Xanh", "unresolved"),  # nobody of the register
    ],
)
def test_names_no_rule_may_decide_are_kept_for_review(
    index: EnterpriseIndex, written: str, status: str
) -> None:
    link = index.resolve(written)
    assert (link.holder, link.status) == (None, status), link


def test_an_address_tells_same_named_firms_apart(index: EnterpriseIndex) -> None:
    link = index.resolve("Cty TNHH Thực phẩm Phú Hòa", "12 Lê Lợi, Phường Lái Thiêu, Thuận An")
    assert (link.holder, link.method) == ("3700000008", "name_address")
    assert "ward" in link.agreed and "address" in (link.evidence or "")


def test_a_link_says_which_words_agreed_and_what_differed(index: EnterpriseIndex) -> None:
    link = index.resolve("HTX Phước Nam SX Gỗ")
    assert link.method == "name" and link.confidence is not None and 0.9 <= link.confidence < 1
    assert {"phuoc", "nam", "go", "sx", "form htx"} <= set(link.agreed)
    assert "word order" in link.differed
    slip = index.resolve("Cty TNHH MTV Gỗ Mihn Phát")
    assert slip.method == "fuzzy_name" and "typo mihn for minh" in slip.differed
    assert slip.confidence is not None and slip.confidence < (link.confidence or 0)


def test_kept_records_carry_their_candidates_and_scores(index: EnterpriseIndex) -> None:
    twins = index.resolve("Cơ khí Hiệp Thành")
    assert twins.candidates == ("3700000004", "3700000005")
    assert len(twins.scores) == 2 and all(0 < s <= 1 for s in twins.scores)
    near = index.resolve("Cty CP Tân Tiến Bao Bì")
    assert near.candidates[:1] == ("3700000003",) and near.scores[0] < twins.scores[0]


PENDING = [
    "Cơ khí Hiệp Thành",  # ambiguous between two firms
    "Cty CP Tân Tiến Bao Bì",  # near one firm
    "Công ty TNHH Bánh kẹo Hải Hà",  # no such firm yet
    "Thực phẩm Phú Hòa",
    "Công ty TNHH Vận tải Sao Mai",
]
CHANGES = [
    ("3700000011", "Công ty TNHH Bánh Kẹo Hải Hà"),  # a new firm a record names
    ("3700000012", "Công ty TNHH Xây dựng Đại Lộc"),  # a new firm no record names
    ("3700000005", "Công ty Cổ phần Thép Đại Lộc"),  # renamed away from a record's words
    ("3700000010", "Công ty TNHH Nhựa Long Hưng Phát"),  # renamed, no record near it
]


def _index(register: list[tuple[str, str, str | None]]) -> EnterpriseIndex:
    built = EnterpriseIndex()
    for key, name, address in register:
        built.add(key, name, (), address)
    return built


@pytest.mark.parametrize(("key", "name"), CHANGES)
def test_a_relink_is_skipped_only_when_no_kept_record_could_end_otherwise(
    key: str, name: str
) -> None:
    before = _index(REGISTER)
    after = _index([r for r in REGISTER if r[0] != key] + [(key, name, None)])
    changed = [{"key": key, "name": name, "unitKeys": [], "address": None, "isBranch": False}]
    for written in PENDING:
        kept = before.resolve(written)
        row = {"name": written, "candidates": list(kept.candidates)}
        if not could_relink([row], changed):
            assert after.resolve(written) == kept, written


def test_a_firm_named_like_a_kept_record_or_listed_by_it_calls_for_a_relink() -> None:
    def firm(key: str, name: str) -> dict[str, object]:
        return {"key": key, "name": name, "unitKeys": [], "address": None, "isBranch": False}

    pending = [{"name": "Công ty TNHH Bánh kẹo Hải Hà", "candidates": None}]
    assert could_relink(pending, [firm("3700000011", "Cty TNHH Bánh Kẹo Hải Hà")])
    assert not could_relink(pending, [firm("3700000012", "Công ty TNHH Xây dựng Đại Lộc")])
    listed = [{"name": "Cơ khí Hiệp Thành", "candidates": ["3700000004", "3700000005"]}]
    assert could_relink(listed, [firm("3700000005", "Công ty Cổ phần Thép Đại Lộc")])
