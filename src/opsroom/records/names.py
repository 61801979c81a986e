"""Persons' names the way Libyan names are really written, and how two of them compare.

A name is a chain of given names: the person's own, the father's, the grandfather's, then
the family name. Records and callers write it in many ways:

- in Arabic: hamza and alef forms (أ إ آ ا), taa marbuta (ة/ه), alef maqsura (ى/ي),
  diacritics and tatweel come and go; "عبد الله" and "عبدالله"; "بن"/"ابن" between the
  names, or not; the article ال on a family name, or not; the grandfather dropped;
- in Latin letters, transliterated by ear: Mohamed / Muhammad / Mohammed, Abdallah /
  Abdullah / Abd Allah, El-/Al-/none, Bin/Ben/Ibn;
- with a typo or two, and the parts in another order (family name first).

Each token is reduced to a normal form (same script) and to a consonant skeleton shared by
both scripts (opsroom.geo.normalize's classes: ق/ك/ج, ث/ت/ط, ذ/د/ض/ظ/ز, خ/ح/ه, ش/س/ص;
vowels, ع, و and ي as vowels dropped). The skeleton is what the index keys on; the score
compares tokens part by part, in any order, with rapidfuzz, and says why.

Nothing here groups or ranks persons by their family name: a family name is one of the
parts a person is found by, never a category.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.utils.translation import gettext, gettext_lazy
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from opsroom.geo.normalize import _AR_TO_CLASS, _LATIN_DIGRAPHS, _LATIN_TO_CLASS, is_arabic

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ء": "", "ـ": None, "،": " ", "؛": " ", "-": " ", ".": " ",
})
# Words that link the names ("son of", "daughter of") and carry no name.
_AR_LINKS = frozenset({"بن", "ابن", "بنت", "ولد"})
_LATIN_LINKS = frozenset({"bin", "ben", "ibn", "bint", "b", "bn", "walad", "ould"})
# Heads of compound names, joined to the word that follows: عبد الله, أبو بكر.
_AR_HEADS = frozenset({"عبد", "ابو", "بو"})
_LATIN_HEADS = frozenset({"abd", "abdul", "abdel", "abdal", "abdoul", "abu", "abou", "abo",
                          "bu", "bou"})
# Tails joined to the word before: نور الدين, سيف الإسلام, عبد الله written in two words.
_AR_TAILS = frozenset({"الدين", "الله", "الاسلام", "الرحمن"})
# Latin tails, with the article they assimilate written out, as the Arabic keeps it:
# Nour Eddine, Nureddin, Nour al-Din are all نور الدين.
_LATIN_TAILS = {"eddine": "aldin", "eddin": "aldin", "el-din": "aldin", "al-din": "aldin",
                "uddin": "aldin", "addin": "aldin", "allah": "allah", "ullah": "allah",
                "alla": "allah", "el-islam": "alislam", "al-islam": "alislam"}
_LATIN_JOINED_TAILS = tuple(sorted(
    [("eddine", "aldin"), ("eddin", "aldin"), ("uddin", "aldin"), ("ullah", "allah")],
    key=lambda pair: -len(pair[0])))
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ul|as|es|ash|esh|ad|ed|ar|er|az|ez|at|et|an|en)-")
_LATIN_ARTICLE_WORDS = frozenset({"al", "el", "ul"})
_PUNCT = re.compile(r"[^\w\s-]")


class Token(NamedTuple):
    text: str  # normal form, in its own script
    skeleton: str  # consonant skeleton, shared by both scripts
    arabic: bool


def _fold_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for mark in ("ʿ", "ʾ", "`", "'", "’", "‘"):
        text = text.replace(mark, "")
    return _PUNCT.sub(" ", text)


def _strip_ar_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def arabic_words(text: str) -> list[str]:
    """An Arabic name's words in normal form, compounds joined, links dropped."""
    text = _DIACRITICS.sub("", text).translate(_ARABIC_FOLD)
    words = [w for w in text.split() if w not in _AR_LINKS]
    out: list[str] = []
    for word in words:
        if out and (out[-1] in _AR_HEADS or word in _AR_TAILS):
            out[-1] += word
        else:
            out.append(word)
    return [_strip_ar_article(w) for w in out]


def latin_words(text: str) -> list[str]:
    """A Latin transliteration's words in normal form, compounds joined, links dropped."""
    raw = [w for w in _fold_latin(text).split() if w]
    words: list[str] = []
    for word in raw:
        if word in _LATIN_LINKS:
            continue
        if words and word in _LATIN_TAILS:
            words[-1] += _LATIN_TAILS[word]
            continue
        if words and words[-1] in _LATIN_HEADS:
            words[-1] += word.replace("-", "")
            continue
        words.append(word)
    out = []
    for word in words:
        if word in _LATIN_ARTICLE_WORDS:
            continue
        word = _LATIN_ARTICLE.sub("", word).replace("-", "")
        for tail, full in _LATIN_JOINED_TAILS:  # Noureddine, Abdullah written as one word
            if word.endswith(tail) and len(word) > len(tail) + 1:
                word = word[: -len(tail)] + full
                break
        if word:
            out.append(word)
    # "el Fitouri", "al Obeidi": an article written as a word of its own joins nothing.
    return out


def _collapse(letters: Iterable[str]) -> str:
    out: list[str] = []
    for ch in letters:
        if ch and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


def _final_h(skeleton: str) -> str:
    """A word-final h class is dropped (when something is left): taa marbuta (folded to ه)
    is rarely written in Latin letters (فاطمة: Fatima, حمزة: Hamza or Hamzah), and dropping
    it on both sides keeps طه and Taha, صالح and Saleh alike too."""
    return skeleton[:-1] if len(skeleton) > 1 and skeleton.endswith("h") else skeleton


def arabic_skeleton(word: str) -> str:
    return _final_h(_collapse(_AR_TO_CLASS.get(ch, "") for ch in word))


# Each digraph stands for one Arabic letter: its class is final (gh is غ, not a g then h).
_DIGRAPH_CLASS = dict(_LATIN_DIGRAPHS)
_DIGRAPH_VOWELS = frozenset(cls for cls in _DIGRAPH_CLASS.values() if cls in "aeiouyw")


def latin_skeleton(word: str) -> str:
    classes: list[str] = []
    i = 0
    while i < len(word):
        pair = _DIGRAPH_CLASS.get(word[i:i + 2])
        if pair is not None:
            if pair not in _DIGRAPH_VOWELS:
                classes.append(pair)
            i += 2
            continue
        ch = word[i]
        if ch not in "aeiouyw":
            classes.append(_LATIN_TO_CLASS.get(ch, ""))
        i += 1
    return _final_h(_collapse(classes))


@lru_cache(maxsize=200_000)
def _tokens(text: str) -> tuple[Token, ...]:
    if is_arabic(text):
        return tuple(Token(w, arabic_skeleton(w), True) for w in arabic_words(text))
    return tuple(Token(w, latin_skeleton(w), False) for w in latin_words(text))


def tokens(text: str) -> list[Token]:
    """A name (any number of parts, either script) as its tokens. Names repeat (a city
    has a few hundred given names), so each text is reduced once per process."""
    if not text or not text.strip():
        return []
    return list(_tokens(text))


def token_keys(token: Token) -> list[str]:
    """A token's index keys: the word itself in normal form (selective: وائل and علي share
    a skeleton, not a spelling), its skeleton (shared by both scripts), and, for a Latin
    word written with its article glued on (Alfitouri, Elmismari), the skeleton without
    it."""
    found = [text_key(token), token.skeleton or "~"]
    if not token.arabic and len(token.text) > 6 and token.text[:2] in ("al", "el"):
        bare = latin_skeleton(token.text[2:])
        if bare and bare != found[1]:
            found.append(bare)
    return found


def text_key(token: Token) -> str:
    return "=" + token.text


def keys(text: str) -> list[str]:
    return [key for token in tokens(text) for key in token_keys(token)]


# ---- comparing a query with a person ------------------------------------------------------

PART_LABELS = {
    "first": gettext_lazy("first name"), "father": gettext_lazy("father's name"),
    "grandfather": gettext_lazy("grandfather's name"), "family": gettext_lazy("family name"),
    "mother": gettext_lazy("mother's name"), "alias": gettext_lazy("alias"),
    "latin": gettext_lazy("Latin name"),
}


@dataclass(frozen=True)
class NamePart:
    part: str  # first, father, grandfather, family, mother, alias, latin
    tokens: tuple[Token, ...]


def _latin_labels(count: int) -> list[str]:
    """Which part each word of a Latin name is: first … family, the middle ones the
    father's and grandfather's."""
    if count <= 1:
        return ["family"] * count
    middle = ["father", "grandfather"][: count - 2] + ["father"] * max(0, count - 4)
    return ["first", *middle, "family"]


def person_parts(first: str, father: str, grandfather: str, family: str, latin: str = "",
                 aliases: Sequence[str] = ()) -> list[NamePart]:
    """What a person is found by. The mother's name is not among them: it tells two people
    of the same name apart when a records officer compares them, but a query naming a
    mother's father must not find her son."""
    parts = [NamePart(p, tuple(tokens(v))) for p, v in (
        ("first", first), ("father", father), ("grandfather", grandfather),
        ("family", family)) if v]
    words = tokens(latin)
    for label, token in zip(_latin_labels(len(words)), words, strict=True):
        parts.append(NamePart(label, (token,)))
    for alias in aliases:
        parts.append(NamePart("alias", tuple(tokens(alias))))
    return parts


def sound_score(distance: int, longest: int, same_script: bool, skeleton_ratio: float) -> float:
    """How alike two skeletons are, 0-100. Within one script a shared skeleton says less
    (after folding, سالم and سلمى share one; علاء and ليلى share a single letter), so it
    counts less, and less still when the skeleton is short."""
    if distance == 0:
        if same_script:
            return 84.0 if longest >= 3 else 80.0 if longest == 2 else 72.0
        return 95.0 if longest >= 2 else 92.0
    if distance == 1 and longest >= 3:
        return 80.0 if same_script else 86.0
    if distance <= 2 and longest >= 6:
        return 76.0
    return skeleton_ratio * 0.75


@lru_cache(maxsize=500_000)
def token_similarity(q: Token, n: Token) -> tuple[float, str]:
    """0-100 and how they meet: "exact", "spelling", "transliterated" or "close".

    Within one script the spelling decides (after folding, سالم and سلمى share a skeleton
    but are two names); across scripts the skeleton does, since that is all a
    transliteration keeps. (opsroom.records.search computes the same figure for many
    tokens at once; the two are tested to agree.)"""
    same_script = q.arabic == n.arabic
    if same_script and q.text == n.text:
        return 100.0, "exact"
    text = float(fuzz.ratio(q.text, n.text)) if same_script else 0.0
    sound = 0.0
    if q.skeleton and n.skeleton:
        distance = 0 if q.skeleton == n.skeleton else OSA.distance(q.skeleton, n.skeleton)
        sound = sound_score(distance, max(len(q.skeleton), len(n.skeleton)), same_script,
                            fuzz.ratio(q.skeleton, n.skeleton))
    elif not q.skeleton and not n.skeleton and not same_script:
        sound = VOWELS_ONLY  # "Ali" and "علي" both have no consonant left
    return sound_reason(text, sound, same_script)


VOWELS_ONLY = 90.0


def sound_reason(text: float, sound: float, same_script: bool) -> tuple[float, str]:
    if text >= sound:
        return text, "spelling" if text >= 80 else "close"
    if not same_script and sound >= 90:
        return sound, "transliterated"
    return sound, "close" if sound < 84 else "spelling"


@dataclass(frozen=True)
class Match:
    score: float
    # How each part met the query, and the words that met none: the reason is written
    # from them only when it is read (a search compares dozens, and shows a few).
    parts_met: tuple[tuple[str, str], ...] = ()
    unmatched: int = 0

    @property
    def reason(self) -> str:
        return _reason(dict(self.parts_met), self.unmatched) if self.score else ""


# The order of a person's own parts; aliases have none.
PART_CODES = {"first": 0, "father": 1, "grandfather": 2, "family": 3}
# A query whose words come in an unusual order (not first … family, nor the family name
# first) still finds the person, a little lower than one that reads as names are written.
ORDER_PENALTY = 12.0
# A query may leave parts out, but not all alike: the grandfather is often dropped, the
# first name and the father's almost never. A person whose parts the words name in the
# usual way reads better than one for whom they would skip the first name or the father.
SKIPPED_FIRST = 5.0
SKIPPED_FATHER = 5.0


def skipped_parts(taken: set[int], count: int, has_father: bool) -> float:
    cost = SKIPPED_FIRST if count >= 2 and 0 not in taken else 0.0
    if 2 in taken and 1 not in taken and has_father:
        cost += SKIPPED_FATHER
    return cost


def _aligned_score(sims: list[list[float]], order: tuple[int, ...]) -> float:
    """The best total similarity with query words matched to parts in ``order`` (each part
    once, in that order; a word may match nothing, a part may be left out)."""
    previous = [0.0] * (len(order) + 1)
    for row in sims:
        current = [0.0] * (len(order) + 1)
        for j, part in enumerate(order, start=1):
            sim = row[part]
            take = previous[j - 1] + sim if sim >= 60 else 0.0
            current[j] = max(previous[j], current[j - 1], take)
        previous = current
    return previous[-1]


def _aligned_parts(sims: list[list[float]], order: tuple[int, ...]) -> dict[int, int]:
    """Which word took which part in the best alignment along ``order`` (for the reason)."""
    n, m = len(sims), len(order)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            sim = sims[i - 1][order[j - 1]]
            take = best[i - 1][j - 1] + sim if sim >= 60 else 0.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], take)
    taken: dict[int, int] = {}
    i, j = n, m
    while i > 0 and j > 0:
        sim = sims[i - 1][order[j - 1]]
        if sim >= 60 and best[i][j] == best[i - 1][j - 1] + sim:
            taken[i - 1] = order[j - 1]
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return taken


def _free_parts(sims: list[list[float]]) -> tuple[float, dict[int, int]]:
    """Any order at all: each word to its best part still free."""
    pairs = sorted(((sim, i, part) for i, row in enumerate(sims)
                    for part, sim in enumerate(row) if sim >= 60), reverse=True)
    taken: dict[int, int] = {}
    used: set[int] = set()
    total = 0.0
    for sim, i, part in pairs:
        if i not in taken and part not in used:
            taken[i] = part
            used.add(part)
            total += sim
    return total, taken


READING_ORDERS = ((0, 1, 2, 3), (3, 0, 1, 2))


def compare(query: str, parts: Sequence[NamePart]) -> Match:
    """How well a query names a person, 0-100, and why.

    Each query word is matched to one of the person's four parts (in either script), the
    parts taken in the order names are written (first, father, grandfather, family) or
    with the family name first; a part the query leaves out (a dropped grandfather) costs
    nothing, a word that matches no part counts zero, and the total is averaged over the
    query's words. Any other order counts too, at a small cost. An alias is compared as a
    whole name of its own."""
    q_tokens = tokens(query)
    if not q_tokens:
        return Match(0.0)
    slots: list[list[Token]] = [[], [], [], []]
    aliases: list[tuple[Token, ...]] = []
    for part in parts:
        if part.part in PART_CODES:
            slots[PART_CODES[part.part]].extend(part.tokens)
        elif part.tokens:
            aliases.append(part.tokens)
    arabic_slots = [[n for n in slot if n.arabic] for slot in slots]
    how: list[list[tuple[float, str]]] = []
    for q in q_tokens:
        row = []
        for slot, arabic in zip(slots, arabic_slots, strict=True):
            best = (0.0, "")
            # An Arabic word is compared with the Arabic of the record when it has one:
            # the Latin spelling is a transliteration of it, and weaker evidence.
            for n in arabic if q.arabic and arabic else slot:
                pair = token_similarity(q, n)
                if pair[0] > best[0]:
                    best = pair
            row.append(best)
        how.append(row)
    sims = [[sim for sim, _ in row] for row in how]
    count = len(q_tokens)
    score, order = max((_aligned_score(sims, o) / count, o) for o in READING_ORDERS)
    free_total, free_taken = _free_parts(sims)
    if free_total / count - ORDER_PENALTY > score:
        score, taken = free_total / count - ORDER_PENALTY, free_taken
    else:
        taken = _aligned_parts(sims, order)
    score -= skipped_parts(set(taken.values()), count, bool(slots[1]))
    labels = ["first", "father", "grandfather", "family"]
    found = {labels[part]: how[qi][part][1] for qi, part in taken.items()}
    unmatched = count - len(taken)
    for alias in aliases:
        alias_score = _bag(q_tokens, alias)
        if alias_score > score:
            score, found, unmatched = alias_score, {"alias": "exact" if alias_score >= 99
                                                    else "spelling"}, 0
    if count == 1:
        score *= 0.9  # a single word names few people for sure
    return Match(round(max(0.0, score), 1), tuple(found.items()), unmatched)


# ---- a name's tokens, stored -------------------------------------------------------------
# A person's (or wanted entry's) ``name_keys`` column holds its tokens by part, in normal
# form, so the search index is built without reducing every name again: "f" first, "a"
# father, "g" grandfather, "n" family (in either script), "x<k>." the k-th alias.
_CODES = {"first": "f", "father": "a", "grandfather": "g", "family": "n"}
_LABELS = {code: label for label, code in _CODES.items()}


def encode_parts(parts: Sequence[NamePart]) -> str:
    items = []
    alias = 0
    for part in parts:
        if part.part == "alias":
            items += [f"x{alias}.{t.text}" for t in part.tokens]
            alias += 1
        else:
            items += [_CODES[part.part] + t.text for t in part.tokens]
    return " ".join(items)


@lru_cache(maxsize=200_000)
def token_of(text: str) -> Token:
    """A token from its stored normal form (its skeleton follows from it)."""
    if is_arabic(text):
        return Token(text, arabic_skeleton(text), True)
    return Token(text, latin_skeleton(text), False)


def decode_item(item: str) -> tuple[str, Token]:
    """One stored item: its part ("first" … "family", or "x<k>" for an alias) and token."""
    if item[0] == "x":
        alias, _, text = item.partition(".")
        return alias, token_of(text)
    return _LABELS[item[0]], token_of(item[1:])


def decode_parts(stored: str) -> list[NamePart]:
    grouped: dict[str, list[Token]] = {}
    for item in stored.split():
        part, token = decode_item(item)
        grouped.setdefault(part, []).append(token)
    return [NamePart("alias" if part.startswith("x") else part, tuple(tokens))
            for part, tokens in grouped.items()]


def _bag(q_tokens: Sequence[Token], name: Sequence[Token]) -> float:
    """A query against one whole name, in any order (for aliases)."""
    used: set[int] = set()
    total = 0.0
    for q in q_tokens:
        best, best_j = 0.0, -1
        for j, n in enumerate(name):
            if j not in used:
                sim = token_similarity(q, n)[0]
                if sim > best:
                    best, best_j = sim, j
        if best >= 60:
            used.add(best_j)
            total += best
    return total / len(q_tokens)


def _reason(parts: dict[str, str], unmatched: int) -> str:
    """Why a person matched, in the reader's language: "family name and father's name
    match; first name transliterated"."""
    by_how: dict[str, list[str]] = {}
    for part, how in parts.items():
        by_how.setdefault(how, []).append(str(PART_LABELS[part]))
    phrases = []
    for how in ("exact", "spelling", "transliterated", "close"):
        found = by_how.get(how)
        if found:
            phrases.append(_HOW[how][len(found) > 1] % {"parts": _join(found)})
    if unmatched:
        # One form for any count: the catalogue keeps no plural forms (tools/).
        phrases.append(gettext("words of the query not found: %(count)d")
                       % {"count": unmatched})
    return gettext("; ").join(phrases)


# How parts met, for one part and for several (Arabic agrees the verb with its subject).
_HOW = {
    "exact": (gettext_lazy("%(parts)s matches"), gettext_lazy("%(parts)s match")),
    "spelling": (gettext_lazy("%(parts)s spelled differently"),
                 gettext_lazy("%(parts)s spelled differently")),
    "transliterated": (gettext_lazy("%(parts)s transliterated"),
                       gettext_lazy("%(parts)s transliterated")),
    "close": (gettext_lazy("%(parts)s close (a letter or two off)"),
              gettext_lazy("%(parts)s close (a letter or two off)")),
}


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return gettext("%(first)s and %(last)s") % {"first": gettext(", ").join(items[:-1]),
                                                "last": items[-1]}
