// Every call the console makes to the Switchboard REST API lives here, so adapting to the API is one file.
// Routes of the operator API (issue 11) that a server does not serve yet answer 404 without an
// {"error"} body; those calls fall back to today's routes or report `missing` so the UI can degrade.

const HEADER = document.querySelector('meta[name="switchboard-api-key-header"]')?.content || 'x-api-key';
const KEY_SLOT = 'switchboard.console.key';
const TENANT_SLOT = 'switchboard.console.tenant';

export class ApiError extends Error {
  constructor(status, message, field, missing = false) {
    super(message);
    this.status = status;
    this.field = field || null;
    this.missing = missing; // the route itself does not exist on this server
  }
}

export const session = {
  get key() { return sessionStorage.getItem(KEY_SLOT); },
  get tenant() { return sessionStorage.getItem(TENANT_SLOT); },
  signIn(key) { sessionStorage.setItem(KEY_SLOT, key); },
  pickTenant(id) { if (id) sessionStorage.setItem(TENANT_SLOT, id); else sessionStorage.removeItem(TENANT_SLOT); },
  signOut() { sessionStorage.removeItem(KEY_SLOT); sessionStorage.removeItem(TENANT_SLOT); },
};

const enc = encodeURIComponent;

function describe(status, body, fallback) {
  if (body && typeof body.error === 'string') return body.error;
  if (status === 401) return 'The API key was not accepted.';
  if (status === 403) return 'This key may not do that.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests: wait a moment and try again.';
  if (status >= 500) return 'The server failed (' + status + '). Try again in a moment.';
  return fallback || ('Request failed (' + status + ').');
}

async function call(method, path, body, { key = session.key, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers[HEADER] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The server cannot be reached. Check your connection.');
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    // Javalin answers an unrouted path (or method) with 404/405 and the generic {"error":"bad request"}.
    const generic = !(json && typeof json.error === 'string') || json.error === 'bad request';
    const missing = (res.status === 404 || res.status === 405) && generic;
    throw new ApiError(res.status, describe(res.status, json), json && json.field, missing);
  }
  return json;
}

/** Runs `modern`; when its route is missing on this server, runs `legacy` instead (today's routes). */
async function orLegacy(modern, legacy) {
  try { return await modern(); } catch (e) { if (e instanceof ApiError && e.missing) return legacy(); throw e; }
}

const qs = (params) => {
  const p = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return p.length ? '?' + p.map(([k, v]) => enc(k) + '=' + enc(v)).join('&') : '';
};
const u = (tenant) => '/users/' + enc(tenant);

export const api = {
  header: HEADER,

  /** GET /me → {role, user_id, key_id, name}; null when the server has no /me yet (then the key is taken as admin). */
  async me(key) {
    try { return await call('GET', '/me', undefined, { key }); } catch (e) { if (e.missing) return null; throw e; }
  },
  tenant: (t, key) => call('GET', u(t), undefined, { key }),
  /** GET /users (admin, paged) → {users: [...]}; null when the server cannot list tenants. */
  async tenants() {
    try { const r = await call('GET', '/users?limit=100'); return r.users || r.items || []; } catch (e) { if (e.missing) return null; throw e; }
  },

  /** Conversations by last activity; issue 11's servers filter by channel and search by name or phone (`q`) themselves. */
  conversations: (t, { status, channel, q, limit = 50 } = {}) =>
    call('GET', u(t) + '/conversations' + qs({ status, channel, q, limit, sort: 'last_activity' })).then((r) => r.conversations),
  conversation: (t, c) => call('GET', u(t) + '/conversations/' + enc(c)),
  setStatus: (t, c, status) => call('PATCH', u(t) + '/conversations/' + enc(c), { status }),

  /**
   * A page of the transcript in sequence order → {messages, hasMore}: the newest `limit` messages, or
   * those before `beforeSeq` (issue 11's route); on today's servers the /messages filter by offset.
   */
  transcript: (t, c, { limit = 100, beforeSeq, messageCount } = {}) => orLegacy(
    () => call('GET', u(t) + '/conversations/' + enc(c) + '/messages' + qs({ limit, before_seq: beforeSeq }))
      .then((r) => ({ messages: r.messages, hasMore: !!r.has_more })),
    () => {
      const end = beforeSeq ? beforeSeq - 1 : (messageCount || 0);
      const offset = Math.max(0, end - limit);
      return call('GET', u(t) + '/messages' + qs({ conversation_id: c, limit: Math.min(limit, Math.max(end, 1)), offset }))
        .then((r) => ({ messages: r.messages, hasMore: offset > 0 }));
    }),
  /** The newest message of a conversation (today's servers embed no last_message). */
  lastMessage: (t, c, messageCount) => call('GET', u(t) + '/messages' + qs({ conversation_id: c, limit: 1,
    offset: Math.max(0, (messageCount || 1) - 1) })).then((r) => r.messages[r.messages.length - 1] || null),
  reply: (t, c, text) => call('POST', u(t) + '/conversations/' + enc(c) + '/messages', { text }),
  sendTemplate: (t, c, template) => call('POST', u(t) + '/conversations/' + enc(c) + '/messages', { template }),
  retry: (t, messageId) => call('POST', u(t) + '/messages/' + enc(messageId) + '/retry'),
  latestExtraction: (t, c) => call('GET', u(t) + '/extractions' + qs({ conversation_id: c, limit: 1 }))
    .then((r) => (r.extractions && r.extractions[0]) || null),
  /** GET /users/{u}/contacts/{id}; null when the server has no contacts API yet. */
  async contact(t, id) {
    try { return await call('GET', u(t) + '/contacts/' + enc(id)); } catch (e) { if (e.missing) return null; throw e; }
  },

  /** GET /users/{u}/contacts (channel, q); null when the server has no contacts API yet. */
  async contacts(t, { channel, q, limit = 50 } = {}) {
    try { return (await call('GET', u(t) + '/contacts' + qs({ channel, q, limit }))).contacts; } catch (e) { if (e.missing) return null; throw e; }
  },
  /** GET /users/{u}/webhook_logs → newest first; null when the server keeps no webhook log. */
  async webhookLogs(t, { channel, provider, success, limit = 20 } = {}) {
    try { return (await call('GET', u(t) + '/webhook_logs' + qs({ channel, provider, success, limit }))).webhook_logs; }
    catch (e) { if (e.missing) return null; throw e; }
  },

  account: (t, id) => call('GET', u(t) + '/phone_numbers/' + enc(id)),
  accounts: (t) => call('GET', u(t) + '/phone_numbers').then((r) => r.phone_numbers),
  addAccount: (t, body) => call('POST', u(t) + '/phone_numbers', body),
  deleteAccount: (t, id) => call('DELETE', u(t) + '/phone_numbers/' + enc(id)),
  connectionState: (t, id) => call('GET', u(t) + '/phone_numbers/' + enc(id) + '/whatsapp/status'),
  connect: (t, id) => call('POST', u(t) + '/phone_numbers/' + enc(id) + '/whatsapp/connect'),
  disconnect: (t, id) => call('POST', u(t) + '/phone_numbers/' + enc(id) + '/whatsapp/disconnect'),
  /** GET /channel_types → [{type, provider, label, fields: [{name, label, required, secret}]}]; null when missing. */
  async channelTypes() {
    try { const r = await call('GET', '/channel_types'); return r.channel_types || r; } catch (e) { if (e.missing) return null; throw e; }
  },

  agents: (t) => call('GET', u(t) + '/agents').then((r) => r.agents),
  createAgent: (t, body) => call('POST', u(t) + '/agents', body),
  updateAgent: (t, id, body) => call('PATCH', u(t) + '/agents/' + enc(id), body),

  credits: (t) => call('GET', u(t) + '/credits'),
  topUp: (t, amount) => call('POST', u(t) + '/credits', { amount }),
  /** GET /users/{u}/credits/ledger → entries newest first; null when the server has no ledger route. */
  async ledger(t) {
    try { const r = await call('GET', u(t) + '/credits/ledger' + qs({ limit: 50 })); return r.entries || r.ledger || []; }
    catch (e) { if (e.missing) return null; throw e; }
  },

  /**
   * The live events stream (SSE over fetch, the key in the header, never in the URL). Calls
   * onEvent(type, data, id) per event. Resolves 'missing' when the server has no stream (the caller
   * polls), 'closed' when the stream ended; rejects on a network error or a refused key.
   */
  async events(t, { lastEventId, signal, onEvent, onOpen }) {
    const headers = { Accept: 'text/event-stream', [HEADER]: session.key };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const res = await fetch(u(t) + '/events', { headers, signal, cache: 'no-store' });
    if (res.status === 404 || res.status === 405) return 'missing';
    if (!res.ok || !res.body) {
      let json = null; try { json = await res.json(); } catch { /* not JSON */ }
      throw new ApiError(res.status, describe(res.status, json));
    }
    onOpen && onOpen();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'closed';
      buf += value.replace(/\r\n?/g, '\n');
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut); buf = buf.slice(cut + 2);
        let type = 'message', id = null; const data = [];
        for (const line of block.split('\n')) {
          if (!line || line.startsWith(':')) continue;
          const i = line.indexOf(':'); const f = i < 0 ? line : line.slice(0, i);
          const v = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
          if (f === 'event') type = v; else if (f === 'id') id = v; else if (f === 'data') data.push(v);
        }
        if (!data.length && type !== 'reset') continue;
        let parsed = null; try { parsed = data.length ? JSON.parse(data.join('\n')) : null; } catch { parsed = data.join('\n'); }
        onEvent(type, parsed, id);
      }
    }
  },
};
