"""Demo wording: complaint descriptions per category, Surabaya street names, reporter names.

All invented for the demo. A complaint's address and the street its description names lie in the
kelurahan of its point: many Surabaya streets carry their kampung's name (Jl. Ketabang Kali, Jl.
Genteng Besar), so the street is the kelurahan's name with a common suffix.
"""

from __future__ import annotations

import random
from functools import cache

STREETS = (
    "Jl. Ahmad Yani", "Jl. Raya Darmo", "Jl. Basuki Rahmat", "Jl. Tunjungan", "Jl. Pemuda", "Jl. Diponegoro",
    "Jl. Kertajaya", "Jl. Manyar Kertoarjo", "Jl. Raya Rungkut", "Jl. Kenjeran", "Jl. Mayjen Sungkono",
    "Jl. HR Muhammad", "Jl. Embong Malang", "Jl. Kapas Krampung", "Jl. Dharmahusada", "Jl. Jemursari",
    "Jl. Ngagel Jaya", "Jl. Gubeng Pojok", "Jl. Wonokromo", "Jl. Kedung Cowek", "Jl. Menur Pumpungan",
    "Jl. Sidotopo Wetan", "Jl. Demak", "Jl. Perak Barat", "Jl. Raya Kupang Indah", "Jl. Raya Lontar",
    "Jl. Babat Jerawat", "Jl. Semolowaru", "Jl. Klampis Jaya", "Jl. Kalijudan", "Jl. Raya Mulyosari",
    "Jl. Pucang Anom", "Jl. Tidar", "Jl. Pasar Kembang", "Jl. Banyu Urip", "Jl. Putat Jaya", "Jl. Dukuh Kupang",
    "Jl. Ketintang", "Jl. Gayungsari", "Jl. Raya Menganti", "Jl. Kedung Baruk", "Jl. Medokan Ayu",
    "Jl. Bulak Banteng", "Jl. Keputih", "Jl. Arief Rahman Hakim", "Jl. Tambak Osowilangun",
)

LANDMARKS = ("pasar", "masjid", "SD negeri", "balai RW", "minimarket", "taman", "halte bus", "jembatan",
             "gereja", "kantor kelurahan", "puskesmas", "gang masuk kampung")

TEMPLATES = {
    "JALAN_RUSAK": (
        "Jalan berlubang cukup dalam di {street}, sudah beberapa motor jatuh. Mohon segera ditambal.",
        "Aspal di {street} mengelupas dan bergelombang setelah hujan, membahayakan pengendara malam hari.",
        "Ada lubang besar di tengah {street} dekat {landmark}, tergenang air jadi tidak kelihatan.",
    ),
    "SALURAN_BANJIR": (
        "Saluran di {street} tersumbat sampah, setiap hujan air meluap sampai ke rumah warga.",
        "Genangan setinggi lutut di {street} sejak tadi pagi dan tidak surut. Mohon dicek pompa dan salurannya.",
        "Gorong-gorong di depan {landmark} {street} mampet dan berbau, mohon dikeruk.",
    ),
    "PJU_MATI": (
        "Lampu PJU di {street} mati sudah tiga malam, jalan gelap dan rawan begal.",
        "Beberapa lampu jalan di sepanjang {street} dekat {landmark} padam, mohon diperbaiki.",
        "Lampu penerangan jalan di {street} kedap-kedip lalu mati, tiangnya juga miring.",
    ),
    "LAMPU_LALIN": (
        "Traffic light di simpang {street} mati, lalu lintas semrawut dan macet panjang.",
        "Lampu merah di perempatan {street} menyala kuning terus, rawan tabrakan.",
        "Lampu lalin arah {street} rusak, hijaunya hanya beberapa detik. Mohon disetel ulang.",
    ),
    "PARKIR_LIAR": (
        "Banyak mobil parkir di bahu {street} depan {landmark}, bikin macet tiap sore.",
        "Juru parkir liar di {street} menarik tarif tidak wajar dan parkir sampai dua lapis.",
        "Truk parkir sembarangan di {street}, menutup akses masuk kampung.",
    ),
    "SAMPAH": (
        "Sampah di TPS {street} tidak diangkut sejak tiga hari, bau menyengat dan banyak lalat.",
        "Tumpukan sampah liar di pinggir {street} dekat {landmark}, mohon diangkut dan dipasang larangan.",
        "Gerobak sampah tidak datang minggu ini di sekitar {street}, sampah menumpuk di depan rumah.",
    ),
    "POHON": (
        "Pohon besar di {street} tumbang melintang jalan setelah angin kencang, kendaraan tidak bisa lewat.",
        "Dahan pohon di {street} dekat {landmark} sudah lapuk dan menjuntai ke kabel listrik, mohon dipangkas.",
        "Pohon di trotoar {street} miring dan akarnya merusak paving, khawatir roboh saat hujan.",
    ),
    "PENCEMARAN": (
        "Bau limbah menyengat dari saluran di {street}, diduga dari usaha di sekitar {landmark}.",
        "Suara bising dari proyek bangunan di {street} sampai tengah malam, warga tidak bisa istirahat.",
        "Asap pembakaran sampah di lahan kosong {street} masuk ke rumah-rumah warga.",
    ),
    "PKL": (
        "PKL berjualan di trotoar {street} depan {landmark}, pejalan kaki terpaksa turun ke jalan.",
        "Lapak PKL di {street} makin banyak dan menutup saluran, mohon ditertibkan.",
        "Ada keributan dan mabuk-mabukan di {street} tiap malam, mohon dipatroli.",
    ),
    "ADMINDUK": (
        "Sudah dua minggu mengurus KTP-el di kelurahan dekat {street} tapi belum jadi, mohon info.",
        "Pengajuan KK baru lewat aplikasi belum diproses, status masih menunggu verifikasi.",
        "Akta kelahiran anak salah penulisan nama, bagaimana prosedur perbaikannya?",
    ),
    "KESEHATAN": (
        "Antrean di puskesmas dekat {street} sangat panjang, pelayanan baru mulai jam 9.",
        "Ambulans puskesmas di {street} tidak bisa dihubungi saat dibutuhkan tadi malam.",
        "Stok obat di puskesmas sekitar {landmark} kosong, pasien diminta beli sendiri.",
    ),
    "PENDIDIKAN": (
        "Atap kelas di SD negeri dekat {street} bocor, murid belajar sambil kehujanan.",
        "Pendaftaran sekolah zonasi untuk wilayah {street} bermasalah, nama anak tidak muncul.",
        "Ada pungutan di sekolah dekat {landmark} yang katanya gratis, mohon ditindaklanjuti.",
    ),
    "BANSOS": (
        "Ada lansia sebatang kara di {street} yang belum menerima bantuan permakanan.",
        "Warga kurang mampu di sekitar {street} tidak terdaftar bansos padahal sudah diusulkan RT.",
        "Anak jalanan dan pengemis di perempatan {street} setiap hari, mohon penanganan.",
    ),
    "AIR_PDAM": (
        "Air PDAM di {street} mati sejak kemarin sore tanpa pemberitahuan.",
        "Air PDAM keruh dan berbau di sekitar {landmark} {street}, tidak bisa dipakai masak.",
        "Pipa PDAM bocor di {street}, air muncrat ke jalan dan aliran di rumah warga kecil.",
    ),
    "CCTV_JARINGAN": (
        "CCTV di simpang {street} sepertinya mati, lampu indikatornya tidak menyala.",
        "Wifi publik di taman dekat {landmark} tidak bisa tersambung sejak minggu lalu.",
        "Kamera CCTV di {street} miring menghadap tembok, mohon diarahkan ulang.",
    ),
}
GENERIC = ("Mohon ditindaklanjuti masalah {category} di {street} dekat {landmark}.",)

NAMES = ("Budi Santoso", "Siti Aminah", "Agus Wijaya", "Dewi Lestari", "Rudi Hartono", "Sri Wahyuni",
         "Eko Prasetyo", "Rina Kusuma", "Joko Susilo", "Nur Hidayati", "Bambang Irawan", "Lilik Suryani",
         "Hendra Gunawan", "Yuli Astuti", "Ahmad Fauzi", "Wulan Sari", "Slamet Riyadi", "Fitri Handayani",
         "Dimas Saputra", "Ratna Dewi")

# What the staff write at each step (history notes and the feedback the citizen receives).
NOTES = {
    "dispatch": "Diteruskan ke OPD terkait oleh operator Media Center.",
    "respond": "Laporan diterima TPKPM, petugas dijadwalkan ke lokasi.",
    "start_work": "Petugas sedang menuju / menangani di lokasi.",
    "resolve": "Sudah ditangani petugas, dokumentasi terlampir.",
    "send_feedback": "Terima kasih atas laporan Anda, sudah kami tindak lanjuti. Mohon pantau perkembangannya.",
    "close": "Selesai, laporan ditutup.",
    "spam": "Bukan pengaduan (promosi / spam).",
    "not_city_responsibility": "Bukan kewenangan Pemkot Surabaya, diarahkan ke instansi terkait.",
}


STREET_SUFFIXES = ("", " Raya", " Besar", " Kali", " Baru", " Tengah", " Timur", " Barat", " Utara", " Selatan",
                   " Gg. I", " Gg. II", " Gg. III", " Gg. IV", " Gg. V")


def street_in(rng: random.Random, kelurahan_name: str) -> str:
    """A street of the kelurahan: 'Jl. Ketabang Kali'."""
    return f"Jl. {kelurahan_name}{rng.choice(STREET_SUFFIXES)}"


def address(street: str, number: int, kelurahan_code: str) -> str:
    """'Jl. Ketabang Kali No. 12, Kel. Ketabang, Kec. Genteng, Surabaya'."""
    kelurahan, kecamatan = place_names()[kelurahan_code]
    return f"{street} No. {number}, Kel. {kelurahan}, Kec. {kecamatan}, Surabaya"


@cache
def place_names() -> dict[str, tuple[str, str]]:
    """{kelurahan code: (kelurahan name, kecamatan name)} from the bundled reference data."""
    from core.reference import read_csv

    kecamatan = {row["code"]: row["name"] for row in read_csv("kecamatan.csv")}
    return {row["code"]: (row["name"], kecamatan[row["kecamatan_code"]]) for row in read_csv("kelurahan.csv")}


def description(rng: random.Random, category_code: str, category_name: str,
                street: str | None = None) -> tuple[str, str]:
    """(description, street) for a complaint of this category, on `street` (else a well-known one)."""
    street, landmark = street or rng.choice(STREETS), rng.choice(LANDMARKS)
    template = rng.choice(TEMPLATES.get(category_code, GENERIC))
    return template.format(street=street, landmark=landmark, category=category_name.lower()), street


def reporter(rng: random.Random, channel: str) -> tuple[str | None, str | None]:
    """A made-up (name, contact) fitting the channel; some citizens stay anonymous."""
    if rng.random() < 0.12:
        return None, None
    name = rng.choice(NAMES)
    if channel in ("facebook", "twitter", "instagram"):
        return name, "@" + name.lower().replace(" ", "_") + str(rng.randint(1, 99))
    if channel in ("web", "wargaku", "live_chat"):
        return name, name.lower().replace(" ", ".") + "@contoh.id"
    return name, "08" + "".join(str(rng.randint(0, 9)) for _ in range(10))
