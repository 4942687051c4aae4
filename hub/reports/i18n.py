"""The words of the report pages, in Vietnamese (the default) and English.

``words(lang)`` gives a ``Words`` whose ``[key]`` is the text in that language (each
key holds both); a missing key is a bug, and raises ``KeyError``.
Names of things the data holds (firms, wards, programmes) are never translated.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

# key: (Vietnamese, English)
_TEXT: dict[str, tuple[str, str]] = {
    "hub": ("Cổng dữ liệu tỉnh", "Provincial Data Hub"),
    "nav.progress": ("Tiến độ", "Progress"),
    "nav.quality": ("Chất lượng dữ liệu", "Data quality"),
    "nav.catalog": ("Danh mục dữ liệu", "Data catalogue"),
    "nav.graphql": ("GraphQL", "GraphQL"),
    "lang.switch": ("English", "Tiếng Việt"),
    "download": ("Tải dữ liệu", "Download data"),
    "generated": ("Cập nhật", "As of"),
    "firms": ("doanh nghiệp", "firms"),
    "none": ("Chưa có dữ liệu.", "No data yet."),
    # The progress page
    "progress.title": ("Tiến độ các chương trình", "Programme progress"),
    "progress.lead": (
        "Chỉ tiêu của từng chương trình so với kết quả đếm được từ dữ liệu đã nạp "
        "(số doanh nghiệp khác nhau).",
        "Each programme's targets against what the loaded data shows (distinct firms).",
    ),
    "targets.click": (
        "Bấm vào một thanh để xem các doanh nghiệp đằng sau.",
        "Click a bar to see the firms behind it.",
    ),
    "targets.achieved": ("đạt", "achieved"),
    "targets.target": ("chỉ tiêu", "target"),
    "targets.unmeasured": ("chưa đo được từ dữ liệu", "not measurable from the datasets"),
    "targets.indicator": ("Chỉ tiêu", "Indicator"),
    "targets.percent": ("Tỷ lệ", "Share"),
    "targets.by_year": ("Đến năm", "By year"),
    "chains.title": (
        "Chuỗi thí điểm truy xuất nguồn gốc (3338/KH-UBND)",
        "Pilot traceability chains (3338/KH-UBND)",
    ),
    "chains.lead": (
        "Doanh nghiệp cung cấp sản phẩm truy xuất được của từng chuỗi, và số doanh nghiệp có "
        "chứng nhận còn hiệu lực, theo ngày nạp dữ liệu.",
        "Firms supplying traceable products of each chain, and how many held a valid "
        "certificate, by load date.",
    ),
    "chains.suppliers": ("nhà cung cấp", "suppliers"),
    "chains.certified": ("có chứng nhận còn hiệu lực", "with a valid certificate"),
    "chains.day": ("Ngày nạp", "Load date"),
    "chains.chain": ("Chuỗi", "Chain"),
    "chain.eggs": ("Trứng", "Eggs"),
    "chain.poultry_meat": ("Thịt gia cầm", "Poultry meat"),
    "chain.vegetables": ("Rau", "Vegetables"),
    "chain.melon": ("Dưa lưới", "Melon"),
    "chain.pomelo": ("Bưởi", "Pomelo"),
    "expiring.title": ("Chứng nhận sắp hết hạn", "Certificates expiring soon"),
    "expiring.in30": ("trong 30 ngày tới", "in the next 30 days"),
    "expiring.in90": ("trong 90 ngày tới", "in the next 90 days"),
    "expiring.week": ("Tuần", "Week"),
    "expiring.first": ("Các chứng nhận hết hạn sớm nhất", "The first to expire"),
    "cert.number": ("Số chứng nhận", "Certificate"),
    "cert.standard": ("Tiêu chuẩn", "Standard"),
    "cert.issuer": ("Tổ chức cấp", "Issuer"),
    "cert.expires": ("Ngày hết hạn", "Expires on"),
    "cert.days_left": ("Còn (ngày)", "Days left"),
    "firm.name": ("Doanh nghiệp", "Firm"),
    "firm.tax_code": ("Mã số thuế", "Tax code"),
    "firm.size": ("Quy mô", "Size"),
    "firm.address": ("Địa chỉ", "Address"),
    "map.title": ("Doanh nghiệp theo phường, xã", "Firms by ward"),
    "map.lead": (
        "Mỗi vòng tròn đặt tại tâm phường, xã theo gói vietnamadminunits; diện tích theo số "
        "doanh nghiệp. Chấm xám: các phường, xã khác của tỉnh.",
        "Each circle sits at the ward's centre as the vietnamadminunits package gives it; "
        "its area follows the number of firms. Grey dots: the province's other wards.",
    ),
    "map.current": ("Đơn vị hiện nay (từ 01/07/2025)", "Current units (from 1 July 2025)"),
    "map.former": ("Đơn vị trước 01/07/2025", "Former units (before 1 July 2025)"),
    "map.ward": ("Phường, xã", "Ward"),
    "map.unplaced": ("không có toạ độ", "without coordinates"),
    "firms.title": ("Doanh nghiệp đằng sau chỉ tiêu", "Firms behind the target"),
    "firms.shown": (
        "Hiển thị {shown} trên {total} doanh nghiệp.",
        "{shown} of {total} firms shown.",
    ),
    "firms.back": ("Quay lại trang tiến độ", "Back to the progress page"),
    # The quality page
    "quality.title": ("Chất lượng dữ liệu theo cơ quan", "Data quality per agency"),
    "quality.lead": (
        "Tính từ đồ thị bằng pandas: mỗi bộ dữ liệu và mỗi lần nạp của cơ quan.",
        "Computed from the graph with pandas: each dataset and load run of each agency.",
    ),
    "quality.no_agency": ("(không ghi cơ quan)", "(no agency given)"),
    "quality.kind": ("Bộ dữ liệu", "Dataset"),
    "quality.runs": ("Số lần nạp", "Loads"),
    "quality.last_load": ("Lần nạp gần nhất", "Last load"),
    "quality.rows_read": ("Dòng đọc", "Rows read"),
    "quality.rows_rejected": ("Dòng bị từ chối", "Rows rejected"),
    "quality.rejection_rate": ("Tỷ lệ từ chối", "Rejected"),
    "quality.trend": ("Xu hướng", "Trend"),
    "quality.records": ("Bản ghi", "Records"),
    "quality.stale": ("Không gửi lại {days} ngày", "Not re-sent in {days} days"),
    "quality.unresolved": ("Chưa liên kết", "Unresolved"),
    "quality.ambiguous": ("Mơ hồ", "Ambiguous"),
    "quality.name_links": ("Liên kết theo tên", "Linked by name"),
    "quality.mean_confidence": ("Độ tin cậy TB", "Mean confidence"),
    "quality.expired_valid": ("Hết hạn vẫn ghi hiệu lực", "Expired, still marked valid"),
    "quality.duplicates": ("Nghi trùng lặp", "Suspected duplicates"),
    "quality.trend_title": ("Tỷ lệ dòng bị từ chối qua các lần nạp", "Rejected rows across loads"),
    "quality.rejections": ("Dòng bị từ chối theo mã lỗi", "Rejected rows by error code"),
    "quality.code": ("Mã lỗi", "Error code"),
    "quality.no_code": ("(chưa có mã)", "(no code)"),
    "quality.file": ("Tệp", "File"),
    "quality.rows": ("Số dòng", "Rows"),
    "quality.confidence": ("Độ tin cậy của liên kết theo tên", "Confidence of name-only links"),
    "quality.method": ("Cách liên kết", "Method"),
    "quality.confidence_value": ("Độ tin cậy", "Confidence"),
    "quality.duplicate_names": ("Tên", "Name"),
    "quality.tax_codes": ("Các mã số thuế", "Tax codes"),
    "method.name": ("theo tên", "by name"),
    "method.fuzzy_name": ("theo tên gần đúng", "by a near name"),
    "trend.better": ("cải thiện", "improving"),
    "trend.worse": ("xấu đi", "worse"),
    "trend.same": ("không đổi", "unchanged"),
    "trend.single": ("một lần nạp", "one load"),
    "kind.enterprises": ("Doanh nghiệp", "Enterprises"),
    "kind.certificates": ("Chứng nhận", "Certificates"),
    "kind.awards": ("Giải thưởng", "Awards"),
    "kind.measurement": ("Hỗ trợ đo lường", "Measurement support"),
    "kind.programme_support": ("Hỗ trợ theo chương trình", "Programme support"),
    "kind.products": ("Sản phẩm truy xuất", "Traceable products"),
    "kind.trace_events": ("Sự kiện truy xuất", "Trace events"),
    "kind.epcis": ("Sự kiện EPCIS", "EPCIS events"),
}

# The shipped targets' indicators (hub.graph.reference) in Vietnamese.
_INDICATORS_VI: dict[str, str] = {
    "firms applying productivity tools (reported)": "DN áp dụng công cụ năng suất (báo cáo)",
    "firms certified to advanced management systems (reported)": (
        "DN được chứng nhận hệ thống quản lý tiên tiến (báo cáo)"
    ),
    "firms winning national or Asia-Pacific quality awards (reported)": (
        "DN đạt giải thưởng chất lượng quốc gia, châu Á - Thái Bình Dương (báo cáo)"
    ),
    "firms certified or declaring conformity (reported)": (
        "DN chứng nhận, công bố hợp chuẩn, hợp quy (báo cáo)"
    ),
    "districts with a productivity plan": "Huyện có kế hoạch năng suất",
    "large enterprises with a productivity plan": "DN lớn có kế hoạch năng suất",
    "SMEs with productivity pilot projects": "DNNVV có dự án thí điểm năng suất",
    "student productivity clubs": "Câu lạc bộ năng suất sinh viên",
    "certified productivity experts": "Chuyên gia năng suất được chứng nhận",
    "firms supported with productivity solutions": "DN được hỗ trợ giải pháp năng suất",
    "firms certified to advanced management systems": (
        "DN được chứng nhận hệ thống quản lý tiên tiến"
    ),
    "model enterprises": "Doanh nghiệp điển hình",
    "certified experts": "Chuyên gia được chứng nhận",
    "enterprises with a measurement-assurance programme by 2025": (
        "DN có chương trình đảm bảo đo lường đến 2025"
    ),
    "enterprises with a measurement-assurance programme by 2030": (
        "DN có chương trình đảm bảo đo lường đến 2030"
    ),
    "firms supplying traceable products of the pilot chains": (
        "DN cung cấp sản phẩm truy xuất được của các chuỗi thí điểm"
    ),
}


# How the shipped targets qualify their numbers.
_TARGET_WORDS = (
    ("at least", "ít nhất"),
    ("over", "trên"),
    ("about", "khoảng"),
    ("five pilot chains", "năm chuỗi thí điểm"),
)


@dataclass(frozen=True)
class Words:
    lang: str

    def __getitem__(self, key: str) -> str:
        vi, en = _TEXT[key]
        return vi if self.lang == "vi" else en

    def get(self, key: str, default: str) -> str:
        return self[key] if key in _TEXT else default

    def indicator(self, indicator: str) -> str:
        return _INDICATORS_VI.get(indicator, indicator) if self.lang == "vi" else indicator

    def target_text(self, target: str) -> str:
        """A target as the reference data words it (``at least 16``), in this language."""
        if self.lang != "vi":
            return target
        for english, vietnamese in _TARGET_WORDS:
            if target.startswith(english):
                return vietnamese + target[len(english) :]
        return target


def lang_of(asked: str | None) -> str:
    """The language asked for (``vi`` or ``en``), Vietnamese when unknown."""
    value = (asked or "").strip().lower()[:2]
    return value if value in LANGS else DEFAULT_LANG


def words(lang: str | None) -> Words:
    return Words(lang_of(lang))


def keys() -> list[str]:
    return list(_TEXT)
