// Webhook request cases for fuzzing: hand-made nasties, then random ones from a seeded
// PRNG, so a failing case can be reproduced from its seed and index.

export type Random = () => number;

/** mulberry32: small, fast, good enough to spread cases; the same seed gives the same cases. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzRequest {
  route: '/webhooks/pakasir' | '/webhooks/telegram';
  contentType: string | null;
  body: string;
  /** Send the route's secret header (the secret itself is added by the runner). */
  signed: boolean;
}

/** What a case may refer to: a real open order makes bodies reach the gateway check. */
export interface FuzzTargets {
  orderId: string;
  txnId: string;
  amount: number;
  slug: string;
}

const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const int = (rand: Random, max: number) => Math.floor(rand() * max);

const NASTY_STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  "'; DROP TABLE orders; --",
  '<script>alert(1)</script>',
  '\u0000\u0001\u001f',
  '\ud800',
  '💸'.repeat(50),
  '%s%s%n',
  '../../etc/passwd',
  '9'.repeat(400),
  'x'.repeat(3000),
  'COMPLETED',
  'completed ',
  'Completed',
  'paid',
  'expired',
  'cancelled',
  '2026-13-45T99:99:99Z',
  '1e309',
  '-0',
  '0x10',
];

const NASTY_NUMBERS = [0, -1, 1, 0.5, -0, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 10_000, 10_000_000, 500, 499];

function randomString(rand: Random): string {
  if (rand() < 0.6) return pick(rand, NASTY_STRINGS);
  const length = int(rand, rand() < 0.9 ? 40 : 4000);
  let out = '';
  for (let i = 0; i < length; i++)
    out += String.fromCharCode(rand() < 0.8 ? 32 + int(rand, 95) : int(rand, 0xffff));
  return out;
}

export function randomValue(rand: Random, depth = 0): unknown {
  const roll = rand();
  if (depth > 3 || roll < 0.15) return pick(rand, [null, true, false, undefined]);
  if (roll < 0.35) return pick(rand, NASTY_NUMBERS);
  if (roll < 0.65) return randomString(rand);
  if (roll < 0.8) return Array.from({ length: int(rand, 4) }, () => randomValue(rand, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = int(rand, 5); i > 0; i--)
    object[randomString(rand).slice(0, 30)] = randomValue(rand, depth + 1);
  return object;
}

const PAKASIR_FIELDS = [
  'txn_id',
  'order_id',
  'amount',
  'status',
  'project',
  'payment_method',
  'is_sandbox',
  'completed_at',
];

/** A plausible webhook with some fields swapped for random values. */
function mutatedPakasirBody(rand: Random, targets: FuzzTargets): Record<string, unknown> {
  const body: Record<string, unknown> = {
    txn_id: rand() < 0.7 ? targets.txnId : randomString(rand),
    order_id: rand() < 0.7 ? targets.orderId : randomString(rand),
    amount: rand() < 0.6 ? targets.amount : pick(rand, NASTY_NUMBERS),
    status: rand() < 0.6 ? 'completed' : randomString(rand),
    project: rand() < 0.7 ? targets.slug : randomString(rand),
    payment_method: 'qris',
    is_sandbox: rand() < 0.8 ? false : randomValue(rand),
    completed_at: rand() < 0.7 ? new Date().toISOString() : randomValue(rand),
  };
  for (let i = int(rand, 3); i > 0; i--) body[pick(rand, PAKASIR_FIELDS)] = randomValue(rand);
  if (rand() < 0.2) delete body[pick(rand, PAKASIR_FIELDS)];
  return body;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  null,
];

function deepArray(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Hand-made bodies that broke or could break parsers and handlers. */
export function handMadeCases(targets: FuzzTargets): FuzzRequest[] {
  const raw = [
    '',
    'null',
    '[]',
    '{}',
    '"completed"',
    '123',
    'true',
    '{not json',
    '{"order_id":',
    '\u0000',
    deepArray(5000),
    `{"a":${deepArray(3000)}}`,
    '{"__proto__":{"status":"completed"},"order_id":"x","amount":1}',
    '{"constructor":{"prototype":{"ok":true}}}',
    JSON.stringify({ ...mutatedPakasirBody(seededRandom(1), targets), status: 'x'.repeat(15_000) }),
    JSON.stringify({ order_id: targets.orderId, amount: targets.amount, status: 'completed' }),
    JSON.stringify({ order_id: targets.orderId, amount: `${targets.amount}`, status: 'COMPLETED' }),
    JSON.stringify({ order_id: targets.orderId, amount: targets.amount + 0.5, status: 'completed' }),
    JSON.stringify({
      order_id: targets.orderId,
      amount: targets.amount,
      status: 'completed',
      is_sandbox: 'yes',
    }),
    JSON.stringify({ order_id: [targets.orderId], amount: { $gt: 0 }, status: 'completed' }),
    // PostgreSQL refuses NUL in text: it must not reach a query.
    JSON.stringify({
      order_id: '\u0000\u0001',
      amount: targets.amount,
      status: 'completed',
      project: targets.slug,
    }),
    JSON.stringify({ order_id: 'x'.repeat(5000), amount: targets.amount, status: 'completed' }),
  ];
  const pakasir: FuzzRequest[] = raw.flatMap((body) => [
    { route: '/webhooks/pakasir', contentType: 'application/json', body, signed: true },
    { route: '/webhooks/pakasir', contentType: 'application/json', body, signed: false },
  ]);
  const telegram: FuzzRequest[] = [...raw, ...handMadeUpdates().map((u) => JSON.stringify(u))].map(
    (body) => ({
      route: '/webhooks/telegram',
      contentType: 'application/json',
      body,
      signed: true,
    }),
  );
  return [...pakasir, ...telegram];
}

let nextUpdateId = 1_000_000;
const chat = { id: 777, type: 'private', first_name: 'Fuzz' };
const user = { id: 777, is_bot: false, first_name: 'Fuzz' };
const message = (extra: Record<string, unknown>) => ({ message_id: 1, date: 1, chat, ...extra });

/** Updates Telegram can really send (and some it cannot), several without a sender. */
export function handMadeUpdates(): Record<string, unknown>[] {
  const id = () => nextUpdateId++;
  const channel = { id: -100123, type: 'channel', title: 'Fuzz channel' };
  return [
    { update_id: id() },
    { update_id: id(), message: null },
    { update_id: id(), message: message({ text: '/start' }) },
    { update_id: id(), message: message({ from: user, text: '/start' }) },
    { update_id: id(), message: message({ from: user }) },
    { update_id: id(), message: message({ from: user, text: 'x'.repeat(4096) }) },
    { update_id: id(), message: message({ from: { id: 'x' }, text: 'hi' }) },
    {
      update_id: id(),
      message: { message_id: 1, date: 1, chat: { id: -5, type: 'group', title: 'g' }, text: '/start' },
    },
    { update_id: id(), channel_post: { message_id: 1, date: 1, chat: channel, text: '/start' } },
    {
      update_id: id(),
      edited_channel_post: { message_id: 1, date: 1, edit_date: 2, chat: channel, text: 'hi' },
    },
    {
      update_id: id(),
      poll: { id: 'p', question: 'q', options: [], total_voter_count: 0, is_closed: false },
    },
    { update_id: id(), message_reaction_count: { chat: channel, message_id: 1, date: 1, reactions: [] } },
    {
      update_id: id(),
      chat_boost: { chat: channel, boost: { boost_id: 'b', add_date: 1, expiration_date: 2 } },
    },
    { update_id: id(), removed_chat_boost: { chat: channel, boost_id: 'b', remove_date: 1, source: {} } },
    { update_id: id(), callback_query: { id: 'cq1', from: user, chat_instance: 'c', data: 'cart:add:nope' } },
    { update_id: id(), callback_query: { id: 'cq2', from: user, chat_instance: 'c' } },
    { update_id: id(), callback_query: { id: 'cq4', from: null, chat_instance: 'c', data: 'x' } },
    { update_id: id(), message: message({ from: null, text: '/start' }) },
    {
      update_id: id(),
      callback_query: {
        id: 'cq3',
        from: user,
        chat_instance: 'c',
        data: '\u0000'.repeat(64),
        message: message({}),
      },
    },
    { update_id: id(), inline_query: { id: 'iq', from: user, query: '', offset: '' } },
    {
      update_id: id(),
      my_chat_member: { chat, from: user, date: 1, old_chat_member: {}, new_chat_member: {} },
    },
    { update_id: id(), unknown_kind: { whatever: true } },
  ];
}

const UPDATE_KINDS = [
  'message',
  'edited_message',
  'channel_post',
  'callback_query',
  'inline_query',
  'poll',
  'my_chat_member',
];

function randomUpdate(rand: Random): unknown {
  if (rand() < 0.1) return randomValue(rand);
  const update: Record<string, unknown> = { update_id: rand() < 0.95 ? nextUpdateId++ : randomValue(rand) };
  const kind = pick(rand, UPDATE_KINDS);
  if (rand() < 0.5) {
    const from = rand() < 0.7 ? { ...user, id: 700 + int(rand, 50) } : randomValue(rand);
    const text =
      rand() < 0.5 ? pick(rand, ['/start', '/katalog', '/saldo', '/help', 'hi']) : randomValue(rand);
    update[kind] =
      kind === 'callback_query'
        ? {
            id: `cq${int(rand, 1e6)}`,
            from,
            chat_instance: 'c',
            data: randomString(rand).slice(0, 64),
            message: message({}),
          }
        : message({ from: rand() < 0.8 ? from : undefined, text });
  } else {
    update[kind] = randomValue(rand);
  }
  return update;
}

/** The `index`-th random case of a seeded run. */
export function randomCase(rand: Random, targets: FuzzTargets): FuzzRequest {
  if (rand() < 0.5) {
    const roll = rand();
    const body =
      roll < 0.6
        ? JSON.stringify(mutatedPakasirBody(rand, targets))
        : roll < 0.85
          ? JSON.stringify(randomValue(rand) ?? null)
          : randomString(rand);
    return { route: '/webhooks/pakasir', contentType: pick(rand, CONTENT_TYPES), body, signed: rand() < 0.7 };
  }
  const body = rand() < 0.9 ? JSON.stringify(randomUpdate(rand) ?? null) : randomString(rand);
  return {
    route: '/webhooks/telegram',
    contentType: rand() < 0.9 ? 'application/json' : pick(rand, CONTENT_TYPES),
    body,
    signed: rand() < 0.95,
  };
}

export interface FuzzSecrets {
  pakasir: string;
  telegram: string;
}

/** Sends one case; the status, or 0 when the connection failed. */
export async function sendCase(baseUrl: string, request: FuzzRequest, secrets: FuzzSecrets): Promise<number> {
  const headers: Record<string, string> = {};
  if (request.contentType) headers['content-type'] = request.contentType;
  if (request.signed) {
    if (request.route === '/webhooks/pakasir') headers['x-secret'] = secrets.pakasir;
    else headers['x-telegram-bot-api-secret-token'] = secrets.telegram;
  }
  try {
    const response = await fetch(`${baseUrl}${request.route}`, {
      method: 'POST',
      headers,
      body: request.body,
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
