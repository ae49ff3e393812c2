"""The word tokenizer and the word ⇄ code-point codec."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from resamend.tokens import CODEC_CAPACITY, TokenCodec, is_safe_cut, is_space, tokenize

PROPERTIES = settings(max_examples=300, derandomize=True, deadline=None)

# Text with the characters that make tokenising hard: every Unicode category,
# plus a dense pick of digits, dots, hyphens, apostrophes, spaces, CJK, Thai,
# Arabic and combining marks so that the interesting neighbours occur often.
TRICKY = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(list("0123456789.-,/:' ’\n\t\u00a0\u00adabcXYZ协定のタイไทยั่اتفاقיםé\u0301\u200d()")),
    ),
    max_size=60,
)


@PROPERTIES
@given(TRICKY)
def test_concatenated_tokens_give_back_the_text(text):
    assert "".join(tokenize(text)) == text


@PROPERTIES
@given(TRICKY)
def test_no_token_mixes_whitespace_with_text(text):
    for token in tokenize(text):
        assert token
        assert token.isspace() or not any(c.isspace() for c in token)


@PROPERTIES
@given(TRICKY, st.data())
def test_tokenising_from_a_safe_cut_gives_the_tokens_of_the_whole_text(text, data):
    cuts = [p for p in range(len(text) + 1) if is_safe_cut(text, p)]
    cut = data.draw(st.sampled_from(cuts))
    assert tokenize(text, 0, cut) + tokenize(text, cut) == tokenize(text)


def test_hyphenated_compound_and_year_range_are_one_word_each():
    assert tokenize("the Kunming-Montreal framework 2024-2032") == [
        "the", " ", "Kunming-Montreal", " ", "framework", " ", "2024-2032",
    ]


def test_resolution_and_decimal_numbers_keep_their_dots_and_commas():
    assert tokenize("Resolution 11.10 costs 1,000 in 2007/8") == [
        "Resolution", " ", "11.10", " ", "costs", " ", "1,000", " ", "in", " ", "2007/8",
    ]


def test_paragraph_number_at_the_start_keeps_its_full_stop():
    assert tokenize("8bis.\tFurther encourages")[:2] == ["8bis.", "\t"]
    assert tokenize("3. Requests")[0] == "3."
    assert tokenize("intro\n12. Urges")[2] == "12."


def test_number_ending_a_sentence_leaves_the_full_stop_apart():
    assert tokenize("adopted in 2015. Next") == ["adopted", " ", "in", " ", "2015", ".", " ", "Next"]


def test_each_punctuation_mark_is_its_own_token():
    assert tokenize("(UNEP/CMS/COP13/Doc.18),") == [
        "(", "UNEP", "/", "CMS", "/", "COP13", "/", "Doc", ".", "18", ")", ",",
    ]
    assert tokenize("«yes»; no!") == ["«", "yes", "»", ";", " ", "no", "!"]


def test_apostrophe_inside_a_word_is_kept_but_quotes_are_punctuation():
    assert tokenize("the Programme’s 'plan'") == ["the", " ", "Programme’s", " ", "'", "plan", "'"]


def test_runs_of_whitespace_are_single_tokens():
    assert tokenize("to   promote\u00a0it \n x") == ["to", "   ", "promote", "\u00a0", "it", " \n ", "x"]


def test_chinese_and_japanese_are_cut_by_character():
    assert tokenize("保护迁徙物种公约") == list("保护迁徙物种公约")
    assert tokenize("移動性野生動物の種、ボン条約") == list("移動性野生動物の種、ボン条約")


def test_thai_vowel_and_tone_marks_stay_with_their_consonant():
    tokens = tokenize("อนุสัญญา")
    assert "".join(tokens) == "อนุสัญญา"
    assert "สั" in tokens  # sara am-less vowel sign U+0E31 does not stand alone
    assert all(unicodedata.category(t[0]) != "Mn" for t in tokens)


def test_arabic_and_hebrew_words_stay_intact_in_logical_order():
    arabic = "اتفاقية الأنواع المهاجرة، وغيرها"
    assert tokenize(arabic) == ["اتفاقية", " ", "الأنواع", " ", "المهاجرة", "،", " ", "وغيرها"]
    hebrew = "אמנת בון\u200f למינים"
    assert tokenize(hebrew) == ["אמנת", " ", "בון\u200f", " ", "למינים"]


def test_combining_accents_stay_inside_the_word():
    assert tokenize("e\u0301te\u0301 cafe\u0301") == ["e\u0301te\u0301", " ", "cafe\u0301"]


def test_whitespace_test_tells_spaces_from_words():
    assert is_space(" \t") and is_space("\u00a0")
    assert not is_space("word") and not is_space(",")


# --- the codec ----------------------------------------------------------------


@PROPERTIES
@given(st.lists(st.text(max_size=5), max_size=40))
def test_codec_decodes_what_it_encoded(tokens):
    codec = TokenCodec()
    encoded = codec.encode(tokens)
    assert len(encoded) == len(tokens)
    assert codec.decode(encoded) == tokens


def test_codec_gives_each_distinct_token_one_private_use_code_point():
    codec = TokenCodec()
    encoded = codec.encode(["plan", " ", "programme", " ", "plan"])
    assert encoded[0] == encoded[4] == "\ue000"
    assert encoded[1] == encoded[3] == "\ue001"
    assert encoded[2] == "\ue002"
    assert all(unicodedata.category(c) == "Co" for c in encoded)


def test_two_codecs_fed_alike_agree():
    words = tokenize("Further requests the Secretariat, and requests Parties")
    assert TokenCodec().encode(words) == TokenCodec().encode(words)


def test_codec_moves_on_to_plane_15_when_the_basic_private_area_is_full():
    codec = TokenCodec()
    encoded = codec.encode([f"w{n}" for n in range(6402)])
    assert encoded[6399] == "\uf8ff"
    assert encoded[6400] == "\U000f0000"
    assert encoded[6401] == "\U000f0001"
    assert codec.decode(encoded[6400:]) == ["w6400", "w6401"]
    assert CODEC_CAPACITY == 6400 + 65534 + 65534
