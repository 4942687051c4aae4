"""``(Enterprise)-[:SUPPLIES]->(SupplyChain)``: derived from products and trace events,
kept current by every load whatever the order, and what the flagship question reads."""

from __future__ import annotations

from pathlib import Path

from hub.graph import supply_chains
from hub.graph.driver import Graph
from tests.conftest import DATA, load

EGG_FARM = "3700635642"  # produces eggs; its events are about egg lots
POMELO_FARM = "3702445566"

# What a firm supplies, walked from the graph: the definition the stored list follows.
_WALKED = """
MATCH (e:Enterprise)
RETURN e.key AS key,
  COLLECT { MATCH (e)-[:SUPPLIES]->(c) RETURN c.key ORDER BY c.key } AS stored, COLLECT {
  CALL (e) {
    MATCH (e)-[:PRODUCES]->(p) WHERE p.retiredAt IS NULL AND p.chain IS NOT NULL
    RETURN p.chain AS chain
    UNION
    MATCH (e)<-[:RECORDED_BY]-(ev)-[:ABOUT|CONSUMED]->(l)
    WHERE ev.retiredAt IS NULL AND l.chain IS NOT NULL
    RETURN l.chain AS chain
  }
  WITH chain ORDER BY chain RETURN chain
} AS walked
"""


def stored_chains(graph: Graph) -> dict[str, list[str]]:
    rows = graph.read(
        "MATCH (e:Enterprise)-[:SUPPLIES]->(c:SupplyChain) "
        "WITH e, c ORDER BY c.key RETURN e.key AS key, collect(c.key) AS chains"
    )
    return {row["key"]: row["chains"] for row in rows}


def assert_stored_match_walked(graph: Graph) -> None:
    for row in graph.read(_WALKED):
        assert row["stored"] == row["walked"], row["key"]


def _load_all(graph: Graph, kinds: list[str]) -> None:
    for kind in kinds:
        report = load(graph, kind, DATA / "api" / f"{kind}.csv")
        assert report.ok, report.refused


def test_chains_follow_products_and_events(clean_graph: Graph) -> None:
    _load_all(clean_graph, ["enterprises", "products", "trace_events"])
    chains = stored_chains(clean_graph)
    assert chains[EGG_FARM] == ["eggs"]
    assert chains[POMELO_FARM] == ["pomelo"]
    assert_stored_match_walked(clean_graph)


def test_events_loaded_before_their_products_count_once_products_arrive(
    clean_graph: Graph,
) -> None:
    _load_all(clean_graph, ["enterprises", "trace_events"])
    # The lots' chains are not known yet: they come with the products.
    assert EGG_FARM not in stored_chains(clean_graph)
    _load_all(clean_graph, ["products"])
    assert stored_chains(clean_graph)[EGG_FARM] == ["eggs"]
    assert_stored_match_walked(clean_graph)


def test_a_retired_product_no_longer_counts(clean_graph: Graph) -> None:
    _load_all(clean_graph, ["enterprises", "products"])
    clean_graph.write(
        "MATCH (:Enterprise {key: $key})-[:PRODUCES]->(p) SET p.retiredAt = datetime()",
        {"key": POMELO_FARM},
    )
    supply_chains.refresh(clean_graph)
    assert POMELO_FARM not in stored_chains(clean_graph)
    assert_stored_match_walked(clean_graph)


def test_a_refresh_with_nothing_new_writes_nothing(clean_graph: Graph) -> None:
    _load_all(clean_graph, ["enterprises", "products", "trace_events"])
    assert supply_chains.refresh(clean_graph) == 0
    unlink = "MATCH (:Enterprise {key: $key})-[r:SUPPLIES]->() DELETE r"
    clean_graph.write(unlink, {"key": EGG_FARM})
    assert supply_chains.refresh(clean_graph) == 1
    assert stored_chains(clean_graph)[EGG_FARM] == ["eggs"]


# Loads refresh the firms they touched only; a firm they did not touch keeps its links
# as they were. To see that, a test removes an untouched firm's link by hand first: a
# refresh of the whole graph would put it back, a load that did not touch it does not.
SAIGON_EGGS = "0301234562"  # records events on egg lots; produces nothing
PRODUCTS_HEADER = "Mã sản phẩm,Tên sản phẩm,Chuỗi,Mã số thuế nhà sản xuất,Nhà sản xuất\n"
TRACE_HEADER = (
    "event_id,event_time,event_type,biz_step,lot_code,product_code,input_lots,"
    "actor_tax_code,actor_name,location,quantity,uom\n"
)
_UNLINK = "MATCH (:Enterprise {key: $key})-[r:SUPPLIES]->() DELETE r"


def _file(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text(header + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def _load_rows(graph: Graph, kind: str, path: Path, header: str, rows: list[str]) -> None:
    report = load(graph, kind, _file(path, header, rows))
    assert report.ok and report.changed == len(rows), report.summary()


def test_a_product_load_refreshes_its_firm_and_leaves_the_others(
    clean_graph: Graph, tmp_path: Path
) -> None:
    _load_all(clean_graph, ["enterprises", "products", "trace_events"])
    clean_graph.write(_UNLINK, {"key": POMELO_FARM})
    row = f"BD-RAU-0099,Rau muống Phú Hòa,rau,{EGG_FARM},"
    _load_rows(clean_graph, "products", tmp_path / "p.csv", PRODUCTS_HEADER, [row])
    chains = stored_chains(clean_graph)
    assert chains[EGG_FARM] == ["eggs", "vegetables"]
    assert POMELO_FARM not in chains  # not touched: not refreshed
    assert supply_chains.refresh(clean_graph) == 1
    assert_stored_match_walked(clean_graph)


def test_a_product_that_moves_to_another_firm_moves_its_chain(
    clean_graph: Graph, tmp_path: Path
) -> None:
    _load_all(clean_graph, ["enterprises", "products", "trace_events"])
    clean_graph.write(_UNLINK, {"key": SAIGON_EGGS})
    # The pomelo farm's only pomelo product, now said to be the egg farm's.
    row = f"8930000000026,Bưởi da xanh Bạch Đằng,bưởi,{EGG_FARM},"
    _load_rows(clean_graph, "products", tmp_path / "p.csv", PRODUCTS_HEADER, [row])
    chains = stored_chains(clean_graph)
    assert chains[EGG_FARM] == ["eggs", "pomelo"]
    assert POMELO_FARM not in chains
    assert SAIGON_EGGS not in chains  # not touched: not refreshed
    supply_chains.refresh(clean_graph)
    assert_stored_match_walked(clean_graph)


def test_a_snapshot_that_leaves_a_product_out_takes_its_chain_away(
    clean_graph: Graph, tmp_path: Path
) -> None:
    _load_all(clean_graph, ["enterprises", "trace_events"])
    agency = "Sở Nông nghiệp"
    full = DATA / "api" / "products.csv"
    assert load(clean_graph, "products", full, snapshot=True, agency=agency).ok
    clean_graph.write(_UNLINK, {"key": SAIGON_EGGS})
    lines = full.read_text(encoding="utf-8").splitlines()
    without = _file(tmp_path / "p.csv", "", [line for line in lines if POMELO_FARM not in line])
    report = load(clean_graph, "products", without, snapshot=True, agency=agency)
    assert report.ok and report.retired == 1
    chains = stored_chains(clean_graph)
    assert POMELO_FARM not in chains
    assert chains[EGG_FARM] == ["eggs"]
    assert SAIGON_EGGS not in chains  # not touched: not refreshed
    supply_chains.refresh(clean_graph)
    assert_stored_match_walked(clean_graph)


def test_events_count_for_their_recorder_once_their_lot_is_chained(
    clean_graph: Graph, tmp_path: Path
) -> None:
    # The Saigon firm only ships and transforms egg lots: the egg product's load, which
    # names another firm, ties the lots to it and so makes the Saigon firm a supplier.
    lines = (DATA / "api" / "products.csv").read_text(encoding="utf-8").splitlines()
    eggs = [line for line in lines if line.startswith("8930000000019,")]
    others = _file(tmp_path / "others.csv", "", [line for line in lines if line not in eggs])
    _load_all(clean_graph, ["enterprises"])
    assert load(clean_graph, "products", others).ok
    _load_all(clean_graph, ["trace_events"])
    assert SAIGON_EGGS not in stored_chains(clean_graph)
    _load_rows(clean_graph, "products", tmp_path / "eggs.csv", PRODUCTS_HEADER, eggs)
    assert stored_chains(clean_graph)[SAIGON_EGGS] == ["eggs"]
    assert_stored_match_walked(clean_graph)


def test_a_later_lot_code_chains_earlier_events_of_other_firms(
    clean_graph: Graph, tmp_path: Path
) -> None:
    _load_all(clean_graph, ["enterprises", "products"])
    first = f"EV-A,2025-03-01T06:00:00+07:00,object,receiving,LOT-NEW,,,{POMELO_FARM},,,,"
    _load_rows(clean_graph, "trace_events", tmp_path / "a.csv", TRACE_HEADER, [first])
    assert stored_chains(clean_graph)[POMELO_FARM] == ["pomelo"]  # the lot's chain unknown
    # Another firm's event names the lot's product: the lot is chained, and the firm
    # that received it earlier supplies eggs too.
    second = (
        f"EV-B,2025-03-02T06:00:00+07:00,object,shipping,LOT-NEW,8930000000019,,{SAIGON_EGGS},,,,"
    )
    _load_rows(clean_graph, "trace_events", tmp_path / "b.csv", TRACE_HEADER, [second])
    chains = stored_chains(clean_graph)
    assert chains[POMELO_FARM] == ["eggs", "pomelo"]
    assert chains[SAIGON_EGGS] == ["eggs"]
    assert_stored_match_walked(clean_graph)


def test_a_firm_re_linked_after_an_enterprises_load_gets_its_chain(
    clean_graph: Graph, tmp_path: Path
) -> None:
    # Two firms of one name: an event naming it is kept as ambiguous. Once the other
    # firm is renamed, the re-link after that load ties the event to the first firm,
    # which the load itself left as it was.
    _load_all(clean_graph, ["products"])
    header = "Mã số thuế,Tên doanh nghiệp\n"
    same = [f"{POMELO_FARM},Công ty TNHH Hòa Bình", f"{SAIGON_EGGS},Công ty TNHH Hòa Bình"]
    _load_rows(clean_graph, "enterprises", tmp_path / "e1.csv", header, same)
    event = "EV-N,2025-03-01T06:00:00+07:00,object,shipping,LOT-N,8930000000019,,,"
    event += "Công ty TNHH Hòa Bình,,,"
    report = load(clean_graph, "trace_events", _file(tmp_path / "t.csv", TRACE_HEADER, [event]))
    assert report.ok and report.unresolved == 1
    renamed = [f"{SAIGON_EGGS},Công ty TNHH Sài Gòn"]
    _load_rows(clean_graph, "enterprises", tmp_path / "e2.csv", header, renamed)
    assert stored_chains(clean_graph)[POMELO_FARM] == ["eggs", "pomelo"]
    assert_stored_match_walked(clean_graph)
