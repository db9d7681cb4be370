"""Frozen map from Pantau's first region codes to the official Kemendagri codes (issue 9).

Until revision t0004 the project numbered districts itself: kecamatan `3578NN` (alphabetical),
kelurahan `3578NNKKK`, RT units `3578NNKKK.RWnn.RTnn`. The official codes are kecamatan
`35.78.NN` and kelurahan `35.78.NN.1NNN`. Made once with geo/build_reference.py's name matching;
old kelurahan that were merged map to the kelurahan they are now part of (Perak Timur and Perak
Utara -> Tanjung Perak), and Benowo moved from Sambikerep to Pakal. Never edit: migrations that
already ran used exactly this map. Each value is (official code, official name).
"""

from __future__ import annotations

KECAMATAN = {
    "357801": ("35.78.28", "Asem Rowo"),  # Asemrowo -> Asem Rowo
    "357802": ("35.78.19", "Benowo"),
    "357803": ("35.78.13", "Bubutan"),
    "357804": ("35.78.29", "Bulak"),
    "357805": ("35.78.21", "Dukuh Pakis"),
    "357806": ("35.78.22", "Gayungan"),
    "357807": ("35.78.07", "Genteng"),
    "357808": ("35.78.08", "Gubeng"),
    "357809": ("35.78.25", "Gunung Anyar"),
    "357810": ("35.78.23", "Jambangan"),
    "357811": ("35.78.01", "Karang Pilang"),
    "357812": ("35.78.17", "Kenjeran"),
    "357813": ("35.78.15", "Krembangan"),
    "357814": ("35.78.18", "Lakarsantri"),
    "357815": ("35.78.26", "Mulyorejo"),
    "357816": ("35.78.12", "Pabean Cantian"),
    "357817": ("35.78.30", "Pakal"),
    "357818": ("35.78.03", "Rungkut"),
    "357819": ("35.78.31", "Sambikerep"),
    "357820": ("35.78.06", "Sawahan"),
    "357821": ("35.78.16", "Semampir"),
    "357822": ("35.78.11", "Simokerto"),
    "357823": ("35.78.09", "Sukolilo"),
    "357824": ("35.78.27", "Sukomanunggal"),
    "357825": ("35.78.10", "Tambaksari"),
    "357826": ("35.78.14", "Tandes"),
    "357827": ("35.78.05", "Tegalsari"),
    "357828": ("35.78.24", "Tenggilis Mejoyo"),
    "357829": ("35.78.20", "Wiyung"),
    "357830": ("35.78.02", "Wonocolo"),
    "357831": ("35.78.04", "Wonokromo"),
}

KELURAHAN = {
    "357801001": ("35.78.28.1001", "Asem Rowo"),
    "357801002": ("35.78.28.1002", "Genting Kalianak"),
    "357801003": ("35.78.28.1005", "Tambak Sarioso"),
    "357802001": ("35.78.19.1001", "Kandangan"),
    "357802002": ("35.78.19.1005", "Romokalisari"),
    "357802003": ("35.78.19.1003", "Sememi"),
    "357802004": ("35.78.19.1004", "Tambak Oso Wilangun"),  # Tambak Osowilangun -> Tambak Oso Wilangun
    "357803001": ("35.78.13.1001", "Alun-alun Contong"),  # Alon Alon Contong -> Alun-alun Contong
    "357803002": ("35.78.13.1002", "Bubutan"),
    "357803003": ("35.78.13.1003", "Gundih"),
    "357803004": ("35.78.13.1004", "Jepara"),
    "357803005": ("35.78.13.1005", "Tembok Dukuh"),
    "357804001": ("35.78.29.1004", "Bulak"),
    "357804002": ("35.78.29.1001", "Kedung Cowek"),
    "357804003": ("35.78.29.1003", "Kenjeran"),
    "357804004": ("35.78.29.1005", "Sukolilo Baru"),
    "357805001": ("35.78.21.1002", "Dukuh Kupang"),
    "357805002": ("35.78.21.1001", "Dukuh Pakis"),
    "357805003": ("35.78.21.1003", "Gunung Sari"),  # Gunungsari -> Gunung Sari
    "357805004": ("35.78.21.1004", "Pradah Kalikendal"),  # Pradah Kali Kendal -> Pradah Kalikendal
    "357806001": ("35.78.22.1003", "Dukuh Menanggal"),
    "357806002": ("35.78.22.1001", "Gayungan"),
    "357806003": ("35.78.22.1004", "Ketintang"),
    "357806004": ("35.78.22.1002", "Menanggal"),
    "357807001": ("35.78.07.1001", "Embong Kaliasin"),
    "357807002": ("35.78.07.1002", "Genteng"),
    "357807003": ("35.78.07.1003", "Kapasari"),
    "357807004": ("35.78.07.1004", "Ketabang"),
    "357807005": ("35.78.07.1005", "Peneleh"),
    "357808001": ("35.78.08.1003", "Airlangga"),
    "357808002": ("35.78.08.1005", "Baratajaya"),
    "357808003": ("35.78.08.1001", "Gubeng"),
    "357808004": ("35.78.08.1004", "Kertajaya"),
    "357808005": ("35.78.08.1002", "Mojo"),
    "357808006": ("35.78.08.1006", "Pucang Sewu"),
    "357809001": ("35.78.25.1001", "Gunung Anyar"),
    "357809002": ("35.78.25.1004", "Gunung Anyar Tambak"),
    "357809003": ("35.78.25.1003", "Rungkut Menanggal"),
    "357809004": ("35.78.25.1002", "Rungkut Tengah"),
    "357810001": ("35.78.23.1001", "Jambangan"),
    "357810002": ("35.78.23.1002", "Karah"),
    "357810003": ("35.78.23.1003", "Kebonsari"),
    "357810004": ("35.78.23.1004", "Pagesangan"),
    "357811001": ("35.78.01.1001", "Karang Pilang"),  # Karangpilang -> Karang Pilang
    "357811002": ("35.78.01.1002", "Kebraon"),
    "357811003": ("35.78.01.1003", "Kedurus"),
    "357811004": ("35.78.01.1004", "Waru Gunung"),
    "357812001": ("35.78.17.1003", "Bulak Banteng"),
    "357812002": ("35.78.17.1002", "Sidotopo Wetan"),  # Sidotopo/Sidoropo Wetan -> Sidotopo Wetan
    "357812003": ("35.78.17.1004", "Tambak Wedi"),
    "357812004": ("35.78.17.1001", "Tanah Kali Kedinding"),
    "357813001": ("35.78.15.1004", "Dupak"),
    "357813002": ("35.78.15.1002", "Kemayoran"),
    "357813003": ("35.78.15.1001", "Krembangan Selatan"),
    "357813004": ("35.78.15.1005", "Morokrembangan"),  # Moro Krembangan -> Morokrembangan
    "357813005": ("35.78.15.1003", "Perak Barat"),
    "357814001": ("35.78.18.1001", "Bangkingan"),
    "357814002": ("35.78.18.1002", "Jeruk"),
    "357814003": ("35.78.18.1003", "Lakarsantri"),  # Lakar Santri -> Lakarsantri
    "357814004": ("35.78.18.1004", "Lidah kulon"),  # Lidah Kulon -> Lidah kulon
    "357814005": ("35.78.18.1005", "Lidah Wetan"),
    "357814006": ("35.78.18.1006", "Sumurwelut"),  # Sumur Welut -> Sumurwelut
    "357815001": ("35.78.26.1005", "Dukuh Sutorejo"),
    "357815002": ("35.78.26.1006", "Kalijudan"),
    "357815003": ("35.78.26.1004", "Kalisari"),
    "357815004": ("35.78.26.1003", "Kejawan Putih Tambak"),  # Kejawen Putih Tambak -> Kejawan Putih Tambak
    "357815005": ("35.78.26.1002", "Manyar Sabrangan"),
    "357815006": ("35.78.26.1001", "Mulyorejo"),
    "357816001": ("35.78.12.1001", "Bongkaran"),
    "357816002": ("35.78.12.1003", "Krembangan Utara"),
    "357816003": ("35.78.12.1002", "Nyamplungan"),
    "357816004": ("35.78.12.1006", "Tanjung Perak"),  # Perak Timur -> Tanjung Perak
    "357816005": ("35.78.12.1006", "Tanjung Perak"),  # Perak Utara -> Tanjung Perak
    "357817001": ("35.78.30.1002", "Babat Jerawat"),
    "357817002": ("35.78.30.1001", "Pakal"),
    "357817003": ("35.78.30.1004", "Sumber Rejo"),
    "357818001": ("35.78.03.1001", "Kalirungkut"),  # Kali Rungkut -> Kalirungkut
    "357818002": ("35.78.03.1003", "Kedung Baruk"),
    "357818003": ("35.78.03.1006", "Medokan Ayu"),
    "357818004": ("35.78.03.1004", "Penjaringansari"),  # Penjaringan Sari -> Penjaringansari
    "357818005": ("35.78.03.1002", "Rungkut Kidul"),
    "357818006": ("35.78.03.1005", "Wonorejo"),
    "357819001": ("35.78.30.1005", "Benowo"),  # (now in Pakal)
    "357819002": ("35.78.31.1003", "Beringin"),  # Bringin -> Beringin
    "357819003": ("35.78.31.1004", "Lontar"),
    "357819004": ("35.78.31.1002", "Made"),
    "357819005": ("35.78.31.1001", "Sambikerep"),
    "357820001": ("35.78.06.1003", "Banyu Urip"),
    "357820002": ("35.78.06.1005", "Kupang Krajan"),
    "357820003": ("35.78.06.1006", "Pakis"),
    "357820004": ("35.78.06.1001", "Petemon"),
    "357820005": ("35.78.06.1004", "Putat Jaya"),
    "357820006": ("35.78.06.1002", "Sawahan"),
    "357821001": ("35.78.16.1001", "Ampel"),
    "357821002": ("35.78.16.1002", "Pegirian"),
    "357821003": ("35.78.16.1005", "Sidotopo"),
    "357821004": ("35.78.16.1004", "Ujung"),
    "357821005": ("35.78.16.1003", "Wonokusumo"),
    "357822001": ("35.78.11.1002", "Kapasan"),
    "357822002": ("35.78.11.1003", "Sidodadi"),
    "357822003": ("35.78.11.1001", "Simokerto"),
    "357822004": ("35.78.11.1004", "Simolawang"),
    "357822005": ("35.78.11.1005", "Tambakrejo"),
    "357823001": ("35.78.09.1002", "Gebang Putih"),
    "357823002": ("35.78.09.1001", "Keputih"),
    "357823003": ("35.78.09.1003", "Klampis Ngasem"),
    "357823004": ("35.78.09.1007", "Medokan Semampir"),
    "357823005": ("35.78.09.1004", "Menur Pumpungan"),
    "357823006": ("35.78.09.1005", "Nginden Jangkungan"),
    "357823007": ("35.78.09.1006", "Semolowaru"),
    "357824001": ("35.78.27.1004", "Putat Gede"),
    "357824002": ("35.78.27.1005", "Simomulyo"),
    "357824003": ("35.78.27.1006", "Simomulyo Baru"),
    "357824004": ("35.78.27.1003", "Sonokwijenan"),
    "357824005": ("35.78.27.1001", "Sukomanunggal"),  # Suko Manunggal -> Sukomanunggal
    "357824006": ("35.78.27.1002", "Tanjungsari"),
    "357825001": ("35.78.10.1008", "Dukuh Setro"),
    "357825002": ("35.78.10.1003", "Gading"),
    "357825003": ("35.78.10.1007", "Kapasmadya Baru"),
    "357825004": ("35.78.10.1006", "Pacarkeling"),  # Pacar Keling -> Pacarkeling
    "357825005": ("35.78.10.1004", "Pacarkembang"),  # Pacar Kembang -> Pacarkembang
    "357825006": ("35.78.10.1002", "Ploso"),
    "357825007": ("35.78.10.1005", "Rangkah"),
    "357825008": ("35.78.10.1001", "Tambaksari"),
    "357826001": ("35.78.14.1007", "Balongsari"),  # Balong Sari -> Balongsari
    "357826002": ("35.78.14.1012", "Banjar Sugihan"),  # Banjar Sugian / Sugihan -> Banjar Sugihan
    "357826003": ("35.78.14.1006", "Karang Poh"),  # Karang Poh (Gadel, Tubanan) -> Karang Poh
    "357826004": ("35.78.14.1009", "Manukan Kulon"),
    "357826005": ("35.78.14.1011", "Manukan Wetan"),  # Manukan Wetan (Bibis, Buntaran) -> Manukan Wetan
    "357826006": ("35.78.14.1002", "Tandes"),  # Tandes (Kidul, Lor, Gedang Asin) -> Tandes
    "357827001": ("35.78.05.1002", "Dr. Soetomo"),  # Dr. Sutomo -> Dr. Soetomo
    "357827002": ("35.78.05.1003", "Kedungdoro"),
    "357827003": ("35.78.05.1004", "Keputran"),
    "357827004": ("35.78.05.1001", "Tegalsari"),
    "357827005": ("35.78.05.1005", "Wonorejo"),
    "357828001": ("35.78.24.1002", "Kendangsari"),
    "357828002": ("35.78.24.1001", "Kutisari"),
    "357828003": ("35.78.24.1004", "Panjang Jiwo"),
    "357828004": ("35.78.24.1003", "Tenggilis Mejoyo"),  # Tengilis Mejoyo -> Tenggilis Mejoyo
    "357829001": ("35.78.20.1003", "Babatan"),
    "357829002": ("35.78.20.1004", "Balas Klumprik"),
    "357829003": ("35.78.20.1002", "Jajar Tunggal"),  # Jajartunggal -> Jajar Tunggal
    "357829004": ("35.78.20.1001", "Wiyung"),
    "357830001": ("35.78.02.1002", "Bendul Merisi"),
    "357830002": ("35.78.02.1004", "Jemur Wonosari"),
    "357830003": ("35.78.02.1003", "Margorejo"),
    "357830004": ("35.78.02.1001", "Sidosermo"),
    "357830005": ("35.78.02.1005", "Siwalankerto"),
    "357831001": ("35.78.04.1005", "Darmo"),
    "357831002": ("35.78.04.1002", "Jagir"),
    "357831003": ("35.78.04.1003", "Ngagel"),
    "357831004": ("35.78.04.1004", "Ngagel Rejo"),  # Ngagelrejo -> Ngagel Rejo
    "357831005": ("35.78.04.1006", "Sawunggaling"),
    "357831006": ("35.78.04.1001", "Wonokromo"),
}


def new_kecamatan_code(old: str) -> str | None:
    """Official code of an old kecamatan code; None for a code that is not an old one."""
    return KECAMATAN[old][0] if old in KECAMATAN else None


def new_kelurahan_code(old: str) -> str | None:
    """Official code of an old kelurahan code; None for a code that is not an old one."""
    return KELURAHAN[old][0] if old in KELURAHAN else None


def new_rt_unit_code(old: str) -> str | None:
    """`357807004.RW03.RT05` -> `35.78.07.1004.RW03.RT05`; None for a code that is not an old one."""
    kelurahan, _, rest = old.partition(".")
    new = new_kelurahan_code(kelurahan)
    return f"{new}.{rest}" if new and rest else None
