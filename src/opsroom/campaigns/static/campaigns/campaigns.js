/* opsroom campaigns: the weapons handover form and the receipt check.
 *
 * Like console.js: every word shown comes translated from the server (the "boot" JSON),
 * every record is written with textContent, never as HTML, and writes go to the JSON API
 * with the session and its CSRF token. An error names its field (items.1.serial): the
 * message is shown beside that field.
 */
(() => {
  'use strict';

  const bootEl = document.getElementById('boot');
  if (!bootEl) return;
  const boot = JSON.parse(bootEl.textContent);
  const W = boot.words;
  const AR = document.documentElement.lang === 'ar';
  // console.js, loaded first, builds elements and talks to the API for every page.
  const {
    h, api, named, digits, label, showFieldError, clearFieldErrors,
  } = window.opsroom;
  const when = new Intl.DateTimeFormat(AR ? 'ar-LY' : 'en-GB', {
    timeZone: boot.tz, dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23',
    numberingSystem: boot.digits,
  });

  // ---- errors beside their field ------------------------------------------------------------
  function clearErrors(form) {
    clearFieldErrors(form);
    const general = form.querySelector('.error[role=alert]');
    if (general) { general.hidden = true; general.textContent = ''; }
  }

  // Fields the API names that the form shows elsewhere: who handed over is searched for.
  const SHOWN_AT = { person_id: '#h-person-q' };

  function showError(form, field, message) {
    const el = !field ? null : SHOWN_AT[field] ? form.querySelector(SHOWN_AT[field])
      : form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (!el || el.type === 'hidden' || el.closest('[hidden]')) {
      const general = form.querySelector('.error[role=alert]');
      general.textContent = message;
      general.hidden = false;
      general.scrollIntoView({ block: 'nearest' });
      return;
    }
    showFieldError(el, message, true);
  }

  // ---- the handover form ----------------------------------------------------------------------
  function handoverPage() {
    const form = document.getElementById('handover-form');
    if (!form) return;
    const rows = document.getElementById('item-rows');
    const template = document.getElementById('item-template');
    const campaign = document.getElementById('h-campaign');
    const personSection = document.getElementById('person-section');
    const personId = document.getElementById('h-person-id');
    const query = document.getElementById('h-person-q');
    const results = document.getElementById('person-results');
    const search = document.getElementById('person-search');
    const chosen = document.getElementById('person-chosen');
    const done = document.getElementById('handover-done');
    const amnesty = () => Boolean(campaign.selectedOptions[0]?.dataset.amnesty);

    function renumber() {
      const all = [...rows.querySelectorAll('.item-row')];
      all.forEach((row, i) => {
        row.dataset.index = String(i);
        row.querySelector('.item-title').textContent = `${W.item} ${digits(i + 1)}`;
        for (const el of row.querySelectorAll('[data-field]')) {
          el.name = `items.${i}.${el.dataset.field}`;
          el.id = `item-${i}-${el.dataset.field}`;
        }
        for (const label of row.querySelectorAll('label[data-for]')) {
          label.htmlFor = `item-${i}-${label.dataset.for}`;
        }
        const remove = row.querySelector('.remove');
        remove.hidden = all.length < 2;
        remove.setAttribute('aria-label', `${W.remove} ${digits(i + 1)}`);
      });
      document.getElementById('add-item').disabled = all.length >= boot.max_items;
    }

    function addRow(focus) {
      const row = template.content.firstElementChild.cloneNode(true);
      rows.append(row);
      renumber();
      if (focus) row.querySelector('[data-field=category]').focus();
      return row;
    }

    function showDuplicate(row, message) {
      const known = row.querySelector('.serial-known');
      known.replaceChildren(...[message].flat());
      known.hidden = false;
      row.querySelector('.duplicate').hidden = false;
    }

    function hideDuplicate(row) {
      row.querySelector('.serial-known').hidden = true;
      const reason = row.querySelector('.duplicate');
      reason.hidden = true;
      reason.querySelector('input').value = '';
    }

    function applyMode() {
      const on = amnesty();
      personSection.hidden = on;
      for (const notice of form.querySelectorAll('.amnesty-notice')) {
        notice.hidden = !(on && notice.dataset.campaign === campaign.value);
      }
      if (on) clearPerson();
    }

    function clearPerson() {
      personId.value = '';
      chosen.hidden = true;
      search.hidden = false;
      results.replaceChildren();
    }

    function choosePerson(hit) {
      personId.value = hit.id;
      document.getElementById('h-person-name').textContent = hit.full_name;
      chosen.hidden = false;
      search.hidden = true;
      results.replaceChildren();
      clearFieldErrors(personSection);
      rows.querySelector('[data-field=category]')?.focus();
    }

    async function findPerson() {
      const q = query.value.trim();
      if (!q) { query.focus(); return; }
      results.replaceChildren(h('li', { class: 'muted' }, W.searching));
      const params = new URLSearchParams({ q, purpose: boot.purpose, limit: '8' });
      const result = await api('GET', `/api/v1/persons?${params}`);
      if (!result.ok) {
        results.replaceChildren(h('li', { class: 'error' }, (result.data && result.data.detail) || W.error));
        return;
      }
      const hits = result.data.items;
      if (!hits.length) { results.replaceChildren(h('li', { class: 'muted' }, W.no_match)); return; }
      results.replaceChildren(...hits.map((hit) => {
        const button = h('button', { type: 'button', class: 'person-hit', dataset: { id: hit.id } },
          h('span', { class: 'name' }, hit.full_name),
          hit.latin_name ? h('span', { dir: 'ltr' }, hit.latin_name) : null,
          hit.birth_year ? h('span', { class: 'muted' }, `${W.born} ${digits(hit.birth_year)}`) : null,
          hit.national_number ? h('span', { dir: 'ltr', class: 'muted' }, hit.national_number) : null,
          hit.synthetic ? h('span', { class: 'tag' }, W.synthetic) : null,
          h('span', { class: 'visually-hidden' }, ` — ${W.choose}`));
        button.addEventListener('click', () => choosePerson(hit));
        return h('li', null, button);
      }));
      results.querySelector('button')?.focus();
    }

    // As a serial is typed, on leaving the field: was it handed in before, anywhere?
    async function checkSerial(input) {
      const row = input.closest('.item-row');
      const serial = input.value.trim();
      input.dataset.checked = serial;
      if (!serial) { hideDuplicate(row); return; }
      const result = await api('GET', `/api/v1/serials/check?${new URLSearchParams({ serial })}`);
      if (input.dataset.checked !== serial || !result.ok) return;
      if (result.data.known) {
        showDuplicate(row, [`${W.known} `, ...result.data.receipts.flatMap((r, i) => [
          i ? '، ' : '', h('bdi', { dir: 'ltr', class: 'earlier-receipt' }, r)])]);
      } else hideDuplicate(row);
    }

    function body() {
      const data = { campaign_id: campaign.value, point: form.elements.point.value, items: [] };
      if (!amnesty() && personId.value) data.person_id = personId.value;
      const notes = form.elements.notes.value.trim();
      if (notes) data.notes = notes;
      for (const row of rows.querySelectorAll('.item-row')) {
        const item = {};
        for (const el of row.querySelectorAll('[data-field]')) {
          const value = el.value.trim();
          if (!value || el.closest('[hidden]')) continue;
          item[el.dataset.field] = el.dataset.field === 'quantity' ? Number(value) : value;
        }
        data.items.push(item);
      }
      return data;
    }

    function reset() {
      clearErrors(form);
      clearPerson();
      query.value = '';
      form.elements.notes.value = '';
      rows.replaceChildren();
      addRow(false);
      done.hidden = true;
      form.hidden = false;
      (amnesty() ? rows.querySelector('[data-field=category]') : query).focus();
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (!amnesty() && !personId.value) { showError(form, 'person_id', W.need_person); return; }
      const buttons = form.querySelectorAll('button');
      buttons.forEach((b) => { b.disabled = true; });
      const result = await api('POST', '/api/v1/handovers', body());
      buttons.forEach((b) => { b.disabled = false; });
      if (result.ok) {
        const handover = result.data;
        document.getElementById('done-number').textContent = handover.receipt_number;
        document.getElementById('done-code').textContent = handover.verification_code;
        document.getElementById('done-print').href = handover.receipt_url;
        form.hidden = true;
        done.hidden = false;
        document.getElementById('done-h').focus();
        return;
      }
      const data = result.data || {};
      const field = data.field || '';
      const match = /^items\.(\d+)\.serial$/.exec(field);
      if (result.status === 409 && match && data.receipt_number) {
        // A serial handed in before: say on which receipt, and ask why it is here again.
        const row = rows.querySelectorAll('.item-row')[Number(match[1])];
        if (row) {
          const [before, after] = W.duplicate.split('{receipt}');
          showDuplicate(row, [before, h('bdi', { dir: 'ltr', class: 'earlier-receipt' }, data.receipt_number), after]);
          row.querySelector('[data-field=serial]').setAttribute('aria-invalid', 'true');
          row.querySelector('[data-field=duplicate_reason]').focus();
          return;
        }
      }
      showError(form, field, data.detail || `${W.error} ${result.status}`);
    });

    document.getElementById('add-item').addEventListener('click', () => addRow(true));
    rows.addEventListener('click', (event) => {
      const remove = event.target.closest('.remove');
      if (!remove) return;
      remove.closest('.item-row').remove();
      renumber();
      rows.querySelector('.item-row:last-child [data-field=category]')?.focus();
    });
    rows.addEventListener('focusout', (event) => {
      const input = event.target;
      if (input.dataset && input.dataset.field === 'serial' && input.value.trim() !== (input.dataset.checked || '')) {
        checkSerial(input);
      }
    });
    rows.addEventListener('input', (event) => {
      if (event.target.dataset && event.target.dataset.field === 'serial' && !event.target.value.trim()) {
        hideDuplicate(event.target.closest('.item-row'));
      }
    });
    document.getElementById('h-person-find').addEventListener('click', findPerson);
    query.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); findPerson(); }
    });
    document.getElementById('h-person-change').addEventListener('click', () => { clearPerson(); query.focus(); });
    document.getElementById('done-new').addEventListener('click', reset);
    campaign.addEventListener('change', applyMode);
    addRow(false);
    applyMode();
    (amnesty() ? rows.querySelector('[data-field=category]') : query).focus();
  }

  // ---- the receipt check -----------------------------------------------------------------------
  function verifyPage() {
    const form = document.getElementById('verify-form');
    const answer = document.getElementById('verify-answer');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const number = form.elements.number.value.trim();
      const code = form.elements.code.value.trim();
      if (!number) { showError(form, 'number', W.error); return; }
      const result = await api('GET', `/api/v1/receipts/${encodeURIComponent(number)}/verify?${new URLSearchParams({ code })}`);
      if (!result.ok) {
        answer.hidden = true;
        showError(form, (result.data && result.data.field) || '', (result.data && result.data.detail) || `${W.error} ${result.status}`);
        return;
      }
      const data = result.data;
      const parts = [];
      if (!data.genuine) {
        parts.push(h('p', { class: 'verdict fake' }, W.not_genuine));
      } else if (!data.known_here) {
        parts.push(h('p', { class: 'verdict pending' }, W.not_here));
      } else {
        parts.push(h('p', { class: 'verdict genuine' }, W.genuine));
        parts.push(h('dl', { class: 'facts' },
          h('dt', null, W.campaign), h('dd', null, named(data, 'campaign')),
          h('dt', null, W.point), h('dd', null, named(data, 'point')),
          h('dt', null, W.handed_at), h('dd', null, h('time', { datetime: data.handed_at }, when.format(new Date(data.handed_at))))));
        parts.push(h('table', { class: 'grid numbers' },
          h('caption', null, W.items),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, W.category),
            h('th', { scope: 'col', class: 'n' }, W.quantity), h('th', { scope: 'col' }, W.serial))),
          h('tbody', null, (data.items || []).map((item) => h('tr', null,
            h('td', null, label('category', item.category)),
            h('td', { class: 'n' }, digits(item.quantity)),
            h('td', { dir: 'ltr' }, item.serial || '—'))))));
      }
      answer.replaceChildren(h('p', { class: 'receipt-number', dir: 'ltr' }, data.receipt_number), ...parts);
      answer.hidden = false;
    });
    form.elements[form.elements.number.value ? 'code' : 'number'].focus();
  }

  const page = document.body.dataset.page;
  if (page === 'handover') handoverPage();
  else if (page === 'verify') verifyPage();
})();
