import unicodedata

from tomtat.text.normalize import canonical_syllable, match_key, syllables


def test_tone_placement_variants_share_one_key():
    for old, new in [("hòa", "hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("Hòa Bình", "Hoà Bình"),
                     ("quý", "qúy"), ("tùy", "tuỳ")]:
        assert match_key(old) == match_key(new), (old, new)


def test_closed_and_marked_syllables_keep_their_tone_place():
    for syllable in ["hoàn", "toán", "thuyết", "người", "giường", "ngoài", "khuỷu", "tuổi", "mùa", "quý", "gì"]:
        assert canonical_syllable(syllable) == syllable


def test_nfd_input_gives_the_nfc_key():
    text = "Thủ tướng phát biểu tại Hà Nội"
    assert match_key(unicodedata.normalize("NFD", text)) == match_key(text) == "thủ tướng phát biểu tại hà nội"


def test_syllables_are_word_runs_and_underscores_split():
    assert syllables("tuyên_bố, ngày 5/7: 5.500 km!") == ["tuyên", "bố", "ngày", "5", "7", "5", "500", "km"]
