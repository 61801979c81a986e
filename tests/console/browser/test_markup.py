"""Text from the server never becomes markup on a board: a closure's reason, a unit's call
sign and a place's name full of HTML are shown as the text they are, in every tooltip of
the map, to another agency's dispatcher too (found by a hostile test: a station's
dispatcher planted a working "re-login" link on the operations room's board)."""

from __future__ import annotations

from typing import Any

import pytest

from opsroom.geo.models import Place
from opsroom.geo.queries import clear_caches
from opsroom.roads.actions import do_create_closure

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("benghazi")]

MARKUP = ('<img src=x onerror="document.title=\'PWNED\'">'
          '<a href=https://evil.example/login>re-login here</a>')
SQUARE = {"type": "Polygon", "coordinates": [[[20.060, 32.110], [20.075, 32.110],
                                              [20.075, 32.125], [20.060, 32.125],
                                              [20.060, 32.110]]]}

OPEN_EVERY_TOOLTIP = """() => {
  const texts = [];
  for (const el of document.querySelectorAll('.leaflet-container')) {
    const map = el.leafletMap;
    map.eachLayer((layer) => {
      if (!layer.getTooltip || !layer.getTooltip()) return;
      const at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
      layer.openTooltip(at);
      texts.push(layer.getTooltip().getElement().textContent);
    });
  }
  return texts;
}"""


def test_markup_in_a_closure_a_call_sign_and_a_place_stays_text_on_another_agencys_board(
    screen: Any, make_user: Any, make_unit: Any, station: Any
) -> None:
    make_user("dispatcher", username="ops-disp")
    planter = make_user("dispatcher", station)
    do_create_closure(planter, "area", SQUARE, MARKUP)
    make_unit(call_sign="<b>X</b><img src=y>", at=(32.1167, 20.0667))
    Place.objects.filter(code=Place.objects.order_by("code").first().code).update(  # type: ignore[union-attr]
        name_ar=MARKUP, name_en=MARKUP)
    clear_caches()
    dispatcher = screen("ops-disp")
    fetched: list[str] = []
    dispatcher.page.on("request", lambda r: fetched.append(r.url))
    board = dispatcher.open("/")
    board.wait_for_function("() => document.querySelector('.leaflet-container')?.leafletMap")
    board.wait_for_timeout(500)  # the basemap, closures and units arrive
    texts = board.evaluate(OPEN_EVERY_TOOLTIP)
    assert any("re-login here" in t and "<a href" in t for t in texts), texts
    assert any("<b>X</b>" in t for t in texts), texts
    injected = board.evaluate(
        "() => document.querySelectorAll('.leaflet-container img:not(.leaflet-tile), "
        ".leaflet-tooltip a, .leaflet-tooltip b, .leaflet-tooltip img').length")
    assert injected == 0
    assert board.title() != "PWNED"
    assert not [url for url in fetched if url.rstrip("/").endswith(("/x", "/y"))]
