"""Reports for people: the progress page, the data-quality scorecard, table exports.

Computed with pandas from small, grouped reads of the graph layer (``hub.graph``);
drawn as server-rendered HTML and SVG (no script, no CDN: the pages work offline);
written as CSV, XLSX, Parquet or JSON (``hub.reports.tables``).
"""
