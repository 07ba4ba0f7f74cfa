// Inbox: the conversation list (filters, search, live order) beside the open conversation.
import { api } from './api.js';
import { h, toast, channelBadge, initials, when } from './ui.js';
import { conversationPane } from './conversation.js';

const OPEN = new Set(['active', 'paused', 'escalated']);

/** What the list shows of a conversation, from issue 11's embedded fields or derived from today's. */
export function describeConversation(c, preview) {
  const contact = c.contact || {};
  const phone = contact.phone || c.customer_phone || null;
  const name = contact.name || phone || 'Contact ' + String(c.contact_id || '').slice(-6);
  const last = c.last_message || preview || null;
  const handledBy = c.handled_by || (c.status === 'paused' || c.status === 'escalated' ? 'human' : 'bot');
  const awaiting = c.awaiting_reply ?? (last ? last.direction === 'inbound' : false);
  return { name, phone, last, handledBy, awaiting, escalated: c.status === 'escalated' };
}

export function inboxView(ctx) {
  const tenant = ctx.tenant.user_id;
  const convs = new Map(); // id → conversation JSON
  const previews = new Map(); // id → {count, message} for servers that embed no last_message
  const filters = { status: 'open', channel: '', q: '' };
  let openId = null;
  let pane = null;

  const search = h('input', { type: 'search', id: 'inbox-search', placeholder: 'Name, phone or text', autocomplete: 'off',
    oninput: () => { filters.q = search.value.trim().toLowerCase(); renderList(); clearTimeout(searchTimer); searchTimer = setTimeout(load, 250); } });
  let searchTimer = 0;
  const status = h('select', { id: 'inbox-status', onchange: () => { filters.status = status.value; load(); } },
    [['open', 'Open'], ['', 'All'], ['active', 'Bot'], ['paused', 'Human'], ['escalated', 'Escalated'], ['resolved', 'Resolved']]
      .map(([v, l]) => h('option', { value: v }, l)));
  const channel = h('select', { id: 'inbox-channel', onchange: () => { filters.channel = channel.value; load(); } },
    [['', 'All channels'], ['whatsapp', 'WhatsApp'], ['instagram', 'Instagram'], ['webchat', 'Web'], ['telegram', 'Telegram']]
      .map(([v, l]) => h('option', { value: v }, l)));
  const list = h('ul.conv-list', { 'aria-label': 'Conversations' });
  const empty = h('p.empty', { hidden: true });
  const detail = h('section.detail', { 'aria-label': 'Conversation' },
    h('div.placeholder', h('p', 'Select a conversation to read it and reply.')));
  const el = h('div.inbox',
    h('section.list-pane', { 'aria-labelledby': 'inbox-title' },
      h('div.pane-head',
        h('h1#inbox-title', 'Inbox'),
        h('div.filters',
          h('label.sr-only', { for: 'inbox-search' }, 'Search'), search,
          h('div.row.tight',
            h('label.sr-only', { for: 'inbox-status' }, 'Status'), status,
            h('label.sr-only', { for: 'inbox-channel' }, 'Channel'), channel))),
      list, empty),
    detail);

  function sorted() {
    return [...convs.values()].sort((a, b) => String(b.last_message_at || b.created_at).localeCompare(String(a.last_message_at || a.created_at)));
  }

  function visible(c) {
    if (filters.status === 'open' && !OPEN.has(c.status)) return false;
    if (filters.status && filters.status !== 'open' && c.status !== filters.status) return false;
    if (filters.channel && c.channel !== filters.channel) return false;
    if (filters.q) {
      const d = describeConversation(c, previews.get(c.conversation_id)?.message);
      const hay = [d.name, d.phone, d.last?.text, c.contact_id, c.contact?.channel_user_id].join(' ').toLowerCase();
      const digits = filters.q.replace(/\D/g, '');
      const phoneHit = digits.length >= 4 && String(d.phone || c.contact?.channel_user_id || '').replace(/\D/g, '').includes(digits);
      if (!hay.includes(filters.q) && !phoneHit) return false;
    }
    return true;
  }

  function item(c) {
    const d = describeConversation(c, previews.get(c.conversation_id)?.message);
    const who = d.last ? (d.last.direction === 'inbound' ? '' : d.last.sender === 'human' ? 'You: ' : 'Bot: ') : '';
    const text = d.last ? (d.last.text || (d.last.type ? '[' + d.last.type + ']' : '')) : 'No messages yet';
    return h('li', h('a.conv', { href: '#/c/' + encodeURIComponent(c.conversation_id), dataset: { id: c.conversation_id, status: c.status },
      'aria-current': c.conversation_id === openId ? 'true' : null },
      h('span.avatar', { 'aria-hidden': 'true' }, initials(d.name)),
      h('span.conv-body',
        h('span.conv-top', h('span.conv-name', d.name), h('time.conv-time', { datetime: c.last_message_at || '' }, when(c.last_message_at))),
        h('span.conv-meta', channelBadge(c.channel), d.phone && d.phone !== d.name ? h('span.muted', d.phone) : null),
        h('span.conv-preview', who + text),
        h('span.chips',
          h('span.chip.' + d.handledBy, d.handledBy === 'human' ? 'Human' : 'Bot'),
          d.awaiting ? h('span.chip.awaiting', 'Awaiting reply') : null,
          d.escalated ? h('span.chip.escalated', 'Escalated') : null))));
  }

  let listSig = '';
  function renderList() {
    const focused = document.activeElement?.closest?.('.conv')?.dataset.id;
    const shown = sorted().filter(visible);
    // a refresh that changes nothing leaves the rows alone (no flicker, no lost hover or selection)
    const sig = JSON.stringify([openId, convs.size, shown.map((c) => [c.conversation_id, c.status, c.last_message_at, c.handled_by, c.awaiting_reply,
      c.contact?.name, c.last_message?.message_id, previews.get(c.conversation_id)?.message?.message_id])]);
    if (sig === listSig) return;
    listSig = sig;
    list.replaceChildren(...shown.map(item));
    empty.hidden = shown.length > 0;
    empty.textContent = convs.size ? 'No conversation matches these filters.' : 'No conversations yet. They appear here as soon as a customer writes.';
    if (focused) list.querySelector(`.conv[data-id="${CSS.escape(focused)}"]`)?.focus();
  }

  async function fillPreviews(list) {
    const stale = list.filter((c) => !c.last_message && c.message_count > 0 && previews.get(c.conversation_id)?.count !== c.message_count);
    await Promise.all(stale.slice(0, 25).map(async (c) => {
      try { previews.set(c.conversation_id, { count: c.message_count, message: await api.lastMessage(tenant, c.conversation_id, c.message_count) }); }
      catch { /* the preview is optional */ }
    }));
  }

  let latest = 0;
  /** Loads the list for the current filters; an answer overtaken by a newer load is dropped. */
  async function load() {
    const apiStatus = filters.status === 'open' ? undefined : filters.status || undefined;
    const mine = ++latest;
    try {
      const got = await api.conversations(tenant, { status: apiStatus, channel: filters.channel || undefined, q: filters.q || undefined, limit: 100 });
      await fillPreviews(got);
      if (mine !== latest) return;
      convs.clear();
      for (const c of got) convs.set(c.conversation_id, c);
      renderList();
    } catch (e) { if (mine === latest) toast(e.message); }
  }

  /** A conversation event may carry the plain conversation: what it does not say is derived again, not kept stale. */
  function fresh(data) {
    return 'handled_by' in data ? data : { ...data, handled_by: undefined };
  }

  let reloadTimer = 0;
  /** Reloads the list soon, once for a burst of events about conversations it does not show yet. */
  function reload() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, 150);
  }

  function upsert(c) {
    const prev = convs.get(c.conversation_id);
    convs.set(c.conversation_id, prev ? { ...prev, ...c } : c);
  }

  load();

  return {
    el,
    route(parts) {
      const id = parts[0] === 'c' ? parts[1] : null;
      el.classList.toggle('has-open', !!id);
      if (id === openId) return;
      openId = id;
      pane?.destroy();
      pane = null;
      list.querySelectorAll('.conv').forEach((a) => (a.dataset.id === id ? a.setAttribute('aria-current', 'true') : a.removeAttribute('aria-current')));
      if (!id) {
        detail.replaceChildren(h('div.placeholder', h('p', 'Select a conversation to read it and reply.')));
        return;
      }
      pane = conversationPane(ctx, id, { onChange: (c) => { upsert(c); renderList(); } });
      detail.replaceChildren(pane.el);
    },
    async refresh() {
      await load();
      await pane?.refresh();
    },
    event(type, data) {
      if (type === 'reset') { load(); pane?.refresh(); return; }
      if (type === 'conversation.updated' && data?.conversation_id) {
        if (!convs.has(data.conversation_id)) reload();
        else { upsert(fresh(data)); renderList(); }
      }
      if ((type === 'message.created' || type === 'message.updated') && data?.conversation_id) {
        const c = convs.get(data.conversation_id);
        if (!c) reload();
        else if (type === 'message.created') {
          upsert({ conversation_id: c.conversation_id, last_message: data, last_message_at: data.timestamp || data.created_at || new Date().toISOString(),
            awaiting_reply: data.direction === 'inbound', message_count: Math.max(c.message_count || 0, data.sequence_no || 0) });
          renderList();
        }
      }
      pane?.event(type, data);
    },
    destroy() { clearTimeout(reloadTimer); pane?.destroy(); },
  };
}
