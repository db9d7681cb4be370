"""Sipandu in words, for both desks (/sipandu/rt and /sipandu/verifikasi): the Indonesian names of
statuses, purposes, rejection reasons, sexes and form fields, the region lists as dropdown options,
and a service refusal as "field, sentence". One place, so the two pages cannot name a thing twice
differently."""

from __future__ import annotations

from datetime import date, datetime

from core.formatting import date_time, day
from core.messages import text
from modules.sipandu import workflow
from modules.sipandu.errors import SipanduError
from modules.sipandu.regions import region_names

STATUS_NAMES = {workflow.RECORDED: "Tercatat, menunggu verifikasi", workflow.ACTIVE: "Aktif (terverifikasi)",
                workflow.REJECTED: "Ditolak", workflow.MOVED_OUT: "Pindah", workflow.EXPIRED: "Masa tinggal habis"}
PURPOSE_NAMES = {"work": "Bekerja", "study": "Sekolah / kuliah", "other": "Lainnya"}
REJECTION_REASON_NAMES = {"not_at_address": "Tidak ditemukan di alamat", "duplicate": "Data ganda",
                          "wrong_data": "Data salah"}
SEX_NAMES = {"male": "Laki-laki", "female": "Perempuan"}
FIELD_LABELS = {
    "nik": "NIK", "name": "Nama", "sex": "Jenis kelamin", "birth_date": "Tanggal lahir",
    "origin_regency": "Asal (kabupaten/kota)", "rt_code": "RT", "kos_code": "Rumah kos", "address": "Alamat",
    "purpose": "Keperluan", "sponsor": "Penjamin (tempat kerja, sekolah atau tuan rumah)", "arrived_at": "Tiba",
    "stay_until": "Tinggal sampai", "left_at": "Pindah pada", "destination_regency": "Pindah ke (kabupaten/kota)",
    "reason": "Alasan", "unmask_reason": "Alasan melihat NIK", "actor": "Akun", "id": "Data", "status": "Status",
    "kind": "Jenis data",
}
# The service's parameters that name a field, a status or an action (in English): in words here,
# so a refusal reads "Tiba tidak boleh sebelum Tanggal lahir", not "arrived_at ... birth_date".
ACTION_NAMES = {"record newcomers": "mencatat pendatang", "read records": "membaca data pendatang",
                "read boarding houses": "membaca data rumah kos", "see a NIK in full": "melihat NIK lengkap",
                "read": "membaca data ini", "look up a NIK": "mencari NIK",
                workflow.ACTIVE: "memverifikasi data ini", workflow.REJECTED: "menolak data ini",
                workflow.MOVED_OUT: "mencatat kepindahan data ini"}
SEX_WORDS = {code: name.lower() for code, name in SEX_NAMES.items()}
PARAM_NAMES = {"later": FIELD_LABELS, "earlier": FIELD_LABELS, "status": STATUS_NAMES, "wanted": STATUS_NAMES,
               "what": ACTION_NAMES, "nik_sex": SEX_WORDS, "stated": SEX_WORDS}
DATE_PARAMS = ("nik_date", "stated")  # ISO dates, shown as 14/03/1999
NOT_FOUND = "Data tidak ditemukan atau di luar wilayah Anda."


def options(names: dict[str, str]) -> list[dict]:
    return [{"label": label, "value": code} for code, label in names.items()]


def regency_options() -> list[dict]:
    """Kemendagri's regencies and cities, 'Kabupaten Sidoarjo (Jawa Timur)', by name."""
    provinces = region_names("province")
    found = [{"label": f"{name} ({provinces.get(code[:2], code[:2])})", "value": code}
             for code, name in region_names("regency").items()]
    return sorted(found, key=lambda option: option["label"])


def regency_name(code: str | None) -> str:
    return region_names("regency").get(code, code) if code else "—"


def kecamatan_text(code: str) -> str:
    """'35.15.01' -> 'Kec. Tarik, Kabupaten Sidoarjo'."""
    return f"Kec. {region_names('kecamatan').get(code, code)}, {regency_name(code[:5])}"


def refusal(error: SipanduError) -> tuple[str, str]:
    """(field, sentence) of a service refusal, its field, status and sex parameters in words."""
    return error.field or "actor", text(error.code, {name: _param(name, value) for name, value in error.params.items()})


def _param(name: str, value):
    if not isinstance(value, str):
        return value
    if name in DATE_PARAMS and len(value) == 10:
        try:
            return day(date.fromisoformat(value))
        except ValueError:
            pass
    return PARAM_NAMES.get(name, {}).get(value, value)


def labelled(field: str, reason: str) -> str:
    return f"{FIELD_LABELS.get(field, field)}: {reason}"


def moment_text(iso: str | None) -> str:
    """An ISO moment of the service's views as the city's clock: '30/11/2026 10:00 WIB'."""
    return f"{date_time(datetime.fromisoformat(iso))} WIB" if iso else "—"


def age_text(minutes: int) -> str:
    """How long a record has waited: '45 menit', '5 jam', '2 hari 3 jam'."""
    days, rest = divmod(max(int(minutes), 0), 24 * 60)
    hours = rest // 60
    if days:
        return f"{days} hari {hours} jam" if hours else f"{days} hari"
    return f"{hours} jam" if hours else f"{rest} menit"
