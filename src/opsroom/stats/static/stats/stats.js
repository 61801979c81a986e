/* opsroom statistics: the hotspot map of the CompStat page and of the wall display.
 *
 * The layer is GET /api/v1/stats/hotspots (GeoJSON cells, each with its count, Gi* z, p,
 * q and class), drawn over the districts' outlines from the console's own basemap: no
 * tiles, nothing from another origin. Hot and cold cells differ in colour, in outline
 * (solid, dashed) and in words (the tooltip and the line under the map), never in colour
 * alone. Every word comes translated from the server (the "boot" JSON) and is written as
 * text, never as HTML. The wall display reloads itself.
 */
(() => {
  'use strict';

  const bootEl = document.getElementById('boot');
  const element = document.getElementById('hotspot-map');
  if (!bootEl) return;
  const boot = JSON.parse(bootEl.textContent);
  // The wall display reads the figures again every few minutes: nobody is at its keyboard.
  if (boot.refresh_s) window.setTimeout(() => window.location.reload(), boot.refresh_s * 1000);
  if (!element || !boot.hotspots || !window.opsroom || !window.L) return;
  const W = boot.words;
  const AR = document.documentElement.lang === 'ar';
  const { h, named, digits, toast } = window.opsroom;
  const wall = document.body.classList.contains('wall');
  const esc = (text) => {
    const span = document.createElement('span');
    span.textContent = String(text);
    return span.innerHTML;
  };

  const map = L.map(element, {
    zoomControl: false, keyboard: !wall, scrollWheelZoom: !wall, dragging: !wall,
    doubleClickZoom: !wall, boxZoom: !wall, touchZoom: !wall,
  }).setView([32.1, 20.08], 12);
  element.leafletMap = map;  // reachable from the browser tests
  if (!wall) L.control.zoom({ position: AR ? 'topright' : 'topleft' }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.setPosition(AR ? 'bottomleft' : 'bottomright');
  map.attributionControl.addAttribution(esc('© OpenStreetMap contributors, ODbL'));
  const districts = L.layerGroup().addTo(map);
  const cells = L.layerGroup().addTo(map);
  if (!wall) {
    L.control.layers(null, {
      [esc(W.hotspots_layer)]: cells, [esc(W.districts_layer)]: districts,
    }, { position: AR ? 'topleft' : 'topright', collapsed: true }).addTo(map);
  }

  const C = boot.colours;
  const STYLE = {
    hot: { color: '#5c0000', weight: 2, fillColor: C.hot, fillOpacity: 0.8, className: 'cell cell-hot' },
    cold: { color: '#0b2f66', weight: 1.5, dashArray: '4 3', fillColor: C.cold, fillOpacity: 0.6, className: 'cell cell-cold' },
    none: { color: C.none, weight: 0.5, fillColor: C.none, fillOpacity: 0.55, className: 'cell cell-none' },
  };

  fetch(boot.basemap, { credentials: 'same-origin' }).then((r) => r.json()).then((data) => {
    for (const feature of data.features) {
      const p = feature.properties;
      if (p.layer === 'boundary') {
        const shape = L.geoJSON(feature, { interactive: false, style: { color: '#0d2238', weight: 2, fill: false } }).addTo(districts);
        map.fitBounds(shape.getBounds(), { padding: [10, 10] });
      } else if (p.layer === 'district') {
        const shape = L.geoJSON(feature, { style: { color: '#7a8793', weight: 1, dashArray: '4 3', fillColor: '#dfe6ec', fillOpacity: 0.3 } });
        if (!wall) shape.bindTooltip(h('span', null, named(p, 'name')), { sticky: true });
        shape.addTo(districts);
      }
    }
    districts.eachLayer((layer) => layer.bringToBack());
  }).catch(() => toast(W.error, 'error'));

  const status = document.getElementById('hotspot-status');
  const text = (p) => `${W[p.class] || p.class} · ${W.count}: ${digits(p.count)} · z ${digits(p.z.toFixed(2))} · q ${digits(p.q < 0.001 ? '< 0.001' : p.q.toFixed(3))}`;

  fetch(boot.hotspots, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .then((data) => {
      // Quiet cells under cold ones under hot ones.
      const order = { none: 0, cold: 1, hot: 2 };
      const features = [...data.features].sort((a, b) => order[a.properties.class] - order[b.properties.class]);
      L.geoJSON({ type: 'FeatureCollection', features }, {
        style: (f) => STYLE[f.properties.class] || STYLE.none,
        onEachFeature: (feature, shape) => {
          if (!wall) shape.bindTooltip(h('span', null, text(feature.properties)), { sticky: true });
        },
      }).addTo(cells);
      if (status) {
        const parts = [`${W.hot_cells}: ${digits(data.hot)}`, `${W.cold_cells}: ${digits(data.cold)}`,
          `${W.on_map}: ${digits(data.total)}`];
        if (data.outside) parts.push(`${W.outside}: ${digits(data.outside)}`);
        status.textContent = parts.join(' · ');
      }
      element.dataset.loaded = String(data.features.length);
    })
    .catch(() => {
      if (status) status.textContent = W.map_failed;
      element.dataset.loaded = 'failed';
    });
})();
