/* opsroom console: live board, map, intake, incident, units, field unit and wall pages.
 *
 * Every word shown comes translated from the server (the "boot" JSON); every record is
 * written into the page with textContent, never as HTML, so a description holding markup
 * shows as text. Writes go to the JSON API with the session and its CSRF token.
 */
(() => {
  'use strict';

  const bootEl = document.getElementById('boot');
  const boot = bootEl ? JSON.parse(bootEl.textContent) : null;
  const page = document.body.dataset.page;
  const W = boot ? boot.words : {};
  const LABELS = boot ? boot.labels : {};
  const AR = document.documentElement.lang === 'ar';
  const OPEN = new Set(['new', 'dispatched', 'en_route', 'on_scene']);

  // ---- formatting -------------------------------------------------------------------------
  const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
  const digits = (text) => (boot && boot.digits === 'arab'
    ? String(text).replace(/[0-9]/g, (d) => ARABIC_INDIC[Number(d)]) : String(text));
  const clockFormat = boot ? new Intl.DateTimeFormat(AR ? 'ar-LY' : 'en-GB', {
    timeZone: boot.tz, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
    numberingSystem: boot.digits,
  }) : null;
  const pad = (n) => String(n).padStart(2, '0');
  function elapsed(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return digits(h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`);
  }
  const named = (obj, field) => (obj ? (AR ? obj[`${field}_ar`] || obj[`${field}_en`]
    : obj[`${field}_en`] || obj[`${field}_ar`]) || '' : '');
  const label = (table, value) => (LABELS[table] && LABELS[table][value]) || value;

  /** h('td', {class: 'x'}, 'text', childNode): elements built without innerHTML. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else el.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  /** Leaflet sets a tooltip given as a string, a layer's name and an attribution as HTML:
   * text from the server (a closure's reason, a call sign, a place's name) reaches them
   * only as a text node (tip) or escaped (esc), never as markup. */
  const tip = (text) => h('span', null, text);
  function esc(text) {
    const span = document.createElement('span');
    span.textContent = String(text);
    return span.innerHTML;
  }

  // ---- messages ---------------------------------------------------------------------------
  function toast(message, kind) {
    const box = document.getElementById('toasts');
    if (!box) return;
    const item = h('div', { class: `toast ${kind || 'ok'}`, role: kind === 'error' ? 'alert' : 'status' }, message);
    box.append(item);
    setTimeout(() => item.remove(), kind === 'error' ? 8000 : 3000);
  }

  // ---- the JSON API -----------------------------------------------------------------------
  function csrfToken() {
    const input = document.querySelector('input[name=csrfmiddlewaretoken]');
    return input ? input.value : '';
  }

  async function api(method, url, body) {
    const init = {
      method, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRFToken': csrfToken() },
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (err) {
      return { ok: false, status: 0, data: { detail: W.reconnecting } };
    }
    let data = null;
    if (response.status !== 204) {
      try { data = await response.json(); } catch (err) { data = null; }
    }
    return { ok: response.ok, status: response.status, data };
  }

  /** A form's fields as the API's JSON: "a.b" names nest; data-type number, bool and
   * datetime (a local date and time, sent with its offset) convert; data-list collects the
   * values of a name (a multiple select) into a list. */
  function formBody(form, submitter) {
    const body = {};
    // A fieldset data-item-of="items" is one object of the list "items", sent only when
    // its data-item-key field is filled (an item row left empty adds nothing).
    const grouped = new Set();
    for (const set of form.querySelectorAll('fieldset[data-item-of]')) {
      const item = {};
      let filled = false;
      for (const el of set.querySelectorAll('[name]')) {
        grouped.add(el.name);
        const value = (el.value || '').trim();
        if (!value) continue;
        item[el.name.split('.').pop()] = el.dataset.type === 'number' ? Number(value) : value;
        if (el.hasAttribute('data-item-key')) filled = true;
      }
      if (filled) (body[set.dataset.itemOf] = body[set.dataset.itemOf] || []).push(item);
    }
    const data = new FormData(form, submitter || undefined);
    for (const [name, raw] of data.entries()) {
      const field = form.elements.namedItem(name);
      const el = field instanceof RadioNodeList ? field[0] : field;
      if (grouped.has(name)) continue;
      if (name === 'csrfmiddlewaretoken' || (el && el.hasAttribute && el.hasAttribute('data-skip'))) continue;
      const value = typeof raw === 'string' ? raw.trim() : raw;
      if (value === '') continue;
      const type = el && el.dataset ? el.dataset.type : undefined;
      let converted = value;
      if (type === 'number') converted = Number(value.replace(',', '.'));
      else if (type === 'bool') converted = true;
      else if (type === 'datetime') converted = new Date(value).toISOString();
      const parts = name.split('.');
      let target = body;
      for (const part of parts.slice(0, -1)) target = (target[part] = target[part] || {});
      const key = parts[parts.length - 1];
      if (el && el.hasAttribute && el.hasAttribute('data-list')) (target[key] = target[key] || []).push(converted);
      else target[key] = converted;
    }
    return body;
  }

  /** The control an API error names. "seizures.1.quantity" is in the second row sent of
   * the fieldsets data-item-of="seizures": rows left empty are not sent, nor counted. */
  function fieldElement(form, field) {
    const row = /^(\w+)\.(\d+)\.([\w.]+)$/.exec(field);
    if (row) {
      const sent = [...form.querySelectorAll(`fieldset[data-item-of="${CSS.escape(row[1])}"]`)]
        .filter((set) => [...set.querySelectorAll('[data-item-key]')]
          .some((el) => (el.value || '').trim()));
      const set = sent[Number(row[2])];
      if (set) return set.querySelector(`[name="${CSS.escape(`${row[1]}.${row[3]}`)}"]`) || set;
    }
    return form.querySelector(`[name="${CSS.escape(field)}"]`);
  }

  let errorIds = 0;
  /** A control refused: marked invalid, its message written beside it and linked through
   * aria-errormessage (role=alert where no toast says it already), and focused. */
  function showFieldError(el, message, alert) {
    el.setAttribute('aria-invalid', 'true');
    if (message) {
      errorIds += 1;
      const note = h('p', { class: 'field-error', id: `field-error-${errorIds}`,
        role: alert ? 'alert' : null }, message);
      if (el.tagName === 'FIELDSET') el.append(note); else el.after(note);
      el.setAttribute('aria-errormessage', note.id);
    }
    el.focus();
  }

  function clearFieldErrors(within) {
    for (const el of within.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-errormessage');
    }
    for (const note of within.querySelectorAll('.field-error')) note.remove();
  }

  /** The API's error on a data-api form: beside the field it names; a field the form does
   * not show is only named in the toast. */
  function markInvalid(form, field, message) {
    clearFieldErrors(form);
    const el = field ? fieldElement(form, field) : null;
    if (el) showFieldError(el, message, false);
  }

  document.addEventListener('submit', async (event) => {
    const form = event.target.closest('form[data-api]');
    if (!form) return;
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    const method = form.dataset.method || 'POST';
    const body = method === 'DELETE' ? undefined : formBody(form, event.submitter);
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    const result = await api(method, form.dataset.api, body);
    buttons.forEach((b) => { b.disabled = false; });
    if (!result.ok) {
      const detail = (result.data && result.data.detail) || `${W.error} ${result.status}`;
      toast(detail, 'error');
      markInvalid(form, result.data && result.data.field, result.data && result.data.detail);
      return;
    }
    markInvalid(form, null);
    if (form.hasAttribute('data-reset')) form.reset();
    form.dispatchEvent(new CustomEvent('api:done', { bubbles: true, detail: result.data }));
    if (!form.hasAttribute('data-quiet')) toast(W.saved, 'ok');
    // data-then="reload": the page shows the change; "open:/path/{id}/": the new record.
    const then = form.dataset.then || '';
    if (then === 'reload') window.setTimeout(() => window.location.reload(), 400);
    else if (then.startsWith('open:') && result.data && result.data.id) {
      window.location.assign(then.slice(5).replace('{id}', result.data.id));
    }
  });

  // ---- the live stream ----------------------------------------------------------------------
  function openStream(onEvent) {
    const live = document.getElementById('live');
    let lastSeq = boot.seq;
    let source = null;
    const show = (ok) => {
      if (!live) return;
      live.hidden = false;
      live.textContent = ok ? W.connected : W.reconnecting;
      live.classList.toggle('down', !ok);
    };
    const handle = (event) => {
      if (event.lastEventId) lastSeq = Number(event.lastEventId);
      onEvent(JSON.parse(event.data));
    };
    const connect = () => {
      source = new EventSource(`${boot.stream}?after=${lastSeq}`);
      source.onopen = () => show(true);
      source.onerror = () => {
        show(false);
        // The browser retries by itself (sending Last-Event-ID) unless the server refused
        // the stream, e.g. a session that expired: then try again, resuming from lastSeq.
        if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
      };
      source.addEventListener('incident', handle);
      source.addEventListener('unit', handle);
      source.addEventListener('closure', handle);
      source.addEventListener('reset', () => { toast(W.reload, 'error'); setTimeout(() => location.reload(), 1500); });
      // A site back from a blackout brought many changes at once: reload rather than
      // apply them one by one. A site going silent or coming back updates the banner.
      source.addEventListener('sync', () => { toast(W.synced, 'ok'); setTimeout(() => location.reload(), 1500); });
      source.addEventListener('outage', (event) => {
        if (event.lastEventId) lastSeq = Number(event.lastEventId);
        document.body.dispatchEvent(new CustomEvent('outage-changed'));
      });
      source.addEventListener('site', (event) => {
        if (event.lastEventId) lastSeq = Number(event.lastEventId);
        document.body.dispatchEvent(new CustomEvent('site-changed'));
      });
      // Custody: an arrest changed or an alarm was raised; the custody regions refresh.
      for (const kind of ['arrest', 'custody_alarm', 'sentence']) {
        source.addEventListener(kind, (event) => {
          if (event.lastEventId) lastSeq = Number(event.lastEventId);
          const data = JSON.parse(event.data);
          if (kind === 'custody_alarm' && data.action === 'raised' && W.custody_alarm) {
            toast(`${W.custody_alarm}: ${data.record.person}`, 'error');
          }
          document.body.dispatchEvent(new CustomEvent('custody-changed'));
        });
      }
    };
    connect();
  }

  // ---- shared state: open incidents and units, newest version wins --------------------------
  const incidents = new Map();
  const units = new Map();
  function upsert(map, record) {
    const current = map.get(record.id);
    if (current && current.version > record.version) return false;
    map.set(record.id, record);
    return true;
  }

  // ---- map --------------------------------------------------------------------------------
  const PRIORITY_COLOURS = { 1: '#b00020', 2: '#c25e00', 3: '#8a6d00', 4: '#2e6b2e' };
  const UNIT_COLOURS = {
    available: '#1b7f3b', dispatched: '#b07800', en_route: '#1f5fbf', on_scene: '#6a3fb5',
    out_of_service: '#6b6b6b', on_operation: '#8b1e3f',
  };
  const PLACE_GROUPS = {
    security_directorate: 'police', police_station: 'police', hospital: 'health', clinic: 'health',
  };

  function makeMap(element, options) {
    const interactive = !(options && options.wall);
    const map = L.map(element, {
      zoomControl: false, attributionControl: true, preferCanvas: true,
      keyboard: interactive, scrollWheelZoom: interactive,
    }).setView([32.1, 20.08], 12);
    element.leafletMap = map; // reachable from the browser tests and a developer's console
    // Controls sit at the start of the line: on the right in Arabic, the left in English.
    const start = AR ? 'topright' : 'topleft';
    const end = AR ? 'topleft' : 'topright';
    if (interactive) L.control.zoom({ position: start }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.setPosition(AR ? 'bottomleft' : 'bottomright');
    map.attributionControl.addAttribution(esc('© OpenStreetMap contributors, ODbL'));
    const layers = {
      roads: L.layerGroup(), closures: L.layerGroup().addTo(map), route: L.layerGroup().addTo(map),
      coverage: L.layerGroup(),
      boundary: L.layerGroup().addTo(map), districts: L.layerGroup().addTo(map),
      police: L.layerGroup().addTo(map), health: L.layerGroup().addTo(map),
      other: L.layerGroup(), incidents: L.layerGroup().addTo(map), units: L.layerGroup().addTo(map),
    };
    let control = null;
    if (interactive) {
      control = L.control.layers(null, {
        [esc(W.incidents_layer)]: layers.incidents, [esc(W.units_layer)]: layers.units,
        [esc(W.closures_layer)]: layers.closures, [esc(W.route_layer)]: layers.route,
        [esc(W.districts_layer)]: layers.districts, [esc(W.boundary_layer)]: layers.boundary,
        [esc(W.police_layer)]: layers.police, [esc(W.health_layer)]: layers.health,
        [esc(W.other_layer)]: layers.other,
      }, { position: end, collapsed: true }).addTo(map);
    }
    // Roads: drawn under everything else, from the active network (if one is loaded).
    const roadsReady = fetch(boot.roads, { credentials: 'same-origin' }).then((r) => (r.status === 200 ? r.json() : null)).then((data) => {
      if (!data) return false;
      const renderer = L.canvas({ padding: 0.2 });
      L.geoJSON(data, {
        renderer, interactive: false,
        style: (f) => ({ color: f.properties.rank >= 2 ? '#c9a227' : '#b9c0c7', weight: f.properties.rank >= 2 ? 2.5 : 1, opacity: 0.9 }),
      }).addTo(layers.roads);
      layers.roads.addTo(map);
      if (control) control.addOverlay(layers.roads, esc(data.synthetic ? W.synthetic_roads : W.roads_layer));
      if (data.synthetic) map.attributionControl.addAttribution(esc(W.synthetic_roads));
      layers.roads.eachLayer((layer) => layer.bringToBack());
      return true;
    }).catch(() => false);
    const ready = fetch(boot.basemap, { credentials: 'same-origin' }).then((r) => r.json()).then((data) => {
      let bounds = null;
      for (const feature of data.features) {
        const p = feature.properties;
        if (p.layer === 'boundary') {
          const shape = L.geoJSON(feature, { style: { color: '#0d2238', weight: 2, fill: false, interactive: false } });
          shape.addTo(layers.boundary);
          bounds = shape.getBounds();
        } else if (p.layer === 'district') {
          const shape = L.geoJSON(feature, { style: { color: '#7a8793', weight: 1, dashArray: '4 3', fillColor: '#dfe6ec', fillOpacity: 0.35 } });
          shape.bindTooltip(tip(`${named(p, 'name')} (${W.approximate})`), { sticky: true, direction: 'top' });
          shape.addTo(layers.districts);
        } else if (p.layer === 'place') {
          const group = PLACE_GROUPS[p.kind] || 'other';
          const [lon, lat] = feature.geometry.coordinates;
          const colour = group === 'police' ? '#0b4f8a' : group === 'health' ? '#c2185b' : '#555';
          L.circleMarker([lat, lon], { radius: 4, color: colour, weight: 1, fillColor: '#fff', fillOpacity: 1 })
            .bindTooltip(tip(`${named(p, 'name')} · ${label('place_kind', p.kind)}`), { direction: 'top' })
            .addTo(layers[group]);
        }
      }
      api.cityBounds = bounds;
      if (bounds) map.fitBounds(bounds, { padding: [10, 10] });
    }).catch(() => toast(W.error, 'error'));

    const closures = new Map();
    const status = { route: null, moveUps: [] };
    const mapStatus = () => {
      const box = document.getElementById('map-status');
      if (!box) return;
      const parts = [];
      if (closures.size) parts.push(h('span', { class: 'closures' }, `${W.closures_layer}: ${digits(closures.size)}`));
      if (status.route) parts.push(h('span', { class: 'route' }, status.route));
      for (const move of status.moveUps) {
        parts.push(h('span', { class: 'move-up' }, `${W.move_up}: `, h('span', { dir: 'ltr' }, move.call_sign),
          ` → ${move.district_name} (${digits(Math.max(1, Math.round(move.eta_s / 60)))} ${W.min})`));
      }
      box.replaceChildren(...parts.flatMap((p, i) => (i ? [' · ', p] : [p])));
    };
    const coverageColours = (minutes) => (minutes === null ? '#888' : minutes <= 5 ? '#1b7f3b'
      : minutes <= 8 ? '#8a6d00' : minutes <= 12 ? '#c25e00' : '#b00020');
    const incidentMarkers = new Map();
    const unitMarkers = new Map();
    let selected = null;
    const api = {
      map, ready, control,
      onIncidentClick: null,
      incident(record) {
        const marker = incidentMarkers.get(record.id);
        if (!OPEN.has(record.status) || !record.location) {
          if (marker) { layers.incidents.removeLayer(marker); incidentMarkers.delete(record.id); }
          return;
        }
        const ll = [record.location.lat, record.location.lon];
        const style = {
          radius: record.id === selected ? 12 : 8, color: record.id === selected ? '#000' : '#fff',
          weight: record.id === selected ? 3 : 2, fillColor: PRIORITY_COLOURS[record.priority] || '#555', fillOpacity: 0.95,
        };
        const text = `${record.number} · P${digits(record.priority)} · ${named(record, 'type_name')} · ${label('incident_status', record.status)}`;
        if (marker) {
          marker.setLatLng(ll).setStyle(style).setTooltipContent(tip(text));
        } else {
          const created = L.circleMarker(ll, style).bindTooltip(tip(text), { direction: 'top' });
          created.on('click', () => (api.onIncidentClick ? api.onIncidentClick(record.id)
            : window.location.assign(boot.incident_url.replace('00000000-0000-0000-0000-000000000000', record.id))));
          created.addTo(layers.incidents);
          incidentMarkers.set(record.id, created);
        }
      },
      unit(record) {
        const marker = unitMarkers.get(record.id);
        if (!record.position) {
          if (marker) { layers.units.removeLayer(marker); unitMarkers.delete(record.id); }
          return;
        }
        const ll = [record.position.lat, record.position.lon];
        const style = {
          radius: 6, color: '#111', weight: 1, dashArray: record.position.stale ? '2 2' : null,
          fillColor: UNIT_COLOURS[record.status] || '#555', fillOpacity: record.position.stale ? 0.45 : 0.95,
        };
        const text = `${record.call_sign} · ${label('unit_status', record.status)}${record.position.stale ? ` · ${W.stale}` : ''}`;
        if (marker) {
          marker.setLatLng(ll).setStyle(style).setTooltipContent(tip(text));
        } else {
          const created = L.circleMarker(ll, style).bindTooltip(tip(text), { direction: 'top' });
          created.on('click', () => { if (record.incident_id && api.onIncidentClick) api.onIncidentClick(record.incident_id); });
          created.addTo(layers.units);
          unitMarkers.set(record.id, created);
        }
      },
      /** Frame what is happening: the open incidents (or the units), else the whole city. */
      frame() {
        let points = [...incidentMarkers.values()].map((m) => m.getLatLng());
        if (points.length < 2) points = points.concat([...unitMarkers.values()].map((m) => m.getLatLng()));
        if (points.length >= 2) map.fitBounds(L.latLngBounds(points), { padding: [20, 20], maxZoom: 15 });
        else if (api.cityBounds) map.fitBounds(api.cityBounds, { padding: [10, 10] });
      },
      closure(record) {
        const existing = closures.get(record.id);
        if (existing) { layers.closures.removeLayer(existing); closures.delete(record.id); }
        if (!record.active) { mapStatus(); return; }
        const shape = L.geoJSON(record.geometry, { style: { color: '#b00020', weight: 4, dashArray: '6 4', fillColor: '#b00020', fillOpacity: 0.18 } });
        shape.bindTooltip(tip(record.reason), { sticky: true });
        shape.addTo(layers.closures);
        closures.set(record.id, shape);
        mapStatus();
      },
      loadClosures() {
        fetch('/api/v1/closures', { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : []))
          .then((list) => list.forEach((c) => api.closure(c))).catch(() => null);
      },
      loadCoverage() {
        fetch('/api/v1/coverage', { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null)).then((data) => {
          if (!data) return;
          const byCode = new Map(data.districts.map((d) => [d.code, d]));
          status.moveUps = data.move_ups.map((m) => ({ ...m, district_name: named(byCode.get(m.district), 'name') }));
          mapStatus();
          layers.coverage.clearLayers();
          ready.then(() => layers.districts.eachLayer((group) => group.eachLayer((shape) => {
            const d = byCode.get(shape.feature.properties.code);
            if (!d) return;
            const minutes = d.eta_s === null ? null : Math.round(d.eta_s / 60);
            L.geoJSON(shape.feature, { interactive: true, style: { color: '#333', weight: 1, fillColor: coverageColours(minutes), fillOpacity: 0.45 } })
              .bindTooltip(tip(`${named(d, 'name')}: ${minutes === null ? '—' : digits(minutes)} ${W.min || ''}`), { sticky: true })
              .addTo(layers.coverage);
          })));
          if (control && !api.coverageAdded) { control.addOverlay(layers.coverage, esc(W.coverage_layer)); api.coverageAdded = true; }
        }).catch(() => null);
      },
      async showRoute(incidentId, unitId) {
        const response = await fetch(`/api/v1/incidents/${incidentId}/route?unit_id=${unitId}`, { credentials: 'same-origin' });
        if (!response.ok) { toast(W.error, 'error'); return; }
        const feature = await response.json();
        layers.route.clearLayers();
        const line = L.geoJSON(feature, { style: { color: '#0b4f8a', weight: 5, opacity: 0.85 } }).addTo(layers.route);
        const minutes = digits(Math.max(1, Math.round(feature.properties.eta_s / 60)));
        const km = digits((feature.properties.distance_m / 1000).toFixed(1));
        status.route = `${W.route}: ${feature.properties.call_sign}, ${minutes} ${W.min}, ${km} ${W.km}`;
        mapStatus();
        line.bindTooltip(tip(status.route));
        map.fitBounds(line.getBounds(), { padding: [30, 30], maxZoom: 16 });
      },
      clearRoute() { layers.route.clearLayers(); status.route = null; mapStatus(); },
      roadsReady,
      select(id) {
        const previous = selected;
        selected = id;
        for (const which of [previous, id]) {
          if (which && incidents.has(which)) api.incident(incidents.get(which));
        }
        const marker = incidentMarkers.get(id);
        if (marker) { marker.bringToFront(); map.panTo(marker.getLatLng()); }
      },
    };
    return api;
  }

  // ---- telecommunications outages (opsroom.casualties): districts cut off, hatched ----------
  const SVG_NS = 'http://www.w3.org/2000/svg';
  function svgEl(tag, attrs) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
    return el;
  }
  /** The hatching the outage layer fills districts with: one pattern per page, referenced
   * by every shape (Leaflet's SVG renderer takes it as a fill colour, url(#outage-hatch)). */
  function outageHatch() {
    if (document.getElementById('outage-hatch')) return;
    const pattern = svgEl('pattern', { id: 'outage-hatch', patternUnits: 'userSpaceOnUse', width: '8', height: '8', patternTransform: 'rotate(45)' });
    pattern.append(svgEl('rect', { width: '8', height: '8', fill: '#7b1fa2', 'fill-opacity': '0.16' }),
      svgEl('line', { x1: '0', y1: '0', x2: '0', y2: '8', stroke: '#6a1b9a', 'stroke-width': '3', 'stroke-opacity': '0.75' }));
    const defs = svgEl('defs', {});
    defs.append(pattern);
    const svg = svgEl('svg', { class: 'svg-defs', width: '0', height: '0', 'aria-hidden': 'true', focusable: 'false' });
    svg.append(defs);
    document.body.append(svg);
  }
  const OUTAGE_STYLE = { color: '#6a1b9a', weight: 2, dashArray: '5 3', fillColor: 'url(#outage-hatch)', fillOpacity: 1 };

  /** The outage layer of a map: the districts of ongoing confirmed outages (GET
   * /api/v1/outages/map), hatched, with a tooltip each, an entry in the layers control and
   * a legend shown while the layer is. Reloaded when the stream says an outage changed. */
  function outageLayer(map, options) {
    outageHatch();
    const layer = L.layerGroup();
    const renderer = L.svg({ padding: 0.3 });
    const since = new Intl.DateTimeFormat(AR ? 'ar-LY' : 'en-GB', {
      timeZone: boot.tz, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      numberingSystem: boot.digits,
    });
    const count = h('span', { class: 'outage-count' });
    const swatch = svgEl('svg', { width: '22', height: '14', class: 'swatch', 'aria-hidden': 'true', focusable: 'false' });
    swatch.append(svgEl('rect', { x: '1', y: '1', width: '20', height: '12', fill: 'url(#outage-hatch)', stroke: '#6a1b9a', 'stroke-width': '2', 'stroke-dasharray': '5 3' }));
    const legend = L.control({ position: AR ? 'bottomright' : 'bottomleft' });
    legend.onAdd = () => h('div', { class: 'map-legend outage-legend' }, swatch, ' ', W.outages_legend, ' ', count);
    const text = (p) => `${named(p, 'name')}: ${(p.services || []).map((v) => label('service', v)).join('، ')} ${W.outage_down} · ${label('operator', p.operator)} · ${W.outage_since} ${since.format(new Date(p.since))}`;
    async function load() {
      let data = null;
      try {
        const response = await fetch(options.url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        data = response.ok ? await response.json() : null;
      } catch (err) { data = null; }
      if (!data) return;
      layer.clearLayers();
      L.geoJSON(data, {
        renderer, style: OUTAGE_STYLE,
        onEachFeature: (feature, shape) => shape.bindTooltip(tip(text(feature.properties)), { sticky: true, direction: 'top' }),
      }).addTo(layer);
      const districts = new Set(data.features.map((f) => f.properties.district));
      count.textContent = `(${digits(districts.size)})`;
      shown.some = districts.size > 0;
      showLegend();
      if (options.onLoad) options.onLoad(data);
    }
    // The legend explains what is drawn: shown while the layer is on and something is down.
    const shown = { layer: true, some: false };
    const showLegend = () => {
      if (shown.layer && shown.some) legend.addTo(map); else legend.remove();
    };
    map.on('overlayadd', (event) => { if (event.layer === layer) { shown.layer = true; showLegend(); } });
    map.on('overlayremove', (event) => { if (event.layer === layer) { shown.layer = false; showLegend(); } });
    layer.addTo(map);
    if (options.control) options.control.addOverlay(layer, esc(W.outages_layer));
    document.body.addEventListener('outage-changed', throttled(load, 500));
    load();
    return { layer, load };
  }

  // ---- the incident queue -------------------------------------------------------------------
  function queueRow(record) {
    const link = h('a', { href: boot.incident_url.replace('00000000-0000-0000-0000-000000000000', record.id), dir: 'ltr' }, record.number);
    return h('tr', { class: `p${record.priority}`, tabindex: '0', dataset: { id: record.id } },
      h('td', {}, h('span', { class: 'prio' }, `P${digits(record.priority)}`)),
      h('td', {}, link),
      h('td', {}, named(record, 'type_name')),
      h('td', {}, h('span', { class: `status s-${record.status}` }, label('incident_status', record.status))),
      h('td', {}, record.district ? named(record.district, 'name') : '—'),
      h('td', {}, h('time', { class: 'timer', datetime: record.received_at, dataset: { since: record.received_at } },
        elapsed((Date.now() - Date.parse(record.received_at)) / 1000))),
      h('td', { class: 'units-cell' }, record.units.length
        ? record.units.flatMap((u) => [h('span', { class: `unit u-${u.status}`, dir: 'ltr' }, u.call_sign), ' ']) : '—'));
  }

  function renderQueue(selectedId) {
    const body = document.getElementById('queue-body');
    if (!body) return;
    const open = [...incidents.values()].filter((r) => OPEN.has(r.status));
    open.sort((a, b) => (a.priority - b.priority) || (Date.parse(a.received_at) - Date.parse(b.received_at)));
    const hadFocus = document.activeElement && body.contains(document.activeElement)
      ? document.activeElement.closest('tr')?.dataset.id : null;
    body.replaceChildren(...open.map((record) => {
      const row = queueRow(record);
      if (record.id === selectedId) row.classList.add('selected');
      return row;
    }));
    if (hadFocus) body.querySelector(`tr[data-id="${CSS.escape(hadFocus)}"]`)?.focus();
    document.getElementById('queue-count').textContent = digits(open.length);
    document.getElementById('queue-empty').hidden = open.length > 0;
    const counts = document.getElementById('wall-counts');
    if (counts) {
      counts.replaceChildren(...[1, 2, 3, 4].map((p) => h('span', { class: `prio-count p${p}` },
        h('span', { class: 'prio' }, `P${digits(p)}`), ` ${digits(open.filter((r) => r.priority === p).length)}`)));
    }
  }

  function tickTimers() {
    const now = Date.now();
    for (const el of document.querySelectorAll('time[data-since]')) {
      el.textContent = elapsed((now - Date.parse(el.dataset.since)) / 1000);
    }
    const clock = document.getElementById('wall-clock');
    if (clock) clock.textContent = clockFormat.format(new Date());
  }

  // ---- unit panels, grouped by agency --------------------------------------------------------
  function renderUnits(withControls) {
    const box = document.getElementById('unit-panels');
    if (!box) return;
    const byAgency = new Map();
    for (const unit of [...units.values()].sort((a, b) => a.call_sign.localeCompare(b.call_sign))) {
      if (!byAgency.has(unit.agency)) byAgency.set(unit.agency, []);
      byAgency.get(unit.agency).push(unit);
    }
    const options = document.getElementById('status-options');
    const panels = [];
    for (const [, list] of byAgency) {
      const available = list.filter((u) => u.status === 'available').length;
      const rows = list.map((unit) => {
        const incident = unit.incident_id && incidents.get(unit.incident_id);
        const cells = [
          h('span', { class: 'unit', dir: 'ltr' }, unit.call_sign),
          h('span', { class: `status u-${unit.status}` }, label('unit_status', unit.status)),
          h('span', { class: 'muted kind' }, label('unit_kind', unit.kind)),
          incident ? h('span', { class: 'muted', dir: 'ltr' }, incident.number) : null,
          unit.position && unit.position.stale ? h('span', { class: 'stale' }, W.stale) : null,
        ];
        if (withControls && options && boot.may_move_units) {
          const select = h('select', { name: 'status', 'aria-label': `${W.status} ${unit.call_sign}` });
          select.append(options.content.cloneNode(true));
          select.value = unit.status;
          const form = h('form', { class: 'inline', dataset: { api: `/api/v1/units/${unit.id}/status`, method: 'POST' } }, select);
          select.addEventListener('change', () => form.requestSubmit());
          cells.push(form);
        }
        return h('li', { class: 'unit-row', dataset: { id: unit.id } }, cells);
      });
      panels.push(h('section', { class: 'agency-panel' },
        h('h3', {}, named({ name_ar: list[0].agency_name_ar, name_en: list[0].agency_name_en }, 'name'), ' ',
          h('span', { class: 'count' }, `${digits(available)}/${digits(list.length)}`)),
        h('ul', {}, rows)));
    }
    box.replaceChildren(...(panels.length ? panels : [h('p', { class: 'muted' }, W.no_units)]));
    const count = document.getElementById('units-count');
    if (count) count.textContent = digits(units.size);
  }

  // ---- partial refresh of server-rendered regions --------------------------------------------
  async function refreshRegions(url, ids) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const id of ids) {
      const current = document.getElementById(id);
      const replacement = fresh.getElementById(id);
      if (current && replacement) current.replaceWith(document.adoptNode(replacement));
    }
  }

  function throttled(fn, ms) {
    let timer = null;
    return () => { if (!timer) timer = setTimeout(() => { timer = null; fn(); }, ms); };
  }

  // ---- pages --------------------------------------------------------------------------------
  function boardPage(wall) {
    let selected = null;
    const mapView = makeMap(document.getElementById('map'), { wall });
    const panel = document.getElementById('panel');
    const loadPanel = async () => {
      if (!selected || !panel) return;
      const response = await fetch(boot.panel_url.replace('00000000-0000-0000-0000-000000000000', selected),
        { credentials: 'same-origin' });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
      panel.replaceChildren(...[...fresh.body.childNodes].map((n) => document.adoptNode(n)));
    };
    const select = (id) => {
      if (id !== selected) mapView.clearRoute();
      selected = id;
      for (const row of document.querySelectorAll('#queue-body tr')) row.classList.toggle('selected', row.dataset.id === id);
      mapView.select(id);
      loadPanel();
    };
    if (!wall) mapView.onIncidentClick = select;
    for (const record of boot.incidents) upsert(incidents, record);
    for (const record of boot.units) upsert(units, record);
    mapView.ready.then(() => {
      incidents.forEach((r) => mapView.incident(r));
      units.forEach((r) => mapView.unit(r));
      mapView.frame();
    });
    if (boot.may_read_units) mapView.loadClosures();
    if (boot.outages_map) outageLayer(mapView.map, { control: mapView.control, url: boot.outages_map });
    mapView.roadsReady.then((loaded) => {
      if (!loaded || !boot.may_read_units) return;
      mapView.loadCoverage();
      setInterval(() => mapView.loadCoverage(), 60000);
    });
    document.addEventListener('click', (event) => {
      const button = event.target.closest('.route-button');
      if (button) mapView.showRoute(button.dataset.incident, button.dataset.unit);
    });
    closureDrawing(mapView);
    renderQueue(selected);
    renderUnits(false);
    const redrawQueue = throttled(() => renderQueue(selected), 100);
    const redrawUnits = throttled(() => renderUnits(false), 200);
    const reloadPanel = throttled(loadPanel, 150);
    const body = document.getElementById('queue-body');
    if (!wall) {
      body.addEventListener('click', (event) => {
        const row = event.target.closest('tr[data-id]');
        if (row && !event.target.closest('a')) select(row.dataset.id);
      });
      body.addEventListener('keydown', (event) => {
        const row = event.target.closest('tr[data-id]');
        if (!row) return;
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(row.dataset.id); }
        if (event.key === 'ArrowDown') { event.preventDefault(); row.nextElementSibling?.focus(); }
        if (event.key === 'ArrowUp') { event.preventDefault(); row.previousElementSibling?.focus(); }
      });
      document.addEventListener('api:done', reloadPanel);
    }
    openStream((event) => {
      if (event.kind === 'incident') {
        if (!upsert(incidents, event.record)) return;
        mapView.incident(event.record);
        redrawQueue();
        if (event.id === selected) reloadPanel();
      } else if (event.kind === 'closure') {
        mapView.closure(event.record);
        reloadPanel();
      } else if (event.kind === 'unit') {
        if (!upsert(units, event.record)) return;
        mapView.unit(event.record);
        redrawUnits();
        if (selected && (event.record.incident_id === selected || panel?.textContent.includes(event.record.call_sign))) reloadPanel();
      }
    });
    setInterval(tickTimers, 1000);
    tickTimers();
  }

  /** Drawing a closure on the board's map: click points, say why and for how long. */
  function closureDrawing(mapView) {
    const start = document.getElementById('closure-start');
    const form = document.getElementById('closure-form');
    if (!start || !form) return;
    const mapEl = document.getElementById('map');
    const count = document.getElementById('closure-points');
    const points = [];
    let sketch = null;
    const redraw = () => {
      if (sketch) sketch.remove();
      sketch = null;
      const area = form.elements.kind.value === 'area';
      if (points.length) {
        const style = { color: '#b00020', weight: 3, dashArray: '4 4', interactive: false };
        sketch = (area && points.length >= 3 ? L.polygon(points, style) : L.polyline(points, style)).addTo(mapView.map);
      }
      count.textContent = `(${digits(points.length)})`;
    };
    const onClick = (event) => { points.push([event.latlng.lat, event.latlng.lng]); redraw(); };
    const stop = () => {
      points.length = 0;
      redraw();
      form.hidden = true;
      start.hidden = false;
      mapEl.classList.remove('drawing');
      mapView.map.off('click', onClick);
      mapView.map.doubleClickZoom.enable();
    };
    start.addEventListener('click', () => {
      form.hidden = false;
      start.hidden = true;
      mapEl.classList.add('drawing');
      mapView.map.on('click', onClick);
      mapView.map.doubleClickZoom.disable();  // quick clicks place points, not zoom
      form.scrollIntoView({ block: 'nearest' });
    });
    form.elements.kind.addEventListener('change', redraw);
    form.querySelector('[data-cancel]').addEventListener('click', stop);
    form.querySelector('[data-undo]').addEventListener('click', () => { points.pop(); redraw(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const kind = form.elements.kind.value;
      const coords = points.map(([lat, lon]) => [Number(lon.toFixed(6)), Number(lat.toFixed(6))]);
      const geometry = kind === 'area'
        ? { type: 'Polygon', coordinates: [[...coords, coords[0]]] }
        : { type: 'LineString', coordinates: coords };
      const body = { kind, geometry, reason: form.elements.reason.value.trim() };
      const hours = Number(form.elements.hours.value);
      if (hours) body.valid_until = new Date(Date.now() + hours * 3600 * 1000).toISOString();
      const result = await api('POST', '/api/v1/closures', body);
      if (!result.ok) {
        toast((result.data && result.data.detail) || W.error, 'error');
        markInvalid(form, result.data && result.data.field);
        return;
      }
      mapView.closure(result.data);
      toast(W.saved, 'ok');
      form.reset();
      stop();
    });
  }

  function unitsPage() {
    for (const record of boot.units) upsert(units, record);
    renderUnits(true);
    const redraw = throttled(() => renderUnits(true), 200);
    openStream((event) => {
      if (event.kind === 'unit' && upsert(units, event.record)) {
        // Never redraw under an open status menu: the operator is choosing.
        if (document.activeElement && document.activeElement.tagName === 'SELECT') setTimeout(redraw, 1500);
        else redraw();
      }
    });
  }

  function incidentPage() {
    const root = document.getElementById('live-incident');
    const id = root.dataset.incident;
    const refresh = throttled(() => refreshRegions(location.pathname + location.search, ['facts', 'actions', 'timeline']), 150);
    document.addEventListener('api:done', refresh);
    openStream((event) => {
      if ((event.kind === 'incident' && event.id === id) || (event.kind === 'unit' && event.record.incident_id === id)) refresh();
    });
  }

  function intakePage() {
    const form = document.getElementById('intake-form');
    const lat = document.getElementById('f-lat');
    const lon = document.getElementById('f-lon');
    const type = document.getElementById('f-type');
    const priority = document.getElementById('f-priority');
    const address = document.getElementById('f-address');
    const search = document.getElementById('place-q');
    const warning = document.getElementById('duplicates');
    const done = document.getElementById('intake-done');
    const mapView = makeMap(document.getElementById('map'));
    let pin = null;
    for (const record of boot.incidents) upsert(incidents, record);
    mapView.ready.then(() => incidents.forEach((r) => mapView.incident(r)));

    const setPin = (la, lo, pan) => {
      if (!Number.isFinite(la) || !Number.isFinite(lo)) return;
      if (pin) pin.setLatLng([la, lo]);
      else pin = L.marker([la, lo], { keyboard: false, title: W.location_set }).addTo(mapView.map);
      if (pan) mapView.map.setView([la, lo], Math.max(mapView.map.getZoom(), 15));
    };
    const setLocation = (la, lo, pan) => {
      lat.value = la.toFixed(6);
      lon.value = lo.toFixed(6);
      setPin(la, lo, pan);
      checkDuplicates();
    };
    const defaultPriority = () => { priority.value = type.selectedOptions[0]?.dataset.priority || '3'; };
    defaultPriority();

    async function checkDuplicates() {
      const la = Number(lat.value.replace(',', '.'));
      const lo = Number(lon.value.replace(',', '.'));
      if (!lat.value || !lon.value || !Number.isFinite(la) || !Number.isFinite(lo)) { warning.hidden = true; return; }
      const query = new URLSearchParams({ type: type.value, lat: la, lon: lo });
      const result = await api('GET', `/api/v1/incidents/duplicates?${query}`);
      if (!result.ok || !result.data.length) { warning.hidden = true; return; }
      warning.replaceChildren(h('strong', {}, W.duplicate_warning), h('ul', {}, result.data.map((d) => h('li', {},
        h('a', { href: boot.incident_url.replace('00000000-0000-0000-0000-000000000000', d.incident.id), dir: 'ltr' }, d.incident.number),
        ` · ${named(d.incident, 'type_name')} · ${label('incident_status', d.incident.status)} · ${digits(Math.round(d.distance_m))} ${W.metres}`))));
      warning.hidden = false;
    }

    mapView.map.on('click', (event) => setLocation(event.latlng.lat, event.latlng.lng, false));
    for (const input of [lat, lon]) {
      input.addEventListener('change', () => {
        setPin(Number(lat.value.replace(',', '.')), Number(lon.value.replace(',', '.')), true);
        checkDuplicates();
      });
    }
    type.addEventListener('change', () => { defaultPriority(); checkDuplicates(); });
    document.getElementById('place-results').addEventListener('click', (event) => {
      const hit = event.target.closest('.place-hit');
      if (!hit) return;
      setLocation(Number(hit.dataset.lat), Number(hit.dataset.lon), true);
      if (!address.value) address.value = hit.dataset.name;
      document.getElementById('place-results').replaceChildren();
      type.focus();
    });
    search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {  // Enter takes the best match, never submits the form
        event.preventDefault();
        document.querySelector('#place-results .place-hit')?.click();
      }
    });
    form.addEventListener('api:done', (event) => {
      const created = event.detail;
      done.replaceChildren(`${W.created}: `, h('a', {
        href: boot.incident_url.replace('00000000-0000-0000-0000-000000000000', created.id), dir: 'ltr',
      }, created.number));
      done.hidden = false;
      form.reset();
      defaultPriority();
      warning.hidden = true;
      if (pin) { pin.remove(); pin = null; }
      search.focus();
    });
    form.setAttribute('data-quiet', '');
    search.focus();
    openStream((event) => {
      if (event.kind === 'incident' && upsert(incidents, event.record)) mapView.incident(event.record);
    });
  }

  function fieldPage() {
    const root = document.getElementById('live-unit');
    const unitId = root.dataset.unit;
    if (!unitId) return;
    const refresh = throttled(() => {
      const note = document.getElementById('note-text');
      const typing = note && note.value.trim();
      refreshRegions(location.pathname, typing ? ['unit-card', 'incident-info'] : ['live-unit']).then(bindShare);
    }, 200);
    document.addEventListener('api:done', refresh);
    let timer = null;
    function share(quiet) {
      const state = document.getElementById('position-state');
      if (!navigator.geolocation) { toast(W.position_failed, 'error'); return; }
      navigator.geolocation.getCurrentPosition(async (position) => {
        const result = await api('POST', `/api/v1/units/${unitId}/position`, {
          lat: position.coords.latitude, lon: position.coords.longitude,
          at: new Date(position.timestamp).toISOString(),
        });
        if (result.ok) {
          if (state) state.textContent = `${W.position_shared} ${clockFormat.format(new Date())}`;
          if (!quiet) toast(W.position_shared, 'ok');
        } else toast((result.data && result.data.detail) || W.position_failed, 'error');
      }, () => toast(W.position_failed, 'error'), { enableHighAccuracy: true, timeout: 15000 });
    }
    function bindShare() {
      const button = document.getElementById('share-position');
      const auto = document.getElementById('auto-share');
      if (button && !button.dataset.bound) {
        button.dataset.bound = '1';
        button.addEventListener('click', () => share(false));
      }
      if (auto && !auto.dataset.bound) {
        auto.dataset.bound = '1';
        auto.checked = localStorage.getItem('opsroom.autoShare') === '1';
        const apply = () => {
          localStorage.setItem('opsroom.autoShare', auto.checked ? '1' : '0');
          clearInterval(timer);
          timer = auto.checked ? setInterval(() => share(true), 30000) : null;
        };
        auto.addEventListener('change', apply);
        apply();
      }
    }
    bindShare();
    openStream((event) => {
      const incidentId = document.getElementById('live-unit')?.dataset.incident;
      if ((event.kind === 'unit' && event.id === unitId) || (event.kind === 'incident' && event.id === incidentId)) refresh();
    });
  }

  // ---- custody: running clocks, the board of persons held --------------------------------------
  function twoDigits(n) { return String(Math.floor(n)).padStart(2, '0'); }

  function tickClocks() {
    const now = Date.now();
    for (const el of document.querySelectorAll('.custody-clock[data-limit]')) {
      const start = Date.parse(el.dataset.from);
      const limit = Date.parse(el.dataset.limit);
      const left = (limit - now) / 1000;
      const fraction = (now - start) / Math.max(1, limit - start);
      const span = Math.abs(left);
      const text = `${twoDigits(span / 3600)}:${twoDigits((span % 3600) / 60)}:${twoDigits(span % 60)}`;
      el.textContent = left >= 0 ? `${digits(text)} ${W.left || ''}` : `${W.overdue || ''} +${digits(text)}`;
      el.classList.toggle('c-warn', fraction >= 0.75 && fraction < 0.9);
      el.classList.toggle('c-danger', fraction >= 0.9 && fraction < 1);
      el.classList.toggle('c-over', fraction >= 1);
    }
  }

  function custodyPage() {
    tickClocks();
    setInterval(tickClocks, 1000);
    document.body.addEventListener('htmx:afterSwap', tickClocks);
    openStream(() => {});
  }

  /** "Is this person wanted?": the minimal answer, from the wanted list this site holds. */
  document.addEventListener('submit', async (event) => {
    const form = event.target.closest('form[data-check]');
    if (!form) return;
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form).entries()) {
      if (typeof value === 'string' && value.trim()) params.set(name, value.trim());
    }
    const answer = document.getElementById(form.dataset.answer);
    const response = await fetch(`${form.dataset.check}?${params}`, { credentials: 'same-origin' });
    const data = await response.json().catch(() => null);
    if (!response.ok || !data) {
      toast((data && data.detail) || W.error, 'error');
      markInvalid(form, data && data.field);
      return;
    }
    markInvalid(form, null);
    const lines = data.matches.map((m) => h('li', { class: `wanted-${m.match}` },
      `${W.reference}: `, h('span', { dir: 'ltr' }, m.reference), ` (${m.issuing_agency})`,
      m.caution ? ` · ${W.caution}: ${m.caution}` : '', m.match === 'possible' ? ` · ${W.possible}` : ''));
    answer.replaceChildren(
      h('p', { class: data.wanted ? 'wanted-yes' : 'wanted-no' }, data.wanted ? W.wanted : W.not_wanted),
      lines.length ? h('ul', null, lines) : '');
  });

  // ---- keyboard shortcuts ---------------------------------------------------------------------
  document.addEventListener('keydown', (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || '');
    if (event.altKey && !event.ctrlKey && (event.key === 'n' || event.code === 'KeyN')) {
      const link = document.querySelector('[data-shortcut=new]');
      if (link) { event.preventDefault(); window.location.assign(link.href); }
    } else if ((event.altKey && (event.key === 's' || event.code === 'KeyS')) || (event.key === '/' && !typing)) {
      const search = document.getElementById('place-q');
      if (search) { event.preventDefault(); search.focus(); search.select(); }
    } else if (event.ctrlKey && event.key === 'Enter') {
      const form = document.getElementById('intake-form') || document.activeElement?.closest('form[data-api]');
      if (form) { event.preventDefault(); form.requestSubmit(); }
    }
  });

  // For the page scripts of other apps (campaigns.js, casualties.js), loaded after this
  // one: the same builders, not copies of them.
  window.opsroom = Object.freeze({
    h, api, named, digits, label, showFieldError, clearFieldErrors, toast, outageLayer,
  });

  if (!boot) return;
  if (page === 'board') boardPage(false);
  else if (page === 'wall') boardPage(true);
  else if (page === 'units') unitsPage();
  else if (page === 'incident') incidentPage();
  else if (page === 'intake') intakePage();
  else if (page === 'field') fieldPage();
  else if (page === 'custody') custodyPage();
  else openStream(() => {});  // any other page: the live badge, and custody events
})();
