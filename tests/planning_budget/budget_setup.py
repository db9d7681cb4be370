"""What the plan and budget tests share: the clock they run at, the actors, a small SIPD-shaped
budget and a proposal row standing where the proposals' service would have left it. A module of its
own (not conftest.py) so no other folder's conftest shadows it."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

from core.users import Viewer

NOW = datetime(2027, 6, 15, 3, 0, tzinfo=timezone.utc)  # 10:00 WIB, mid budget year 2027
YEAR = 2027
PLANNER = Viewer(user_id="1", username="perencana1", role="perencana")
BINA_MARGA = Viewer(user_id="2", username="dsdabm1", role="opd", opd_code="DSDABM")
DISHUB = Viewer(user_id="3", username="dishub1", role="opd", opd_code="DISHUB")
ADMIN = Viewer(user_id="4", username="admin1", role="admin")
ROAD = "1.03.10.2.01.0004"        # Pembangunan Jalan
DRAIN = "1.03.03.2.01.0005"       # Pembangunan Saluran Drainase/Gorong-Gorong
CONSTRUCTION = "5.1.02.01.01.0024"
MATERIALS = "5.2.03.03.01.0001"
KELURAHAN, KECAMATAN = "35.78.01.1001", "35.78.01"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

COLUMNS = ("kode_sub_kegiatan", "nama_sub_kegiatan", "kode_opd", "kode_rekening", "nama_rekening", "pagu")
BUDGET_ROWS = [
    (ROAD, "Pembangunan Jalan", "DSDABM", CONSTRUCTION, "Belanja Jasa Konstruksi", 2_500_000_000),
    (ROAD, "Pembangunan Jalan", "DSDABM", MATERIALS, "Belanja Modal Jalan", 1_000_000_000),
    (DRAIN, "Pembangunan Saluran Drainase/Gorong-Gorong", "DSDABM", CONSTRUCTION, "Belanja Jasa Konstruksi",
     750_000_000),
    ("1.04.05.2.01.0004", "Penyediaan Penerangan Jalan Umum", "DISHUB", CONSTRUCTION, "Belanja Jasa Konstruksi",
     400_000_000),
]


def as_csv(rows, columns=COLUMNS, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def as_xlsx(rows, columns=COLUMNS) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
