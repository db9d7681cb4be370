"""Component ids of the KPI Pimpinan page (/pimpinan)."""


class Pimpinan:
    PERIOD = "pimpinan-period"
    MONTH = "pimpinan-month"
    PRINT_HEADER = "pimpinan-print-header"
    CARDS = "pimpinan-cards"            # holds DOMAIN_CARDS per registered domain (Domain.kpi_cards)
    DOMAIN_CARDS = "pimpinan-domain-cards"  # one domain's cards, drawn by their own request (pattern-matching id)
    TREND = "pimpinan-trend"
    OPD_TABLE = "pimpinan-opd-table"
    KECAMATAN_TABLE = "pimpinan-kecamatan-table"
    OPD_CSV_BUTTON = "pimpinan-opd-csv-button"
    OPD_CSV = "pimpinan-opd-csv"
    KECAMATAN_CSV_BUTTON = "pimpinan-kecamatan-csv-button"
    KECAMATAN_CSV = "pimpinan-kecamatan-csv"
    OPD_XLSX_BUTTON = "pimpinan-opd-xlsx-button"  # the same rankings as Excel workbooks
    OPD_XLSX = "pimpinan-opd-xlsx"
    KECAMATAN_XLSX_BUTTON = "pimpinan-kecamatan-xlsx-button"
    KECAMATAN_XLSX = "pimpinan-kecamatan-xlsx"
    PRINT_BUTTON = "pimpinan-print-button"
    PRINTED = "pimpinan-printed"  # a dummy output for the clientside print callback

    @staticmethod
    def domain_cards(domain: str) -> dict:
        return {"type": Pimpinan.DOMAIN_CARDS, "domain": domain}


ROLES = ("pimpinan", "admin", "operator")  # shared by the page and its callbacks, like the ids
