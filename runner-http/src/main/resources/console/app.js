// The console's shell: sign-in, tenant picker, navigation, and the live connection to the tenant's events.
import { api, session, ApiError } from './api.js';
import { h, toast, errorLine, showError, field, busy } from './ui.js';
import { inboxView } from './inbox.js';
import { channelsView } from './channels.js';
import { agentsView } from './agents.js';
import { creditsView } from './credits.js';

const root = document.getElementById('app');
/** What the views share: who is signed in, the tenant, its channel accounts. */
export const ctx = { me: null, tenant: null, accounts: [], admin: false, live: null, reloadAccounts: () => loadAccounts() };

let view = null; // the mounted view: {el, route(parts), event(type, data), destroy()}
let viewName = null;

function screen(...children) {
  root.replaceChildren(...children);
  root.removeAttribute('aria-busy');
}

function signInScreen(message) {
  const key = h('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', required: true, spellcheck: 'false' });
  const err = errorLine();
  if (message) showError(err, { message });
  const button = h('button.primary', { type: 'submit' }, 'Sign in');
  const form = h('form.card.narrow', { onsubmit: (e) => { e.preventDefault(); busy(button, signIn(key.value.trim(), err)); } },
    h('div.brand', h('span.logo', { 'aria-hidden': 'true' }, 'S'), h('span', 'Switchboard')),
    h('h1', 'Sign in to the console'),
    h('p.muted', 'Use a tenant API key, or the admin key and then pick a tenant. The key stays in this browser tab only.'),
    field('API key', key), err, button);
  screen(h('main.center', { id: 'main' }, form));
  key.focus();
}

async function signIn(key, err) {
  showError(err, null);
  if (!key) { showError(err, { message: 'Enter an API key.' }); return; }
  try {
    const me = await api.me(key);
    session.signIn(key);
    if (me && me.role === 'tenant') { session.pickTenant(me.user_id); }
    else session.pickTenant(null);
    await start();
  } catch (e) {
    showError(err, e);
  }
}

async function tenantPicker(message) {
  const err = errorLine();
  const input = h('input', { id: 'tenant-id', name: 'tenant', autocomplete: 'off', required: true, spellcheck: 'false' });
  const button = h('button.primary', { type: 'submit' }, 'Open tenant');
  const list = h('ul.tenant-list');
  const form = h('form.card.narrow', { onsubmit: (e) => { e.preventDefault(); busy(button, openTenant(input.value.trim(), err)); } },
    h('div.brand', h('span.logo', { 'aria-hidden': 'true' }, 'S'), h('span', 'Switchboard')),
    h('h1', 'Choose a tenant'),
    h('p.muted', 'You are signed in with the admin key. Pick the tenant whose inbox you want to work in.'),
    list, field('Tenant (user id)', input), err,
    h('div.row', button, h('button.ghost', { type: 'button', onclick: signOut }, 'Sign out')));
  if (message) showError(err, { message });
  screen(h('main.center', { id: 'main' }, form));
  input.focus();
  try {
    const tenants = await api.tenants();
    for (const t of tenants || []) {
      list.append(h('li', h('button.tenant', { type: 'button', onclick: (e) => busy(e.currentTarget, openTenant(t.user_id, err)) },
        h('strong', t.company_name || t.user_id), h('span.muted', t.user_id + (t.email ? ' · ' + t.email : '')))));
    }
  } catch (e) { if (!(e instanceof ApiError && e.status === 403)) showError(err, e); }
}

async function openTenant(id, err) {
  showError(err, null);
  if (!id) { showError(err, { message: 'Enter a tenant id.' }); return; }
  try {
    await api.tenant(id);
    session.pickTenant(id);
    await start();
  } catch (e) { showError(err, e); }
}

function signOut() {
  stopLive();
  session.signOut();
  view?.destroy?.(); view = null; viewName = null;
  location.hash = '';
  signInScreen();
}

async function start() {
  if (!session.key) return signInScreen();
  let me;
  try { me = await api.me(session.key); } catch (e) {
    if (e.status === 401) { session.signOut(); return signInScreen('That API key is no longer accepted. Sign in again.'); }
    me = null;
  }
  ctx.me = me;
  ctx.agentNames = null;
  ctx.admin = !me || me.role === 'admin';
  if (me && me.role === 'tenant') session.pickTenant(me.user_id);
  if (!session.tenant) return tenantPicker();
  try { ctx.tenant = await api.tenant(session.tenant); } catch (e) {
    if (e.status === 401) { session.signOut(); return signInScreen(e.message); }
    session.pickTenant(null);
    return ctx.admin ? tenantPicker(e.message) : signInScreen(e.message);
  }
  await loadAccounts();
  shell();
  startLive();
  if (!location.hash || location.hash === '#') location.hash = '#/inbox'; else route();
}

export async function loadAccounts() {
  try { ctx.accounts = await api.accounts(ctx.tenant.user_id); } catch (e) { toast(e.message); ctx.accounts = []; }
  return ctx.accounts;
}

const NAV = [['inbox', 'Inbox'], ['channels', 'Channels'], ['agents', 'Agents'], ['credits', 'Credits']];
let main, nav, liveBadge;

function shell() {
  nav = h('ul.nav-list', NAV.map(([id, label]) => h('li', h('a.nav-link', { href: '#/' + id, dataset: { view: id } }, label))));
  liveBadge = h('span.live', { title: 'How the inbox is kept up to date' }, 'Connecting…');
  const t = ctx.tenant;
  const sidebar = h('header.sidebar',
    h('div.brand', h('span.logo', { 'aria-hidden': 'true' }, 'S'), h('span', 'Switchboard')),
    h('nav', { 'aria-label': 'Console' }, nav),
    h('div.account',
      h('div.tenant-name', t.company_name || t.user_id),
      h('div.muted.small', t.user_id + (ctx.admin ? ' · admin key' : '')),
      liveBadge,
      h('div.row',
        ctx.admin ? h('button.ghost.small', { type: 'button', onclick: () => { stopLive(); session.pickTenant(null); view?.destroy?.(); view = null; viewName = null; location.hash = ''; tenantPicker(); } }, 'Switch tenant') : null,
        h('button.ghost.small', { type: 'button', onclick: signOut }, 'Sign out'))));
  main = h('main.main', { id: 'main', tabindex: '-1' });
  screen(h('div.shell', sidebar, main));
}

function route() {
  if (!main) return;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  let name = parts[0] || 'inbox';
  if (name === 'c') name = 'inbox';
  if (!NAV.some(([id]) => id === name)) name = 'inbox';
  nav.querySelectorAll('a').forEach((a) => (a.dataset.view === name ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current')));
  if (viewName !== name) {
    view?.destroy?.();
    const make = { inbox: inboxView, channels: channelsView, agents: agentsView, credits: creditsView }[name];
    view = make(ctx);
    viewName = name;
    main.replaceChildren(view.el);
  }
  view.route?.(parts);
}
window.addEventListener('hashchange', route);

// ---- live updates: the events stream when the server has one, else polling ----
let liveAbort = null;
let pollTimer = null;
let lastEventId = null;
const POLL_MS = 3000;

function setLive(mode) {
  ctx.live = mode;
  if (!liveBadge) return;
  liveBadge.textContent = mode === 'sse' ? 'Live' : mode === 'polling' ? 'Auto-refresh' : 'Reconnecting…';
  liveBadge.dataset.mode = mode;
}

function startLive() {
  stopLive();
  const abort = new AbortController();
  liveAbort = abort;
  const tenant = ctx.tenant.user_id;
  let delay = 1000;
  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        const end = await api.events(tenant, {
          lastEventId, signal: abort.signal,
          onOpen: () => { setLive('sse'); delay = 1000; },
          onEvent: (type, data, id) => { if (id) lastEventId = id; view?.event?.(type, data); },
        });
        if (end === 'missing') { setLive('polling'); poll(); return; }
      } catch (e) {
        if (abort.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) { signOut(); return; }
        setLive('reconnecting');
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15000);
    }
  };
  loop();
}

function poll() {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(async () => {
    if (document.visibilityState !== 'hidden') { try { await view?.refresh?.(); } catch { /* the view reports its own errors */ } }
    if (liveAbort && !liveAbort.signal.aborted) poll();
  }, POLL_MS);
}

function stopLive() {
  liveAbort?.abort();
  liveAbort = null;
  clearTimeout(pollTimer);
  lastEventId = null;
}

window.addEventListener('unhandledrejection', (e) => { if (e.reason instanceof ApiError) { toast(e.reason.message); e.preventDefault(); } });
start().catch((e) => signInScreen(e.message));
