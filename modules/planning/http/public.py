"""The citizens' pages of e-Musrenbang, no login (as the complaints' /lapor and /lacak):

    GET /usulan                         the proposals of a kelurahan and round year: kecamatan, then
                                        kelurahan, then year by a plain GET form (no script), 50 a page
    GET /usulan/<number>                one proposal: its status in plain words, every step with its date
                                        and for a decision the reason and note, the sub kegiatan and
                                        budget that carry it, the work with its progress and photos
    GET /usulan/foto-progres/<id>       a progress report's photo (of a work carrying a proposal)

No page names a person (modules/planning/public_pages.py). An unknown or malformed number is a 404
page in Indonesian. Every page is a Jinja template (autoescaped) in
modules/planning/templates/planning/; its stylesheet is a file (the Content-Security-Policy allows
no inline style or script), served under /usulan/static.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for

from core.clock import city_today
from core.reference import Kelurahan
from core.services import current_services
from modules.planning import public_pages

blueprint = Blueprint("planning_public", __name__, template_folder="../templates",
                      static_folder="../static", static_url_path="/usulan/static")
PUBLIC_PREFIXES = ("/usulan",)
PUBLIC_PAGES = ("/usulan",)  # the citizen pages among them (review/screenshots.py shows them)

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_PAGE = 1_000_000
MAX_PHOTO_ID = 2**63 - 1


@blueprint.get("/usulan")
def proposal_list():
    """The form (kecamatan -> kelurahan -> year) and, once a kelurahan is chosen, its proposals.
    Values that are not choices are ignored, as a form that was never filled."""
    with current_services().databases.session() as session:
        kecamatan_list = public_pages.kecamatan_choices(session)
        kelurahan_code = _arg("kelurahan")
        kelurahan = session.get(Kelurahan, kelurahan_code) if kelurahan_code else None
        kecamatan_code = kelurahan.kecamatan_code if kelurahan else _arg("kecamatan")
        if kecamatan_code not in {code for code, _ in kecamatan_list}:
            kecamatan_code = None
        kelurahan_list = public_pages.kelurahan_choices(session, kecamatan_code)
        years = public_pages.proposal_years(session)
        this_year = city_today().year
        year = _whole("tahun", MIN_YEAR, MAX_YEAR) or (years[0] if years else this_year)
        year_list = sorted(set(years) | {this_year, year}, reverse=True)
        found = (public_pages.kelurahan_page(session, kelurahan.code, year, _whole("halaman", 1, MAX_PAGE) or 1)
                 if kelurahan else None)
    pages = None
    if found is not None:
        def page_url(page: int) -> str:
            return url_for(".proposal_list", kecamatan=kecamatan_code, kelurahan=kelurahan.code, tahun=year,
                           halaman=page)

        pages = dict(previous=page_url(found["page"] - 1) if found["page"] > 1 else None,
                     next=page_url(found["page"] + 1) if found["page"] < found["pages"] else None)
    return render_template("planning/usulan_daftar.html", kecamatan_list=kecamatan_list,
                           kelurahan_list=kelurahan_list, year_list=year_list, kecamatan_code=kecamatan_code,
                           kelurahan=kelurahan, year=year, found=found, pages=pages)


@blueprint.get("/usulan/<number>")
def proposal_page(number: str):
    with current_services().databases.session() as session:
        view = public_pages.proposal_page(session, number)
    if view is None:
        return render_template("planning/usulan_tidak_ada.html", number=number[:40]), 404
    return render_template("planning/usulan.html", view=view)


@blueprint.get("/usulan/foto-progres/<int:report_id>")
def progress_photo(report_id: int):
    found = None
    if report_id <= MAX_PHOTO_ID:
        with current_services().databases.session() as session:
            found = public_pages.progress_photo(session, report_id)
    if found is None:
        return render_template("planning/usulan_tidak_ada.html", number=None), 404
    response = Response(found[0], mimetype=found[1])
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Content-Disposition"] = "inline"  # no file name: it may name someone
    return response


@blueprint.get("/usulan/<path:rest>")
def unknown_path(rest: str):
    """Any other path under /usulan (/usulan/a/b), which would otherwise reach the Dash page route."""
    return render_template("planning/usulan_tidak_ada.html", number=None), 404


def _arg(name: str) -> str | None:
    value = request.args.get(name, "").strip()
    return value[:32] or None


def _whole(name: str, low: int, high: int) -> int | None:
    value = request.args.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 and low <= int(value) <= high else None
