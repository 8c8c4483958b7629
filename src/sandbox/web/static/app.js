// The sandbox web chat. Bot text arrives as a node tree (see rich-text.ts) and is built with
// createElement/createTextNode only: nothing the bot sends is ever parsed as markup here.

const TAGS = {
  b: 'b',
  i: 'i',
  u: 'u',
  s: 's',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  a: 'a',
  spoiler: 'span',
};
const SAFE_LINK = /^(https?:\/\/|tg:\/\/)/i;

const state = { setup: undefined, persona: undefined, bot: undefined, source: undefined };
const $ = (id) => document.getElementById(id);

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

/** One rich node (text or element) as DOM. */
function richNode(node) {
  if (typeof node.text === 'string') return document.createTextNode(node.text);
  const tag = TAGS[node.tag];
  if (!tag) return document.createTextNode('');
  const dom = document.createElement(tag);
  if (node.tag === 'a' && typeof node.href === 'string' && SAFE_LINK.test(node.href)) {
    dom.href = node.href;
    dom.target = '_blank';
    dom.rel = 'noopener noreferrer';
  }
  if (node.tag === 'spoiler') {
    dom.className = 'spoiler';
    dom.addEventListener('click', () => dom.classList.add('revealed'));
  }
  if (node.tag === 'pre' && typeof node.language === 'string') dom.dataset.language = node.language;
  for (const child of node.children ?? []) dom.append(richNode(child));
  return dom;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

const chatPath = (action) =>
  `/chat/api/${encodeURIComponent(state.persona.id)}/${encodeURIComponent(String(state.bot.id))}/${action}`;

function act(promise) {
  promise.catch((error) => toast(`⚠️ ${error.message}`, true));
}

function toast(text, alert = false) {
  const box = $('toast');
  box.textContent = text;
  box.classList.toggle('alert', alert);
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(
    () => {
      box.hidden = true;
    },
    alert ? 6000 : 3500,
  );
}

function buttonRow(row, messageId) {
  return element(
    'div',
    { class: 'button-row' },
    row.map((button) => {
      if (button.kind === 'url' && SAFE_LINK.test(button.href)) {
        return element('a', {
          class: 'inline-button',
          'data-testid': 'inline-button',
          href: button.href,
          target: '_blank',
          rel: 'noopener noreferrer',
          text: `${button.text} ↗`,
        });
      }
      return element('button', {
        type: 'button',
        class: 'inline-button',
        'data-testid': 'inline-button',
        text: button.text,
        onclick: () => act(post(chatPath('press'), { messageId, index: button.index })),
        ...(button.kind === 'callback' ? {} : { disabled: 'disabled' }),
      });
    }),
  );
}

/** A picture that keeps the chat scrolled to the bottom once it loads and grows the message. */
function picture(className, src, alt) {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  return element('img', {
    class: className,
    src,
    alt,
    onload: () => {
      if (atBottom) list.scrollTop = list.scrollHeight;
    },
  });
}

function messageContent(message) {
  const parts = [];
  if (message.photo) parts.push(picture('photo', message.photo, 'foto / photo'));
  if (message.sticker) parts.push(picture('sticker', message.sticker, 'stiker'));
  if (message.document) {
    parts.push(
      element('a', {
        class: 'document',
        'data-testid': 'document',
        href: message.document.href,
        download: message.document.name,
        text: `📄 ${message.document.name}`,
      }),
    );
  }
  if (message.nodes.length > 0) parts.push(element('div', { class: 'text' }, message.nodes.map(richNode)));
  if (message.edited) parts.push(element('span', { class: 'edited', text: 'diubah / edited' }));
  if (message.buttons.length > 0) {
    parts.push(
      element(
        'div',
        { class: 'inline-keyboard' },
        message.buttons.map((row) => buttonRow(row, message.id)),
      ),
    );
  }
  return parts;
}

/** Adds a message in id order, or replaces an existing one's content in place (edits). */
function showMessage(message) {
  const list = $('messages');
  let item = list.querySelector(`[data-message-id="${message.id}"]`);
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  if (!item) {
    item = element('li', { 'data-testid': 'message', 'data-message-id': String(message.id) });
    const later = [...list.children].find((other) => Number(other.dataset.messageId) > message.id);
    list.insertBefore(item, later ?? null);
  }
  item.dataset.from = message.from;
  item.dataset.edited = String(message.edited);
  item.className = `message from-${message.from}`;
  item.replaceChildren(...messageContent(message));
  if (atBottom || message.from === 'user') list.scrollTop = list.scrollHeight;
}

function showKeyboard(rows) {
  $('reply-keyboard').replaceChildren(
    ...rows.map((row) =>
      element(
        'div',
        { class: 'button-row' },
        row.map((label) =>
          element('button', {
            type: 'button',
            class: 'reply-button',
            'data-testid': 'reply-button',
            text: label,
            onclick: () => act(post(chatPath('reply'), { label })),
          }),
        ),
      ),
    ),
  );
}

function handle(event) {
  if (event.type === 'reset') {
    $('messages').replaceChildren();
    for (const message of event.messages) showMessage(message);
    showKeyboard(event.keyboard);
  } else if (event.type === 'message') showMessage(event.message);
  else if (event.type === 'delete') $('messages').querySelector(`[data-message-id="${event.id}"]`)?.remove();
  else if (event.type === 'keyboard') showKeyboard(event.keyboard);
  else if (event.type === 'toast') toast(event.text, event.alert);
}

/** Follows the chosen chat; EventSource reconnects by itself and the server resends the chat. */
function follow() {
  state.source?.close();
  const status = $('status');
  status.textContent = `${state.persona.name} ↔ ${state.bot.name}`;
  const source = new EventSource(chatPath('events'));
  source.onmessage = (message) => handle(JSON.parse(message.data));
  source.onopen = () => {
    document.body.dataset.connected = 'true';
    status.classList.remove('offline');
  };
  source.onerror = () => {
    document.body.dataset.connected = 'false';
    status.classList.add('offline');
  };
  state.source = source;
}

function choosePersona(id) {
  state.persona = state.setup.personas.find((persona) => persona.id === id) ?? state.setup.personas[0];
  const bots = state.persona.bots;
  const picker = $('bot');
  picker.replaceChildren(
    ...bots.map((bot) =>
      element('option', { value: String(bot.id), text: `${bot.name} (@${bot.username})` }),
    ),
  );
  $('bot-picker').hidden = bots.length < 2;
  chooseBot(bots[0].id);
}

function chooseBot(id) {
  state.bot = state.persona.bots.find((bot) => bot.id === Number(id)) ?? state.persona.bots[0];
  $('bot').value = String(state.bot.id);
  const url = new URL(location.href);
  url.searchParams.set('persona', state.persona.id);
  url.searchParams.set('bot', String(state.bot.id));
  history.replaceState(null, '', url);
  follow();
}

async function start() {
  const response = await fetch('/chat/api/setup');
  state.setup = await response.json();
  document.title = `${state.setup.storeName} · sandbox`;
  $('store-name').textContent = `🤖 ${state.setup.storeName}`;
  const inspector = $('inspector-link');
  inspector.href = state.setup.inspector;
  inspector.addEventListener('click', () => {
    $('inspector-pane').hidden = false;
  });
  const personas = $('persona');
  personas.replaceChildren(
    ...state.setup.personas.map((persona) =>
      element('option', { value: persona.id, text: `${persona.name} — ${persona.label}` }),
    ),
  );
  personas.addEventListener('change', () => choosePersona(personas.value));
  $('bot').addEventListener('change', () => chooseBot($('bot').value));
  $('composer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('composer');
    const text = input.value.trim();
    if (text === '') return;
    input.value = '';
    act(post(chatPath('send'), { text }));
  });
  $('pay').addEventListener('click', () =>
    act(post('/chat/api/pay').then((outcome) => toast(outcome.lines.join(' · '), !outcome.paid))),
  );
  const wanted = new URLSearchParams(location.search);
  personas.value = wanted.get('persona') ?? state.setup.personas[0].id;
  choosePersona(personas.value);
  const bot = wanted.get('bot');
  if (bot && bot !== String(state.bot.id)) chooseBot(bot);
}

start().catch((error) => {
  $('status').textContent = `⚠️ ${error.message}`;
});
