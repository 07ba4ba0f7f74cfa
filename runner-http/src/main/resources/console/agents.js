// Agents: list, create and edit; each answers on at most one channel account.
import { api } from './api.js';
import { h, toast, busy, errorLine, showError, field, channelBadge } from './ui.js';

const TOOLS = [['escalate_conversation', 'Escalate to a human'], ['resolve_conversation', 'Resolve the conversation']];

export function agentsView(ctx) {
  const tenant = ctx.tenant.user_id;
  const list = h('div.cards');
  const formBox = h('div');
  const el = h('div.page',
    h('div.page-head', h('h1', 'Agents'), h('p.muted', 'The AI that answers on a channel, and how it behaves.'),
      h('button.primary', { type: 'button', onclick: () => edit(null) }, 'New agent')),
    list, formBox);
  let agents = [];

  const accountLabel = (id) => {
    const a = ctx.accounts.find((x) => x.phone_number_id === id);
    return a ? (a.display_name || a.phone_number_id) + (a.external_number ? ' · ' + a.external_number : '') : id;
  };

  function card(a) {
    const acc = ctx.accounts.find((x) => x.phone_number_id === a.phone_number_id);
    return h('article.card.agent', { dataset: { agent: a.agent_id } },
      h('div.card-top',
        h('div', h('h3', a.name), h('p.muted.small', a.prompt_id ? 'Prompt ' + a.prompt_id + (a.prompt_version ? ' v' + a.prompt_version : '') : 'Instructions · ' + (a.model || 'default model'))),
        h('div.row.tight', acc ? channelBadge(acc.type) : null, h('span.state', { dataset: { state: a.phone_number_id ? 'open' : '' } },
          a.phone_number_id ? 'On ' + accountLabel(a.phone_number_id) : 'Not linked'))),
      h('p.small.muted', 'Debounce ' + a.debounce_ms + ' ms · ' + (a.pause_on_human_reply ? 'pauses when a human replies' : 'keeps answering after a human reply')
        + (a.tools?.length ? ' · tools: ' + a.tools.join(', ') : '')),
      h('div.row', h('button.small', { type: 'button', onclick: () => edit(a) }, 'Edit ' + a.name)));
  }

  function edit(a) {
    const v = (k, d = '') => (a && a[k] !== null && a[k] !== undefined ? String(a[k]) : d);
    const name = h('input', { id: 'agent-name', required: true, value: v('name'), autocomplete: 'off' });
    const account = h('select', { id: 'agent-account' }, h('option', { value: '' }, '— not linked —'),
      ctx.accounts.map((x) => h('option', { value: x.phone_number_id, selected: a?.phone_number_id === x.phone_number_id }, accountLabel(x.phone_number_id))));
    const usePrompt = !a || !!a.prompt_id;
    const modePrompt = h('input', { type: 'radio', name: 'mode', id: 'mode-prompt', value: 'prompt', checked: usePrompt, onchange: () => mode() });
    const modeInstr = h('input', { type: 'radio', name: 'mode', id: 'mode-instructions', value: 'instructions', checked: !usePrompt, onchange: () => mode() });
    const promptId = h('input', { id: 'agent-prompt-id', value: v('prompt_id'), placeholder: 'pmpt_…', autocomplete: 'off' });
    const promptVersion = h('input', { id: 'agent-prompt-version', value: v('prompt_version'), placeholder: 'latest', autocomplete: 'off' });
    const instructions = h('textarea', { id: 'agent-instructions', rows: 4 }, v('instructions'));
    const model = h('input', { id: 'agent-model', value: v('model'), placeholder: 'gpt-4o-mini', autocomplete: 'off' });
    const promptBox = h('div.grid2', field('Prompt id', promptId), field('Prompt version', promptVersion));
    const instrBox = h('div', field('Instructions', instructions), field('Model', model));
    const greeting = h('input', { id: 'agent-greeting', value: v('greeting'), autocomplete: 'off' });
    const fallback = h('input', { id: 'agent-fallback', value: v('fallback_reply'), autocomplete: 'off' });
    const debounce = h('input', { id: 'agent-debounce', type: 'number', min: 0, step: 100, value: v('debounce_ms', '2000') });
    const tools = TOOLS.map(([t, label]) => h('label.check', h('input', { type: 'checkbox', value: t, checked: !!a?.tools?.includes(t) }), label));
    const pause = h('label.check', h('input', { type: 'checkbox', id: 'agent-pause', checked: a ? a.pause_on_human_reply !== false : true }),
      'Pause the bot when a human replies');
    const err = errorLine();
    const save = h('button.primary', { type: 'submit' }, a ? 'Save agent' : 'Create agent');
    function mode() { promptBox.hidden = !modePrompt.checked; instrBox.hidden = modePrompt.checked; }
    const form = h('form.card', { 'aria-labelledby': 'agent-form-title', onsubmit: (e) => { e.preventDefault(); busy(save, submit()); } },
      h('h2#agent-form-title', a ? 'Edit ' + a.name : 'New agent'),
      h('div.grid2', field('Name', name), field('Channel', account)),
      h('fieldset.inline', h('legend', 'Answers with'),
        h('label.check', modePrompt, 'A dashboard prompt (id and version)'), h('label.check', modeInstr, 'Instructions and a model')),
      promptBox, instrBox,
      h('div.grid2', field('Greeting (first reply in a new conversation)', greeting), field('Fallback reply (when the model fails)', fallback)),
      field('Debounce (ms to wait for more messages)', debounce),
      h('fieldset.inline', h('legend', 'Tools'), tools, pause),
      err, h('div.row', save, h('button.ghost', { type: 'button', onclick: () => formBox.replaceChildren() }, 'Cancel')));
    mode();

    async function submit() {
      showError(err, null);
      const body = { name: name.value.trim(), greeting: greeting.value.trim() || null, fallback_reply: fallback.value.trim() || null,
        debounce_ms: Number(debounce.value || 0), pause_on_human_reply: pause.querySelector('input').checked,
        tools: tools.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value) };
      if (modePrompt.checked) { body.prompt_id = promptId.value.trim() || null; body.prompt_version = promptVersion.value.trim() || null; if (a) { body.instructions = null; } }
      else { body.instructions = instructions.value.trim() || null; body.model = model.value.trim() || null; if (a) { body.prompt_id = null; body.prompt_version = null; } }
      if (account.value || a?.phone_number_id) body.phone_number_id = account.value || null;
      if (!a) for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
      try {
        const saved = a ? await api.updateAgent(tenant, a.agent_id, body) : await api.createAgent(tenant, body);
        toast('Agent ' + saved.name + (a ? ' saved.' : ' created.'), 'ok');
        formBox.replaceChildren();
        await load();
      } catch (e) { showError(err, e); }
    }
    formBox.replaceChildren(form);
    name.focus();
    form.scrollIntoView({ block: 'nearest' });
  }

  async function load() {
    try {
      await ctx.reloadAccounts();
      agents = await api.agents(tenant);
      ctx.agentNames = new Map(agents.map((a) => [a.agent_id, a.name]));
      list.replaceChildren(...(agents.length ? agents.map(card) : [h('p.empty', 'No agents yet: create one to answer your customers.')]));
    } catch (e) { toast(e.message); }
  }
  load();
  return { el };
}
