"""The five pilot food chains of plan 3338/KH-UBND and the trade roles they share."""

from __future__ import annotations

from dataclasses import dataclass

from .tables import kv, split


@dataclass(frozen=True)
class Chain:
    key: str
    lot: str  # lot-code infix
    hub_ward: str  # the ward many of its farms sit in (pre-2025 name)
    districts: tuple[str, ...]  # home districts of its farms
    raw: tuple[str, ...]  # farm products
    processed: tuple[str, ...]  # processor products
    uom: str
    raw_qty: tuple[int, int]
    yield_: float
    farm_words: tuple[str, ...]
    processor_words: tuple[str, ...]
    farm_vsic: str
    processor_vsic: str
    farms: int  # at scale 1
    processors: int


def _chain(block: str) -> Chain:
    spec = dict(kv(line) for line in block.strip().splitlines())
    low, high = spec["raw_qty"].split("-")
    farm_vsic, processor_vsic = spec["vsic"].split("/")
    farms, processors = spec["firms"].split("/")
    return Chain(
        spec["key"], spec["lot"], spec["hub_ward"], split(spec["districts"]),
        split(spec["raw"]), split(spec["processed"]), spec["uom"], (int(low), int(high)),
        float(spec["yield"]), split(spec["farm_words"]), split(spec["processor_words"]),
        farm_vsic, processor_vsic, int(farms), int(processors),
    )  # fmt: skip


# The five pilot chains of plan 3338/KH-UBND. vsic and firms are farm/processor.
CHAINS = tuple(
    _chain(block)
    for block in """
key=eggs
lot=TRUNG
hub_ward=Xã An Bình
districts=Phú Giáo|Bàu Bàng|Tân Uyên|Bắc Tân Uyên
raw=Trứng gà tươi|Trứng gà ta|Trứng vịt tươi|Trứng gà sạch
processed=Trứng gà sạch|Trứng gà omega-3|Trứng gà tươi hộp 10 quả|Trứng vịt muối
uom=quả
raw_qty=2000-15000
yield=0.97
farm_words=Chăn nuôi gà|Trứng gia cầm|Trang trại gà
processor_words=Trứng sạch|Thực phẩm trứng
vsic=0146/1079
firms=22/5

key=poultry_meat
lot=GIACAM
hub_ward=Xã Long Nguyên
districts=Bàu Bàng|Bến Cát|Phú Giáo|Dầu Tiếng
raw=Gà ta thả vườn|Gà lông màu|Vịt thịt
processed=Thịt gà ta|Thịt gà làm sẵn|Đùi gà góc tư|Ức gà phi lê|Thịt vịt
uom=kg
raw_qty=300-2000
yield=0.72
farm_words=Chăn nuôi gia cầm|Gà thả vườn
processor_words=Giết mổ gia cầm|Chế biến thịt
vsic=0146/1010
firms=18/4

key=vegetables
lot=RAU
hub_ward=Phường Tương Bình Hiệp
districts=Thủ Dầu Một|Tân Uyên|Phú Giáo|Bến Cát
raw=Rau muống|Cải ngọt|Cải xanh|Xà lách|Mồng tơi|Cà chua|Dưa leo
processed=Rau ăn lá sơ chế|Cải ngọt đóng gói|Xà lách thủy canh|Rau muống sạch đóng gói
uom=kg
raw_qty=100-800
yield=0.9
farm_words=Rau an toàn|Rau sạch|Nông nghiệp công nghệ cao
processor_words=Sơ chế rau quả|Thực phẩm xanh
vsic=0118/1030
firms=26/5

key=melon
lot=DUALUOI
hub_ward=Xã Thạnh Hội
districts=Tân Uyên|Bắc Tân Uyên|Bàu Bàng|Dầu Tiếng
raw=Dưa lưới|Dưa lưới ruột cam|Dưa lưới Taki
processed=Dưa lưới loại 1|Dưa lưới hộp quà
uom=kg
raw_qty=200-1500
yield=0.98
farm_words=Dưa lưới|Nông nghiệp công nghệ cao
processor_words=Trái cây|Nông sản sạch
vsic=0118/1030
firms=12/3

key=pomelo
lot=BUOI
hub_ward=Xã Bạch Đằng
districts=Tân Uyên|Bắc Tân Uyên|Phú Giáo
raw=Bưởi da xanh|Bưởi Năm Roi|Bưởi đường lá cam
processed=Bưởi da xanh loại 1|Bưởi da xanh xuất khẩu
uom=kg
raw_qty=300-2000
yield=0.98
farm_words=Bưởi|Cây ăn trái|Nông nghiệp Dịch vụ
processor_words=Trái cây xuất khẩu|Nông sản
vsic=0121/1030
firms=12/3
""".strip().split("\n\n")
)
CHAIN_BY_KEY = {c.key: c for c in CHAINS}
TRADE_ROLES = {  # roles shared by every chain: (trade words, VSIC, firms at scale 1)
    "distributor": (split("Phân phối thực phẩm|Thực phẩm sạch"), "4632", 12),
    "retailer": (split("Siêu thị|Bách hóa|Thực phẩm tươi sống"), "4711", 8),
}
