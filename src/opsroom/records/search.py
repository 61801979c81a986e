"""Finding a person by name among a million, in milliseconds.

Three stages, each narrowing what the next one does:

1. **Keys.** An in-process inverted index maps each name key (a token's spelling and its
   consonant skeleton, opsroom.records.names) to the positions of the persons holding it.
   A query's keys, and the vocabulary's keys one edit away from them (a typo), count for
   every person at once, weighted by how rare each key is; the best ``POOL`` go on.
2. **Parts, at once.** Each position keeps its tokens by part (first, father, grandfather,
   family; Arabic and Latin) as token ids, so the pool is scored part by part for all its
   persons together (numpy over the rapidfuzz similarity of each query word with each
   distinct token in the pool), the same alignment opsroom.records.names.compare makes.
3. **In full.** The best ``FULL`` are compared exactly (names.compare, which gives the
   reason), and only the answers are read from the database.

The index is built from the ``name_keys`` column (a name's tokens by part) on first use and
follows every change after that through the change rows, whichever process or site made
it, so a person recorded elsewhere is found here a moment later. The same index serves the
wanted list (a site's copy of the active arrest warrants), so a cut-off post checks a name
as fast as the records office searches one.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import close_old_connections, connections
from django.db.models import Q, QuerySet
from numpy.typing import NDArray
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from opsroom.core.clock import now
from opsroom.core.models import ChangeEvent
from opsroom.records import names
from opsroom.records.models import Person, PersonStatus, WantedEntry

POOL = 1000  # persons scored part by part per query (stage 2)
FULL = 40  # persons compared in full (stage 3)
REFRESH_SECONDS = 1.0  # how often a search looks for changes made elsewhere
REFRESH_BATCH = 50_000  # more changes than this since the last look: build again
# Keys held by more than this share of persons (محمد as a father's name) find candidates
# only when the query has nothing rarer; they still add their weight to the pool found.
COMMON_SHARE = 0.25
RARE_FLOOR = 2000  # below this many persons, every key finds candidates
# How much each kind of key a query shares with a person weighs (times its rarity). An
# Arabic spelling is strong evidence; a Latin one less (transliterations are free-hand);
# a key one edit away (a typo) least.
ARABIC_SPELLING, LATIN_SPELLING, SKELETON, ONE_EDIT = 1.5, 0.6, 1.0, 0.6
# Token ids kept per part: two Arabic words and one Latin. A name with more (or with an
# alias) is kept whole aside and always compared in full when it is in the pool.
ARABIC_COLUMNS, COLUMNS = 2, 3
SLOTS = ("first", "father", "grandfather", "family")


@dataclass(frozen=True)
class Hit:
    person: Any  # a Person, or a WantedEntry for the wanted check
    score: float
    reason: str


@dataclass(frozen=True)
class Source:
    """What an index holds: the active rows of a model, and the change kind to follow."""

    kind: str
    rows: Callable[[], QuerySet[Any]]


class NameIndex:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.built = False
        # Tokens: one id per distinct (normal form) word.
        self.tokens: list[names.Token] = []
        self.token_id: dict[str, int] = {}
        self.token_texts = np.zeros(0, dtype=object)
        self.token_skeletons = np.zeros(0, dtype=object)
        self.token_arabic = np.zeros(0, dtype=bool)
        self.token_skeleton_length = np.zeros(0, dtype=np.int32)
        self.token_keys: list[list[tuple[int, float]]] = []  # token → (key id, weight)
        self.item_cache: dict[str, tuple[range | None, int, tuple[int, ...]]] = {}
        # Keys: postings of positions, ascending.
        self.key_id: dict[str, int] = {}
        self.sound_keys: list[str] = []  # skeleton keys, for the one-edit lookup
        self.sound_key_ids: list[int] = []
        self.postings: list[NDArray[np.int32]] = []
        self.extra: dict[int, list[int]] = defaultdict(list)  # key → positions added later
        # Positions: one per row added (a changed row gets a new one; the old one is dead).
        self.ids: list[bytes] = []
        self.position: dict[bytes, int] = {}
        self.dead: set[int] = set()
        self.slots = np.full((0, 4, COLUMNS), -1, dtype=np.int32)
        self.whole: dict[int, list[names.NamePart]] = {}  # aliases, or more than fits
        self.seq = 0
        self.checked_at = 0.0

    # ---- tokens and keys ------------------------------------------------------------------
    def _token(self, token: names.Token) -> int:
        index = self.token_id.get(token.text)
        if index is not None:
            return index
        index = self.token_id[token.text] = len(self.tokens)
        self.tokens.append(token)
        found: list[tuple[int, float]] = []
        exact, *sounds = names.token_keys(token)
        found.append((self._key(exact), ARABIC_SPELLING if token.arabic else LATIN_SPELLING))
        found += [(self._key(key), SKELETON) for key in sounds]
        self.token_keys.append(found)
        return index

    def _key(self, key: str) -> int:
        index = self.key_id.get(key)
        if index is None:
            index = self.key_id[key] = len(self.postings)
            self.postings.append(np.zeros(0, dtype=np.int32))
            if not key.startswith("="):
                self.sound_keys.append(key)
                self.sound_key_ids.append(index)
        return index

    def _sync_token_arrays(self) -> None:
        if len(self.token_texts) == len(self.tokens):
            return
        self.token_texts = np.array([t.text for t in self.tokens], dtype=object)
        self.token_skeletons = np.array([t.skeleton for t in self.tokens], dtype=object)
        self.token_arabic = np.array([t.arabic for t in self.tokens], dtype=bool)
        self.token_skeleton_length = np.array([len(t.skeleton) for t in self.tokens],
                                              dtype=np.int32)

    def _item(self, item: str) -> tuple[range | None, int, tuple[int, ...]]:
        """A stored item's layout cells (None for an alias), token id and key ids."""
        found = self.item_cache.get(item)
        if found is None:
            part, token = names.decode_item(item)
            index = self._token(token)
            cells = None
            if part in names.PART_CODES:
                base = names.PART_CODES[part] * COLUMNS
                cells = (range(base, base + ARABIC_COLUMNS) if token.arabic
                         else range(base + ARABIC_COLUMNS, base + COLUMNS))
            keys = tuple(key for key, _ in self.token_keys[index])
            found = self.item_cache[item] = (cells, index, keys)
        return found

    def _layout(self, stored: str) -> tuple[list[int], list[int], bool]:
        """A row's token ids in its slot layout (4 parts × columns, -1 empty), its keys,
        and whether it must be kept whole (an alias, or more words than fit)."""
        layout = [-1] * (4 * COLUMNS)
        keys: list[int] = []
        whole = False
        for item in stored.split():
            cells, token, item_keys = self._item(item)
            keys += item_keys
            if cells is None:
                whole = True
                continue
            for cell in cells:
                if layout[cell] < 0:
                    layout[cell] = token
                    break
            else:
                whole = True
        return layout, list(dict.fromkeys(keys)), whole

    # ---- building and following changes ---------------------------------------------------
    def build(self) -> None:
        self._reset()
        self.seq = ChangeEvent.objects.order_by("-seq").values_list(
            "seq", flat=True).first() or 0
        lists: dict[int, list[int]] = defaultdict(list)
        layouts: list[list[int]] = []
        for pid, stored in _raw_rows(self.source.rows().values_list("id", "name_keys")):
            layout, keys, whole = self._layout(stored)
            position = len(self.ids)
            self.ids.append(pid)
            layouts.append(layout)
            for key in keys:
                lists[key].append(position)
            if whole:
                self.whole[position] = names.decode_parts(stored)
        self.position = {pid: i for i, pid in enumerate(self.ids)}
        for key, positions in lists.items():
            self.postings[key] = np.asarray(positions, dtype=np.int32)
        self.slots = (np.asarray(layouts, dtype=np.int32).reshape(-1, 4, COLUMNS)
                      if layouts else np.full((0, 4, COLUMNS), -1, dtype=np.int32))
        self._sync_token_arrays()
        self.built = True
        self.checked_at = time.monotonic()

    def _add(self, pid: bytes, stored: str) -> None:
        self._remove(pid)
        layout, keys, whole = self._layout(stored)
        position = len(self.ids)
        self.ids.append(pid)
        self.position[pid] = position
        if position >= len(self.slots):
            grown = np.full((max(1024, 2 * len(self.slots)), 4, COLUMNS), -1, dtype=np.int32)
            grown[: len(self.slots)] = self.slots
            self.slots = grown
        self.slots[position] = np.asarray(layout, dtype=np.int32).reshape(4, COLUMNS)
        for key in keys:
            self.extra[key].append(position)
        if whole:
            self.whole[position] = names.decode_parts(stored)

    def _remove(self, pid: bytes) -> None:
        old = self.position.pop(pid, None)
        if old is not None:
            self.dead.add(old)
            self.whole.pop(old, None)

    def refresh(self, force: bool = False) -> None:
        """Apply the rows changed since the index last looked (anywhere: their change rows
        are written with them, locally or by sync)."""
        if not self.built:
            self.build()
            return
        idle = time.monotonic() - self.checked_at
        if not force and idle < REFRESH_SECONDS:
            return
        self.checked_at = time.monotonic()
        if idle > 3600:
            # Change rows are kept for days (retention): after a long quiet spell, make sure
            # none this index has not seen were deleted meanwhile.
            oldest = ChangeEvent.objects.order_by("seq").values_list("seq", flat=True).first()
            if oldest is not None and oldest > self.seq + 1:
                self.build()
                return
        changed = list(ChangeEvent.objects.filter(
            seq__gt=self.seq, kind__in=(self.source.kind, "sync")).order_by("seq")
            .values_list("seq", "record_id", "kind")[:REFRESH_BATCH])
        if not changed:
            return
        if len(changed) == REFRESH_BATCH or any(kind == "sync" for _, _, kind in changed):
            # Too many to follow one by one, or sync brought a batch too large to announce
            # row by row (it asks every screen to reload): build again.
            self.build()
            return
        ids = {uuid.UUID(rid) for _, rid, _ in changed}
        live = dict(self.source.rows().filter(id__in=ids).values_list("id", "name_keys"))
        for pid in ids:
            if pid in live:
                self._add(pid.bytes, live[pid])
            else:
                self._remove(pid.bytes)
        self.seq = changed[-1][0]
        self._sync_token_arrays()
        if len(self.dead) > max(10000, len(self.ids) // 10):
            self.build()

    # ---- stage 1: keys --------------------------------------------------------------------
    def _postings(self, key: int) -> NDArray[np.int32]:
        extra = self.extra.get(key)
        if not extra:
            return self.postings[key]
        return np.concatenate([self.postings[key], np.asarray(extra, dtype=np.int32)])

    def _query_keys(self, token: names.Token) -> list[tuple[int, float]]:
        """The index's keys for a query word, with their weights: its spelling and
        skeleton, and, unless the word is spelled as a name the index knows (then it is no
        typo), the skeletons one edit away."""
        exact, *sounds = names.token_keys(token)
        found: list[tuple[int, float]] = []
        spelled = self.key_id.get(exact)
        if spelled is not None:
            found.append((spelled, ARABIC_SPELLING if token.arabic else LATIN_SPELLING))
        for key in sounds:
            own = self.key_id.get(key)
            if own is not None:
                found.append((own, SKELETON))
            if spelled is None and len(key) >= 2 and not key.startswith("~"):
                # OSA: two letters swapped is one edit, as an operator's typo is.
                for other, _, at in process.extract(key, self.sound_keys, scorer=OSA.distance,
                                                    score_cutoff=1, limit=12):
                    index = self.sound_key_ids[at]
                    if index != own and abs(len(other) - len(key)) <= 1:
                        found.append((index, ONE_EDIT))
        return found

    def pool(self, q_tokens: list[names.Token], size: int = POOL) -> NDArray[np.int64]:
        """The positions most likely meant, by the weight of the keys they share with the
        query (a rare key weighs more), counted over every person at once.

        Only skeleton keys (and those one edit away) find candidates: a spelling's
        postings are within its skeleton's, so its weight, and that of keys held by a
        large share of persons (when rarer ones exist), is added to the pool found
        rather than counted over everyone."""
        total = max(1, len(self.position))
        rare_limit = max(COMMON_SHARE * total, RARE_FLOOR)
        finding: list[tuple[NDArray[np.int32], float]] = []
        adding: list[tuple[NDArray[np.int32], float]] = []
        for token in q_tokens:
            for key, weight in self._query_keys(token):
                postings = self._postings(key)
                if len(postings):
                    entry = (postings, weight * math.log(1 + total / len(postings)))
                    spelled = weight in (ARABIC_SPELLING, LATIN_SPELLING)
                    (adding if spelled or len(postings) > rare_limit else finding).append(
                        entry)
        if not finding:
            finding, adding = adding, []
        if not finding:
            return np.zeros(0, dtype=np.int64)
        # One weighted count over every position (C speed, whatever the postings' size).
        positions = np.concatenate([p for p, _ in finding])
        weights = np.concatenate([np.full(len(p), w) for p, w in finding])
        scores = np.bincount(positions, weights=weights, minlength=len(self.ids))
        if self.dead:
            scores[np.fromiter(self.dead, dtype=np.int64)] = 0.0
        # The best ``size`` are all above a fraction of the top score whenever at least
        # ``size`` are: a cheap first cut of the million before the partial sort.
        held = np.flatnonzero(scores >= 0.4 * scores.max())
        if len(held) < size:
            held = np.flatnonzero(scores > 0)
        if len(held) > size:
            held = held[np.argpartition(scores[held], -size)[-size:]]
        ranked = scores[held]
        for postings, weight in adding:
            ranked = ranked + weight * _holds(postings, held)
        return held[np.argsort(-ranked, kind="stable")]

    # ---- stage 2: parts, for the whole pool at once --------------------------------------
    def _similarities(self, q: names.Token, tokens: NDArray[Any]) -> NDArray[np.float32]:
        """names.token_similarity of ``q`` with each of ``tokens``, computed together."""
        texts = self.token_texts[tokens].tolist()
        skeletons = self.token_skeletons[tokens].tolist()
        same = self.token_arabic[tokens] == q.arabic
        text = process.cdist([q.text], texts, scorer=fuzz.ratio, dtype=np.float32)[0]
        text = np.where(same, text, 0.0).astype(np.float32)
        longest = np.maximum(len(q.skeleton), self.token_skeleton_length[tokens])
        lengths = self.token_skeleton_length[tokens]
        if q.skeleton:
            distance = process.cdist([q.skeleton], skeletons, scorer=OSA.distance,
                                     dtype=np.int32)[0]
            ratio = process.cdist([q.skeleton], skeletons, scorer=fuzz.ratio,
                                  dtype=np.float32)[0]
            sound = np.where(
                distance == 0,
                np.where(same, np.select([longest >= 3, longest == 2], [84.0, 80.0], 72.0),
                         np.where(longest >= 2, 95.0, 92.0)),
                np.where((distance == 1) & (longest >= 3), np.where(same, 80.0, 86.0),
                         np.where((distance <= 2) & (longest >= 6), 76.0, ratio * 0.75)))
            sound = np.where(lengths > 0, sound, 0.0)
        else:
            sound = np.where((lengths == 0) & ~same, names.VOWELS_ONLY, 0.0)
        result = np.maximum(text, sound).astype(np.float32)
        result[same & (self.token_texts[tokens] == q.text)] = 100.0
        return result

    def part_scores(self, q_tokens: list[names.Token], pool: NDArray[np.int64]
                    ) -> NDArray[np.float64]:
        """The compare score (without the reason) of every position in the pool."""
        layout = self.slots[pool]  # (P, 4, columns)
        valid = layout >= 0
        distinct, inverse = np.unique(layout[valid], return_inverse=True)
        # The columns are few: maxima over them are taken column by column (a reduction
        # along a short axis of a strided array is several times slower in numpy).
        has_arabic = _column_max(valid[:, :, :ARABIC_COLUMNS])
        has_father = _column_max(valid[:, 1, :])
        rows = []
        for q in q_tokens:
            sims = np.zeros(layout.shape, dtype=np.float32)
            sims[valid] = self._similarities(q, distinct)[inverse]
            arabic = _column_max(sims[:, :, :ARABIC_COLUMNS])
            latin = _column_max(sims[:, :, ARABIC_COLUMNS:])
            # As names.compare: an Arabic word meets the record's Arabic when it has one.
            rows.append(np.where(has_arabic, arabic, latin) if q.arabic
                        else np.maximum(arabic, latin))
        sims_all = np.stack(rows, axis=1)  # (P, words, 4)
        count = len(q_tokens)
        best = _aligned(sims_all, names.READING_ORDERS[0])
        for order in names.READING_ORDERS[1:]:
            best = np.maximum(best, _aligned(sims_all, order))
        kept = np.where(sims_all >= 60, sims_all, 0.0)
        free = _column_max(kept).sum(axis=1) - names.ORDER_PENALTY * count
        score = np.maximum(best, free) / count
        # names.skipped_parts, taking a part as used when some word meets it.
        used: NDArray[np.bool_] = kept[:, 0, :] > 0  # (P, 4)
        for word in range(1, count):
            used = used | (kept[:, word, :] > 0)
        if count >= 2:
            score -= names.SKIPPED_FIRST * ~used[:, 0]
        score -= names.SKIPPED_FATHER * (used[:, 2] & ~used[:, 1] & has_father)
        return np.asarray(score, dtype=np.float64)

    def parts_at(self, position: int) -> list[names.NamePart]:
        whole = self.whole.get(position)
        if whole is not None:
            return whole
        parts = []
        for slot, label in enumerate(SLOTS):
            ids = [int(t) for t in self.slots[position, slot] if t >= 0]
            if ids:
                parts.append(names.NamePart(label, tuple(self.tokens[t] for t in ids)))
        return parts

    def search(self, query: str, limit: int, min_score: float) -> list[tuple[float, bytes, str]]:
        """(score, id, reason) of the best matches, best first."""
        q_tokens = names.tokens(query)
        if not q_tokens:
            return []
        with self.lock:
            self.refresh()
            pool = self.pool(q_tokens)
            if not len(pool):
                return []
            rough = self.part_scores(q_tokens, pool)
            take = min(FULL, len(pool))
            chosen = pool[np.argpartition(-rough, take - 1)[:take]] if take < len(
                pool) else pool
            whole = [p for p in pool.tolist() if p in self.whole]
            compared = dict.fromkeys([*chosen.tolist(), *whole])
            candidates = [(p, self.ids[p], self.parts_at(p)) for p in compared]
        scored = []
        seen: dict[tuple[Any, ...], names.Match] = {}  # namesakes are compared once
        for _, pid, parts in candidates:
            signature = tuple(parts)
            match = seen.get(signature)
            if match is None:
                match = seen[signature] = names.compare(query, parts)
            if match.score >= min_score:
                scored.append((match, pid))
        scored.sort(key=lambda s: (-s[0].score, s[1]))
        # Only the answers' reasons are written (each is a few translated phrases).
        return [(match.score, pid, match.reason) for match, pid in scored[:limit]]


def _raw_rows(rows: QuerySet[Any]) -> Iterator[tuple[bytes, str]]:
    """(id as 16 bytes, name_keys) of every row, read without building a UUID per row (a
    million of them is seconds): SQLite gives the id as hex, PostgreSQL as a UUID."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(20000):
            for pid, stored in chunk:
                yield (bytes.fromhex(pid) if isinstance(pid, str) else pid.bytes), stored


def _aligned(sims: NDArray[np.float32], order: tuple[int, ...]) -> NDArray[np.float64]:
    """names.compare's alignment for every row at once: the best total similarity with
    the words matched to parts in ``order`` (each part once, a part may be left out)."""
    rows = sims.shape[0]
    previous = [np.zeros(rows) for _ in range(len(order) + 1)]
    for i in range(sims.shape[1]):
        current = [np.zeros(rows)]
        for j, part in enumerate(order, start=1):
            sim = sims[:, i, part]
            take = np.where(sim >= 60, previous[j - 1] + sim, 0.0)
            current.append(np.maximum(np.maximum(previous[j], current[j - 1]), take))
        previous = current
    return previous[-1]


def _column_max(values: NDArray[Any]) -> NDArray[Any]:
    """The maximum over the last axis, taken column by column."""
    result = values[..., 0]
    for column in range(1, values.shape[-1]):
        result = np.maximum(result, values[..., column])
    return result


def _holds(postings: NDArray[np.int32], positions: NDArray[Any]) -> NDArray[np.bool_]:
    """Which of ``positions`` a key's postings hold. Postings are ascending (rows added
    later get later positions), so a binary search answers."""
    at = np.searchsorted(postings, positions)
    inside = at < len(postings)
    held = np.zeros(len(positions), dtype=bool)
    held[inside] = postings[at[inside]] == positions[inside]
    return held


def _active_persons() -> QuerySet[Person]:
    return Person.objects.filter(status=PersonStatus.ACTIVE)


def _active_wanted() -> QuerySet[WantedEntry]:
    return WantedEntry.objects.filter(active=True)


_sources = {"person": Source("person", _active_persons),
            "wanted": Source("wanted_entry", _active_wanted)}
_indexes: dict[str, NameIndex] = {}
_indexes_lock = threading.Lock()


def name_index(which: str) -> NameIndex:
    with _indexes_lock:
        index = _indexes.get(which)
        if index is None:
            index = _indexes[which] = NameIndex(_sources[which])
    return index


def forget_index() -> None:
    """Tests start from an empty database; the next search builds again."""
    with _indexes_lock:
        _indexes.clear()


def person_index() -> NameIndex:
    """The persons' index, built (the first call at a site takes seconds at a million)."""
    index = name_index("person")
    with index.lock:
        index.refresh()
    return index


def warm_indexes() -> threading.Thread:
    """For `opsroom serve`: build the name indexes in the background at start, so the
    first search of the day does not wait for them (seconds at a million persons)."""
    def run() -> None:
        try:
            for which in _sources:
                index = name_index(which)
                with index.lock:
                    index.refresh()
        except Exception:  # the database may be away: the first search builds instead
            logging.getLogger(__name__).exception("building the name indexes failed")
        finally:
            close_old_connections()

    thread = threading.Thread(target=run, name="name-indexes", daemon=True)
    thread.start()
    return thread


def _fetch(model: Any, found: list[tuple[float, bytes, str]], live: Q) -> list[Hit]:
    rows = model.objects.filter(live).in_bulk([uuid.UUID(bytes=pid) for _, pid, _ in found])
    return [Hit(rows[uuid.UUID(bytes=pid)], score, reason) for score, pid, reason in found
            if uuid.UUID(bytes=pid) in rows]


def search_persons(query: str, limit: int = 10, min_score: float = 60.0) -> list[Hit]:
    """Persons a name may mean, best first, each with its score and why."""
    found = name_index("person").search(query, limit, min_score)
    return _fetch(Person, found, Q(status=PersonStatus.ACTIVE))


def search_wanted(query: str, limit: int = 5, min_score: float = 75.0) -> list[Hit]:
    """Active wanted entries (still valid) a name may mean, best first."""
    found = name_index("wanted").search(query, limit, min_score)
    return _fetch(WantedEntry, found, Q(active=True) & (
        Q(valid_until__isnull=True) | Q(valid_until__gt=now())))


def parts_of(person: Person) -> list[names.NamePart]:
    return names.person_parts(person.first_name, person.father_name, person.grandfather_name,
                              person.family_name, person.latin_name, person.aliases)


def person_keys(person: Any) -> str:
    """The ``name_keys`` of a person (a wanted entry copies its person's): its tokens by
    part, in normal form (names.encode_parts)."""
    return names.encode_parts(names.person_parts(
        person.first_name, person.father_name, person.grandfather_name, person.family_name,
        person.latin_name, person.aliases))
