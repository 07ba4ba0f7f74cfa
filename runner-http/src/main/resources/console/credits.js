// Credits: the balance, the recent ledger, and a top-up for the admin key.
import { api } from './api.js';
import { h, toast, busy, errorLine, showError, field, fullTime } from './ui.js';

const KINDS = { turn: 'Reply', extraction: 'Lead extraction', top_up: 'Top-up', topup: 'Top-up', refund: 'Refund' };

export function creditsView(ctx) {
  const tenant = ctx.tenant.user_id;
  const balance = h('p.balance', '…');
  const ledger = h('div');
  const el = h('div.page', h('div.page-head', h('h1', 'Credits'), h('p.muted', 'Each answered turn and each lead extraction uses credits.')),
    h('section.card', h('h2', 'Balance'), balance), h('section.card', h('h2', 'Recent activity'), ledger));

  if (ctx.admin) {
    const amount = h('input', { id: 'topup-amount', type: 'number', min: 1, step: 1, required: true });
    const err = errorLine();
    const button = h('button.primary', { type: 'submit' }, 'Add credits');
    el.append(h('form.card', { onsubmit: (e) => { e.preventDefault(); busy(button, topUp()); } }, h('h2', 'Top up'),
      field('Credits to add', amount), err, h('div.row', button)));
    async function topUp() {
      showError(err, null);
      try { const r = await api.topUp(tenant, Number(amount.value)); amount.value = ''; show(r); toast('Credits added.', 'ok'); loadLedger(); }
      catch (e) { showError(err, e); }
    }
  }

  function show(r) { balance.textContent = Number(r.remaining_credits).toLocaleString() + ' credits'; }

  async function loadLedger() {
    try {
      const entries = await api.ledger(tenant);
      if (entries === null) { ledger.replaceChildren(h('p.muted', 'This server does not publish the credit ledger yet.')); return; }
      if (!entries.length) { ledger.replaceChildren(h('p.muted', 'Nothing yet.')); return; }
      ledger.replaceChildren(h('table.table', h('thead', h('tr', h('th', 'When'), h('th', 'What'), h('th.num', 'Credits'), h('th.num', 'Balance'))),
        h('tbody', entries.map((e) => {
          const amount = e.amount ?? e.delta ?? 0;
          return h('tr', h('td', fullTime(e.created_at)), h('td', KINDS[e.kind || e.type || e.reason] || e.kind || e.type || e.reason || '—',
            e.conversation_id ? h('a.small', { href: '#/c/' + encodeURIComponent(e.conversation_id) }, ' conversation') : null),
          h('td.num', (amount > 0 ? '+' : '') + amount), h('td.num', e.balance_after ?? e.balance ?? ''));
        }))));
    } catch (e) { ledger.replaceChildren(h('p.form-error', { role: 'alert' }, e.message)); }
  }

  api.credits(tenant).then(show).catch((e) => { balance.textContent = '—'; toast(e.message); });
  loadLedger();
  return { el };
}
