"""Name normalisation so Arabic and Latin spellings of one place meet.

Operators type fast and callers spell as they speak: أ/إ/آ/ا, ى/ي and ة/ه are used
interchangeably, diacritics and tatweel appear or not, the article ال comes and goes, and
Latin transliterations vary (Hawari, Al-Hawary, el Hawari). Each function here folds one
kind of variation; ``match_score`` combines them.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ـ": None, "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6",
    "٧": "7", "٨": "8", "٩": "9", "،": " ", "؛": " ",
})
_ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")
# The article, alone or behind the prepositions و ب ف ك ل ("and the", "in the", ...).
_ARABIC_ARTICLE = re.compile(r"^(?:[وف]?[بكل]?ال|[وف]?لل)(?=\S{2,})")
_ARTICLES = ("al", "el", "as", "ash", "ad", "ar", "az", "at", "an", "ath", "adh")
_LATIN_ARTICLE = re.compile(r"^(?:" + "|".join(_ARTICLES) + r")[-'’‘]+")
_PUNCT = re.compile(r"[^\w\s]")

# Arabic letters to a small consonant alphabet. Letters that transliterations render in
# several ways share one class: ق/ك/ج (q, k, g — Libyan ق is spoken g), ث/ت/ط (th, t),
# ذ/د/ض/ظ/ز (dh, d, z), خ/ح/ه (kh, h), ش/س/ص (sh, s). Vowels and glides are dropped.
_AR_TO_CLASS = {
    "ب": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "k", "ق": "k", "ك": "k", "ح": "h", "خ": "h",
    "ه": "h", "د": "d", "ذ": "d", "ض": "d", "ظ": "d", "ز": "d", "ر": "r", "س": "s", "ش": "s",
    "ص": "s", "ع": "", "غ": "g", "ف": "f", "ل": "l", "م": "m", "ن": "n", "و": "", "ي": "",
    "ا": "", "ء": "", " ": " ",
}
# Latin digraphs first, then single letters, onto the same classes.
_LATIN_DIGRAPHS = [("kh", "h"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"),
                   ("ch", "s"), ("ph", "f"), ("ou", "u"), ("ee", "i"), ("oo", "u")]
_LATIN_TO_CLASS = {
    "b": "b", "t": "t", "j": "k", "q": "k", "k": "k", "c": "k", "g": "k", "h": "h", "d": "d",
    "z": "d", "r": "r", "s": "s", "f": "f", "v": "f", "p": "b", "l": "l", "m": "m", "n": "n",
    "x": "ks", " ": " ",
}


def normalize_arabic(text: str) -> str:
    text = _DIACRITICS.sub("", text).translate(_ARABIC_FOLD)
    words = [_ARABIC_ARTICLE.sub("", word) for word in text.split()]
    return " ".join(word for word in words if word)


def normalize_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = text.replace("ʿ", "").replace("ʾ", "").replace("`", "")
    words = []
    for word in text.split():
        word = _PUNCT.sub(" ", _LATIN_ARTICLE.sub("", word)).strip()
        # "Al Birkah", "Qaryat al Unayzi": an article written as a word of its own.
        if word and word not in _ARTICLES:
            words.append(word)
    return " ".join(words)


def is_arabic(text: str) -> bool:
    return bool(_ARABIC_LETTERS.search(text))


def normalize(text: str) -> str:
    return normalize_arabic(text) if is_arabic(text) else normalize_latin(text)


def _collapse(skeleton: str) -> str:
    out: list[str] = []
    for ch in skeleton:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out).strip()


def arabic_to_latin(text: str) -> str:
    """The consonant skeleton of an Arabic name."""
    return _collapse("".join(_AR_TO_CLASS.get(ch, "") for ch in normalize_arabic(text)))


def latin_skeleton(text: str) -> str:
    """The consonant skeleton of a Latin transliteration, in the classes Arabic maps to."""
    text = normalize_latin(text)
    for digraph, cls in _LATIN_DIGRAPHS:
        text = text.replace(digraph, cls)
    skeleton = []
    for ch in text:
        if ch in ("a", "e", "i", "o", "u", "y", "w", "'"):
            continue
        skeleton.append(_LATIN_TO_CLASS.get(ch, ""))
    return _collapse("".join(skeleton))


def skeleton(text: str) -> str:
    return arabic_to_latin(text) if is_arabic(text) else latin_skeleton(text)


def match_score(query: str, candidate_names: list[str]) -> float:
    """0-100: how well ``query`` names a place known by ``candidate_names``."""
    q_norm, q_skel = normalize(query), skeleton(query)
    if not q_norm:
        return 0.0
    best = 0.0
    for name in candidate_names:
        best = max(best, _score_one(q_norm, q_skel, normalize(name), skeleton(name)))
        if best >= 100:
            break
    return best


def _score_one(q_norm: str, q_skel: str, n_norm: str, n_skel: str) -> float:
    if not n_norm:
        return 0.0
    if q_norm == n_norm:
        return 100.0
    if n_norm.startswith(q_norm) and len(q_norm) >= 3:
        return 95.0
    words = n_norm.split()
    if q_norm in words:
        return 92.0
    text = max(fuzz.ratio(q_norm, n_norm), fuzz.partial_ratio(q_norm, n_norm) * 0.9
               if len(q_norm) >= 4 else 0.0)
    sound = 0.0
    if q_skel and n_skel and len(q_skel.replace(" ", "")) >= 2:
        sound = 95.0 if q_skel == n_skel else fuzz.ratio(q_skel, n_skel) * 0.92
        if len(q_skel) >= 3 and any(w == q_skel for w in n_skel.split()):
            sound = max(sound, 90.0)
    return float(max(text, sound))
