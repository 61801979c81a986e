"""Is a change in a count meaningful, or noise?

Counts of incidents are Poisson. Given the total of two periods, the current period's
count is binomial with the share of time it covers (an exact test of two Poisson rates,
conditional on their sum: Przyborowski and Wilenski, 1940). A change is *significant* only
when that test's two-sided p is below ``STATS_ALPHA``; from 1 to 2 is "up 100%" and nothing
else. The square-root z, ``2(√current − √previous)``, is given beside it: about normal for
counts above a handful, it is what an analyst can check by hand. Fewer than
``STATS_SMALL_COUNT`` incidents in both periods together is a *small count*: it is said
next to the figure, and such a change is never painted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from scipy.stats import binom


@dataclass(frozen=True)
class Change:
    current: int
    previous: int
    change: int  # current − previous
    change_pct: float | None  # None when previous is 0: no percentage of nothing
    z: float  # 2(√current − √previous)
    p_value: float  # exact two-sided, 1.0 when both are 0
    significant: bool
    small: bool  # too few incidents for any change to mean much
    direction: str  # "up", "down" or "same"

    def as_dict(self) -> dict[str, object]:
        return {"current": self.current, "previous": self.previous, "change": self.change,
                "change_pct": self.change_pct, "z": self.z, "p_value": self.p_value,
                "significant": self.significant, "small": self.small,
                "direction": self.direction}


def two_sided_p(k: Sequence[int], n: Sequence[int], p: Sequence[float]) -> np.ndarray:
    """The exact two-sided binomial p of each ``k`` successes in ``n`` trials of chance
    ``p``, for whole arrays at once: the same algorithm as ``scipy.stats.binomtest`` (the
    outcomes no more likely than the one seen, with its relative tolerance of 1e-7), which
    costs a quarter of a millisecond a call; a CompStat of a thousand rows makes two
    thousand (bench/compstat.py)."""
    ks = np.asarray(k, dtype=np.int64)
    ns = np.asarray(n, dtype=np.int64)
    ps = np.broadcast_to(np.asarray(p, dtype=float), ks.shape)
    result = np.ones(ks.shape)
    some = ns > 0
    seen = np.where(some, binom.pmf(ks, np.maximum(ns, 1), ps), 0.0)
    tolerance = 1 + 1e-7
    mean = ps * ns
    for below in (True, False):
        mask = some & ((ks < mean) if below else (ks > mean))
        if mask.any():
            result[mask] = _one_side(ks[mask], ns[mask], ps[mask], seen[mask] * tolerance,
                                     below)
    return result


def _one_side(k: np.ndarray, n: np.ndarray, p: np.ndarray, target: np.ndarray,
              below: bool) -> np.ndarray:
    """binomtest's two-sided p for counts on one side of the mean: find, by bisection on
    the other side, the last outcome at least as likely as ``target``."""
    sign = -1.0 if below else 1.0

    def likelihood(x: np.ndarray) -> np.ndarray:
        return np.asarray(sign * binom.pmf(x, n, p))

    wanted = sign * target
    low = np.ceil(p * n).astype(np.int64) if below else np.zeros_like(n)
    high = n.copy() if below else np.floor(p * n).astype(np.int64)
    found = np.full(k.shape, -2, dtype=np.int64)
    active = low < high
    while active.any():
        middle = low + (high - low) // 2
        value = likelihood(middle)
        equal = active & (value == wanted)
        found[equal] = middle[equal]
        low = np.where(active & (value < wanted), middle + 1, low)
        high = np.where(active & (value > wanted), middle - 1, high)
        active = active & ~equal & (low < high)
    edge = np.where(found == -2, np.where(likelihood(low) <= wanted, low, low - 1), found)
    if below:
        y = n - edge + (target == binom.pmf(edge, n, p)).astype(np.int64)
        return np.asarray(np.minimum(1.0, binom.cdf(k, n, p) + binom.sf(n - y, n, p)))
    y = edge + 1
    return np.asarray(np.minimum(1.0, binom.cdf(y - 1, n, p) + binom.sf(k - 1, n, p)))


def compare_many(pairs: Sequence[tuple[int, int]], current_days: int = 1,
                 previous_days: int = 1) -> list[Change]:
    """``compare`` of every (current, previous) pair, over the same numbers of days."""
    share = current_days / (current_days + previous_days)
    p_values = two_sided_p([c for c, _ in pairs], [c + q for c, q in pairs],
                           [share] * len(pairs)) if pairs else np.ones(0)
    return [_change(c, q, float(p)) for (c, q), p in zip(pairs, p_values, strict=True)]


def compare(current: int, previous: int, current_days: int = 1,
            previous_days: int = 1) -> Change:
    """``current`` against ``previous``, each counted over its own number of days."""
    return compare_many([(current, previous)], current_days, previous_days)[0]


def _change(current: int, previous: int, p_value: float) -> Change:
    total = current + previous
    small = total < settings.STATS_SMALL_COUNT
    change = current - previous
    return Change(
        current=current, previous=previous, change=change,
        change_pct=None if previous == 0 else round(100.0 * change / previous, 1),
        z=round(2 * (math.sqrt(current) - math.sqrt(previous)), 3),
        p_value=round(p_value, 6),
        significant=not small and p_value < settings.STATS_ALPHA,
        small=small,
        direction="up" if change > 0 else "down" if change < 0 else "same",
    )
