"""Tables as files that open right in Excel set to Indonesian: the one place that knows how.

Excel guesses a CSV's encoding and separator from the locale: without a UTF-8 byte-order mark it
reads the text as ANSI (names with é, – come out garbled), and a locale whose decimal mark is `,`
splits fields on `;`. So a CSV here starts with the BOM, separates fields with `;`, writes decimals
with a comma and times as WIB text `30/11/2026 23:07` (ISO text with a zone is no date to Excel).
The XLSX next to each CSV holds real numbers and dates (WIB, without a zone: Excel knows none).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

import pandas as pd

from core.clock import CITY_ZONE

BOM = "\ufeff"
SEPARATOR = ";"
DECIMAL = ","
TIME_PATTERN = "%d/%m/%Y %H:%M"
DAY_PATTERN = "%d/%m/%Y"
XLSX_TIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_DAY_FORMAT = "dd/mm/yyyy"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BLOCK_BYTES = 64 * 1024


# --- CSV ----------------------------------------------------------------------------------------

def csv_text(frame: pd.DataFrame, header: bool = True) -> str:
    """One piece of CSV; the BOM goes with the header, so a streamed file has it exactly once."""
    text = _as_text(frame).to_csv(index=False, header=header, sep=SEPARATOR, decimal=DECIMAL)
    return BOM + text if header else text


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Times and days as the city writes them; other columns as they are (floats get the comma
    from to_csv's `decimal`)."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            frame[column] = values.dt.tz_convert(CITY_ZONE).dt.strftime(TIME_PATTERN)
        elif pd.api.types.is_datetime64_dtype(values):  # naive: UTC, as everything stored
            frame[column] = values.dt.tz_localize("UTC").dt.tz_convert(CITY_ZONE).dt.strftime(TIME_PATTERN)
        elif values.dtype == object and _is_day(values.first_valid_index(), values):
            frame[column] = [_day_text(value) for value in values]
    return frame


def _is_day(first, values: pd.Series) -> bool:
    """A column of days (by its first value: an export chunk has hundreds of thousands of cells)."""
    return first is not None and isinstance(values[first], date) and not isinstance(values[first], datetime)


def _day_text(value):
    return value.strftime(DAY_PATTERN) if isinstance(value, date) else value


# --- XLSX ---------------------------------------------------------------------------------------

def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    """A small table (a ranking) as an XLSX file."""
    with _spooled(xlsx_parts([frame], sheet)) as file:
        return file.read()


def xlsx_stream(frames: Iterable[pd.DataFrame], sheet: str) -> Iterator[bytes]:
    """A large table read chunk by chunk into a write-only workbook (rows go to disk, not memory),
    then sent in blocks. An XLSX is a zip that is complete only at its end, so unlike the CSV its
    first byte leaves after the last row is read."""
    with _spooled(xlsx_parts(frames, sheet)) as file:
        while block := file.read(BLOCK_BYTES):
            yield block


def xlsx_parts(frames: Iterable[pd.DataFrame], sheet: str):
    from openpyxl import Workbook  # only the exports need it

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])  # Excel's limit on a sheet name
    for number, frame in enumerate(frames):
        if number == 0:
            worksheet.append(list(frame.columns))
        for row in _xlsx_values(frame).itertuples(index=False, name=None):
            worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    return workbook


def _spooled(workbook):
    file = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(file)
    file.seek(0)
    return file


def _xlsx_values(frame: pd.DataFrame) -> pd.DataFrame:
    """WIB wall-clock times without a zone, and None for every missing value."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            frame[column] = values.dt.tz_convert(CITY_ZONE).dt.tz_localize(None)
        elif pd.api.types.is_datetime64_dtype(values):
            frame[column] = values.dt.tz_localize("UTC").dt.tz_convert(CITY_ZONE).dt.tz_localize(None)
    return frame.astype(object).where(frame.notna(), None)


def _xlsx_cell(worksheet, value):
    """Dates and times in the city's order (Excel would show them as yyyy-mm-dd)."""
    if not isinstance(value, date):
        return value.item() if hasattr(value, "item") else value  # numpy numbers as plain ones
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=value.to_pydatetime() if isinstance(value, pd.Timestamp) else value)
    cell.number_format = XLSX_TIME_FORMAT if isinstance(value, datetime) else XLSX_DAY_FORMAT
    return cell

