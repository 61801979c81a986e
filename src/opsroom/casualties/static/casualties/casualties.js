/* opsroom civilian harm: the event form (the event, its sources and its victims in one
 * form), an event's page (the review, more sources and victims), the outage log's map and
 * forms, and the sharing agreements with monitors.
 *
 * Like console.js: every word shown comes translated from the server (the "boot" JSON),
 * every record is written with textContent, never as HTML, and writes go to the JSON API
 * with the session and its CSRF token. An error names its field: the message is shown
 * beside that field, in the row (a source, a victim) it belongs to.
 */
(() => {
  'use strict';

  const bootEl = document.getElementById('boot');
  if (!bootEl || !window.opsroom) return;
  const boot = JSON.parse(bootEl.textContent);
  const W = boot.words;
  const AR = document.documentElement.lang === 'ar';
  // console.js, loaded first, builds elements and talks to the API for every page.
  const {
    h, api, digits, named, label, showFieldError, clearFieldErrors, toast, outageLayer,
  } = window.opsroom;
  const FIGURES = ['killed', 'injured', 'missing'];
  const page = document.body.dataset.page;
  const eventUrl = (id) => `/civilians/${id}/`;
  const day = new Intl.DateTimeFormat(AR ? 'ar-LY' : 'en-GB', {
    timeZone: 'UTC', dateStyle: 'long', numberingSystem: boot.digits,
  });
  const esc = (text) => {
    const span = document.createElement('span');
    span.textContent = String(text);
    return span.innerHTML;
  };

  // ---- errors beside their field ---------------------------------------------------------
  // Fields the API names that a row shows under another control.
  const SHOWN_AS = { archive_base64: 'archive_file', archive_name: 'archive_file', archive_type: 'archive_file' };

  function fieldIn(container, field) {
    const name = SHOWN_AS[field] || field;
    const el = container.querySelector(`[data-field="${CSS.escape(name)}"]`)
      || container.querySelector(`[name="${CSS.escape(name)}"]`);
    // A choice among radios or checkboxes is marked on its fieldset.
    if (el && (el.type === 'radio' || el.type === 'checkbox')) return el.closest('fieldset') || el;
    return el;
  }

  function generalBox(container) {
    let box = container.querySelector(':scope > .row-error') || container.querySelector('.form-error');
    if (!box) {
      box = h('p', { class: 'error form-error', role: 'alert', hidden: true });
      container.prepend(box);
    }
    return box;
  }

  function clearErrors(container) {
    clearFieldErrors(container);
    for (const box of container.querySelectorAll('.row-error, .form-error')) {
      box.hidden = true;
      box.textContent = '';
    }
  }

  /** The API refused: its message beside the field it names, or at the top of ``fallback``
   * (the row, the form) when that field is not shown. */
  function refuse(container, result, fallback) {
    const data = result.data || {};
    const message = data.detail || `${W.error} ${result.status}`;
    const el = data.field ? fieldIn(container, data.field) : null;
    if (el && !el.closest('[hidden]') && !el.disabled) {
      showFieldError(el, message, true);
      el.scrollIntoView({ block: 'nearest' });
      return;
    }
    const box = generalBox(fallback || container);
    box.textContent = message;
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
  }

  // ---- rows of sources and victims -----------------------------------------------------------
  let rowKeys = 0;
  const rowsOf = (kind) => [...document.querySelectorAll(`#${kind}-rows > .${kind}-row`)];
  const value = (row, field) => {
    const el = row.querySelector(`[data-field="${field}"]`);
    return el ? el.value.trim() : '';
  };
  const number = (row, field) => {
    const text = value(row, field);
    return text === '' ? null : Number(text);
  };

  function localNow() {
    const now = new Date();
    now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
    return now.toISOString().slice(0, 16);
  }

  function renumber(kind, removable) {
    const rows = rowsOf(kind);
    rows.forEach((row, i) => {
      row.querySelector('.row-title').textContent = `${W[kind]} ${digits(i + 1)}`;
      for (const el of row.querySelectorAll('[data-field]')) el.id = `${kind}-${i}-${el.dataset.field}`;
      for (const el of row.querySelectorAll('label[data-for]')) el.htmlFor = `${kind}-${i}-${el.dataset.for}`;
      const remove = row.querySelector('.remove');
      remove.hidden = !removable || rows.length < 2 || Boolean(row.dataset.savedId);
      remove.setAttribute('aria-label', `${W[`remove_${kind}`]} ${digits(i + 1)}`);
    });
    if (kind === 'source') attributionChoices();
  }

  /** On the new form a victim is attributed to a source not saved yet: the choice names
   * the row ("Source 2"), and the row's id once saved is sent. */
  function attributionChoices() {
    if (page !== 'civilian-new') return;  // an event's page lists its saved sources
    const sources = rowsOf('source');
    for (const select of document.querySelectorAll('#victim-rows [data-field=attribution_source]')) {
      const chosen = select.value;
      for (const option of [...select.options]) if (option.value.startsWith('row:')) option.remove();
      sources.forEach((row, i) => select.append(h('option', { value: `row:${row.dataset.key}` }, `${W.source} ${digits(i + 1)}`)));
      select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
    }
  }

  function addRow(kind, removable, focus) {
    const template = document.getElementById(`${kind}-template`);
    const row = template.content.firstElementChild.cloneNode(true);
    rowKeys += 1;
    row.dataset.key = String(rowKeys);
    document.getElementById(`${kind}-rows`).append(row);
    if (kind === 'source') row.querySelector('[data-field=received_at]').value = localNow();
    renumber(kind, removable);
    if (kind === 'victim') attributionChoices();
    if (focus) row.querySelector('input, select').focus();
    return row;
  }

  function markSaved(row, id) {
    row.dataset.savedId = id;
    row.classList.add('saved');
    row.querySelector('.saved-tag').hidden = false;
    const similar = row.querySelector('.similar');
    if (similar) similar.hidden = true;
    row.disabled = true;
  }

  const sourceFilled = (row) => Boolean(value(row, 'kind') || value(row, 'description'));
  const victimFilled = (row) => Boolean(value(row, 'outcome') || value(row, 'name') || value(row, 'alias'));

  function base64Of(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(',')[1] || '');
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  /** A source row as the API takes it; null when the file is refused before sending. */
  async function sourceBody(row) {
    const body = {
      kind: value(row, 'kind'), description: value(row, 'description'),
      reliability: value(row, 'reliability'), credibility: Number(value(row, 'credibility')),
    };
    const organisation = value(row, 'organisation');
    if (organisation) body.organisation = organisation;
    const received = value(row, 'received_at');
    if (received) body.received_at = new Date(received).toISOString();
    for (const name of FIGURES) {
      for (const part of ['min', 'max']) {
        const n = number(row, `${name}_${part}`);
        if (n !== null) body[`${name}_${part}`] = n;
      }
    }
    const claim = value(row, 'claim');
    if (claim) body.claim = claim;
    const text = row.querySelector('[data-field=archive_text]').value;
    if (text.trim()) body.archive_text = text;
    const file = row.querySelector('[data-field=archive_file]').files[0];
    if (file) {
      if (file.size > boot.archive_max) {
        showFieldError(row.querySelector('[data-field=archive_file]'), W.file_too_big, true);
        return null;
      }
      body.archive_base64 = await base64Of(file);
      body.archive_name = file.name.slice(0, 200);
      if (file.type && /^[-\w.+/]*$/.test(file.type)) body.archive_type = file.type.slice(0, 100);
    }
    return body;
  }

  function victimBody(row, sourceIds) {
    const body = { outcome: value(row, 'outcome') };
    for (const name of ['name', 'alias', 'perpetrator', 'age_band', 'sex', 'civilian_status', 'cause']) {
      const text = value(row, name);
      if (text) body[name] = text;
    }
    const age = number(row, 'age');
    if (age !== null) body.age = age;
    const source = value(row, 'attribution_source');
    if (source.startsWith('row:')) {
      if (sourceIds && sourceIds.has(source.slice(4))) body.attribution_source = sourceIds.get(source.slice(4));
    } else if (source) body.attribution_source = source;
    const distinct = [...row.querySelectorAll('.similar input[type=checkbox]:checked')].map((c) => c.value);
    if (distinct.length) body.distinct_from = distinct;
    return body;
  }

  /** Victims recorded nearby whose name may be this one: shown as the name is typed, and
   * when saving is refused (409). Ticking one says it is another person. */
  function showSimilar(row, found, refused) {
    const box = row.querySelector('.similar');
    const ticked = new Set([...box.querySelectorAll('input:checked')].map((c) => c.value));
    if (!found.length) { box.hidden = true; box.replaceChildren(); return; }
    box.replaceChildren(
      h('p', { class: 'similar-title' }, refused ? W.duplicates : W.similar),
      h('ul', { class: 'plain' }, found.map((d) => {
        const id = `dup-${row.dataset.key}-${d.victim_id}`;
        return h('li', { class: 'duplicate', dataset: { victim: d.victim_id } },
          h('span', { class: 'name', dir: 'auto' }, d.name || '—'), ' · ',
          `${W.event_of} `, h('a', { href: eventUrl(d.event_id), target: '_blank', rel: 'noopener' },
            `${day.format(new Date(`${d.event_date}T00:00:00Z`))} · ${d.location}`), ' · ',
          label('outcome', d.outcome), ' · ', `${W.score} ${digits(Math.round(d.score))}%`,
          d.reason ? h('span', { class: 'muted reason' }, ` · ${d.reason}`) : null,
          h('span', { class: 'check' },
            h('input', { type: 'checkbox', id, value: d.victim_id, checked: ticked.has(d.victim_id) }),
            h('label', { for: id }, W.another_person)));
      })));
    box.hidden = false;
    if (refused) box.querySelector('input[type=checkbox]')?.focus();
  }

  /** As a victim's name is typed (once the event exists): who nearby may be them. */
  function similarOnTyping(container, eventId) {
    const timers = new WeakMap();
    container.addEventListener('input', (event) => {
      const input = event.target;
      if (!input.dataset || !['name', 'alias'].includes(input.dataset.field)) return;
      const row = input.closest('.victim-row');
      const id = eventId();
      if (!row || !id) return;
      clearTimeout(timers.get(row));
      timers.set(row, setTimeout(async () => {
        const name = value(row, 'name') || value(row, 'alias');
        if (name.length < 3) { showSimilar(row, [], false); return; }
        const result = await api('GET', `/api/v1/harm-events/${id}/victims/similar?${new URLSearchParams({ name })}`);
        if (result.ok && (value(row, 'name') || value(row, 'alias')) === name) showSimilar(row, result.data, false);
      }, 400));
    });
  }

  /** Save one victim row: a 409 shows the likely duplicates in the row; false when not saved. */
  async function saveVictim(row, eventId, sourceIds) {
    const result = await api('POST', `/api/v1/harm-events/${eventId}/victims`, victimBody(row, sourceIds));
    if (result.ok) return result.data.id;
    if (result.status === 409 && result.data && result.data.duplicates) {
      showSimilar(row, result.data.duplicates, true);
      return null;
    }
    refuse(row, result);
    return null;
  }

  // ---- the new event form --------------------------------------------------------------------
  function bindTypes(form) {
    const type = form.querySelector('#e-type');
    const sub = form.querySelector('#e-sub');
    const types = new Map(boot.event_types.map((t) => [t.value, t.subs]));
    type.addEventListener('change', () => {
      const subs = types.get(type.value) || [];
      sub.replaceChildren(h('option', { value: '' }, '—'), ...subs.map((s) => h('option', { value: s.value }, s.label)));
      if (subs.length === 1) sub.value = subs[0].value;
    });
  }

  function bindPlaces(form) {
    const results = form.querySelector('#place-results');
    const search = form.querySelector('#place-q');
    results.addEventListener('click', (event) => {
      const hit = event.target.closest('.place-hit');
      if (!hit) return;
      form.elements.lat.value = hit.dataset.lat;
      form.elements.lon.value = hit.dataset.lon;
      if (!form.elements.location.value.trim()) form.elements.location.value = hit.dataset.name;
      results.replaceChildren();
      form.elements.location.focus();
    });
    search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {  // Enter takes the best match, never submits the form
        event.preventDefault();
        results.querySelector('.place-hit')?.click();
      }
    });
  }

  const numberOrNull = (text) => {
    const clean = String(text).trim().replace(',', '.');
    return clean === '' || !Number.isFinite(Number(clean)) ? null : Number(clean);
  };

  function eventBody(form) {
    const f = form.elements;
    const body = {
      event_date: f.event_date.value || null, time_precision: Number(f.time_precision.value),
      event_type: f.event_type.value, sub_event_type: f.sub_event_type.value,
      location: f.location.value.trim(), lat: numberOrNull(f.lat.value), lon: numberOrNull(f.lon.value),
      geo_precision: Number(f.geo_precision.value), civilian_targeting: f.civilian_targeting.checked,
    };
    for (const name of ['actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2', 'district', 'notes']) {
      const text = f[name].value.trim();
      if (text) body[name] = text;
    }
    for (const name of FIGURES) {
      const figure = {
        min: numberOrNull(f[`${name}.min`].value) ?? 0, max: numberOrNull(f[`${name}.max`].value) ?? 0,
      };
      const best = numberOrNull(f[`${name}.best`].value);
      if (best !== null) figure.best = best;
      body[name] = figure;
    }
    return body;
  }

  function newEventPage() {
    const form = document.getElementById('event-form');
    const fields = document.getElementById('event-fields');
    const recorded = document.getElementById('event-recorded');
    const state = { eventId: null, sourceIds: new Map() };
    bindTypes(form);
    bindPlaces(form);
    addRow('source', true, false);
    addRow('victim', true, false);
    document.getElementById('add-source').addEventListener('click', () => addRow('source', true, true));
    document.getElementById('add-victim').addEventListener('click', () => addRow('victim', true, true));
    form.addEventListener('click', (event) => {
      const remove = event.target.closest('.remove');
      if (!remove) return;
      const row = remove.closest('.harm-row');
      const kind = row.classList.contains('source-row') ? 'source' : 'victim';
      row.remove();
      renumber(kind, true);
      rowsOf(kind).at(-1)?.querySelector('input, select')?.focus();
    });
    similarOnTyping(form, () => state.eventId);

    async function saveAll() {
      if (!state.eventId) {
        const result = await api('POST', '/api/v1/harm-events', eventBody(form));
        if (!result.ok) { refuse(fields, result, form); return; }
        state.eventId = result.data.id;
        fields.disabled = true;  // recorded: what follows is added to it, never a second event
        recorded.replaceChildren(`${W.recorded} `, h('a', { href: eventUrl(state.eventId), id: 'recorded-link' }, W.open_event));
        recorded.hidden = false;
      }
      for (const row of rowsOf('source')) {
        if (row.dataset.savedId || !sourceFilled(row)) continue;
        const body = await sourceBody(row);
        if (!body) return;
        const result = await api('POST', `/api/v1/harm-events/${state.eventId}/sources`, body);
        if (!result.ok) { refuse(row, result); return; }
        state.sourceIds.set(row.dataset.key, result.data.id);
        markSaved(row, result.data.id);
      }
      for (const row of rowsOf('victim')) {
        if (row.dataset.savedId || !victimFilled(row)) continue;
        const id = await saveVictim(row, state.eventId, state.sourceIds);
        if (!id) return;
        markSaved(row, id);
      }
      toast(W.all_saved, 'ok');
      window.location.assign(eventUrl(state.eventId));
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const save = form.querySelector('button.save');
      save.disabled = true;
      try { await saveAll(); } finally { save.disabled = false; }
    });
    form.elements.event_date.focus();
  }

  // ---- an event's page -------------------------------------------------------------------------
  /** The API's refusal of a review in the reader's words, by its stable code. */
  function plainMissing(code, text) {
    const [name, count] = (code || '').split(':');
    if (name === 'independent_sources') return W.missing_two.replace('%(n)s', digits(count));
    if (name === 'good_grade') return W.missing_graded;
    if (name === 'independent_of_good') return W.missing_independent;
    return text;
  }

  function eventPage() {
    const eventId = boot.event_id;
    const reload = () => window.setTimeout(() => window.location.reload(), 300);

    const review = document.getElementById('review-form');
    if (review) {
      const refusal = document.getElementById('review-refusal');
      review.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(review);
        refusal.hidden = true;
        const button = review.querySelector('button[type=submit]');
        button.disabled = true;
        const result = await api('POST', `/api/v1/harm-events/${eventId}/reviews`, {
          state: review.elements.state.value, reason: review.elements.reason.value.trim(),
        });
        button.disabled = false;
        if (result.ok) { toast(W.saved, 'ok'); reload(); return; }
        const missing = (result.data && result.data.missing) || [];
        if (result.status === 409 && missing.length) {
          const codes = result.data.missing_codes || [];
          const items = missing.map((m, i) => h('li', null, plainMissing(codes[i], m)));
          refusal.replaceChildren(h('strong', null, W.refused), h('ul', null, items));
          refusal.hidden = false;
          review.elements.state.setAttribute('aria-invalid', 'true');
          review.elements.state.setAttribute('aria-errormessage', 'review-refusal');
          review.elements.state.focus();
          return;
        }
        refuse(review, result);
      });
    }

    const sourceForm = document.getElementById('source-form');
    if (sourceForm) {
      const row = addRow('source', false, false);
      sourceForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(sourceForm);
        const body = await sourceBody(row);
        if (!body) return;
        const result = await api('POST', `/api/v1/harm-events/${eventId}/sources`, body);
        if (result.ok) { toast(W.saved, 'ok'); reload(); return; }
        refuse(row, result);
      });
    }

    const victimForm = document.getElementById('victim-form');
    if (victimForm) {
      const row = addRow('victim', false, false);
      similarOnTyping(victimForm, () => eventId);
      victimForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(victimForm);
        if (await saveVictim(row, eventId, null)) { toast(W.saved, 'ok'); reload(); }
      });
    }
  }

  // ---- the outage log -------------------------------------------------------------------------
  function outagesPage() {
    const element = document.getElementById('outage-map');
    if (!element || !window.L) return;
    const map = L.map(element, { zoomControl: false, preferCanvas: true }).setView([32.1, 20.08], 12);
    element.leafletMap = map;  // reachable from the browser tests
    L.control.zoom({ position: AR ? 'topright' : 'topleft' }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.setPosition(AR ? 'bottomleft' : 'bottomright');
    map.attributionControl.addAttribution(esc('© OpenStreetMap contributors, ODbL'));
    const districts = L.layerGroup().addTo(map);
    const control = L.control.layers(null, { [esc(W.districts_layer)]: districts },
      { position: AR ? 'topleft' : 'topright', collapsed: true }).addTo(map);
    fetch(boot.basemap, { credentials: 'same-origin' }).then((r) => r.json()).then((data) => {
      for (const feature of data.features) {
        const p = feature.properties;
        if (p.layer === 'boundary') {
          const shape = L.geoJSON(feature, { style: { color: '#0d2238', weight: 2, fill: false, interactive: false } }).addTo(districts);
          map.fitBounds(shape.getBounds(), { padding: [10, 10] });
        } else if (p.layer === 'district') {
          L.geoJSON(feature, { style: { color: '#7a8793', weight: 1, dashArray: '4 3', fillColor: '#dfe6ec', fillOpacity: 0.3 } })
            .bindTooltip(h('span', null, named(p, 'name')), { sticky: true }).addTo(districts);
        }
      }
    }).catch(() => toast(W.error, 'error'));
    const status = document.getElementById('outage-map-status');
    outageLayer(map, {
      control, url: boot.outages_map,
      onLoad: (data) => {
        const names = [...new Set(data.features.map((f) => named(f.properties, 'name')))];
        if (status) status.textContent = names.length ? `${W.outages_legend}: ${names.join('، ')}` : '';
      },
    });
  }

  // "It has ended": the end is the moment the button is pressed, not when the page was drawn.
  // (Capturing, so it runs before console.js's data-api handler reads the form.)
  document.addEventListener('submit', (event) => {
    for (const input of event.target.querySelectorAll('input[data-now]')) input.value = new Date().toISOString();
  }, true);

  // ---- sharing agreements -----------------------------------------------------------------------
  function sharingPage() {
    const form = document.getElementById('agreement-form');
    if (!form) return;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const f = form.elements;
      const body = {
        monitor: f.monitor.value,
        states: [...form.querySelectorAll('input[name=states]:checked')].map((c) => c.value),
        include_victims: f.include_victims.checked, include_names: f.include_names.checked,
        include_sources: f.include_sources.checked,
        districts: [...f.districts.selectedOptions].map((o) => o.value),
        starts_on: f.starts_on.value || null,
      };
      if (f.ends_on.value) body.ends_on = f.ends_on.value;
      if (f.reference.value.trim()) body.reference = f.reference.value.trim();
      const result = await api('POST', '/api/v1/harm-sharing', body);
      if (result.ok) { toast(W.saved, 'ok'); window.setTimeout(() => window.location.reload(), 300); return; }
      refuse(form, result);
    });
  }

  if (page === 'civilian-new') newEventPage();
  else if (page === 'civilian-event') eventPage();
  else if (page === 'outages') outagesPage();
  else if (page === 'sharing') sharingPage();
})();
