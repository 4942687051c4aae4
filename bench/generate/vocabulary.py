"""Words the world is drawn from: trade names and brands, legal forms, streets and industrial
parks, standards and their issuers. Kept as compact text tables to stay readable."""

from __future__ import annotations

from dataclasses import dataclass

from .tables import pairs, split, weighted


@dataclass(frozen=True)
class Profile:
    words: tuple[str, ...]
    vsic: str
    weight: float
    group: str  # picks standards: food, feed, agri, pack, build, steel, elec, textile, general
    qualify: bool = True  # may take "Sản xuất", "Thương mại", ... before the trade word


def _profile(line: str) -> Profile:
    words, vsic, weight, group = split(line, ";")
    return Profile(split(words), vsic, float(weight), group, qualify=vsic != "4690")


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
QUALIFIERS = split("Sản xuất|Sản xuất Thương mại|Thương mại|Đầu tư|Xuất nhập khẩu")
BRAND_A = split(
    "Minh|Hưng|Phúc|Tân|Thành|An|Bảo|Gia|Hoàng|Kim|Long|Nam|Quang|Thiên|Trường|Việt|Vĩnh|Đại"
    "|Đông|Hải|Hồng|Khang|Ngọc|Thái|Tiến|Trung|Hòa|Phú|Sao|Sông"
)
BRAND_B = split(
    "Phát|Thịnh|Lộc|Đạt|Khang|Tín|Nguyên|Hưng|Thành|Phú|Quý|Anh|Long|Hà|Sơn|Việt|Tâm|Huy"
    "|Hải|Mai|Linh|Phong|Lợi|Vượng|Toàn|Tiến|Cường|Dũng|Hòa|Nam"
)
# Brands no firm of the province uses: certificate rows naming them match nobody.
OUTSIDER_BRANDS = split(
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

BD_STREETS = split(
    "Đại lộ Bình Dương|Quốc lộ 13|Đường ĐT741|Đường ĐT743|Đường ĐT744|Đường ĐT746|Đường ĐT747"
    "|Đường Mỹ Phước - Tân Vạn|Đường Nguyễn Văn Tiết|Đường Phú Lợi|Đường Cách Mạng Tháng Tám"
    "|Đường 30 Tháng 4|Đường Huỳnh Văn Lũy|Đường Lê Hồng Phong|Đường Nguyễn Du"
    "|Đường Trần Hưng Đạo|Đường Lý Thường Kiệt|Đường Nguyễn An Ninh|Đường Hùng Vương"
    "|Đường Bùi Quốc Khánh|Đường Trần Văn Ơn"
)
HCM_STREETS = split(
    "Đường Nguyễn Thị Minh Khai|Đường Điện Biên Phủ|Đường Cộng Hòa|Đường Lê Văn Sỹ"
    "|Đường Võ Văn Kiệt|Đường Nguyễn Văn Linh|Đường Phan Văn Trị|Đường Lũy Bán Bích"
)
INDUSTRIAL_PARKS = {
    district: split(parks, ",")
    for district, parks in pairs(
        "Thuận An=KCN VSIP I,KCN Việt Hương,KCN Đồng An"
        "|Dĩ An=KCN Sóng Thần 1,KCN Sóng Thần 2,KCN Tân Đông Hiệp A,KCN Tân Đông Hiệp B"
        "|Bến Cát=KCN Mỹ Phước,KCN Mỹ Phước 2,KCN Mỹ Phước 3,KCN Rạch Bắp"
        "|Tân Uyên=KCN Nam Tân Uyên,KCN VSIP II-A|Bàu Bàng=KCN Bàu Bàng"
        "|Thủ Dầu Một=KCN VSIP II,KCN Đồng An 2,KCN Kim Huy"
    ).items()
}
DISTRICT_WEIGHTS = {
    district: int(weight)
    for district, weight in pairs(
        "Thuận An=20|Dĩ An=16|Thủ Dầu Một=14|Tân Uyên=14|Bến Cát=14|Bàu Bàng=6|Bắc Tân Uyên=6"
        "|Phú Giáo=5|Dầu Tiếng=5"
    ).items()
}


MS_COMMON = weighted(
    "ISO 9001:2015=50|TCVN ISO 9001:2015=8|ISO 14001:2015=18|ISO 45001:2018=10|ISO 50001:2018=3"
)
MS_FOOD = weighted("ISO 22000:2018=20|TCVN ISO 22000:2018=5|FSSC 22000=5|HACCP=10")


def _product_standards(text: str) -> dict[str, dict[str, tuple[tuple[str, str], ...]]]:
    """Certificate kind -> standards group -> ((standard, product), ...), in table order."""
    out: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}
    for line in text.strip().splitlines():
        kind, group, standard, product = split(line, ";")
        out.setdefault(kind, {}).setdefault(group, ())
        out[kind][group] += ((standard, product),)
    return out


# certificate kind; standards group; standard; product
PRODUCT_STANDARDS = _product_standards(
    """
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
"""
)


CERTIFIERS = split("QUACERT|Vinacert|TQC|VIETCERT|Bureau Veritas Việt Nam|SGS Việt Nam")
PRODUCT_CERTIFIERS = split("QUACERT|Vinacert|TQC|QUATEST 3")
RECEIVERS_OLD = split(
    "Chi cục Tiêu chuẩn Đo lường Chất lượng Bình Dương|Sở Khoa học và Công nghệ Bình Dương"
)
RECEIVER_NEW = "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
RECEIVER_AGRI = "Sở Nông nghiệp và Phát triển nông thôn Bình Dương"
NUMBER_FORMATS = pairs(
    "QUACERT=QUA-{yy}.{n:05d}|Vinacert=VICB-{n:05d}/{yyyy}|TQC=TQC-{n:05d}"
    "|VIETCERT=VC-{yyyy}-{n:04d}|Bureau Veritas Việt Nam=VN{n:06d}|SGS Việt Nam=VN{yy}/{n:05d}"
    "|QUATEST 3=Q3-{yyyy}/{n:05d}"
)
