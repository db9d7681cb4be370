"""Component ids of the OPD's realisation entry (/anggaran/realisasi): payments on its budget lines,
physical progress of its works."""


class Realisasi:
    PAGE = "realisasi-page"
    LINE = "realisasi-line"
    PAID_ON = "realisasi-paid-on"
    AMOUNT = "realisasi-amount"
    REFERENCE = "realisasi-reference"
    PAY = "realisasi-pay"
    PAY_RESULT = "realisasi-pay-result"
    WORK = "realisasi-work"
    PERCENT = "realisasi-percent"
    REPORTED_ON = "realisasi-reported-on"
    NOTE = "realisasi-note"
    PHOTO = "realisasi-photo"
    PHOTO_NAME = "realisasi-photo-name"
    REPORT = "realisasi-report"
    REPORT_RESULT = "realisasi-report-result"
    PAY_FIELDS = ("line_id", "paid_on", "amount_rupiah", "reference")
    REPORT_FIELDS = ("number", "percent", "reported_on", "note", "photo")

    @staticmethod
    def error(form: str, field: str) -> str:
        return f"realisasi-error-{form}-" + field.replace("_", "-")


# who may open the page; its callbacks check the same roles on every request
ROLES = ("opd",)
