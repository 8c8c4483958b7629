// Crafted and random requests to both webhooks (webhook mode): never a 5xx, never a
// crash, and the server still healthy afterwards. The PRNG is seeded: a failure names
// its seed and case index, and FUZZ_SEED reruns it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FuzzRequest,
  handMadeCases,
  handMadeUpdates,
  randomCase,
  seededRandom,
  sendCase,
} from '../../bench/fuzz-cases.ts';
import { freePort } from '../../src/infra/embedded-postgres.ts';
import { gatewayTxn } from '../support/forgery.ts';
import { checkout, waitForInvoice } from '../support/orders.ts';
import { PAKASIR, type Shop, startShop } from '../support/shop.ts';

const TELEGRAM_SECRET = 'tg-fuzz-secret-0123456789';
const secrets = { pakasir: PAKASIR.secret, telegram: TELEGRAM_SECRET };
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RANDOM_CASES = 300;

let shop: Shop;

beforeAll(async () => {
  const port = await freePort();
  shop = await startShop({
    env: {
      BOT_MODE: 'webhook',
      PORT: String(port),
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks/telegram`,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      WEBHOOK_RATE_LIMIT_PER_MINUTE: '100000',
    },
  });
});
afterAll(async () => {
  await shop?.stop();
});

function logLines(): { level: number; msg: string }[] {
  const dir = join(shop.logDir, 'bot');
  return readdirSync(dir)
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

const post = (route: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${shop.app.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
const telegramHeaders = { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET };

describe('telegram webhook robustness', () => {
  it('answers a JSON null or non-update body with 400', async () => {
    for (const body of ['null', '[]', '"x"', '{"update_id":"1"}']) {
      expect((await post('/webhooks/telegram', body, telegramHeaders)).status).toBe(400);
    }
  });

  it('handles updates without a sender quietly', async () => {
    const senderless = handMadeUpdates().filter((update) => {
      const inner = Object.values(update).find((v) => typeof v === 'object' && v !== null) as
        | { from?: unknown }
        | undefined;
      return inner !== undefined && (inner.from === undefined || inner.from === null);
    });
    expect(senderless.length).toBeGreaterThanOrEqual(6);
    const before = logLines().filter((l) => l.level >= 50).length;
    for (const update of senderless) {
      expect((await post('/webhooks/telegram', JSON.stringify(update), telegramHeaders)).status).toBe(200);
    }
    const errors = logLines()
      .filter((l) => l.level >= 50)
      .slice(before);
    expect(errors).toEqual([]);
  });
});

describe('webhook fuzz', () => {
  it(`hand-made and ${RANDOM_CASES} random requests (seed ${SEED}): no 5xx, /health 200 afterwards`, async () => {
    const buyer = shop.buyer(5301);
    const orderId = await checkout(shop, 5301, [{ code: 'CANVA-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    const txn = gatewayTxn(shop, orderId);
    const targets = { orderId, txnId: txn.txnId, amount: txn.amount, slug: PAKASIR.slug };

    const rand = seededRandom(SEED);
    const cases: FuzzRequest[] = [
      ...handMadeCases(targets),
      ...Array.from({ length: RANDOM_CASES }, () => randomCase(rand, targets)),
    ];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    // A few at a time, like a busy gateway and Telegram together.
    for (let i = 0; i < cases.length; i += 4) {
      const batch = cases.slice(i, i + 4);
      const answers = await Promise.all(batch.map((c) => sendCase(shop.app.url, c, secrets)));
      answers.forEach((status, j) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 0 || status >= 500) {
          const c = batch[j]!;
          failures.push(`case ${i + j} (seed ${SEED}) ${c.route} → ${status}: ${c.body.slice(0, 200)}`);
        }
      });
    }
    console.info(`fuzz statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures).toEqual([]);
    expect((await fetch(`${shop.app.url}/health`)).status).toBe(200);
    // Nothing was paid by any of it.
    expect(shop.pakasir.transaction(orderId)?.status).toBe('pending');
  });
});
