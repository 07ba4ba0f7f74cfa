// One conversation: header with the handover buttons, the transcript, the composer, the contact panel.
import { api } from './api.js';
import { h, toast, channelBadge, channelName, initials, fullTime, when, busy, errorLine, showError, field } from './ui.js';
import { describeConversation } from './inbox.js';

const DAY_MS = 24 * 3600 * 1000;
const TICKS = { pending: ['◷', 'Sending'], sent: ['✓', 'Sent'], delivered: ['✓✓', 'Delivered'], read: ['✓✓', 'Read'] };
const SENDERS = { customer: 'Customer', bot: 'Bot', operator: 'Operator' };

function role(m) {
  if (m.direction === 'inbound') return 'customer';
  return m.sender === 'human' ? 'operator' : 'bot';
}

/** When the WhatsApp Cloud 24-hour window ends: the server's window_open_until, else last inbound + 24 h. */
function windowEnd(c, account) {
  if (c.window_open_until !== undefined) return c.window_open_until ? new Date(c.window_open_until) : null;
  if (c.channel !== 'whatsapp' || (account && account.provider !== 'cloud')) return null;
  return c.last_inbound_at ? new Date(new Date(c.last_inbound_at).getTime() + DAY_MS) : null;
}

export function conversationPane(ctx, id, { onChange }) {
  const tenant = ctx.tenant.user_id;
  let conv = null;
  let messages = [];
  let contact = null;
  let signature = '';
  let hasMore = false;
  let destroyed = false;

  const header = h('header.conv-head');
  const log = h('div.transcript', { role: 'log', 'aria-label': 'Transcript', 'aria-live': 'polite', tabindex: '0' });
  const side = h('aside.contact-panel', { 'aria-label': 'Contact' });

  // composer: free text while the window is open, a template once it has closed
  const reply = h('textarea', { id: 'reply', name: 'reply', rows: 2, placeholder: 'Write a reply — Enter sends, Shift+Enter adds a line',
    onkeydown: (e) => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); } } });
  const send = h('button.primary', { type: 'submit' }, 'Send');
  const sendError = errorLine();
  const handover = h('p.handover.small', { role: 'note' });
  const form = h('form.composer', { onsubmit: (e) => { e.preventDefault(); busy(send, sendReply()); } },
    handover, h('label.sr-only', { for: 'reply' }, 'Reply'), h('div.composer-row', reply, send), sendError);
  const tplName = h('input', { id: 'tpl-name', required: true, autocomplete: 'off', placeholder: 'order_update' });
  const tplLang = h('input', { id: 'tpl-lang', required: true, value: 'en_US', autocomplete: 'off' });
  const tplParams = h('input', { id: 'tpl-params', autocomplete: 'off', placeholder: 'Ana, #1234' });
  const tplSend = h('button.primary', { type: 'submit' }, 'Send template');
  const tplError = errorLine();
  const templateForm = h('form.composer.template', { hidden: true, onsubmit: (e) => { e.preventDefault(); busy(tplSend, sendTemplate()); } },
    h('p.notice', { role: 'note' }, 'The 24-hour window is closed: WhatsApp only delivers an approved template until the customer writes again.'),
    h('div.grid3', field('Template name', tplName), field('Language', tplLang), field('Parameters (comma-separated)', tplParams)),
    tplError, h('div.row', tplSend));
  const closedNote = h('p.notice.closed', { hidden: true });

  const el = h('div.conversation', h('div.conv-main', header, log, closedNote, form, templateForm), side);
  el.setAttribute('aria-busy', 'true');

  async function setStatus(button, status, done) {
    try {
      const r = await busy(button, api.setStatus(tenant, id, status));
      // PATCH answers the plain conversation: keep the embedded contact and last message, recompute who handles it
      conv = { ...conv, ...r, handled_by: r.handled_by || (r.status === 'paused' || r.status === 'escalated' ? 'human' : 'bot') };
      render();
      onChange(conv);
      toast(done, 'ok');
    } catch (e) { toast(e.message); }
  }

  function renderHeader() {
    const d = describeConversation(conv, messages[messages.length - 1]);
    const open = ['active', 'paused', 'escalated'].includes(conv.status);
    header.replaceChildren(
      h('a.back', { href: '#/inbox' }, '← Inbox'),
      h('span.avatar.lg', { 'aria-hidden': 'true' }, initials(d.name)),
      h('div.conv-title',
        h('h2', d.name, d.phone && d.phone !== d.name ? h('span.phone', d.phone) : null),
        h('div.conv-meta', channelBadge(conv.channel),
          h('span.chip.' + d.handledBy, d.handledBy === 'human' ? 'Human has it' : 'Bot answering'),
          conv.status === 'escalated' ? h('span.chip.escalated', 'Escalated') : null,
          !open ? h('span.chip', conv.status[0].toUpperCase() + conv.status.slice(1)) : null)),
      h('div.actions',
        conv.status === 'active' ? h('button.primary', { type: 'button', onclick: (e) => setStatus(e.currentTarget, 'paused', 'You have the conversation; the bot stays silent.') }, 'Take over') : null,
        conv.status === 'paused' || conv.status === 'escalated'
          ? h('button', { type: 'button', onclick: (e) => setStatus(e.currentTarget, 'active', 'The bot answers again.') }, 'Hand back to bot') : null,
        open ? h('button.ghost', { type: 'button', onclick: (e) => setStatus(e.currentTarget, 'resolved', 'Conversation resolved.') }, 'Resolve') : null));
  }

  function media(m) {
    const md = m.media;
    if (!md || !(md.url || md.link)) return md ? h('p.muted.small', '[' + m.type + (md.filename ? ': ' + md.filename : '') + ']') : null;
    const url = md.url || md.link;
    if (m.type === 'image' || (md.mime_type || '').startsWith('image/')) {
      return h('a.media', { href: url, target: '_blank', rel: 'noopener noreferrer' }, h('img', { src: url, alt: md.filename || 'Image from ' + SENDERS[role(m)].toLowerCase(), loading: 'lazy' }));
    }
    return h('a.file', { href: url, target: '_blank', rel: 'noopener noreferrer' }, '📎 ' + (md.filename || m.type || 'file'));
  }

  function bubble(m) {
    const r = role(m);
    const failed = m.status === 'failed';
    const tick = TICKS[m.status];
    return h('article.msg.' + r + (failed ? '.failed' : ''), { dataset: { id: m.message_id, sender: r, status: m.status || '' } },
      h('div.msg-head', h('span.who', SENDERS[r]), h('time', { datetime: m.timestamp || '', title: fullTime(m.timestamp) }, when(m.timestamp))),
      m.type === 'template' && !m.text ? h('p.muted.small', '[template]') : null,
      m.text ? h('p.msg-text', m.text) : null,
      media(m),
      r !== 'customer' && tick ? h('span.ticks.' + m.status, { title: tick[1], 'aria-label': tick[1] }, tick[0]) : null,
      failed ? h('div.failure', h('span', 'Not delivered' + (m.last_error ? ': ' + m.last_error : '')),
        h('button.small', { type: 'button', onclick: (e) => retry(e.currentTarget, m) }, 'Retry')) : null);
  }

  function renderTranscript() {
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    let day = '';
    const items = [];
    for (const m of messages) {
      const d = m.timestamp ? new Date(m.timestamp).toDateString() : '';
      if (d && d !== day) { day = d; items.push(h('div.day', h('span', new Date(m.timestamp).toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long' })))); }
      items.push(bubble(m));
    }
    if (!messages.length) items.push(h('p.empty', 'No messages yet.'));
    if (hasMore) items.unshift(h('div.earlier', h('button.small', { type: 'button', onclick: (e) => loadEarlier(e.currentTarget) }, 'Load earlier messages')));
    log.replaceChildren(...items);
    if (atBottom || !signature) log.scrollTop = log.scrollHeight;
  }

  function renderComposer() {
    const account = ctx.accounts.find((a) => a.phone_number_id === conv.phone_number_id);
    const open = ['active', 'paused', 'escalated'].includes(conv.status);
    const end = windowEnd(conv, account);
    const closed = open && end && end.getTime() < Date.now();
    form.hidden = !open || closed;
    templateForm.hidden = !closed;
    closedNote.hidden = open;
    const human = conv.status === 'paused' || conv.status === 'escalated';
    handover.textContent = human ? 'You have this conversation: the bot stays silent until you hand it back.'
      : 'The bot is answering. Take over to pause it while you write.';
    handover.dataset.who = human ? 'human' : 'bot';
    closedNote.textContent = open ? '' : 'This conversation is ' + conv.status + '. A new message from the customer opens a new one.';
  }

  const accountName = (pn) => {
    const a = ctx.accounts.find((x) => x.phone_number_id === pn);
    return a ? (a.display_name || pn) + (a.external_number ? ' · ' + a.external_number : '') : pn;
  };
  const agentName = (agentId) => (ctx.agentNames && ctx.agentNames.get(agentId)) || agentId;

  async function renderSide() {
    if (!ctx.agentNames) {
      ctx.agentNames = new Map();
      api.agents(tenant).then((list) => { for (const a of list) ctx.agentNames.set(a.agent_id, a.name); if (!destroyed && conv) renderSide(); }).catch(() => {});
    }
    const d = describeConversation(conv, messages[messages.length - 1]);
    const c = contact || conv.contact || {};
    const row = (k, v) => (v ? [h('dt', k), h('dd', v)] : []);
    const ex = await api.latestExtraction(tenant, id).catch(() => null);
    if (destroyed) return;
    const score = (label, v) => h('div.score', h('span', label),
      h('span.meter', { role: 'img', 'aria-label': label + ': ' + (v ?? '–') + ' of 3' }, [1, 2, 3].map((i) => h('i' + (v >= i ? '.on' : '')))));
    side.replaceChildren(
      h('section', h('h3', 'Contact'),
        h('dl', row('Name', c.name || '—'), row('Phone', c.phone || conv.customer_phone || '—'), row('Channel', channelName(conv.channel)),
          row('Received on', accountName(conv.phone_number_id)), row('First seen', fullTime(c.created_at || conv.created_at)), row('Contact id', conv.contact_id))),
      h('section', h('h3', 'Conversation'),
        h('dl', row('Status', conv.status), row('Why', conv.status_reason), row('Handled by', d.handledBy === 'human' ? 'a human' : 'the bot'),
          row('Messages', String(conv.message_count ?? messages.length)), row('Agent', agentName(conv.agent_id)))),
      h('section', h('h3', 'Lead'),
        ex ? [h('dl', row('Name', ex.name), row('E-mail', ex.email), row('Company', ex.company), row('Intent', ex.intent),
          row('Demo', ex.demo_datetime ? fullTime(ex.demo_datetime) : null), row('Note', ex.smart_notification)),
        h('div.scores', score('Urgency', ex.urgency), score('Budget', ex.budget), score('Fit', ex.fit), score('Engagement', ex.engagement)),
        h('p.muted.small', 'Extracted ' + fullTime(ex.extracted_at))]
          : h('p.muted.small', 'No lead data yet: it is extracted once the conversation goes quiet.')));
  }

  function render() {
    if (!conv) return;
    renderHeader();
    renderTranscript();
    renderComposer();
    renderSide();
  }

  /** Merges a page of messages into the transcript (by id, in sequence order). */
  function merge(page) {
    const byId = new Map(messages.map((m) => [m.message_id, m]));
    for (const m of page) byId.set(m.message_id, { ...byId.get(m.message_id), ...m });
    messages = [...byId.values()].sort((a, b) => (a.sequence_no || 0) - (b.sequence_no || 0));
  }

  async function load() {
    const c = await api.conversation(tenant, id);
    const page = await api.transcript(tenant, id, { messageCount: c.message_count });
    if (destroyed) return;
    const first = !signature;
    if (first) hasMore = page.hasMore;
    merge(page.messages);
    const sig = JSON.stringify([c.status, c.status_reason, c.last_message_at, c.handled_by, c.window_open_until,
      messages.map((m) => [m.message_id, m.status, m.attempts])]);
    conv = c;
    if (sig === signature) return;
    signature = sig;
    if (first && conv.contact_id && !conv.contact) contact = await api.contact(tenant, conv.contact_id).catch(() => null);
    render();
    el.removeAttribute('aria-busy');
    onChange(conv);
  }

  async function loadEarlier(button) {
    const oldest = messages[0];
    if (!oldest) return;
    try {
      const before = log.scrollHeight;
      const page = await busy(button, api.transcript(tenant, id, { beforeSeq: oldest.sequence_no, messageCount: conv.message_count }));
      hasMore = page.hasMore;
      merge(page.messages);
      renderTranscript();
      log.scrollTop = log.scrollHeight - before; // keep the message the operator was reading in place
    } catch (e) { toast(e.message); }
  }

  /** After a send or a retry: refresh a few times until no message of ours is still on its way. */
  async function follow() {
    for (let i = 0; i < 12 && !destroyed; i++) {
      await new Promise((r) => setTimeout(r, 250 + i * 150));
      await load().catch(() => {});
      if (!messages.some((m) => m.direction === 'outbound' && m.status === 'pending')) return;
    }
  }

  async function sendReply() {
    const text = reply.value.trim();
    showError(sendError, null);
    if (!text) { showError(sendError, { message: 'Write something to send.' }); return; }
    try {
      const m = await api.reply(tenant, id, text);
      reply.value = '';
      if (m && !messages.some((x) => x.message_id === m.message_id)) { messages.push(m); renderTranscript(); log.scrollTop = log.scrollHeight; }
      await load();
      reply.focus();
      follow();
    } catch (e) { showError(sendError, e); }
  }

  async function sendTemplate() {
    showError(tplError, null);
    const body_parameters = tplParams.value.split(',').map((s) => s.trim()).filter(Boolean);
    try {
      await api.sendTemplate(tenant, id, { name: tplName.value.trim(), language: tplLang.value.trim(), body_parameters });
      tplName.value = ''; tplParams.value = '';
      toast('Template queued for sending.', 'ok');
      await load();
    } catch (e) { showError(tplError, e); }
  }

  async function retry(button, m) {
    try {
      await busy(button, api.retry(tenant, m.message_id));
      toast('Sending again…', 'ok');
      await load();
      await follow();
    } catch (e) {
      toast(e.missing ? 'This server cannot retry a message yet (no retry route).' : e.message);
    }
  }

  load().catch((e) => { el.removeAttribute('aria-busy'); header.replaceChildren(h('a.back', { href: '#/inbox' }, '← Inbox'), h('p.form-error', { role: 'alert' }, e.message)); });

  return {
    el,
    async refresh() { if (!destroyed) await load().catch((e) => toast(e.message)); },
    event(type, data) {
      if (!data || data.conversation_id !== id) return;
      if (type === 'message.created' || type === 'message.updated') {
        merge([data]);
        renderTranscript();
      }
      if (type === 'conversation.updated') {
        conv = { ...conv, ...data, handled_by: data.handled_by || (data.status === 'paused' || data.status === 'escalated' ? 'human' : 'bot') };
        renderHeader(); renderComposer();
      }
    },
    destroy() { destroyed = true; },
  };
}
