from tilik.interviews.text import (
    chunk_text,
    keyword_spans,
    normalise_text,
    safe_cell,
    sentence_labels,
    split_sentences,
    unsafe_cell,
)


def test_split_sentences_on_punctuation_and_lines():
    text = "Pelatihan bagus. Apakah berguna? Ya!\nBaris baru tanpa titik"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Pelatihan bagus.",
        "Apakah berguna?",
        "Ya!",
        "Baris baru tanpa titik",
    ]


def test_split_keeps_abbreviations_and_initials():
    text = "Saya bertemu dr. Made dan Bpk. I. Wayan di Kec. Denpasar Barat. Lalu pulang."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Saya bertemu dr. Made dan Bpk. I. Wayan di Kec. Denpasar Barat.",
        "Lalu pulang.",
    ]


def test_split_empty_and_blank():
    assert split_sentences("") == [] and split_sentences("  \n\n ") == []


def test_normalise_text():
    assert normalise_text("  a\r\nb\rc\x00d\n\n\n\ne  ") == "a\nb\ncd\n\ne"


def test_keyword_spans_whole_words_case_insensitive():
    text = "Anggaran terbatas; penganggaran lain. ANGGARAN  lagi."
    assert [text[s:e] for s, e in keyword_spans(text, "anggaran")] == ["Anggaran", "ANGGARAN"]
    assert keyword_spans(text, "anggaran lagi") == [(38, 52)]
    assert keyword_spans(text, "  ") == []


def test_chunk_text_covers_text_and_overlaps():
    text = "abcdefghij"
    chunks = chunk_text(text, [(2, 6), (4, 8)])
    assert "".join(text[s:e] for s, e, _ in chunks) == text
    assert [(s, e, c) for s, e, c in chunks] == [
        (0, 2, []),
        (2, 4, [0]),
        (4, 6, [0, 1]),
        (6, 8, [1]),
        (8, 10, []),
    ]


def test_sentence_labels():
    assert sentence_labels([(0, 5), (6, 10), (11, 20)], [(3, 7)]) == [1, 1, 0]


def test_safe_cell_round_trip():
    for raw in ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx"]:
        assert safe_cell(raw).startswith("'") and unsafe_cell(safe_cell(raw)) == raw
    assert safe_cell("Biasa") == "Biasa" and safe_cell(3) == 3 and unsafe_cell("'biasa") == "'biasa"


def test_speaker_labels_are_not_part_of_sentences():
    text = "Pewawancara: Apa kabar?\nKepala puskesmas: Baik. Terima kasih.\nCatatan lapangan tanpa label"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Apa kabar?",
        "Baik.",
        "Terima kasih.",
        "Catatan lapangan tanpa label",
    ]
