from geo import match_names, normalise_name
from geo.reference import kecamatan_reference, kelurahan_reference

KECAMATAN = kecamatan_reference()["name"].tolist()
KELURAHAN = kelurahan_reference()["name"].tolist()


def test_normalise_ignores_case_spaces_punctuation_and_prefixes():
    assert normalise_name("Karangpilang") == normalise_name("Karang Pilang")
    assert normalise_name("KEC. KARANG-PILANG") == normalise_name("Karang Pilang")
    assert normalise_name("Kecamatan  Gubeng") == "gubeng"
    assert normalise_name("Kel. Dr. Soetomo") == normalise_name("Dr Sutomo")
    assert normalise_name("Desa Made") == "made"
    assert normalise_name("Kedurus") == "kedurus"  # "Ke..." is not a prefix


def test_every_reference_name_matches_itself():
    result = match_names(KECAMATAN, KECAMATAN)
    assert result.matched == {name: name for name in KECAMATAN}
    assert result.unmatched == [] and result.missing == []


def test_variant_spellings_match():
    given = ["Karangpilang", "Kec. Pabean Cantikan", "GUBENG", "kecamatan tenggilis mejoyo", "Dukuhpakis"]
    result = match_names(given, KECAMATAN)
    assert result.matched == {
        "Karangpilang": "Karang Pilang",
        "Kec. Pabean Cantikan": "Pabean Cantian",
        "GUBENG": "Gubeng",
        "kecamatan tenggilis mejoyo": "Tenggilis Mejoyo",
        "Dukuhpakis": "Dukuh Pakis",
    }
    assert "Asem Rowo" in result.missing and "Gubeng" not in result.missing


def test_reference_names_with_notes_match_their_plain_forms():
    # The notes of the older, unofficial list (geo.build_reference matches it to the official one).
    older_list = ["Karang Poh (Gadel, Tubanan)", "Banjar Sugian / Sugihan", "Sidotopo/Sidoropo Wetan",
                  "Tandes (Kidul, Lor, Gedang Asin)", "Sidotopo"]
    result = match_names(["Karang Poh", "Banjar Sugihan", "Sidotopo Wetan", "Tandes Kidul", "Sidotopo"], older_list)
    assert result.matched == {
        "Karang Poh": "Karang Poh (Gadel, Tubanan)",
        "Banjar Sugihan": "Banjar Sugian / Sugihan",
        "Sidotopo Wetan": "Sidotopo/Sidoropo Wetan",
        "Tandes Kidul": "Tandes (Kidul, Lor, Gedang Asin)",
        "Sidotopo": "Sidotopo",
    }


def test_unknown_and_ambiguous_names_are_not_matched():
    # "Perak" is equally close to Perak Barat / Timur / Utara: never guess.
    result = match_names(["Atlantis", "Perak", "Rungkut", ""], KELURAHAN)
    assert result.matched == {}
    assert result.unmatched == ["Atlantis", "Perak", "Rungkut", ""]


def test_ambiguous_fuzzy_candidates_are_refused():
    # Close to both "Simomulyo" and "Simomulyo Baru".
    result = match_names(["Simomulyo Ba"], ["Simomulyo", "Simomulyo Baru"])
    assert result.unmatched == ["Simomulyo Ba"]
    assert result.missing == ["Simomulyo", "Simomulyo Baru"]


def test_several_spellings_may_match_one_reference():
    result = match_names(["Gubeng", "GUBENG", "Kec. Gubeng"], ["Gubeng", "Genteng"])
    assert set(result.matched.values()) == {"Gubeng"}
    assert result.missing == ["Genteng"]
