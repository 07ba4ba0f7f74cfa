// Channels: the tenant's accounts with their connection state; add one of any type; Evolution QR linking.
import { api } from './api.js';
import { h, toast, channelBadge, busy, errorLine, showError, field, fullTime } from './ui.js';

/** The types this console knows when the server has no GET /channel_types (today's registration fields). */
const BUILT_IN = [
  { type: 'whatsapp', provider: 'cloud', label: 'WhatsApp Cloud API', fields: [
    { name: 'phone_number_id', label: 'Phone number id (from Meta)', required: true },
    { name: 'external_number', label: 'Phone number (E.164, +5511…)', required: true },
    { name: 'access_token', label: 'Access token (system user)', required: true, secret: true },
    { name: 'display_name', label: 'Display name' }] },
  { type: 'whatsapp', provider: 'evolution', label: 'WhatsApp via Evolution API', fields: [
    { name: 'phone_number_id', label: 'Instance name', required: true },
    { name: 'external_number', label: 'Phone number (E.164)', required: true },
    { name: 'access_token', label: 'Instance token', required: true, secret: true },
    { name: 'server_url', label: 'Evolution server URL (blank: the server default)' },
    { name: 'webhook_token', label: 'Webhook token', secret: true },
    { name: 'display_name', label: 'Display name' }] },
  { type: 'instagram', provider: 'graph', label: 'Instagram Direct', fields: [
    { name: 'phone_number_id', label: 'Instagram professional account id', required: true },
    { name: 'access_token', label: 'Access token', required: true, secret: true },
    { name: 'display_name', label: 'Display name' }] },
  { type: 'webchat', provider: 'widget', label: 'Web chat widget', fields: [
    { name: 'phone_number_id', label: 'Widget id (letters, digits, - _)', required: true },
    { name: 'display_name', label: 'Title shown to visitors' },
    { name: 'allowed_origins', label: 'Sites that may embed it (comma-separated, https://…)', list: true }] },
];

const STATE_LABELS = { open: 'Connected', connecting: 'Waiting for the phone to scan', close: 'Not linked' };

const TYPE_LABELS = {
  'whatsapp/cloud': 'WhatsApp Cloud API', 'whatsapp/evolution': 'WhatsApp via Evolution API',
  instagram: 'Instagram', webchat: 'Web chat', telegram: 'Telegram',
};

/** A type as GET /channel_types answers it, with a friendly label and the known field labels. */
function friendly(t) {
  const sameType = BUILT_IN.filter((b) => b.type === t.type);
  const known = sameType.find((b) => b.provider === t.provider) || (sameType.length === 1 || !t.provider ? sameType[0] : null);
  const label = t.label || TYPE_LABELS[t.type + '/' + t.provider] || TYPE_LABELS[t.type]
    || (known && known.label) || (t.type + (t.provider && t.provider !== t.type ? ' / ' + t.provider : ''));
  // GET /channel_types lists the registration fields besides the account id (phone_number_id), which every type needs
  const served = t.fields || [];
  const fields = [];
  for (const k of (known && known.fields) || [{ name: 'phone_number_id', label: 'Account id', required: true }]) {
    const f = served.find((x) => x.name === k.name);
    if (f || k.name === 'phone_number_id' || !t.fields) fields.push({ ...k, ...(f || {}), label: k.label });
  }
  for (const f of served) if (!fields.some((x) => x.name === f.name)) fields.push({ ...f });
  return { ...t, label, fields };
}

export function snippet(widgetId) {
  return `<script src="${location.origin}/webchat/widget.js" data-widget="${widgetId}" async></script>`;
}

export function channelsView(ctx) {
  const tenant = ctx.tenant.user_id;
  const list = h('div.cards.channel-grid');
  const pollers = new Set();
  let types = BUILT_IN;

  const typeSelect = h('select', { id: 'channel-type', onchange: () => renderFields() });
  const fieldsBox = h('div.grid2');
  const addError = errorLine();
  const addButton = h('button.primary', { type: 'submit' }, 'Add channel');
  const addForm = h('form.card', { onsubmit: (e) => { e.preventDefault(); busy(addButton, add()); } },
    h('h2', 'Add a channel'), field('Type', typeSelect), fieldsBox, addError, h('div.row', addButton));

  const hooks = h('section.card.hooks', { hidden: true, 'aria-labelledby': 'hooks-title' });
  const el = h('div.page',
    h('div.page-head', h('h1', 'Channels'), h('p.muted', 'Where your customers reach you. Each account can have one agent.')),
    list, addForm, hooks);

  /** The tenant's recent webhook deliveries (GET /users/{u}/webhook_logs); the card stays hidden on servers without it. */
  async function loadHooks() {
    let entries;
    try { entries = await api.webhookLogs(tenant, { limit: 15 }); } catch (e) { entries = e; }
    if (entries === null) { hooks.hidden = true; return; }
    hooks.hidden = false;
    const head = h('div.card-top', h('h2#hooks-title', 'Recent webhook deliveries'),
      h('button.small', { type: 'button', onclick: (e) => busy(e.currentTarget, loadHooks()) }, 'Refresh'));
    if (entries instanceof Error) { hooks.replaceChildren(head, h('p.form-error', { role: 'alert' }, entries.message)); return; }
    if (!entries.length) { hooks.replaceChildren(head, h('p.muted', 'Nothing received yet. Deliveries from Meta, Evolution and the others appear here.')); return; }
    hooks.replaceChildren(head, h('table.table',
      h('thead', h('tr', h('th', 'Received'), h('th', 'Channel'), h('th', 'Event'), h('th', 'Result'))),
      h('tbody', entries.map((w) => h('tr', { dataset: { success: String(!!w.success) } },
        h('td', { title: fullTime(w.received_at) }, new Date(w.received_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })),
        h('td', channelBadge(w.channel), w.provider && w.provider !== w.channel ? h('span.muted.small', ' ' + w.provider) : null),
        h('td', w.event_type || '—'),
        h('td', w.success ? h('span.ok', 'Processed') : h('span.bad', 'Failed' + (w.error ? ': ' + w.error : '')),
          w.payload ? h('details', h('summary.small', 'Payload'), h('pre.payload', typeof w.payload === 'string' ? w.payload : JSON.stringify(w.payload, null, 2))) : null))))));
  }

  function renderTypes() {
    typeSelect.replaceChildren(...types.map((t, i) => h('option', { value: String(i) }, t.label || t.display_name || (t.type + ' / ' + t.provider))));
    renderFields();
  }
  function renderFields() {
    const t = types[Number(typeSelect.value) || 0];
    fieldsBox.replaceChildren(...(t.fields || []).map((f) => field(f.label || f.name + (f.required ? '' : ' (optional)'),
      h('input', { name: f.name, type: f.secret ? 'password' : 'text', required: !!f.required, autocomplete: 'off', dataset: { list: f.list || f.type === 'list' ? '1' : '' } }),
      f.description)));
  }

  async function add() {
    showError(addError, null);
    const t = types[Number(typeSelect.value) || 0];
    const body = { type: t.type };
    if (t.provider && !(t.type === 'whatsapp' && t.provider === 'cloud') && t.type !== t.provider) body.provider = t.provider;
    for (const input of fieldsBox.querySelectorAll('input')) {
      const v = input.value.trim();
      if (!v) continue;
      body[input.name] = input.dataset.list ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
    }
    try {
      const a = await api.addAccount(tenant, body);
      fieldsBox.querySelectorAll('input').forEach((i) => (i.value = ''));
      toast('Channel ' + (a.display_name || a.phone_number_id) + ' added.', 'ok');
      await load();
      list.querySelector(`[data-account="${CSS.escape(a.phone_number_id)}"] h3`)?.focus();
    } catch (e) { showError(addError, e); }
  }

  function card(a) {
    const state = h('span.state', 'Webhook');
    const body = h('div.card-body');
    const actions = h('div.row');
    const err = errorLine();
    const el = h('article.card.channel', { dataset: { account: a.phone_number_id, type: a.type, provider: a.provider } },
      h('div.card-top',
        h('div', h('h3', { tabindex: '-1' }, a.display_name || a.phone_number_id),
          h('p.muted.small', a.phone_number_id + (a.external_number ? ' · ' + a.external_number : ''),
            a.created_at ? h('span', { title: 'Added ' + fullTime(a.created_at) }, ' · added ' + new Date(a.created_at).toLocaleDateString([], { day: 'numeric', month: 'short' })) : null)),
        h('div.row.tight', channelBadge(a.type), a.provider && a.provider !== a.type ? h('span.chip', a.provider) : null, state)),
      body, err, actions);
    if (a.provider === 'evolution') evolution(a, state, body, actions, err);
    else if (a.type === 'webchat') {
      const text = snippet(a.phone_number_id);
      const code = h('code', text);
      const said = h('p.copied.small', { role: 'status', 'aria-live': 'polite' });
      let reset = 0;
      const copy = h('button.small', { type: 'button', 'aria-label': 'Copy the embed snippet', onclick: async () => {
        clearTimeout(reset);
        try { await navigator.clipboard.writeText(text); copy.textContent = 'Copied'; said.textContent = 'Embed snippet copied to the clipboard.'; said.dataset.ok = '1'; }
        catch {
          const r = document.createRange(); r.selectNodeContents(code); getSelection().removeAllRanges(); getSelection().addRange(r);
          copy.textContent = 'Copy'; said.textContent = 'The browser did not allow copying: the snippet is selected, press Ctrl+C (⌘C on a Mac).'; said.dataset.ok = '';
        }
        reset = setTimeout(() => { copy.textContent = 'Copy'; said.textContent = ''; }, 6000);
      } }, 'Copy');
      state.textContent = 'Ready';
      state.dataset.state = 'open';
      body.append(h('p.small', 'Paste this before </body> on every page of your site where the chat should appear:'), h('div.snippet', code, copy), said);
    } else {
      state.dataset.state = 'open';
      state.textContent = 'Receiving webhooks';
    }
    return el;
  }

  function evolution(a, state, body, actions, err) {
    const qr = h('div.qr');
    let shownQr = null;
    let storedAtConnect = null;
    const showQr = (base64, pairing) => {
      if (!base64 || base64 === shownQr) return;
      shownQr = base64;
      const src = base64.startsWith('data:') ? base64 : 'data:image/png;base64,' + base64;
      qr.replaceChildren(h('img', { src, alt: 'QR code to link WhatsApp', width: 220, height: 220 }),
        h('div.qr-help',
          h('p', h('strong', 'Link this number')),
          h('ol.small', h('li', 'Open WhatsApp on the phone'), h('li', 'Settings → Linked devices → Link a device'), h('li', 'Point the phone at this code')),
          pairing ? h('p.small', 'Or enter the pairing code ', h('strong.code', pairing)) : null,
          h('p.muted.small', 'This page turns to Connected by itself once the phone has scanned.')));
    };
    const setState = (s) => {
      const showing = !!qr.querySelector('img');
      if (s === 'close' && showing) s = 'connecting'; // the QR code is up: the phone has not scanned it yet
      if (s === 'connecting' && !showing) s = 'close'; // an instance waiting for a scan nobody is shown: not linked
      state.textContent = STATE_LABELS[s] || s || 'Unknown';
      state.dataset.state = s || '';
      actions.replaceChildren(s === 'open'
        ? h('button', { type: 'button', onclick: (e) => busy(e.currentTarget, disconnect()) }, 'Disconnect')
        : h('button' + (s === 'connecting' ? '' : '.primary'), { type: 'button', onclick: (e) => busy(e.currentTarget, connect()) },
          s === 'connecting' ? 'New QR code' : 'Connect'));
      if (s === 'open') { qr.replaceChildren(); shownQr = null; }
    };
    const refresh = async () => {
      try { const r = await api.connectionState(tenant, a.phone_number_id); setState(r.state); return r.state; }
      catch (e) { showError(err, e); setState('unknown'); return null; }
    };
    /** While linking: the state Evolution's connection.update webhook stored on the account, and the live state. */
    const watch = async () => {
      const [stored, live] = await Promise.allSettled([api.account(tenant, a.phone_number_id), api.connectionState(tenant, a.phone_number_id)]);
      const settings = stored.status === 'fulfilled' ? stored.value.settings || {} : {};
      if (settings.qr_base64) showQr(settings.qr_base64, settings.pairing_code);
      const hooked = settings.connection_state === 'open' && storedAtConnect !== 'open';
      const s = hooked ? 'open' : live.status === 'fulfilled' ? live.value.state : null;
      if (live.status === 'rejected' && !hooked) showError(err, live.reason); else showError(err, null);
      if (s) setState(s);
      return s;
    };
    const connect = async () => {
      showError(err, null);
      try {
        storedAtConnect = (await api.account(tenant, a.phone_number_id).catch(() => ({}))).settings?.connection_state || null;
        const r = await api.connect(tenant, a.phone_number_id);
        if (r.qr_base64) { shownQr = null; showQr(r.qr_base64, r.pairing_code); }
        setState(r.state === 'open' ? 'open' : 'connecting');
        if (r.state === 'open') return;
        pollers.forEach((t) => { if (t.account === a.phone_number_id) { clearInterval(t.id); pollers.delete(t); } });
        const poller = { account: a.phone_number_id, id: 0 };
        poller.id = setInterval(async () => {
          const s = await watch();
          if (s === 'open') { clearInterval(poller.id); pollers.delete(poller); toast((a.display_name || a.phone_number_id) + ' is connected.', 'ok'); }
        }, 1500);
        pollers.add(poller);
      } catch (e) { showError(err, e); }
    };
    const disconnect = async () => {
      showError(err, null);
      try { await api.disconnect(tenant, a.phone_number_id); setState('close'); toast((a.display_name || a.phone_number_id) + ' is disconnected.', 'ok'); }
      catch (e) { showError(err, e); }
    };
    body.append(qr);
    setState('');
    state.textContent = 'Checking…';
    refresh();
  }

  async function load() {
    pollers.forEach((t) => clearInterval(t.id)); pollers.clear();
    try {
      const accounts = await ctx.reloadAccounts();
      list.replaceChildren(...(accounts.length ? accounts.map(card) : [h('p.empty', 'No channels yet: add one below.')]));
    } catch (e) { toast(e.message); }
  }

  renderTypes();
  api.channelTypes().then((t) => { if (t && t.length) { types = t.map(friendly); renderTypes(); } }).catch(() => {});
  load();
  loadHooks();
  return { el, destroy() { pollers.forEach((t) => clearInterval(t.id)); } };
}
