"""Seeded generator of realistic sample data for every dataset kind of the data contract.

    python -m bench.generate --scale 1 --out data/sample [--seed 2021] [--clean]

Scale 1 is about 1,000 enterprises, 3,000 certificates and 10,000 trace events; counts grow
linearly, except the province's reported programme results, which are history and stay fixed
(7 / 15 / 12 / 300+ firms under 2943/QĐ-UBND). Rows are streamed to disk as they are made, so
scale 100 (about 100,000 firms, 300,000 certificates, 1,000,000 events) needs little memory.

``messy=True`` (the default) writes what partner agencies really send: Vietnamese headers,
damaged tax codes, name-only references in variant spellings, Vietnamese enum labels, Excel
date cells, a UTF-16 tab-separated copy, an EPCIS 2.0 document and a few deliberately bad rows,
all listed in ``manifest.json``. ``messy=False`` (``--clean``) writes only clean UTF-8 CSV with
canonical English headers and values, for ingest benchmarks.

Same seed, same bytes: each file draws from its own ``random.Random`` seeded by (seed, file),
nothing iterates over a set, and the XLSX zip carries fixed timestamps.

One module on purpose: it is a tool with one entry point, not part of the hub's layers.
Vocabulary is kept as compact text tables to keep the module readable.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import time
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.writer.excel import ExcelWriter
from stdnum import ean
from stdnum.vn import mst
from vietnamadminunits.database import query

DEFAULT_SEED = 2021
REFERENCE_DATE = date(2026, 11, 24)  # "today": certificates past expiry are expired
REFORM_DATE = date(2025, 7, 1)  # Bình Dương merged into Thành phố Hồ Chí Minh
BD_PROVINCE = "Tỉnh Bình Dương"
NEW_PROVINCE = "Thành phố Hồ Chí Minh"
P2943, P2109, P2684, P996 = "2943/QĐ-UBND", "2109/QĐ-UBND", "2684/QĐ-UBND", "996/QĐ-TTg"


def _split(text: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(part.strip() for part in text.strip().split(sep))


def _kv(item: str) -> tuple[str, str]:
    key, value = item.split("=", 1)
    return key.strip(), value.strip()


def _pairs(text: str) -> dict[str, str]:
    """``a=b|c=d`` as a dict."""
    return dict(_kv(item) for item in _split(text))


SIZES = _pairs("micro=siêu nhỏ|small=nhỏ|medium=vừa|large=lớn")
STATUSES = _pairs("active=đang hoạt động|suspended=tạm ngừng|dissolved=giải thể")
CERT_KINDS = _pairs(  # management_system has no Vietnamese label in the contract
    "management_system=management_system|standard_certification=chứng nhận hợp chuẩn"
    "|regulation_certification=chứng nhận hợp quy|standard_declaration=công bố hợp chuẩn"
    "|regulation_declaration=công bố hợp quy"
)
CHAIN_LABELS = _pairs(
    "eggs=trứng|poultry_meat=thịt gia cầm|vegetables=rau|melon=dưa lưới|pomelo=bưởi"
)

# Canonical column = Vietnamese label, in file order.
COLUMNS: dict[str, dict[str, str]] = {
    "enterprises": _pairs(
        "tax_code=Mã số thuế|name=Tên doanh nghiệp|address=Địa chỉ|legal_form=Loại hình"
        "|sector=Ngành nghề|size=Quy mô|established_on=Ngày thành lập|status=Tình trạng"
    ),
    "certificates": _pairs(
        "certificate_no=Số giấy chứng nhận|kind=Loại|tax_code=Mã số thuế"
        "|enterprise_name=Tên doanh nghiệp|standard=Tiêu chuẩn|issuer=Tổ chức chứng nhận"
        "|product=Sản phẩm|issued_on=Ngày cấp|expires_on=Ngày hết hạn|status=Trạng thái"
    ),
    "awards": _pairs(
        "tax_code=Mã số thuế|enterprise_name=Tên doanh nghiệp|award=Giải thưởng|year=Năm"
    ),
    "measurement": _pairs(
        "record_id=Mã hồ sơ|tax_code=Mã số thuế|enterprise_name=Tên doanh nghiệp"
        "|support_type=Hình thức hỗ trợ|year=Năm|amount_vnd=Kinh phí (VNĐ)"
        "|instruments=Số phương tiện đo|programme=Chương trình"
    ),
    "programme_support": _pairs(
        "programme=Chương trình|tax_code=Mã số thuế|enterprise_name=Tên doanh nghiệp"
        "|support_kind=Nội dung hỗ trợ|year=Năm|note=Ghi chú"
    ),
    "products": _pairs(  # the contract names no Vietnamese label for the producer
        "product_code=Mã sản phẩm|name=Tên sản phẩm|chain=Chuỗi"
        "|producer_tax_code=producer_tax_code|producer_name=producer_name"
    ),
    "trace_events": {  # the contract names no Vietnamese labels for trace events
        c: c
        for c in _split(
            "event_id|event_time|event_type|biz_step|lot_code|product_code|input_lots"
            "|actor_tax_code|actor_name|location|quantity|uom"
        )
    },
}

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    words: tuple[str, ...]
    vsic: str
    weight: float
    group: str  # picks standards: food, feed, agri, pack, build, steel, elec, textile, general
    qualify: bool = True  # may take "Sản xuất", "Thương mại", ... before the trade word


def _profile(line: str) -> Profile:
    words, vsic, weight, group = _split(line, ";")
    return Profile(_split(words), vsic, float(weight), group, qualify=vsic != "4690")


# trade words; VSIC 2018 code; weight; group
GENERAL_PROFILES = tuple(
    _profile(line)
    for line in """
Thực phẩm|Chế biến thực phẩm; 1079; 6; food
Nước giải khát|Nước uống tinh khiết; 1104; 2; food
Thức ăn chăn nuôi|Dinh dưỡng vật nuôi; 1080; 2; feed
Nông sản|Nông sản xuất khẩu; 4620; 4; agri
Gỗ|Chế biến gỗ; 1610; 5; general
Nội thất|Đồ gỗ nội thất; 3100; 5; general
May mặc|Dệt may; 1410; 5; textile
Giày da; 1520; 3; general
Bao bì|Bao bì giấy; 1702; 4; pack
Nhựa|Bao bì nhựa; 2220; 4; pack
Gốm sứ; 2393; 2; build
Vật liệu xây dựng|Bê tông; 2395; 3; build
Xây dựng; 4100; 5; general
Cơ khí|Cơ khí chính xác; 2592; 5; steel
Thép|Kết cấu thép; 2511; 3; steel
Điện tử|Linh kiện điện tử; 2610; 3; elec
Thiết bị điện|Dây cáp điện; 2732; 2; elec
Hóa chất; 2011; 2; general
Dược phẩm; 2100; 1; general
Mỹ phẩm; 2023; 1; general
Vận tải|Logistics; 4933; 4; general
Kho vận; 5210; 2; general
Thương mại Dịch vụ|Thương mại; 4690; 8; general
""".strip().splitlines()
)
QUALIFIERS = _split("Sản xuất|Sản xuất Thương mại|Thương mại|Đầu tư|Xuất nhập khẩu")
BRAND_A = _split(
    "Minh|Hưng|Phúc|Tân|Thành|An|Bảo|Gia|Hoàng|Kim|Long|Nam|Quang|Thiên|Trường|Việt|Vĩnh|Đại"
    "|Đông|Hải|Hồng|Khang|Ngọc|Thái|Tiến|Trung|Hòa|Phú|Sao|Sông"
)
BRAND_B = _split(
    "Phát|Thịnh|Lộc|Đạt|Khang|Tín|Nguyên|Hưng|Thành|Phú|Quý|Anh|Long|Hà|Sơn|Việt|Tâm|Huy"
    "|Hải|Mai|Linh|Phong|Lợi|Vượng|Toàn|Tiến|Cường|Dũng|Hòa|Nam"
)
# Brands no firm of the province uses: certificate rows naming them match nobody.
OUTSIDER_BRANDS = _split(
    "Sài Gòn Xanh|Hà Thành|Đà Lạt Farm|Cửu Long|Tây Nguyên Xanh|Hạ Long|Sông Hồng|Mê Kông"
    "|Kinh Bắc|Đồng Tháp Mười"
)
# Legal form -> weight among ordinary firms, weight among farms.
LEGAL_FORMS = {
    "TNHH": (45, 30),
    "TNHH MTV": (20, 10),
    "CP": (27, 0),
    "DNTN": (8, 20),
    "HTX": (0, 40),
}
SIZE_WEIGHTS = {"corp": (40, 35, 15, 10), "farm": (60, 35, 5, 0)}

BD_STREETS = _split(
    "Đại lộ Bình Dương|Quốc lộ 13|Đường ĐT741|Đường ĐT743|Đường ĐT744|Đường ĐT746|Đường ĐT747"
    "|Đường Mỹ Phước - Tân Vạn|Đường Nguyễn Văn Tiết|Đường Phú Lợi|Đường Cách Mạng Tháng Tám"
    "|Đường 30 Tháng 4|Đường Huỳnh Văn Lũy|Đường Lê Hồng Phong|Đường Nguyễn Du"
    "|Đường Trần Hưng Đạo|Đường Lý Thường Kiệt|Đường Nguyễn An Ninh|Đường Hùng Vương"
    "|Đường Bùi Quốc Khánh|Đường Trần Văn Ơn"
)
HCM_STREETS = _split(
    "Đường Nguyễn Thị Minh Khai|Đường Điện Biên Phủ|Đường Cộng Hòa|Đường Lê Văn Sỹ"
    "|Đường Võ Văn Kiệt|Đường Nguyễn Văn Linh|Đường Phan Văn Trị|Đường Lũy Bán Bích"
)
INDUSTRIAL_PARKS = {
    district: _split(parks, ",")
    for district, parks in _pairs(
        "Thuận An=KCN VSIP I,KCN Việt Hương,KCN Đồng An"
        "|Dĩ An=KCN Sóng Thần 1,KCN Sóng Thần 2,KCN Tân Đông Hiệp A,KCN Tân Đông Hiệp B"
        "|Bến Cát=KCN Mỹ Phước,KCN Mỹ Phước 2,KCN Mỹ Phước 3,KCN Rạch Bắp"
        "|Tân Uyên=KCN Nam Tân Uyên,KCN VSIP II-A|Bàu Bàng=KCN Bàu Bàng"
        "|Thủ Dầu Một=KCN VSIP II,KCN Đồng An 2,KCN Kim Huy"
    ).items()
}
DISTRICT_WEIGHTS = {
    district: int(weight)
    for district, weight in _pairs(
        "Thuận An=20|Dĩ An=16|Thủ Dầu Một=14|Tân Uyên=14|Bến Cát=14|Bàu Bàng=6|Bắc Tân Uyên=6"
        "|Phú Giáo=5|Dầu Tiếng=5"
    ).items()
}


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
    spec = dict(_kv(line) for line in block.strip().splitlines())
    low, high = spec["raw_qty"].split("-")
    farm_vsic, processor_vsic = spec["vsic"].split("/")
    farms, processors = spec["firms"].split("/")
    return Chain(
        spec["key"], spec["lot"], spec["hub_ward"], _split(spec["districts"]),
        _split(spec["raw"]), _split(spec["processed"]), spec["uom"], (int(low), int(high)),
        float(spec["yield"]), _split(spec["farm_words"]), _split(spec["processor_words"]),
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
    "distributor": (_split("Phân phối thực phẩm|Thực phẩm sạch"), "4632", 12),
    "retailer": (_split("Siêu thị|Bách hóa|Thực phẩm tươi sống"), "4711", 8),
}


def _weights(text: str) -> tuple[tuple[str, int], ...]:
    return tuple((k, int(v)) for k, v in _pairs(text).items())


MS_COMMON = _weights(
    "ISO 9001:2015=50|TCVN ISO 9001:2015=8|ISO 14001:2015=18|ISO 45001:2018=10|ISO 50001:2018=3"
)
MS_FOOD = _weights("ISO 22000:2018=20|TCVN ISO 22000:2018=5|FSSC 22000=5|HACCP=10")
PRODUCT_STANDARDS: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}
for _line in """
standard_certification; food; TCVN 7046:2019; Thịt mát
standard_certification; food; TCVN 1858:2018; Trứng gà tươi
standard_certification; agri; TCVN 11892-1:2017; Rau quả tươi
standard_certification; agri; TCVN 11041-2:2017; Rau hữu cơ
standard_certification; build; TCVN 6260:2009; Xi măng poóc lăng hỗn hợp
standard_certification; build; TCVN 6477:2016; Gạch bê tông
standard_certification; steel; TCVN 1651-2:2018; Thép thanh vằn
standard_certification; elec; TCVN 5699-1:2010; Quạt điện
regulation_certification; food; QCVN 6-1:2010/BYT; Nước uống đóng chai
regulation_certification; feed; QCVN 01-183:2016/BNNPTNT; Thức ăn hỗn hợp cho gà đẻ
regulation_certification; pack; QCVN 12-1:2011/BYT; Bao bì nhựa tiếp xúc thực phẩm
regulation_certification; build; QCVN 16:2019/BXD; Gạch ốp lát
regulation_certification; steel; QCVN 7:2019/BKHCN; Thép làm cốt bê tông
regulation_certification; elec; QCVN 4:2009/BKHCN; Dây và cáp điện
regulation_certification; elec; QCVN 9:2012/BKHCN; Bộ nguồn
standard_declaration; food; TCVN 7046:2019; Thịt heo mát
standard_declaration; food; TCVN 1858:2018; Trứng gà tươi
standard_declaration; agri; TCVN 11892-1:2017; Rau ăn lá
standard_declaration; build; TCVN 6477:2016; Gạch bê tông
standard_declaration; build; TCVN 7570:2006; Cốt liệu cho bê tông
regulation_declaration; food; QCVN 8-2:2011/BYT; Hạt điều rang muối
regulation_declaration; food; QCVN 6-1:2010/BYT; Nước uống
regulation_declaration; feed; QCVN 01-183:2016/BNNPTNT; Thức ăn hỗn hợp cho heo thịt
regulation_declaration; pack; QCVN 12-1:2011/BYT; Hộp nhựa PP
regulation_declaration; build; QCVN 16:2019/BXD; Xi măng
regulation_declaration; steel; QCVN 7:2019/BKHCN; Thép làm cốt bê tông
regulation_declaration; elec; QCVN 4:2009/BKHCN; Quạt điện
regulation_declaration; textile; QCVN 01:2017/BCT; Quần áo dệt kim
""".strip().splitlines():
    _kind, _group, _standard, _product = _split(_line, ";")
    PRODUCT_STANDARDS.setdefault(_kind, {}).setdefault(_group, ())
    PRODUCT_STANDARDS[_kind][_group] += ((_standard, _product),)

CERTIFIERS = _split("QUACERT|Vinacert|TQC|VIETCERT|Bureau Veritas Việt Nam|SGS Việt Nam")
PRODUCT_CERTIFIERS = _split("QUACERT|Vinacert|TQC|QUATEST 3")
RECEIVERS_OLD = _split(
    "Chi cục Tiêu chuẩn Đo lường Chất lượng Bình Dương|Sở Khoa học và Công nghệ Bình Dương"
)
RECEIVER_NEW = "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
RECEIVER_AGRI = "Sở Nông nghiệp và Phát triển nông thôn Bình Dương"
NUMBER_FORMATS = _pairs(
    "QUACERT=QUA-{yy}.{n:05d}|Vinacert=VICB-{n:05d}/{yyyy}|TQC=TQC-{n:05d}"
    "|VIETCERT=VC-{yyyy}-{n:04d}|Bureau Veritas Việt Nam=VN{n:06d}|SGS Việt Nam=VN{yy}/{n:05d}"
    "|QUATEST 3=Q3-{yyyy}/{n:05d}"
)

# ---------------------------------------------------------------------------------------------
# Administrative units (from vietnamadminunits' own data, no network)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ward:
    name: str  # Phường Phú Hòa
    short: str  # Phú Hòa
    district: str  # Thành phố Thủ Dầu Một
    district_short: str  # Thủ Dầu Một
    province: str  # Tỉnh Bình Dương
    new_name: str  # the ward after 1 July 2025, in Thành phố Hồ Chí Minh
    code: str


_LEGACY_SQL = (
    "SELECT provinceCode, province, district, ward, districtShort, wardShort, wardCode, "
    "provinceKey, districtKey, wardKey FROM admin_units_legacy "
    "WHERE provinceCode IN ('74', '79') ORDER BY wardCode"
)
_NEW_SQL = "SELECT wardKey, ward FROM admin_units WHERE provinceCode = '79' ORDER BY wardCode"


def _new_ward_names() -> dict[str, str]:
    """Old ``province_district_ward`` key -> new ward name (the package's default on splits)."""
    text = (files("vietnamadminunits") / "data" / "converter_2025.json").read_text("utf-8")
    data = json.loads(text)
    names = {r["wardKey"]: r["ward"] for r in query(_NEW_SQL)}
    mapping: dict[str, str] = {}
    for new_key, olds in data["DICT_PROVINCE_WARD_NO_DIVIDED"]["thanhphohochiminh"].items():
        for old in olds:
            mapping[old] = names.get(new_key, "")
    for old, candidates in data["DICT_PROVINCE_WARD_DIVIDED"]["thanhphohochiminh"].items():
        default = next(c for c in candidates if c["isDefaultNewWard"])
        mapping.setdefault(old, names.get(default["newWardKey"], ""))
    return mapping


@lru_cache(maxsize=1)
def wards() -> dict[str, tuple[Ward, ...]]:
    """Pre-2025 wards of Bình Dương ("74") and Hồ Chí Minh City ("79"), with their new names."""
    new_names = _new_ward_names()
    out: dict[str, list[Ward]] = {"74": [], "79": []}
    for r in query(_LEGACY_SQL):
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        new = new_names.get(key)
        if new:
            ward = Ward(
                r["ward"],
                r["wardShort"],
                r["district"],
                r["districtShort"],
                r["province"],
                new,
                r["wardCode"],
            )
            out[r["provinceCode"]].append(ward)
    return {k: tuple(v) for k, v in out.items()}


# ---------------------------------------------------------------------------------------------
# The world: firms, their roles and programmes, drawn once per seed
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Firm:
    tax_code: str
    name: str
    core: str  # the name without its legal form
    legal_form: str
    vsic: str
    group: str
    ward: Ward
    address: str
    size: str
    established: date
    status: str = "active"
    chain: str | None = None
    role: str | None = None  # farm, processor, distributor, retailer
    head: Firm | None = None
    has_branch: bool = False
    twin: bool = False
    gs1_prefix: str | None = None
    utf16_only: bool = False

    @property
    def in_province(self) -> bool:
        return self.ward.province == BD_PROVINCE

    @property
    def plain(self) -> bool:
        """Safe to cite by a variant of its name: nothing else could be meant."""
        return not (self.role or self.has_branch or self.head or self.twin)


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    chain: str
    producer: Firm
    stage: str  # raw or processed
    by_name: bool  # cited by its producer's name instead of the tax code


@dataclass
class World:
    scale: float
    firms: list[Firm]  # enterprises.csv, in file order
    extras: list[Firm]  # only in the UTF-16 copy
    roles: dict[str, list[Firm]]  # "eggs:farm", "distributor", ...
    twins: list[tuple[Firm, Firm]]
    programmes: dict[tuple[str, str], list[Firm]]
    codes: set[str]
    awards: list[tuple[Firm, str, int]] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    valid_standards: dict[str, list[str]] = field(default_factory=dict)
    suppliers: dict[str, set[str]] = field(default_factory=dict)


def _rng(seed: int, part: str) -> random.Random:
    return random.Random(f"{seed}:{part}")


def _count(base: float, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(base * scale))


def _fixed(n: int, scale: float) -> int:
    """Reported results are history: fixed from scale 1 up, shrunk only below it."""
    return n if scale >= 1 else max(1, round(n * scale))


def _pick(rng: random.Random, weights: dict[str, float] | dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def fold(text: str) -> str:
    """Lower case, no diacritics, đ as d: how names are compared."""
    nfd = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(c for c in nfd if not unicodedata.combining(c)).split())


def _tax_code(rng: random.Random, prefix: str, used: set[str]) -> str:
    while True:
        first9 = prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
        check = mst.calc_check_digit(first9)
        code = first9 + check
        if len(check) == 1 and code not in used and mst.is_valid(code):
            used.add(code)
            return code


def _legal_name(rng: random.Random, form: str, core: str) -> str:
    spellings = {
        "TNHH": ("Công ty TNHH",),
        "TNHH MTV": ("Công ty TNHH MTV", "Công ty TNHH MTV", "Công ty TNHH Một thành viên"),
        "CP": ("Công ty Cổ phần",),
        "DNTN": ("DNTN", "Doanh nghiệp tư nhân"),
        "HTX": ("HTX", "Hợp tác xã"),
    }
    return f"{rng.choice(spellings[form])} {core}"


class _Names:
    """Unique firm names: no two firms share a folded core unless made twins on purpose."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cores: set[str] = set()

    def core(self, words: Sequence[str], ward: Ward, qualify: bool, place: float) -> str:
        rng = self.rng
        for attempt in range(60):
            qual = rng.choice(QUALIFIERS) if qualify and rng.random() < 0.3 else ""
            if rng.random() < place and attempt < 20:
                brand = ward.short if rng.random() < 0.6 else ward.district_short
            else:
                brand = f"{rng.choice(BRAND_A)} {rng.choice(BRAND_B)}"
            core = " ".join(p for p in (qual, rng.choice(words), brand) if p)
            if fold(core) not in self.cores and not _stutters(brand):
                self.cores.add(fold(core))
                return core
        core = f"{rng.choice(words)} {rng.choice(BRAND_A)} {rng.choice(BRAND_B)} {ward.short}"
        self.cores.add(fold(core))
        return core


def _stutters(brand: str) -> bool:
    words = brand.split()
    return len(words) == 2 and words[0] == words[1]  # "Phú Phú"


def _street(rng: random.Random, ward: Ward, industrial: bool) -> str:
    if ward.province != BD_PROVINCE:
        return f"{rng.randint(1, 450)} {rng.choice(HCM_STREETS)}"
    parks = INDUSTRIAL_PARKS.get(ward.district_short)
    if industrial and parks and rng.random() < 0.35:
        return f"Lô {rng.choice('ABCDEFGH')}-{rng.randint(1, 30)}, {rng.choice(parks)}"
    if ward.name.startswith("Xã"):
        if rng.random() < 0.3:
            return (
                f"Thửa đất số {rng.randint(10, 900)}, Tờ bản đồ số {rng.randint(1, 60)}, "
                f"Ấp {rng.randint(1, 8)}"
            )
        return f"Tổ {rng.randint(1, 12)}, Ấp {rng.randint(1, 8)}"
    number = rng.choice(
        (f"{rng.randint(1, 600)}", f"Số {rng.randint(1, 300)}/{rng.randint(1, 40)}")
    )
    tail = f", Khu phố {rng.randint(1, 9)}" if rng.random() < 0.3 else ""
    return f"{number} {rng.choice(BD_STREETS)}{tail}"


_ABBREVIATIONS = (
    ("Thành phố ", "TP. "),
    ("Phường ", "P. "),
    ("Thị trấn ", "TT. "),
    ("Huyện ", "H. "),
)


def _address(rng: random.Random, ward: Ward, street: str, established: date) -> str:
    if ward.province != BD_PROVINCE:
        return f"{street}, {ward.name}, {ward.district}, {ward.province}"
    if established >= REFORM_DATE or rng.random() < 0.2:
        return f"{street}, {ward.new_name}, {NEW_PROVINCE}"
    if rng.random() < 0.1:
        text = f"{ward.name}, {ward.district}"
        for long, short in _ABBREVIATIONS:
            text = text.replace(long, short)
        return f"{street}, {text}, Bình Dương"
    return f"{street}, {ward.name}, {ward.district}, {ward.province}"


class _WorldBuilder:
    def __init__(self, scale: float, seed: int) -> None:
        self.scale = scale
        self.rng = _rng(seed, "world")
        self.names = _Names(self.rng)
        self.codes: set[str] = set()
        self.prefixes: set[str] = set()
        bd = wards()["74"]
        self.bd_wards = bd
        per_district = {d: sum(w.district_short == d for w in bd) for d in DISTRICT_WEIGHTS}
        self.ward_weights = [
            DISTRICT_WEIGHTS[w.district_short] / per_district[w.district_short] for w in bd
        ]

    def ward(self, districts: Sequence[str] = (), hub: str | None = None) -> Ward:
        if hub and self.rng.random() < 0.35:
            return next(w for w in self.bd_wards if w.name == hub)
        if districts:
            return self.rng.choice([w for w in self.bd_wards if w.district_short in districts])
        return self.rng.choices(self.bd_wards, weights=self.ward_weights)[0]

    def gs1_prefix(self) -> str | None:
        for _ in range(50):
            prefix = f"893{self.rng.randrange(10_000):04d}"
            if prefix not in self.prefixes:
                self.prefixes.add(prefix)
                return prefix
        return None  # scale far beyond 100: fall back to agency codes

    def firm(
        self,
        words: Sequence[str],
        vsic: str,
        group: str,
        *,
        farm: bool = False,
        ward: Ward | None = None,
        qualify: bool = True,
        tax_prefix: str | None = None,
        founded: tuple[date, date] = (date(1995, 1, 1), date(2026, 10, 31)),
    ) -> Firm:
        rng = self.rng
        ward = ward or self.ward()
        form = _pick(rng, {f: w[1 if farm else 0] for f, w in LEGAL_FORMS.items()})
        core = self.names.core(words, ward, qualify and not farm, 0.7 if farm else 0.4)
        span = (founded[1] - founded[0]).days
        established = founded[0] + timedelta(days=int(span * rng.random() ** 0.6))
        size = rng.choices(list(SIZES), weights=SIZE_WEIGHTS["farm" if farm else "corp"])[0]
        prefix = tax_prefix or f"370{rng.choice('01234')}"
        street = _street(rng, ward, industrial=not farm and group != "general")
        return Firm(
            _tax_code(rng, prefix, self.codes),
            _legal_name(rng, form, core),
            core,
            form,
            vsic,
            group,
            ward,
            _address(rng, ward, street, established),
            size,
            established,
        )

    def general(self, **kwargs: Any) -> Firm:
        profile = self.rng.choices(GENERAL_PROFILES, weights=[p.weight for p in GENERAL_PROFILES])[
            0
        ]
        firm = self.firm(
            profile.words, profile.vsic, profile.group, qualify=profile.qualify, **kwargs
        )
        firm.status = _pick(self.rng, {"active": 90, "suspended": 6, "dissolved": 4})
        return firm

    def chain_firms(self) -> dict[str, list[Firm]]:
        roles: dict[str, list[Firm]] = {}
        early = (date(1998, 1, 1), date(2019, 12, 31))
        for chain in CHAINS:
            for role, words, vsic, base, farm in (
                ("farm", chain.farm_words, chain.farm_vsic, chain.farms, True),
                ("processor", chain.processor_words, chain.processor_vsic, chain.processors, False),
            ):
                group = "agri" if farm else "food"
                made = []
                for _ in range(_count(base, self.scale, 2 if farm else 1)):
                    ward = self.ward(chain.districts, chain.hub_ward if farm else None)
                    firm = self.firm(words, vsic, group, farm=farm, ward=ward, founded=early)
                    firm.chain, firm.role = chain.key, role
                    firm.gs1_prefix = (
                        self.gs1_prefix() if not farm or self.rng.random() < 0.4 else None
                    )
                    made.append(firm)
                roles[f"{chain.key}:{role}"] = made
        for role, (words, vsic, base) in TRADE_ROLES.items():
            made = []
            for _ in range(_count(base, self.scale)):
                firm = self.firm(words, vsic, "food", founded=early)
                firm.role, firm.gs1_prefix = role, self.gs1_prefix()
                made.append(firm)
            roles[role] = made
        return roles

    def twins(self, count: int) -> list[tuple[Firm, Firm]]:
        """Pairs that differ only in legal form: a name without its form matches both."""
        pairs = []
        for _ in range(count):
            first = self.general(founded=(date(1996, 1, 1), date(2008, 12, 31)))
            second = self.general()
            second.legal_form = "CP" if first.legal_form != "CP" else "TNHH"
            second.core = first.core
            second.name = _legal_name(self.rng, second.legal_form, first.core)
            first.twin = second.twin = True
            pairs.append((first, second))
        return pairs

    def branches(self, heads: list[Firm], count: int) -> list[Firm]:
        """Most Hồ Chí Minh City head offices have a branch here, and some bigger local firms."""
        rng = self.rng
        hcm = [f for f in heads if not f.in_province]
        big = [f for f in heads if f.in_province and f.size in ("medium", "large")]
        chosen = rng.sample(hcm, round(len(hcm) * 0.6))
        chosen += rng.sample(big, min(len(big), max(0, count - len(chosen))))
        out = []
        for head in chosen:
            for k in range(1, (3 if rng.random() < 0.15 else 1) + 1):
                out.append(self.branch(head, k))
        return out[:count]

    def branch(self, head: Firm, k: int) -> Firm:
        rng = self.rng
        ward = self.ward()
        established = _day(rng, max(head.established, date(2000, 1, 1)), date(2026, 10, 31))
        name = (
            f"Chi nhánh {head.name} tại Bình Dương"
            if rng.random() < 0.5
            else f"{head.name} - Chi nhánh {ward.district_short}"
        )
        street = _street(rng, ward, industrial=True)
        head.has_branch = True
        return Firm(
            f"{head.tax_code}-{k:03d}",
            name,
            head.core,
            head.legal_form,
            head.vsic,
            head.group,
            ward,
            _address(rng, ward, street, established),
            head.size,
            established,
            head=head,
        )

    def build(self) -> World:
        rng, scale = self.rng, self.scale
        total = _count(1000, scale, 20)
        roles = self.chain_firms()
        chain_firms = [f for group in roles.values() for f in group]
        twins = self.twins(_count(3, scale))
        n_branches = round(total * 0.05)
        n_heads = total - n_branches - len(chain_firms) - 2 * len(twins)
        n_hcm = round(n_heads * 0.03)
        heads = [self.general() for _ in range(max(0, n_heads - n_hcm))]
        hcm = wards()["79"]
        heads += [
            self.general(ward=rng.choice(hcm), tax_prefix=f"031{rng.randrange(10)}")
            for _ in range(n_hcm)
        ]
        branches = self.branches(heads, n_branches)
        firms = chain_firms + [f for pair in twins for f in pair] + heads + branches
        rng.shuffle(firms)
        extras = [self.general() for _ in range(_count(50, scale))]
        for firm in extras:
            firm.utf16_only = True
        world = World(scale, firms, extras, roles, twins, {}, self.codes)
        world.programmes = _programmes(rng, firms, scale)
        world.awards = _awards(rng, world)
        return world


def _programmes(
    rng: random.Random, firms: list[Firm], scale: float
) -> dict[tuple[str, str], list[Firm]]:
    """Firms each programme supported: 2943's reported results exactly, the others' progress."""

    def pool(before: int, sizes: Sequence[str] = ("micro", "small", "medium")) -> list[Firm]:
        return [
            f
            for f in firms
            if f.in_province
            and not f.head
            and not f.twin
            and f.established.year < before
            and f.size in sizes
        ]

    def take(candidates: list[Firm], n: int) -> list[Firm]:
        return rng.sample(candidates, min(n, len(candidates)))

    sme17, sme21 = pool(2017), pool(2021)
    any17 = [f for f in pool(2017, tuple(SIZES)) if f.group != "general"]  # has product rules
    return {
        (P2943, "productivity_tools"): take(sme17, _fixed(7, scale)),
        (P2943, "management_system"): take(sme17, _fixed(15, scale)),
        (P2943, "quality_award"): take(pool(2015, ("medium", "large")), _fixed(12, scale)),
        (P2943, "conformity"): take(any17, _fixed(312, scale)),
        (P2109, "pilot_project"): take(sme21, _fixed(12, scale)),
        (P2109, "productivity_tools"): take(pool(2021, ("large",)), 1),
        (P2109, "training"): take(sme21, _count(20, scale)),
        (P2684, "productivity_tools"): take(sme21, _fixed(3, scale)),
        (P2684, "management_system"): take(sme21, _fixed(9, scale)),
        (P2684, "model_enterprise"): take(pool(2021, tuple(SIZES)), _fixed(2, scale)),
        (P2684, "training"): take(sme21, _count(25, scale)),
    }


# ---------------------------------------------------------------------------------------------
# Sinks: one per output file; they stream rows and remember the deliberate mess
# ---------------------------------------------------------------------------------------------


class Sink:
    first_row = 2  # header is row 1

    def __init__(self, path: Path, kind: str, fmt: str, **meta: Any) -> None:
        self.path, self.kind, self.fmt, self.meta = path, kind, fmt, meta
        self.count = 0
        self.bad_rows: list[dict[str, Any]] = []
        self.notes: dict[str, list[dict[str, Any]]] = {}

    def add(self, row: dict[str, Any], bad: tuple[str, str] | None = None) -> int:
        number = self.first_row + self.count
        self._write(row)
        self.count += 1
        if bad:
            value = getattr(row.get(bad[0]), "value", row.get(bad[0]))
            self.bad_rows.append(
                {
                    "row": number,
                    "column": bad[0],
                    "value": "" if value is None else str(value),
                    "reason": bad[1],
                }
            )
        return number

    def note(self, key: str, row: int, **entry: Any) -> None:
        self.notes.setdefault(key, []).append({"row": row, **entry})

    def _write(self, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self) -> dict[str, Any]:
        return {
            "file": self.path.name,
            "kind": self.kind,
            "format": self.fmt,
            **self.meta,
            "rows": self.count,
            "bad_rows": self.bad_rows,
            **self.notes,
        }


class CsvSink(Sink):
    def __init__(
        self,
        path: Path,
        kind: str,
        columns: Sequence[str],
        header: Sequence[str],
        encoding: str = "utf-8",
        delimiter: str = ",",
        newline: str = "\r\n",  # what Excel writes
    ) -> None:
        super().__init__(path, kind, "csv", encoding=encoding, delimiter=delimiter)
        utf16 = encoding == "utf-16"
        self._fh: TextIO = path.open("w", encoding="utf-16-le" if utf16 else encoding, newline="")
        if utf16:
            self._fh.write("\ufeff")
        self._csv = csv.writer(self._fh, delimiter=delimiter, lineterminator=newline)
        self._columns = list(columns)
        self._csv.writerow(header)

    def _write(self, row: dict[str, Any]) -> None:
        self._csv.writerow(["" if row.get(c) is None else row[c] for c in self._columns])

    def close(self) -> dict[str, Any]:
        self._fh.close()
        return super().close()


class XlsxSink(Sink):
    def __init__(
        self, path: Path, kind: str, columns: Sequence[str], header: Sequence[str], sheet: str
    ) -> None:
        super().__init__(path, kind, "xlsx", sheet=sheet)
        self._wb = Workbook(write_only=True)
        self._ws = self._wb.create_sheet(sheet)
        self._columns = list(columns)
        self._ws.append(list(header))

    def cell(self, value: date) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._ws, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell

    def _write(self, row: dict[str, Any]) -> None:
        self._ws.append([row.get(c) for c in self._columns])

    def close(self) -> dict[str, Any]:
        fixed = datetime(2021, 1, 1)
        self._wb.properties.created = self._wb.properties.modified = fixed
        archive = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        ExcelWriter(self._wb, archive).save()  # not save_workbook: it stamps "now"
        _freeze_zip(self.path)
        return super().close()


class JsonLinesSink(Sink):
    first_row = 1

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(path, kind, "jsonl", encoding="utf-8")
        self._fh = path.open("w", encoding="utf-8", newline="\n")

    def _write(self, row: dict[str, Any]) -> None:
        clean = {k: v for k, v in row.items() if v is not None}
        self._fh.write(json.dumps(clean, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self) -> dict[str, Any]:
        self._fh.close()
        return super().close()


class JsonArraySink(JsonLinesSink):
    """A JSON array written one object per line, so it streams too."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(path, kind)
        self.fmt = "json"
        self._fh.write("[")

    def _write(self, row: dict[str, Any]) -> None:
        self._fh.write(",\n" if self.count else "\n")
        clean = {k: v for k, v in row.items() if v is not None}
        self._fh.write(json.dumps(clean, ensure_ascii=False))

    def close(self) -> dict[str, Any]:
        self._fh.write("\n]\n")
        return super().close()


def _freeze_zip(path: Path) -> None:
    """Rewrite a zip with fixed entry timestamps so the same input gives the same bytes."""
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            frozen = zipfile.ZipInfo(info.filename, date_time=(2021, 1, 1, 0, 0, 0))
            frozen.compress_type = zipfile.ZIP_DEFLATED
            frozen.external_attr = 0o644 << 16
            with src.open(info) as fin, dst.open(frozen, "w", force_zip64=True) as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
    tmp.replace(path)


def _sink(out: Path, kind: str, name: str, messy: bool, **options: Any) -> CsvSink:
    columns = list(COLUMNS[kind])
    if messy:
        return CsvSink(out / name, kind, columns, list(COLUMNS[kind].values()), **options)
    return CsvSink(out / name, kind, columns, columns, newline="\n", **options)


def _spread(
    rows: Iterable[dict[str, Any]], bad: list[tuple[dict[str, Any], str, str]], expected: int
) -> Iterator[tuple[dict[str, Any], tuple[str, str] | None]]:
    """Good rows with the bad ones slipped in at even intervals."""
    at = [max(1, expected * (i + 1) // (len(bad) + 1)) for i in range(len(bad))]
    pending = list(zip(at, bad, strict=True))
    for i, row in enumerate(rows):
        while pending and pending[0][0] == i:
            _, (bad_row, column, reason) = pending.pop(0)
            yield bad_row, (column, reason)
        yield row, None
    for _, (bad_row, column, reason) in pending:
        yield bad_row, (column, reason)


# ---------------------------------------------------------------------------------------------
# Spelling mess
# ---------------------------------------------------------------------------------------------

_OLD_TONES = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "úy": "uý",
    "ủy": "uỷ",
    "ùy": "uỳ",
    "ụy": "uỵ",
    "òe": "oè",
    "óe": "oé",
}


def _strip_marks(text: str) -> str:
    nfd = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


def _title_old_tones(text: str) -> str:
    words = [w if w.isupper() else w[:1].upper() + w[1:] for w in text.split()]
    out = " ".join(words)
    for new, old in _OLD_TONES.items():
        out = out.replace(new, old)
    return out


def _abbreviate(text: str) -> str:
    return text.replace("Công ty Cổ phần", "CTCP").replace("Công ty", "Cty")


def _expand(text: str) -> str:
    for short, long in (
        ("TNHH MTV", "trách nhiệm hữu hạn một thành viên"),
        ("TNHH", "trách nhiệm hữu hạn"),
        ("DNTN", "Doanh nghiệp tư nhân"),
        ("HTX", "Hợp tác xã"),
    ):
        if short in text:
            return text.replace(short, long, 1)
    return text.replace("Cổ phần", "CP")


_VARIANTS = (_strip_marks, str.upper, _title_old_tones, _abbreviate, _expand)


def variant(rng: random.Random, name: str) -> str:
    """The firm's name as another clerk spelt it ("Cty TNHH Thực Phẩm Phú Hoà")."""
    text = name
    for change in rng.sample(_VARIANTS, rng.choice((1, 2))):
        text = change(text)
    return unicodedata.normalize("NFC", text if text != name else _strip_marks(name))


def _damaged(rng: random.Random, code: str) -> str:
    """A tax code as a spreadsheet left it: numeric ``.0``, lost leading zero, odd separator."""
    if code.startswith("0"):
        return code.lstrip("0").replace("-", "")
    if "-" in code:
        return rng.choice((code.replace("-", " "), code.replace("-", "")))
    return f"{code}.0"


def _bad_check_digit(code: str) -> str:
    return code[:9] + str((int(code[9]) + 1) % 10)


# ---------------------------------------------------------------------------------------------
# Enterprises
# ---------------------------------------------------------------------------------------------


def _enterprise_row(firm: Firm, messy: bool, rng: random.Random) -> dict[str, Any]:
    if not messy:
        return {
            "tax_code": firm.tax_code,
            "name": firm.name,
            "address": firm.address,
            "legal_form": firm.legal_form,
            "sector": firm.vsic,
            "size": firm.size,
            "established_on": firm.established.isoformat(),
            "status": firm.status,
        }
    day = firm.established
    return {
        "tax_code": firm.tax_code,
        "name": firm.name,
        "address": firm.address,
        "legal_form": firm.legal_form,
        "sector": firm.vsic,
        "size": SIZES[firm.size],
        "established_on": day.isoformat() if rng.random() < 0.05 else day.strftime("%d/%m/%Y"),
        "status": STATUSES[firm.status],
    }


def _enterprise_bad(world: World, rng: random.Random) -> list[tuple[dict[str, Any], str, str]]:
    builder_rng = random.Random(rng.random())
    rows = []
    for column, reason, brand in (  # brands nobody else uses
        ("established_on", "impossible date", "Ánh Dương"),
        ("tax_code", "invalid tax code check digit", "Bình Minh"),
        ("name", "required value missing", "Tương Lai"),
    ):
        core = f"{rng.choice(GENERAL_PROFILES).words[0]} {brand}"
        code = _tax_code(builder_rng, "3701", world.codes)
        row = {
            "tax_code": code,
            "name": f"Công ty TNHH {core}",
            "address": "",
            "legal_form": "TNHH",
            "sector": "4690",
            "size": "nhỏ",
            "established_on": "15/06/2019",
            "status": STATUSES["active"],
        }
        row.update({"established_on": "31/02/2024"} if column == "established_on" else {})
        row.update({"tax_code": _bad_check_digit(code)} if column == "tax_code" else {})
        row.update({"name": ""} if column == "name" else {})
        rows.append((row, column, reason))
    return rows


def write_enterprises(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = _rng(seed, "enterprises")
    sink = _sink(out, "enterprises", "enterprises.csv", messy)
    rows = (_enterprise_row(f, messy, rng) for f in world.firms)
    bad = _enterprise_bad(world, rng) if messy else []
    for row, problem in _spread(rows, bad, len(world.firms)):
        _write_firm_row(sink, row, problem, messy, rng)
    return sink.close()


def _write_firm_row(
    sink: Sink,
    row: dict[str, Any],
    problem: tuple[str, str] | None,
    messy: bool,
    rng: random.Random,
) -> None:
    code = row["tax_code"]
    damage = (
        messy
        and not problem
        and (code.startswith("0") and rng.random() < 0.4 or rng.random() < 0.02)
    )
    if damage:
        row["tax_code"] = _damaged(rng, code)
    number = sink.add(row, problem)
    if damage:
        sink.note("repairs", number, column="tax_code", value=row["tax_code"], canonical=code)


def write_enterprises_utf16(world: World, out: Path, seed: int) -> dict[str, Any]:
    """An Excel "Unicode text" export: UTF-16 with BOM, tab-separated, part old, part new."""
    rng = _rng(seed, "enterprises_utf16")
    sink = _sink(
        out, "enterprises", "enterprises_utf16.txt", True, encoding="utf-16", delimiter="\t"
    )
    firms = world.firms[::7] + world.extras
    rng.shuffle(firms)
    for firm in firms:
        _write_firm_row(sink, _enterprise_row(firm, True, rng), None, True, rng)
    return sink.close()


# ---------------------------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------------------------


@dataclass
class Cert:
    kind: str
    standard: str
    product: str
    issuer: str
    issued: date | None
    expires: date | None
    status: str = "valid"


class _CertMaker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serial = {
            i: rng.randint(100, 900)
            for i in (*NUMBER_FORMATS, *RECEIVERS_OLD, RECEIVER_NEW, RECEIVER_AGRI)
        }

    def number(self, cert: Cert) -> str:
        self.serial[cert.issuer] += 1
        n, day = self.serial[cert.issuer], cert.issued or REFERENCE_DATE
        if cert.issuer in NUMBER_FORMATS:
            return NUMBER_FORMATS[cert.issuer].format(n=n, yy=day.year % 100, yyyy=day.year)
        suffix = {RECEIVER_AGRI: "TB-SNN", RECEIVERS_OLD[0]: "TB-TĐC"}.get(cert.issuer, "TB-SKHCN")
        return f"{n}/{day.year}/{suffix}"

    def make(self, kind: str, standard: str, product: str, issued: date) -> Cert:
        rng = self.rng
        if kind == "management_system":
            issuer = rng.choice(CERTIFIERS)
        elif kind.endswith("certification"):
            issuer = rng.choice(PRODUCT_CERTIFIERS)
        elif "BNNPTNT" in standard:
            issuer = RECEIVER_AGRI
        else:
            issuer = RECEIVER_NEW if issued >= REFORM_DATE else rng.choice(RECEIVERS_OLD)
        expires = None if kind.endswith("declaration") else issued + timedelta(days=3 * 365 - 1)
        return Cert(kind, standard, product, issuer, issued, expires)

    def random_for(self, firm: Firm, start: date = date(2014, 1, 1)) -> Cert:
        rng = self.rng
        kinds = {
            k: w
            for k, w in (
                ("management_system", 45),
                ("standard_certification", 15),
                ("regulation_certification", 15),
                ("standard_declaration", 10),
                ("regulation_declaration", 15),
            )
            if k == "management_system" or firm.group in PRODUCT_STANDARDS[k]
        }
        kind = _pick(rng, kinds)
        standard, product = self.standard_for(firm.group, kind)
        back = int(rng.random() ** 3 * (REFERENCE_DATE - start).days)  # most recent
        cert = self.make(kind, standard, product, REFERENCE_DATE - timedelta(days=back))
        cert.status = _pick(rng, {"valid": 92, "suspended": 4, "withdrawn": 4})
        return cert

    def standard_for(self, group: str, kind: str) -> tuple[str, str]:
        if kind == "management_system":
            pool = MS_COMMON + (MS_FOOD if group in ("food", "feed", "agri") else ())
            return self.rng.choices([s for s, _ in pool], weights=[w for _, w in pool])[0], ""
        return self.rng.choice(PRODUCT_STANDARDS[kind][group])

    def conformity(self, firm: Firm, year_from: int, year_to: int) -> Cert:
        group = firm.group if firm.group != "general" else "food"
        kind = self.rng.choice([k for k in PRODUCT_STANDARDS if group in PRODUCT_STANDARDS[k]])
        standard, product = self.standard_for(group, kind)
        issued = _day(self.rng, date(year_from, 1, 1), date(year_to, 12, 31))
        return self.make(kind, standard, product, issued)

    def management(self, firm: Firm, year_from: int, year_to: int, renew: bool) -> list[Cert]:
        standard, _ = self.standard_for(firm.group, "management_system")
        cert = self.make(
            "management_system",
            standard,
            "",
            _day(self.rng, date(year_from, 1, 1), date(year_to, 12, 31)),
        )
        chain = [cert]
        while renew and chain[-1].expires and chain[-1].expires < REFERENCE_DATE:
            nxt = self.make("management_system", standard, "", chain[-1].expires + timedelta(1))
            nxt.issuer = cert.issuer
            chain.append(nxt)
        return chain

    def for_chain(self, firm: Firm) -> list[Cert]:
        """Producers and traders of the pilot chains: most hold certificates valid today."""
        rng, out = self.rng, []
        recent = (date(2024, 1, 1), date(2026, 10, 31))
        iso9001 = {"farm": 0.35, "processor": 0.6, "distributor": 0.4, "retailer": 0.3}
        if rng.random() < iso9001[firm.role or "farm"]:
            std = "ISO 9001:2015" if rng.random() < 0.75 else "TCVN ISO 9001:2015"
            out.append(self.make("management_system", std, "", _day(rng, *recent)))
        if firm.role in ("processor", "distributor") and rng.random() < 0.4:
            std = rng.choice(("ISO 22000:2018", "HACCP", "TCVN ISO 22000:2018"))
            out.append(self.make("management_system", std, "", _day(rng, *recent)))
        if firm.role == "farm" and rng.random() < 0.6:
            out.append(self._farm_standard(firm, _day(rng, *recent)))
        return out

    def _farm_standard(self, firm: Firm, issued: date) -> Cert:
        chain = CHAIN_BY_KEY[firm.chain or "vegetables"]
        if chain.key == "eggs":
            return self.make("standard_certification", "TCVN 1858:2018", "Trứng gà tươi", issued)
        if chain.key == "poultry_meat":
            return self.make("standard_certification", "TCVN 11041-3:2017", chain.raw[0], issued)
        standard = "TCVN 11041-2:2017" if self.rng.random() < 0.12 else "TCVN 11892-1:2017"
        return self.make("standard_certification", standard, self.rng.choice(chain.raw), issued)


def _certs_of(maker: _CertMaker, firm: Firm, tags: set[str]) -> list[Cert]:
    rng = maker.rng
    certs: list[Cert] = []
    if f"{P2943}:management_system" in tags:
        certs += maker.management(firm, 2017, 2020, renew=rng.random() < 0.8)
    if f"{P2684}:management_system" in tags:
        certs += maker.management(firm, 2022, 2026, renew=False)
    if f"{P2943}:conformity" in tags:
        certs.append(maker.conformity(firm, 2017, 2020))
    if firm.role:
        certs += maker.for_chain(firm)
    n = rng.choices((0, 1, 2, 3, 4, 5, 6, 8), weights=(22, 14, 12, 12, 11, 10, 10, 9))[0]
    if firm.head:  # branches hold few certificates of their own
        n = min(n, 1)
    certs += [maker.random_for(firm) for _ in range(n)]
    return certs


def _cert_row(
    cert: Cert, number: str, messy: bool, rng: random.Random, cell: Callable[[date], Any]
) -> dict[str, Any]:
    def day(value: date | None) -> Any:
        if value is None:
            return None
        if not messy:
            return value.isoformat()
        return value.strftime("%d/%m/%Y") if rng.random() < 0.03 else cell(value)

    kind = CERT_KINDS[cert.kind] if messy and rng.random() < 0.4 else cert.kind
    return {
        "certificate_no": number,
        "kind": kind,
        "standard": cert.standard,
        "issuer": cert.issuer,
        "product": cert.product or None,
        "issued_on": day(cert.issued),
        "expires_on": day(cert.expires),
        "status": cert.status,
    }


def _is_valid_today(cert: Cert) -> bool:
    return (
        cert.status == "valid"
        and cert.issued is not None
        and cert.issued <= REFERENCE_DATE
        and (cert.expires is None or cert.expires >= REFERENCE_DATE)
    )


class _CertWriter:
    def __init__(
        self, world: World, sink: XlsxSink | CsvSink, messy: bool, rng: random.Random
    ) -> None:
        self.world, self.sink, self.messy, self.rng = world, sink, messy, rng
        self.maker = _CertMaker(rng)
        self.cell: Callable[[date], Any] = sink.cell if isinstance(sink, XlsxSink) else str

    def row(self, cert: Cert, messy: bool) -> dict[str, Any]:
        return _cert_row(cert, self.maker.number(cert), messy, self.rng, self.cell)

    def holder(self, firm: Firm, row: dict[str, Any]) -> tuple[str | None, str | None]:
        """Cite the holder. Returns (firm meant by a name-only row, code typed as a number)."""
        rng = self.rng
        if not self.messy:
            row.update(tax_code=firm.tax_code, enterprise_name=firm.name)
            return None, None
        if firm.plain and rng.random() < 0.05:
            row["enterprise_name"] = variant(rng, firm.name)
            return firm.tax_code, None
        hcm = firm.tax_code.startswith("0")
        numeric = not firm.head and rng.random() < (0.5 if hcm else 0.02)
        row["tax_code"] = int(firm.tax_code) if numeric else firm.tax_code
        row["enterprise_name"] = firm.name if rng.random() < 0.6 else None
        return None, firm.tax_code if numeric else None

    def write(self, firm: Firm, cert: Cert) -> None:
        row = self.row(cert, self.messy)
        meant, typed = self.holder(firm, row)
        number = self.sink.add(row)
        if meant:
            self.sink.note("name_rows", number, value=row["enterprise_name"], expected=meant)
        if typed:
            value = row["tax_code"]
            self.sink.note("repairs", number, column="tax_code", value=value, canonical=typed)
        if firm.role and _is_valid_today(cert):
            self.world.valid_standards.setdefault(firm.tax_code, []).append(cert.standard)

    def write_named(self, name: str, cert: Cert, expected: str) -> None:
        row = self.row(cert, self.messy)
        row["enterprise_name"] = name
        number = self.sink.add(row)
        self.sink.note("name_rows", number, value=name, expected=expected)

    def write_bad(self, column: str, reason: str) -> None:
        rng = self.rng
        firm = rng.choice([f for f in self.world.firms if f.plain])
        cert = self.maker.random_for(firm, date(2023, 1, 1))
        row = self.row(cert, True)
        row.update(tax_code=firm.tax_code, enterprise_name=firm.name)
        if column == "kind":
            row["kind"] = "iso"
        elif column == "issued_on":
            row["issued_on"] = None
        else:
            row.update(tax_code=_bad_check_digit(firm.tax_code), enterprise_name=None)
        self.sink.add(row, (column, reason))


def _outsider(rng: random.Random) -> str:
    profile = rng.choice(GENERAL_PROFILES[:12])
    form = rng.choice(("Công ty TNHH", "Công ty Cổ phần", "Cty TNHH"))
    return f"{form} {profile.words[0]} {rng.choice(OUTSIDER_BRANDS)}"


def write_certificates(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = _rng(seed, "certificates")
    columns = list(COLUMNS["certificates"])
    sink: XlsxSink | CsvSink
    if messy:
        header = list(COLUMNS["certificates"].values())
        sink = XlsxSink(
            out / "certificates.xlsx", "certificates", columns, header, "Giấy chứng nhận"
        )
    else:
        sink = _sink(out, "certificates", "certificates.csv", False)
    writer = _CertWriter(world, sink, messy, rng)
    tags = _programme_tags(world)
    order = list(world.firms)
    rng.shuffle(order)
    extras = _cert_extras(world, rng) if messy else {}
    for i, firm in enumerate(order):
        for cert in _certs_of(writer.maker, firm, tags.get(firm.tax_code, set())):
            writer.write(firm, cert)
        for extra in extras.get(i, ()):
            extra(writer)
    return sink.close()


def _cert_extras(world: World, rng: random.Random) -> dict[int, list[Any]]:
    """Name-only rows that match two firms or none, and the bad rows, at spread positions."""
    n = len(world.firms)
    extras: list[Any] = []
    for first, second in world.twins:
        holder = rng.choice((first, second))
        name = rng.choice((first.core, f"Cty {first.core}", _strip_marks(first.core).upper()))
        extras.append(
            lambda w, h=holder, nm=name: w.write_named(nm, w.maker.random_for(h), "ambiguous")
        )
    for _ in range(_count(5, world.scale, 2)):
        name = _outsider(rng)
        extras.append(
            lambda w, nm=name: w.write_named(
                nm, w.maker.conformity(world.firms[0], 2019, 2025), "none"
            )
        )
    for column, reason in (
        ("kind", "unknown certificate kind"),
        ("issued_on", "required value missing"),
        ("tax_code", "invalid tax code check digit and no enterprise name"),
    ):
        extras.append(lambda w, c=column, r=reason: w.write_bad(c, r))
    slots: dict[int, list[Any]] = {}
    for k, extra in enumerate(extras):
        slots.setdefault((k + 1) * n // (len(extras) + 1), []).append(extra)
    return slots


def _programme_tags(world: World) -> dict[str, set[str]]:
    tags: dict[str, set[str]] = {}
    for (programme, kind), firms in world.programmes.items():
        for firm in firms:
            tags.setdefault(firm.tax_code, set()).add(f"{programme}:{kind}")
    return tags


# ---------------------------------------------------------------------------------------------
# Awards, measurement support, programme support
# ---------------------------------------------------------------------------------------------


def _cite(
    firm: Firm, row: dict[str, Any], messy: bool, rng: random.Random, share: float = 0.08
) -> None:
    """Cite a firm by tax code, or (messy, now and then) by its exact registered name."""
    if messy and firm.plain and rng.random() < share:
        row["enterprise_name"] = firm.name
    else:
        row["tax_code"] = firm.tax_code
        row["enterprise_name"] = firm.name if messy and rng.random() < 0.5 else None


def _awards(rng: random.Random, world: World) -> list[tuple[Firm, str, int]]:
    """2943's twelve winners (2017-2020), then other winners of other years."""
    winners = world.programmes[(P2943, "quality_award")]
    kinds = ["national_quality_award"] * max(0, len(winners) - 3) + [
        "national_quality_award_gold",
        "national_quality_award_gold",
        "asia_pacific_quality_award",
    ]
    rows = [
        (f, k, rng.randint(2017, 2020))
        for f, k in zip(winners, kinds[-len(winners) :], strict=True)
    ]
    others = [f for f in world.firms if f.size in ("medium", "large") and f.plain]
    for firm in rng.sample(others, min(len(others), _count(8, world.scale))):
        year = rng.choice([y for y in range(2008, 2026) if not 2017 <= y <= 2020])
        kind = _pick(rng, {"national_quality_award": 8, "national_quality_award_gold": 2})
        rows.append((firm, kind, year))
    rows.sort(key=lambda r: (r[2], r[0].name))
    return rows


def write_awards(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = _rng(seed, "awards")
    sink = _sink(out, "awards", "awards.csv", messy)
    for firm, award, year in world.awards:
        row: dict[str, Any] = {"award": award, "year": year}
        _cite(firm, row, messy, rng)
        sink.add(row)
    return sink.close()


_SUPPORT = {  # support type -> (weight, amount range in millions, instruments)
    "training": (25, (5, 30), False),
    "calibration": (25, (10, 80), True),
    "verification": (20, (5, 40), True),
    "measurement_assurance": (15, (50, 200), True),
    "lab_capability": (5, (200, 800), False),
    "equipment": (10, (100, 500), True),
}


def _vnd(amount: int, messy: bool, rng: random.Random) -> str:
    if messy and rng.random() < 0.85:
        return f"{amount:,}".replace(",", ".")
    return str(amount)


def _measurement_rows(world: World, messy: bool, rng: random.Random) -> Iterator[dict[str, Any]]:
    firms = [f for f in world.firms if f.group != "general" and f.status == "active"]
    for n in range(_count(500, world.scale)):
        firm, year = rng.choice(firms), rng.randint(2019, 2026)
        kind = _pick(rng, {k: v[0] for k, v in _SUPPORT.items()})
        low, high = _SUPPORT[kind][1]
        amount = rng.randint(low * 2, high * 2) * 500_000
        row: dict[str, Any] = {
            "record_id": f"996-{year}-{n + 1:05d}",
            "support_type": kind,
            "year": year,
            "amount_vnd": _vnd(amount, messy, rng),
            "instruments": rng.randint(5, 300) if _SUPPORT[kind][2] else None,
            "programme": P996 if not messy or rng.random() < 0.3 else None,
        }
        _cite(firm, row, messy, rng)
        yield row


def write_measurement(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = _rng(seed, "measurement")
    sink = _sink(
        out, "measurement", "measurement.csv", messy, encoding="utf-8-sig" if messy else "utf-8"
    )
    firm = next(f for f in world.firms if f.plain)
    base = {
        "tax_code": firm.tax_code,
        "support_type": "calibration",
        "year": 2024,
        "amount_vnd": "15.000.000",
        "instruments": 12,
        "programme": P996,
    }
    bad = (
        [
            (
                {**base, "record_id": "996-2024-90001", "amount_vnd": "-5.000.000"},
                "amount_vnd",
                "negative amount",
            ),
            (
                {**base, "record_id": "996-2024-90002", "support_type": "inspection"},
                "support_type",
                "unknown support type",
            ),
            ({**base, "record_id": ""}, "record_id", "required value missing"),
        ]
        if messy
        else []
    )
    expected = _count(500, world.scale)
    for row, problem in _spread(_measurement_rows(world, messy, rng), bad, expected):
        sink.add(row, problem)
    return sink.close()


_NOTES = {
    "productivity_tools": (
        "Áp dụng 5S và Kaizen",
        "Áp dụng Lean",
        "Áp dụng KPI và BSC",
        "Áp dụng TPM",
    ),
    "management_system": ("Tư vấn, chứng nhận hệ thống quản lý", "Hỗ trợ áp dụng ISO"),
    "quality_award": ("Hỗ trợ tham gia Giải thưởng Chất lượng Quốc gia",),
    "conformity": ("Hỗ trợ chứng nhận hợp chuẩn, hợp quy", "Hỗ trợ công bố hợp chuẩn, hợp quy"),
    "pilot_project": ("Dự án điểm nâng cao năng suất",),
    "model_enterprise": ("Doanh nghiệp điển hình về năng suất",),
    "training": ("Đào tạo chuyên gia năng suất", "Tập huấn nhận thức về năng suất chất lượng"),
}
_YEARS = {P2943: (2017, 2020), P2109: (2022, 2026), P2684: (2022, 2026)}


def write_programme_support(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = _rng(seed, "programme_support")
    sink = _sink(out, "programme_support", "programme_support.csv", messy)
    award_years = {f.tax_code: year for f, _, year in world.awards if 2017 <= year <= 2020}
    for (programme, kind), firms in world.programmes.items():
        for firm in firms:
            years = [rng.randint(*_YEARS[programme])]
            if kind == "quality_award":
                years = [award_years.get(firm.tax_code, years[0])]
            if kind == "management_system" and rng.random() < 0.15:  # supported twice
                years.append(min(years[0] + 1, _YEARS[programme][1]))
            for year in years:
                row: dict[str, Any] = {
                    "programme": programme,
                    "support_kind": kind,
                    "year": year,
                    "note": rng.choice(_NOTES[kind]),
                }
                _cite(firm, row, messy, rng, share=0.04)
                sink.add(row)
    return sink.close()


# ---------------------------------------------------------------------------------------------
# Products, trace events, EPCIS
# ---------------------------------------------------------------------------------------------


def _gtin(prefix: str, item: int) -> str:
    first12 = f"{prefix}{item:05d}"
    return first12 + ean.calc_check_digit(first12)


def make_products(world: World, seed: int) -> list[Product]:
    rng = _rng(seed, "products")
    agency: dict[str, int] = {}
    products: list[Product] = []
    for chain in CHAINS:
        for stage, role, names, k in (
            ("raw", "farm", chain.raw, (1, 2)),
            ("processed", "processor", chain.processed, (1, 3)),
        ):
            for firm in world.roles[f"{chain.key}:{role}"]:
                picked = rng.sample(names, min(len(names), rng.randint(*k)))
                for item, base in enumerate(picked, start=1):
                    place = firm.ward.short if rng.random() < 0.5 else firm.ward.district_short
                    if firm.gs1_prefix:
                        code = _gtin(firm.gs1_prefix, item)
                    else:
                        agency[chain.lot] = agency.get(chain.lot, 0) + 1
                        code = f"BD-{chain.lot}-{agency[chain.lot]:04d}"
                    products.append(
                        Product(
                            code,
                            f"{base} {place}",
                            chain.key,
                            firm,
                            stage,
                            rng.random() < 0.12,
                        )
                    )
    return products


def write_products(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = _rng(seed, "products_file")
    rows = []
    for p in world.products:
        world.suppliers.setdefault(p.chain, set()).add(p.producer.tax_code)
        chain = CHAIN_LABELS[p.chain] if messy and rng.random() < 0.3 else p.chain
        row = {"product_code": p.code, "name": p.name, "chain": chain}
        if messy and p.by_name:
            row["producer_name"] = p.producer.name
        else:
            row["producer_tax_code"] = p.producer.tax_code
        rows.append(row)
    if not messy:
        sink = _sink(out, "products", "products.csv", False)
        for row in rows:
            sink.add(row)
        return sink.close()
    json_sink = JsonArraySink(out / "products.json", "products")
    producer = rows[0].get("producer_tax_code") or world.firms[0].tax_code
    bad = [
        (
            {
                "product_code": "BD-CA-0001",
                "name": "Cá tra phi lê Bến Cát",
                "chain": "cá tra",
                "producer_tax_code": producer,
            },
            "chain",
            "unknown chain",
        ),
        (
            {
                "product_code": "",
                "name": "Trứng gà ta Phú Giáo",
                "chain": "trứng",
                "producer_tax_code": producer,
            },
            "product_code",
            "required value missing",
        ),
    ]
    for row, problem in _spread(rows, bad, len(rows)):
        json_sink.add(row, problem)
    return json_sink.close()


@dataclass
class Lot:
    code: str
    product: Product
    quantity: float
    ready: datetime  # when it is available at its current holder


class _Trace:
    """Lots flowing farm -> processor -> distributor -> retailer, 3 to 4 links deep."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world, self.rng = world, rng
        self.seq: dict[str, int] = {}
        self.events = 0
        self.by_producer: dict[tuple[str, str], list[Product]] = {}
        for p in world.products:
            self.by_producer.setdefault((p.producer.tax_code, p.stage), []).append(p)

    def lot(self, chain: Chain, product: Product, qty: float, when: datetime) -> Lot:
        self.seq[chain.key] = self.seq.get(chain.key, 0) + 1
        code = f"LOT-{chain.lot}-{when.year}-{self.seq[chain.key]:06d}"
        return Lot(code, product, round(qty, 1) if chain.uom == "kg" else int(qty), when)

    def event(
        self,
        kind: str,
        step: str,
        lot: Lot,
        actor: Firm,
        when: datetime,
        inputs: Sequence[Lot] = (),
    ) -> dict[str, Any]:
        self.events += 1
        self.world.suppliers.setdefault(lot.product.chain, set()).add(actor.tax_code)
        return {
            "event_id": f"EV-{self.events:08d}",
            "event_time": when,
            "event_type": kind,
            "biz_step": step,
            "lot_code": lot.code,
            "product_code": lot.product.code,
            "input_lots": ";".join(i.code for i in inputs) or None,
            "actor": actor,
            "quantity": lot.quantity,
            "uom": CHAIN_BY_KEY[lot.product.chain].uom,
        }

    def hours(self, low: int, high: int) -> timedelta:
        return timedelta(minutes=self.rng.randint(low * 60, high * 60))

    def move(self, lot: Lot, sender: Firm, receiver: Firm, out: list[dict[str, Any]]) -> None:
        shipped = lot.ready + self.hours(1, 12)
        out.append(self.event("object", "shipping", lot, sender, shipped))
        lot.ready = shipped + self.hours(1, 8)
        out.append(self.event("object", "receiving", lot, receiver, lot.ready))

    def raw(self, chain: Chain, start: datetime, processor: Firm, out: list[dict[str, Any]]) -> Lot:
        farm = self.rng.choice(self.world.roles[f"{chain.key}:farm"])
        product = self.rng.choice(self.by_producer[(farm.tax_code, "raw")])
        lot = self.lot(chain, product, self.rng.randint(*chain.raw_qty), start + self.hours(0, 72))
        out.append(self.event("object", "commissioning", lot, farm, lot.ready))
        self.move(lot, farm, processor, out)
        return lot

    def processed(
        self,
        chain: Chain,
        start: datetime,
        processor: Firm,
        spare: list[Lot],
        out: list[dict[str, Any]],
    ) -> Lot:
        inputs = [self.raw(chain, start, processor, out) for _ in range(self.rng.randint(2, 3))]
        if spare and self.rng.random() < 0.3:  # a raw lot split over two processed lots
            inputs.append(spare[0])
        spare[:] = inputs[:1]
        when = max(i.ready for i in inputs) + self.hours(2, 24)
        product = self.rng.choice(self.by_producer[(processor.tax_code, "processed")])
        qty = sum(i.quantity for i in inputs) * chain.yield_
        lot = self.lot(chain, product, qty, when)
        out.append(self.event("transformation", "transforming", lot, processor, when, inputs))
        return lot

    def packed(
        self, chain: Chain, start: datetime, distributor: Firm, out: list[dict[str, Any]]
    ) -> Lot:
        processor = self.rng.choice(self.world.roles[f"{chain.key}:processor"])
        spare: list[Lot] = []
        inputs = [
            self.processed(chain, start, processor, spare, out)
            for _ in range(self.rng.randint(1, 2))
        ]
        when = max(i.ready for i in inputs) + self.hours(1, 6)
        lot = self.lot(chain, inputs[0].product, sum(i.quantity for i in inputs), when)
        out.append(self.event("aggregation", "packing", lot, processor, when, inputs))
        self.move(lot, processor, distributor, out)
        return lot

    def tree(self, chain: Chain, start: datetime) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        distributor = self.rng.choice(self.world.roles["distributor"])
        shop = self.rng.choice(self.world.roles["retailer"])
        inputs = [
            self.packed(chain, start, distributor, out) for _ in range(self.rng.randint(2, 3))
        ]
        when = max(i.ready for i in inputs) + self.hours(2, 24)
        lot = self.lot(chain, inputs[0].product, sum(i.quantity for i in inputs), when)
        out.append(self.event("aggregation", "packing", lot, distributor, when, inputs))
        self.move(lot, distributor, shop, out)
        return out

    def all(self, budget: int) -> Iterator[dict[str, Any]]:
        first, last = datetime(2021, 1, 4, 5, 0), datetime(2026, 10, 25, 5, 0)
        span = int((last - first).total_seconds() // 60)
        i = 0
        while self.events < budget:
            start = first + timedelta(minutes=self.rng.randrange(span))
            yield from self.tree(CHAINS[i % len(CHAINS)], start)
            i += 1


def _location(firm: Firm) -> str:
    if "Thành phố Hồ Chí Minh" in firm.address and firm.in_province:
        return f"{firm.ward.new_name}, {NEW_PROVINCE}"
    return f"{firm.ward.name}, {firm.ward.district}"


def _render_event(event: dict[str, Any], messy: bool, rng: random.Random) -> dict[str, Any]:
    row = dict(event)
    actor: Firm = row.pop("actor")
    stamp = row["event_time"].strftime("%Y-%m-%dT%H:%M:%S")
    row["event_time"] = stamp if messy and rng.random() < 0.25 else stamp + "+07:00"
    if messy and rng.random() < 0.08:  # its exact registered name: actors are never twins
        row["actor_name"] = actor.name
    else:
        row["actor_tax_code"] = actor.tax_code
    row["location"] = _location(actor)
    return row


def write_trace_events(world: World, out: Path, seed: int, messy: bool) -> dict[str, Any]:
    rng = _rng(seed, "trace_events")
    budget = _count(10_000, world.scale, 50)
    events = (_render_event(e, messy, rng) for e in _Trace(world, rng).all(budget))
    sink: Sink
    if not messy:
        sink = _sink(out, "trace_events", "trace_events.csv", False)
        for row in events:
            sink.add(row)
        return sink.close()
    sink = JsonLinesSink(out / "trace_events.jsonl", "trace_events")
    base = {
        "event_type": "object",
        "biz_step": "receiving",
        "product_code": "BD-RAU-0001",
        "actor_tax_code": world.roles["retailer"][0].tax_code,
        "quantity": 120,
        "uom": "kg",
    }
    bad = [
        (
            {
                **base,
                "event_id": "EV-BAD-0001",
                "event_time": "2024-05-02T09:30:00+07:00",
                "event_type": "observation",
                "lot_code": "LOT-RAU-2024-900001",
            },
            "event_type",
            "unknown event type",
        ),
        (
            {**base, "event_id": "EV-BAD-0002", "event_time": "2024-05-02T10:00:00+07:00"},
            "lot_code",
            "required value missing",
        ),
        (
            {
                **base,
                "event_id": "EV-BAD-0003",
                "event_time": "2024-02-30T08:00:00+07:00",
                "lot_code": "LOT-RAU-2024-900003",
            },
            "event_time",
            "impossible date",
        ),
    ]
    for row, problem in _spread(events, bad, budget):
        sink.add(row, problem)
    return sink.close()


def _epc_parts(product: Product) -> tuple[str, str]:
    prefix = product.producer.gs1_prefix or product.code[:7]
    return prefix, "0" + product.code[len(prefix) : 12]  # indicator digit + item reference


def lgtin(product: Product, lot: str) -> str:
    prefix, item = _epc_parts(product)
    return f"urn:epc:class:lgtin:{prefix}.{item}.{lot}"


def _sgln(firm: Firm) -> str:
    return f"urn:epc:id:sgln:{firm.gs1_prefix}.00001.0"


def _pgln(firm: Firm) -> str:
    return f"urn:epc:id:pgln:{firm.gs1_prefix}.00000"


class _Epcis:
    """A small EPCIS 2.0 document for the eggs chain, built from the products' GTINs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.events: list[dict[str, Any]] = []

    def add(
        self, kind: str, when: datetime, step: str, disposition: str, where: Firm, **fields: Any
    ) -> None:
        event = {
            "type": kind,
            "eventID": f"urn:uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}",
            "eventTime": when.strftime("%Y-%m-%dT%H:%M:%S.000+07:00"),
            "eventTimeZoneOffset": "+07:00",
            **fields,
            "bizStep": step,
            "disposition": disposition,
            "readPoint": {"id": _sgln(where)},
            "bizLocation": {"id": _sgln(where)},
            "hub:actorTaxCode": where.tax_code,
        }
        self.events.append(event)

    def ship(
        self,
        when: datetime,
        items: dict[str, Any],
        sender: Firm,
        receiver: Firm,
        step_forms: tuple[str, str],
    ) -> None:
        parties = {
            "sourceList": [{"type": "owning_party", "source": _pgln(sender)}],
            "destinationList": [{"type": "owning_party", "destination": _pgln(receiver)}],
        }
        self.add(
            "ObjectEvent",
            when,
            step_forms[0],
            "in_transit",
            sender,
            action="OBSERVE",
            **items,
            **parties,
        )
        self.add(
            "ObjectEvent",
            when + timedelta(hours=3),
            step_forms[1],
            "in_progress",
            receiver,
            action="OBSERVE",
            **items,
            **parties,
        )


def write_epcis(world: World, out: Path, seed: int) -> dict[str, Any]:
    rng = _rng(seed, "epcis")
    doc = _Epcis(rng)
    gs1 = [p for p in world.products if p.chain == "eggs" and p.code.startswith("893")]
    raws = [p for p in gs1 if p.stage == "raw"][:2]
    made = next(p for p in gs1 if p.stage == "processed")
    processor = made.producer
    distributor = next(f for f in world.roles["distributor"] if f.gs1_prefix)
    day = datetime(2026, 3, 2, 6, 0)
    lots = [f"LOT-TRUNG-2026-E{i:05d}" for i in range(1, len(raws) + 2)]
    inputs: list[dict[str, Any]] = []
    for raw, lot in zip(raws, lots, strict=False):
        qty = {"epcClass": lgtin(raw, lot), "quantity": rng.randint(30, 90) * 120, "uom": "H87"}
        inputs.append(qty)
        doc.add(
            "ObjectEvent",
            day,
            "commissioning",
            "active",
            raw.producer,
            action="ADD",
            quantityList=[qty],
        )
        doc.ship(
            day + timedelta(hours=2),
            {"quantityList": [qty]},
            raw.producer,
            processor,
            ("shipping", "https://ref.gs1.org/cbv/BizStep-receiving"),
        )
    output = {
        "epcClass": lgtin(made, lots[-1]),
        "quantity": int(sum(q["quantity"] for q in inputs) * 0.97),
        "uom": "H87",
    }
    doc.add(
        "TransformationEvent",
        day + timedelta(hours=9),
        "commissioning",
        "active",
        processor,
        inputQuantityList=inputs,
        outputQuantityList=[output],
    )
    sscc = f"urn:epc:id:sscc:{processor.gs1_prefix}.0{rng.randrange(10**9):09d}"
    doc.add(
        "AggregationEvent",
        day + timedelta(hours=11),
        "packing",
        "in_progress",
        processor,
        action="ADD",
        parentID=sscc,
        childQuantityList=[output],
    )
    doc.ship(
        day + timedelta(hours=13),
        {"epcList": [sscc]},
        processor,
        distributor,
        ("shipping", "receiving"),
    )
    document = {
        "@context": [
            "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            {"hub": "https://example.org/provincial-data-hub/epcis#"},
        ],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-03-03T08:00:00.000+07:00",
        "epcisBody": {"eventList": doc.events},
    }
    path = out / "epcis_sample.jsonld"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {
        "file": path.name,
        "kind": "epcis",
        "format": "jsonld",
        "encoding": "utf-8",
        "rows": len(doc.events),
        "bad_rows": [],
    }


# ---------------------------------------------------------------------------------------------
# Facts: what the flagship question should answer on this data
# ---------------------------------------------------------------------------------------------

FLAGSHIP = (("ISO 9001", "eggs"), ("TCVN 11892-1", "vegetables"))


def _standard_matches(standard: str, prefix: str) -> bool:
    keys = [fold(standard), fold(standard).removeprefix("tcvn ")]
    return any(k.startswith(fold(prefix)) for k in keys)


def facts(world: World) -> list[dict[str, Any]]:
    """Certified suppliers per flagship query, as the hub should find them on REFERENCE_DATE."""
    by_code = {f.tax_code: f for f in world.firms}
    out = []
    for standard, chain in FLAGSHIP:
        hits = sorted(
            code
            for code in world.suppliers.get(chain, set())
            if any(_standard_matches(s, standard) for s in world.valid_standards.get(code, []))
        )
        for ward in (None, CHAIN_BY_KEY[chain].hub_ward):
            codes = [c for c in hits if ward is None or by_code[c].ward.name == ward]
            out.append(
                {
                    "standard": standard,
                    "chain": chain,
                    "admin_unit": ward,
                    "valid_on": REFERENCE_DATE.isoformat(),
                    "count": len(codes),
                    "tax_codes": codes,
                }
            )
    return out


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------

OUTPUT_NAMES = (
    "enterprises.csv",
    "enterprises_utf16.txt",
    "certificates.xlsx",
    "certificates.csv",
    "awards.csv",
    "measurement.csv",
    "programme_support.csv",
    "products.json",
    "products.csv",
    "trace_events.jsonl",
    "trace_events.csv",
    "epcis_sample.jsonld",
    "manifest.json",
)


def generate(out: Path, scale: float = 1, seed: int = DEFAULT_SEED, messy: bool = True) -> dict:
    """Write one dataset per kind into ``out`` and return the manifest (also in manifest.json)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_NAMES:  # only what this generator writes; README.md and others stay
        (out / name).unlink(missing_ok=True)
    world = _WorldBuilder(scale, seed).build()
    world.products = make_products(world, seed)
    entries = [write_enterprises(world, out, seed, messy)]
    if messy:
        entries.append(write_enterprises_utf16(world, out, seed))
    entries += [
        write_certificates(world, out, seed, messy),
        write_awards(world, out, seed, messy),
        write_measurement(world, out, seed, messy),
        write_programme_support(world, out, seed, messy),
        write_products(world, out, seed, messy),
        write_trace_events(world, out, seed, messy),
    ]
    if messy:
        entries.append(write_epcis(world, out, seed))
    manifest = {
        "generator": "python -m bench.generate",
        "scale": int(scale) if float(scale).is_integer() else scale,
        "seed": seed,
        "messy": messy,
        "reference_date": REFERENCE_DATE.isoformat(),
        "files": entries,
        "facts": {"certified_traceable_suppliers": facts(world)},
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (out / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--scale", type=float, default=1.0, help="1 is about 1,000 enterprises")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--clean",
        action="store_true",
        help="clean UTF-8 CSV with English headers only (for ingest benchmarks)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate(args.out, args.scale, args.seed, messy=not args.clean)
    for entry in manifest["files"]:
        size = (args.out / entry["file"]).stat().st_size
        print(
            f"{entry['file']:<24} {entry['kind']:<18} {entry['rows']:>10,} rows "
            f"{len(entry['bad_rows']):>2} bad {size / 1e6:>9.1f} MB"
        )
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
