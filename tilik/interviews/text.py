"""Pure text helpers (no Django): normalising transcripts, sentence spans, keyword matches,
cutting a transcript into highlight chunks, and neutralising spreadsheet formulas.

Offsets are Python string indices (Unicode code points), the same as the browser
script computes with ``Array.from``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from tilik.core.cells import DANGEROUS, neutralise

# Abbreviations after which a full stop does not end an Indonesian sentence.
ABBREVIATIONS = {
    "bpk",
    "bp",
    "ibu",
    "sdr",
    "sdri",
    "dr",
    "drg",
    "ns",
    "s.kep",
    "s.kom",
    "s.h",
    "s.e",
    "mis",
    "dll",
    "dsb",
    "dst",
    "no",
    "kec",
    "kel",
    "jl",
    "tsb",
    "yth",
    "hlm",
    "th",
    "tgl",
    "kab",
    "prov",
    "a.n",
    "u.p",
    "ir",
    "h",
    "hj",
    "st",
    "skm",
    "m.kes",
    "m.si",
    "m.ap",
}
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n+")
# "Kepala puskesmas: ..." or "P: ..." at the start of a line names the speaker; it is not part of a sentence.
_SPEAKER = re.compile(r"[A-Z][\w'’-]*(?: [\w'’-]+){0,3}: +")
_CONTROL = {c for c in map(chr, range(32)) if c not in "\n\t"}


def normalise_text(raw: str) -> str:
    """Unify line ends, drop control characters, NFC-normalise and trim the ends."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = "".join(ch for ch in text if ch not in _CONTROL)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) covering every non-blank part of ``text``, in order.

    A sentence ends at . ! ? … followed by white space (unless the word before the full
    stop is a known abbreviation or a single letter) and at every line break.
    """
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _END.finditer(text):
        if match.group().startswith("."):
            word = re.search(r"([\w.]+)$", text[begin : match.start()])
            token = word.group(1).lower() if word else ""
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        stop = match.start() if match.group().startswith("\n") else match.end()
        start, end = _trim(text, _skip_speaker(text, begin), stop)
        if end > start:
            spans.append((start, end))
        begin = match.end()
    start, end = _trim(text, _skip_speaker(text, begin), len(text))
    if end > start:
        spans.append((start, end))
    return spans


def _skip_speaker(text: str, begin: int) -> int:
    """Step over a speaker label when ``begin`` is the start of a line."""
    while begin < len(text) and text[begin] in " \t":
        begin += 1
    if begin == 0 or text[begin - 1] == "\n" or text[:begin].strip() == "":
        match = _SPEAKER.match(text, begin)
        if match:
            return match.end()
    return begin


def keyword_spans(text: str, keyword: str) -> list[tuple[int, int]]:
    """Where ``keyword`` (one or more words) occurs as whole words, case-insensitively."""
    words = keyword.split()
    if not words:
        return []
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def chunk_text(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, list[int]]]:
    """Cut ``text`` at every span boundary; each chunk lists the indices of the spans covering it."""
    cuts = {0, len(text)}
    for start, end in spans:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    points = sorted(cuts)
    chunks = []
    for lo, hi in zip(points, points[1:], strict=False):
        if hi > lo:
            chunks.append((lo, hi, [i for i, (s, e) in enumerate(spans) if s <= lo and hi <= e]))
    return chunks


def sentence_labels(sentences: Sequence[tuple[int, int]], segments: Iterable[tuple[int, int]]) -> list[int]:
    """1 for each sentence that a coded segment overlaps, else 0 (the unit of the agreement test)."""
    segs = list(segments)
    return [int(any(overlaps(sentence, seg) for seg in segs)) for sentence in sentences]


FORMULA_PREFIXES = DANGEROUS
safe_cell = neutralise  # text starting with = + - @ gets a leading apostrophe (tilik.core.listing)


def unsafe_cell(value: str) -> str:
    """Undo ``safe_cell`` on import, so export followed by import is lossless."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
