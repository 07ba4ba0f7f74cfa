// Small DOM helpers shared by the views: an element builder, toasts, labels for channels and times.

/** h('button.primary', {onclick}, 'Send'), h('h1#title', 'Inbox') → an element; attrs starting with "on" become listeners. */
export function h(tag, attrs, ...children) {
  const [head, ...classes] = tag.split('.');
  const [name, id] = head.split('#');
  const el = document.createElement(name || 'div');
  if (id) el.id = id;
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) { children.unshift(attrs); attrs = null; }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function toast(message, kind = 'error') {
  const box = document.getElementById('toasts');
  const t = h('div.toast.' + kind, { role: kind === 'error' ? 'alert' : null }, h('span', message),
    h('button.link', { type: 'button', 'aria-label': 'Dismiss', onclick: () => t.remove() }, '×'));
  box.append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 9000 : 4000);
}

/** An inline error line for a form, filled in by showError. */
export function errorLine() { return h('p.form-error', { role: 'alert', hidden: true }); }
export function showError(line, e) {
  line.textContent = e ? (e.message || String(e)) + (e.field ? ' (field: ' + e.field + ')' : '') : '';
  line.hidden = !e;
}

const CHANNELS = { whatsapp: 'WhatsApp', instagram: 'Instagram', webchat: 'Web', telegram: 'Telegram', email: 'E-mail' };
export const channelName = (c) => CHANNELS[c] || (c ? c[0].toUpperCase() + c.slice(1) : 'Unknown');
export const channelBadge = (c) => h('span.badge.ch-' + (CHANNELS[c] ? c : 'other'), { dataset: { channel: c || '' } }, channelName(c));

export function initials(name) {
  if (!name || /^Contact /.test(name) || /^\+?[0-9 ]+$/.test(name)) return '?';
  const parts = String(name || '?').replace(/[^\p{L}\p{N} ]/gu, '').trim().split(/\s+/);
  return ((parts[0] || '?')[0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso); const now = new Date();
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const days = (now - d) / 86400000;
  if (days < 6) return d.toLocaleDateString([], { weekday: 'short' });
  return d.toLocaleDateString([], { day: 'numeric', month: 'short' });
}
export const fullTime = (iso) => (iso ? new Date(iso).toLocaleString() : '');

export function busy(button, promise) {
  button.disabled = true; button.setAttribute('aria-busy', 'true');
  return Promise.resolve(promise).finally(() => { button.disabled = false; button.removeAttribute('aria-busy'); });
}

export function field(label, input, hint) {
  const id = input.id || (input.id = 'f-' + Math.random().toString(36).slice(2, 9));
  return h('div.field', h('label', { for: id }, label), input, hint ? h('p.hint', hint) : null);
}
