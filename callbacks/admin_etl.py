"""Admin ETL: reads the ETL's watermarks, mart versions and rejects when the page opens or on reload."""

import pandas as pd
from dash import Input, Output

from callbacks._access import require_viewer
from callbacks._register import callback
from core.clock import city_text
from core.services import current_services
from data import etl_status
from layouts.components.ids_admin_etl import ROLES, AdminEtl


@callback(
    Output(AdminEtl.WATERMARKS, "data"), Output(AdminEtl.MART_VERSIONS, "data"),
    Output(AdminEtl.REJECTS, "data"), Output(AdminEtl.REJECTS_NOTE, "children"),
    Input(AdminEtl.REFRESH, "n_clicks"),
    roles=ROLES,
)
def show_etl_state(_clicks):
    require_viewer(ROLES)
    services = current_services()
    rejects, total = etl_status.rejects(services), etl_status.reject_count(services)
    note = f"{total} penolakan, terbaru di atas." if total else "Tidak ada perubahan yang ditolak."
    return (records(etl_status.watermarks(services)), records(etl_status.mart_versions(services)),
            records(rejects), note)


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows for a DataTable: times in WIB (UTC+7) as text, missing values empty."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]) or column.endswith("_at"):
            frame[column] = [wib(value) for value in frame[column]]
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def wib(moment) -> str:
    if moment is None or pd.isna(moment):
        return ""
    return city_text(pd.Timestamp(moment).to_pydatetime(), "%Y-%m-%d %H:%M:%S")
