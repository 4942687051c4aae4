"""The hub's vocabulary, defined once: the time zone, dataset kinds and value sets.

Each value set maps a canonical value (what is stored, and what GraphQL shows in upper
case) to the other spellings partner files use for it, Vietnamese first: the loaders
accept every spelling (``loaders.fields.enum_choices``), templates offer the first
label, and ``schema/enums.py`` names the same values (a test holds them together).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo

# Times without an offset are Việt Nam's; "valid today" is today in Việt Nam.
TIME_ZONE: Final = ZoneInfo("Asia/Ho_Chi_Minh")

# The dataset kinds of the data contract, in load order: enterprises first, so the
# other kinds link to firms already known.
DATASET_KINDS: Final = (
    "enterprises",
    "certificates",
    "awards",
    "measurement",
    "programme_support",
    "products",
    "trace_events",
    "epcis",
)

Spellings = MappingProxyType[str, tuple[str, ...]]


def _values(table: dict[str, tuple[str, ...]]) -> Spellings:
    return MappingProxyType(table)


ENTERPRISE_SIZES: Final = _values(
    {
        "micro": ("siêu nhỏ", "sieu nho"),
        "small": ("nhỏ", "nho"),
        "medium": ("vừa", "vua", "trung bình"),
        "large": ("lớn", "lon"),
    }
)
ENTERPRISE_STATUSES: Final = _values(
    {
        "active": ("đang hoạt động", "hoạt động", "dang hoat dong"),
        "suspended": ("tạm ngừng", "tạm ngừng hoạt động", "tam ngung"),
        "dissolved": ("giải thể", "đã giải thể", "giai the"),
    }
)
CERTIFICATE_KINDS: Final = _values(
    {
        "management_system": ("hệ thống quản lý", "chứng nhận hệ thống quản lý", "HTQL"),
        "standard_certification": ("chứng nhận hợp chuẩn", "hợp chuẩn"),
        "regulation_certification": ("chứng nhận hợp quy", "hợp quy"),
        "standard_declaration": ("công bố hợp chuẩn", "công bố tiêu chuẩn"),
        "regulation_declaration": ("công bố hợp quy",),
    }
)
# Stored statuses; EXPIRED is computed on the day asked (hub.rules), never stored.
CERTIFICATE_STATUSES: Final = _values(
    {
        "valid": ("hiệu lực", "còn hiệu lực", "có hiệu lực", "hợp lệ"),
        "suspended": ("đình chỉ", "tạm đình chỉ", "bị đình chỉ"),
        "withdrawn": ("thu hồi", "bị thu hồi", "hủy bỏ"),
    }
)
AWARDS: Final = _values(
    {
        "national_quality_award": (
            "giải thưởng chất lượng quốc gia",
            "giải bạc",
            "giải bạc chất lượng quốc gia",
        ),
        "national_quality_award_gold": ("giải vàng chất lượng quốc gia", "giải vàng"),
        "asia_pacific_quality_award": (
            "giải thưởng chất lượng châu á thái bình dương",
            "giải thưởng chất lượng quốc tế châu á thái bình dương",
            "GPEA",
        ),
    }
)
MEASUREMENT_SUPPORT_TYPES: Final = _values(
    {
        "training": ("đào tạo", "tập huấn", "đào tạo, tập huấn"),
        "calibration": ("hiệu chuẩn",),
        "verification": ("kiểm định",),
        "measurement_assurance": (
            "đảm bảo đo lường",
            "chương trình đảm bảo đo lường",
            "TCVN ISO 10012",
        ),
        "lab_capability": ("năng lực phòng thử nghiệm", "phòng thí nghiệm", "nâng cao năng lực"),
        "equipment": ("trang thiết bị", "thiết bị", "phương tiện đo"),
    }
)
PROGRAMME_SUPPORT_KINDS: Final = _values(
    {
        "productivity_tools": (
            "công cụ năng suất",
            "áp dụng công cụ năng suất",
            "giải pháp năng suất",
        ),
        "management_system": ("hệ thống quản lý", "hệ thống quản lý tiên tiến"),
        "quality_award": ("giải thưởng chất lượng", "giải thưởng chất lượng quốc gia"),
        "conformity": ("chứng nhận hợp chuẩn hợp quy", "hợp chuẩn hợp quy", "công bố hợp chuẩn"),
        "model_enterprise": ("doanh nghiệp điển hình", "mô hình điểm"),
        "pilot_project": ("dự án thí điểm", "dự án điểm"),
        "training": ("đào tạo", "tập huấn"),
    }
)
# The pilot chains of the traceability plan 3338/KH-UBND.
CHAINS: Final = _values(
    {
        "eggs": ("trứng", "trứng gia cầm", "trứng gà"),
        "poultry_meat": ("thịt gia cầm", "thịt gà", "gia cầm"),
        "vegetables": ("rau", "rau quả", "rau ăn lá", "trái cây và rau ăn lá"),
        "melon": ("dưa lưới", "dưa", "dưa lê"),
        "pomelo": ("bưởi", "bưởi da xanh"),
    }
)
TRACE_EVENT_TYPES: Final = _values(
    {
        "object": ("ObjectEvent", "đối tượng"),
        "aggregation": ("AggregationEvent", "đóng gói gộp"),
        "transformation": ("TransformationEvent", "chế biến", "biến đổi"),
    }
)
