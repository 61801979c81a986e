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
from dataclasses import dataclass

from django.conf import settings
from scipy.stats import binomtest


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


def compare(current: int, previous: int, current_days: int = 1,
            previous_days: int = 1) -> Change:
    """``current`` against ``previous``, each counted over its own number of days."""
    total = current + previous
    if total == 0:
        p_value = 1.0
    else:
        share = current_days / (current_days + previous_days)
        p_value = float(binomtest(current, total, share).pvalue)
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
