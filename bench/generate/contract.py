"""The data contract's fixed terms: the reference date, the province before and after the
2025 reform, the programmes, canonical enum values with their Vietnamese labels, and each kind's
columns."""

from __future__ import annotations

from datetime import date

from .tables import pairs, split

REFERENCE_DATE = date(2026, 11, 24)  # "today": certificates past expiry are expired
REFORM_DATE = date(2025, 7, 1)  # Bình Dương merged into Thành phố Hồ Chí Minh
BD_PROVINCE = "Tỉnh Bình Dương"
NEW_PROVINCE = "Thành phố Hồ Chí Minh"
P2943, P2109, P2684, P996 = "2943/QĐ-UBND", "2109/QĐ-UBND", "2684/QĐ-UBND", "996/QĐ-TTg"


SIZES = pairs("micro=siêu nhỏ|small=nhỏ|medium=vừa|large=lớn")
STATUSES = pairs("active=đang hoạt động|suspended=tạm ngừng|dissolved=giải thể")
CERT_KINDS = pairs(  # management_system has no Vietnamese label in the contract
    "management_system=management_system|standard_certification=chứng nhận hợp chuẩn"
    "|regulation_certification=chứng nhận hợp quy|standard_declaration=công bố hợp chuẩn"
    "|regulation_declaration=công bố hợp quy"
)
CHAIN_LABELS = pairs(
    "eggs=trứng|poultry_meat=thịt gia cầm|vegetables=rau|melon=dưa lưới|pomelo=bưởi"
)

# Canonical column = Vietnamese label, in file order.
COLUMNS: dict[str, dict[str, str]] = {
    "enterprises": pairs(
        "tax_code=Mã số thuế|name=Tên doanh nghiệp|address=Địa chỉ|legal_form=Loại hình"
        "|sector=Ngành nghề|size=Quy mô|established_on=Ngày thành lập|status=Tình trạng"
    ),
    "certificates": pairs(
        "certificate_no=Số giấy chứng nhận|kind=Loại|tax_code=Mã số thuế"
        "|enterprise_name=Tên doanh nghiệp|standard=Tiêu chuẩn|issuer=Tổ chức chứng nhận"
        "|product=Sản phẩm|issued_on=Ngày cấp|expires_on=Ngày hết hạn|status=Trạng thái"
    ),
    "awards": pairs(
        "tax_code=Mã số thuế|enterprise_name=Tên doanh nghiệp|award=Giải thưởng|year=Năm"
    ),
    "measurement": pairs(
        "record_id=Mã hồ sơ|tax_code=Mã số thuế|enterprise_name=Tên doanh nghiệp"
        "|support_type=Hình thức hỗ trợ|year=Năm|amount_vnd=Kinh phí (VNĐ)"
        "|instruments=Số phương tiện đo|programme=Chương trình"
    ),
    "programme_support": pairs(
        "programme=Chương trình|tax_code=Mã số thuế|enterprise_name=Tên doanh nghiệp"
        "|support_kind=Nội dung hỗ trợ|year=Năm|note=Ghi chú"
    ),
    "products": pairs(  # the contract names no Vietnamese label for the producer
        "product_code=Mã sản phẩm|name=Tên sản phẩm|chain=Chuỗi"
        "|producer_tax_code=producer_tax_code|producer_name=producer_name"
    ),
    "trace_events": {  # the contract names no Vietnamese labels for trace events
        c: c
        for c in split(
            "event_id|event_time|event_type|biz_step|lot_code|product_code|input_lots"
            "|actor_tax_code|actor_name|location|quantity|uom"
        )
    },
}
