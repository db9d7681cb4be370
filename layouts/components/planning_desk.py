"""The planning desks' table columns and the proposal panel of the decision queues (/musrenbang/meja):
pure functions of what data/planning_desk.py returns."""

from __future__ import annotations

from dash import html

from data.planning_desk import NOT_FOUND

COLUMNS = [{"id": "priority", "name": "Prioritas"}, {"id": "number", "name": "Nomor"},
           {"id": "place", "name": "Kelurahan / RW"}, {"id": "item", "name": "Jenis"},
           {"id": "volume", "name": "Volume"}, {"id": "cost", "name": "Perkiraan biaya"},
           {"id": "photos", "name": "Foto", "presentation": "markdown"}, {"id": "repeat", "name": "Catatan"}]


def detail_panel(found: dict | None) -> list:
    if found is None:
        return [html.P(NOT_FOUND, className="muted")]
    facts = [("Status", found["status"]), ("Kelurahan / RW", found["place"]),
             ("RT", f"{found['rt']:02d}" if found["rt"] else "—"), ("Jenis", found["item"]),
             ("Volume", found["volume"]), ("Perkiraan biaya", found["cost"]), ("Alamat", found["address"]),
             ("Titik", found["point"])]
    if found["repeat"]:
        facts.append(("Catatan", found["repeat"]))
    return [
        html.H3(f"Usulan {found['number']}: {found['title']}", className="detail-title"),
        html.Dl(className="detail-facts", children=[part for label, value in facts
                                                    for part in (html.Dt(label), html.Dd(value))]),
        html.P(found["description"], className="desk-description") if found["description"] else None,
        html.Div(className="usulan-photos", children=[
            html.A(html.Img(src=url, alt=f"Foto {index}", className="usulan-photo"), href=url, target="_blank")
            for index, url in enumerate(found["photo_urls"], start=1)]) if found["photo_urls"] else
        html.P("Tanpa foto.", className="muted"),
        html.H4("Riwayat", className="desk-subtitle"),
        html.Ol(className="desk-history", children=[html.Li([
            html.Span(step["at"], className="history-at"), html.Span(step["action"], className="history-event"),
            html.Span(step["who"], className="history-who"),
            html.Span(" · ".join(part for part in (step["reason"], step["note"]) if part), className="history-note")
            if step["reason"] or step["note"] else None]) for step in found["steps"]]),
    ]


