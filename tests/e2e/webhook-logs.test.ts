// Unauthenticated requests must not fill the disk: the body is capped, the secret is
// checked before the body is read, logged values are clipped, rejects are counted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../support/forgery.ts';
import { eventually } from '../support/runtime.ts';
import { PAKASIR, type Shop, startShop } from '../support/shop.ts';

let shop: Shop;
let markers = 0;

beforeAll(async () => {
  shop = await startShop();
});
afterAll(async () => {
  await shop?.stop();
});

function files(sub: 'bot' | 'audit'): string[] {
  const dir = join(shop.logDir, sub);
  return readdirSync(dir).map((f) => join(dir, f));
}
const sizeOf = (sub: 'bot' | 'audit') => files(sub).reduce((sum, f) => sum + statSync(f).size, 0);
const textOf = (sub: 'bot' | 'audit') =>
  files(sub)
    .map((f) => readFileSync(f, 'utf8'))
    .join('');

const signed = { 'x-secret': PAKASIR.secret };

/** An authenticated reject that is logged at once: once it is in the file, everything before it is too. */
async function logMarker(): Promise<void> {
  markers += 1;
  const orderId = `MARKER-${markers}`;
  const answer = await postWebhook(
    shop,
    { txn_id: 'T', order_id: orderId, amount: 10_000, status: 'completed', project: 'someone-else' },
    signed,
  );
  expect(answer.status).toBe(400);
  await eventually(() => expect(textOf('bot')).toContain(orderId));
}

async function growth(run: () => Promise<void>): Promise<{ log: number; audit: number }> {
  await logMarker();
  const log = sizeOf('bot');
  const audit = sizeOf('audit');
  await run();
  await logMarker();
  return { log: sizeOf('bot') - log, audit: sizeOf('audit') - audit };
}

describe('webhook logs under attack', () => {
  it('refuses 1 MB bodies with 413 and grows no log by more than a few KB', async () => {
    const huge = JSON.stringify({ order_id: 'x', amount: 1, status: 'x'.repeat(1_000_000) });
    const grew = await growth(async () => {
      for (let i = 0; i < 10; i++) {
        expect((await postWebhook(shop, huge, signed)).status).toBe(413);
        expect((await postWebhook(shop, huge)).status).toBe(401);
      }
    });
    expect(grew.log).toBeLessThan(8_000);
    expect(grew.audit).toBeLessThan(4_000);
  });

  it('clips the sender-chosen values it logs', async () => {
    const long = 'a'.repeat(7_000);
    const grew = await growth(async () => {
      const answer = await postWebhook(shop, { order_id: long, amount: 5_000, status: long }, signed);
      expect(answer.status).toBe(400);
    });
    expect(grew.log).toBeLessThan(4_000);
    expect(grew.audit).toBeLessThan(2_000);
    expect(textOf('bot')).toContain('pakasir webhook rejected: malformed');
  });

  it('checks the secret before the body, and counts unauthenticated rejects instead of auditing each', async () => {
    const before = textOf('audit')
      .split('\n')
      .filter((l) => l.includes('bad_secret')).length;
    for (let i = 0; i < 25; i++) {
      // Not even JSON: the secret is checked first.
      expect((await postWebhook(shop, '{not json', { 'x-secret': 'wrong-secret' })).status).toBe(401);
    }
    const after = textOf('audit')
      .split('\n')
      .filter((l) => l.includes('bad_secret')).length;
    expect(after - before).toBeLessThanOrEqual(1);
    // One sample of the minute reaches the log at once.
    await eventually(() => expect(textOf('bot')).toContain('pakasir webhook rejected: bad_secret'));

    // The count is audited once, when the minute ends or the server stops.
    await shop.restart();
    const summaries = textOf('audit')
      .split('\n')
      .filter((line) => line.includes('payment.webhook_unauthenticated_counted'))
      .map((line) => JSON.parse(line) as { counts: Record<string, number> });
    const counted = summaries.reduce((sum, s) => sum + (s.counts.bad_secret ?? 0), 0);
    expect(counted).toBeGreaterThanOrEqual(25);
  });
});
