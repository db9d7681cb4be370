"""Component ids of the Pengaduan (complaint analysis) page."""


class Pengaduan:
    PAGE = "pengaduan-page"
    TITLE = "pengaduan-title"  # names the viewer's area ("Pengaduan — Kelurahan Ketabang")
    DATES = "pengaduan-dates"
    OPD = "pengaduan-opd"
    CATEGORY = "pengaduan-category"
    CHANNEL = "pengaduan-channel"
    STATUS = "pengaduan-status"
    MEASURE = "pengaduan-measure"
    DRILL = "pengaduan-drill"  # store: the kecamatan code drilled into, or None for the city
    BACK = "pengaduan-back"
    MAP = "pengaduan-map"
    MAP_CAPTION = "pengaduan-map-caption"
    KPIS = "pengaduan-kpis"
    TREND = "pengaduan-trend"
    BY_CATEGORY = "pengaduan-by-category"
    BY_CHANNEL = "pengaduan-by-channel"
    BY_OPD = "pengaduan-by-opd"
    SLA_OPD = "pengaduan-sla-opd"
    QUEUE = "pengaduan-queue"
    QUEUE_CAPTION = "pengaduan-queue-caption"
    DETAIL = "pengaduan-detail"
    EXPORT = "pengaduan-export"  # the "Unduh CSV" link; its href carries the filters
    EXPORT_XLSX = "pengaduan-export-xlsx"  # the "Unduh XLSX" link beside it


# who may open the page; its callbacks check the same roles on every request
ROLES = ("admin", "pimpinan", "operator", "opd", "camat", "lurah")

# the streamed CSV export the EXPORT link points to (downloads/complaints.py)
EXPORT_PATH = "/unduh/pengaduan.csv"
EXPORT_XLSX_PATH = "/unduh/pengaduan.xlsx"  # the same rows as an Excel workbook
