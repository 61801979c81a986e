"""The Benghazi demo's clashes of 7 October: synthetic, reviewed by a second person, in the
districts of their coordinates, with the outage that followed and a proposal to confirm."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

from opsroom.casualties.models import HarmEvent, Outage, Review, Source, Victim
from opsroom.geo.queries import district_id_at


def test_the_demo_holds_the_clashes_as_a_monitor_would_expect(db: Any, settings: Any) -> None:
    settings.DEMO_HANDOVERS = 20
    settings.DEMO_HISTORY_DAYS = 3  # the incident history's volume is not the point either
    from opsroom.demo.loader import load_demo

    load_demo(StringIO())
    events = list(HarmEvent.objects.all())
    assert Counter(e.state for e in events) == {"verified": 2, "corroborated": 3,
                                                "disputed": 1, "unverified": 1,
                                                "rejected": 1}
    assert all(e.synthetic for e in events)
    assert all(s.synthetic for s in Source.objects.all())
    assert all(v.synthetic for v in Victim.objects.all())
    for review in Review.objects.select_related("event"):
        assert review.reviewer_id != review.event.recorded_by_id
    for event in events:
        assert str(event.district_id) == district_id_at(event.lat, event.lon)
    assert Victim.objects.exclude(distinct_from=[]).exists()
    assert Outage.objects.filter(status="proposed").count() == 1
    counts = (HarmEvent.objects.count(), Source.objects.count(), Victim.objects.count(),
              Outage.objects.count())
    load_demo(StringIO())
    assert (HarmEvent.objects.count(), Source.objects.count(), Victim.objects.count(),
            Outage.objects.count()) == counts
