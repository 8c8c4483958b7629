import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import { checkout, waitForInvoice, waitForState } from '../support/orders.ts';
import { BOT_TOKEN, exampleCatalog, PAKASIR, type Shop, startShop } from '../support/shop.ts';

const CHROMIUM = '/usr/bin/chromium';
const BUYER = 6101;
let shop: Shop;
let orderId: string;

beforeAll(async () => {
  shop = await startShop();
  const buyer = shop.buyer(BUYER, 'Sari');
  orderId = await checkout(shop, BUYER, [{ code: 'NETFLIX-1B', quantity: 1 }]);
  await waitForInvoice(buyer, orderId);
  expect((await shop.pakasir.simulatePayment(orderId)).statusCode).toBe(200);
  await buyer.waitFor(/Pesanan berhasil/, { timeout: 15_000 });
  await waitForState(shop, 'order', orderId, 'completed');
});

afterAll(async () => {
  await shop?.stop();
});

/** Every stock line of the demo catalog: the delivered one among them. */
function stockPlaintexts(): string[] {
  const catalog = exampleCatalog() as { products: { stock?: string[] }[] };
  return catalog.products.flatMap((p) => p.stock ?? []);
}

async function get(path: string): Promise<string> {
  const res = await fetch(`${shop.app.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
}

describe('the inspector after a real purchase', () => {
  it('no page or JSON answer carries stock contents, the bot token, the Pakasir key or the encryption key', async () => {
    const delivered =
      shop
        .buyer(BUYER)
        .messages()
        .find((m) => /Pesanan berhasil/.test(m.text ?? ''))?.text ?? '';
    const secrets = [BOT_TOKEN, PAKASIR.apiKey, PAKASIR.secret, shop.app.config.DATA_ENCRYPTION_KEY ?? ''];
    const stock = stockPlaintexts().filter((line) => delivered.includes(line));
    expect(stock).toHaveLength(1); // the buyer did get an item: the scan looks for it
    const forbidden = [...secrets, ...stockPlaintexts(), ...stock.flatMap((s) => s.split('|'))];

    const bodies: [string, string][] = [];
    const visit = async (path: string) => bodies.push([path, await get(path)]);
    await visit('/inspect');
    await visit('/inspect/api/machines');
    for (const kind of ['order', 'checkout', 'deposit']) {
      await visit(`/inspect/machines/${kind}`);
      await visit(`/inspect/api/machines/${kind}`);
    }
    const list = JSON.parse(await get('/inspect/api/actors?limit=200')) as {
      rows: { kind: string; id: string }[];
    };
    expect(list.rows.map((r) => `${r.kind}/${r.id}`)).toEqual(
      expect.arrayContaining([`order/${orderId}`, `checkout/${BUYER}`]),
    );
    bodies.push(['/inspect/api/actors', JSON.stringify(list)]);
    for (const row of list.rows) {
      const base = `${encodeURIComponent(row.kind)}/${encodeURIComponent(row.id)}`;
      await visit(`/inspect/actors/${base}`);
      const detail = JSON.parse(await get(`/inspect/api/actors/${base}`)) as {
        journal: { revision: number }[];
      };
      bodies.push([`/inspect/api/actors/${base}`, JSON.stringify(detail)]);
      for (const entry of detail.journal) {
        await visit(`/inspect/api/actors/${base}/revisions/${entry.revision}`);
        await visit(`/inspect/actors/${base}?at=${entry.revision}`);
      }
    }
    expect(bodies.length).toBeGreaterThan(20);
    for (const [path, body] of bodies)
      for (const secret of forbidden) expect(body.includes(secret), `${path} shows a secret`).toBe(false);

    const order = JSON.parse(await get(`/inspect/api/actors/order/${orderId}`));
    expect(order.journal.map((j: { stateAfter: string }) => j.stateAfter)).toContain('awaitingPayment');
    expect(order.effects.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['deliver', 'createInvoice']),
    );
    expect(order.effects.every((e: { status: string }) => e.status === 'done')).toBe(true);
  });

  it('SSE tells the order page when the order changes', async () => {
    const controller = new AbortController();
    const res = await fetch(`${shop.app.url}/inspect/api/live?kind=order&id=${orderId}`, {
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    const before = (await getActor(shop.app.db, 'order', orderId))?.revision ?? 0;
    await shop.app.runtime.send('order', orderId, { type: 'RESEND' });
    while (!text.includes('event: change')) text += decoder.decode((await reader.read()).value);
    expect(JSON.parse(/data: (.*)/.exec(text)?.[1] ?? '{}')).toMatchObject({
      kind: 'order',
      id: orderId,
      revision: before + 1,
    });
    controller.abort();
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'in a browser: opens the order, sees its state, time-travels to awaitingPayment',
    async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(`${shop.app.url}/inspect?kind=order`);
        await page.locator(`[data-testid="actor-row"][data-id="${orderId}"] a`).click();
        await page.waitForSelector('[data-testid="current-state"][data-state="completed"]');
        await page
          .locator('[data-testid="journal-entry"][data-state-after="awaitingPayment"] a[data-travel]')
          .first()
          .click();
        await page.waitForSelector('[data-testid="current-state"][data-state="awaitingPayment"]');
        expect(await page.locator('[data-testid="time-travel"]').textContent()).toContain('awaitingPayment');
        expect(page.url()).toMatch(/\?at=\d+$/);
        await page.evaluate('window.scrollTo(0, 0)');
        mkdirSync('test-artifacts', { recursive: true });
        await page.screenshot({ path: 'test-artifacts/inspector-time-travel.png', fullPage: false });
      } finally {
        await browser.close();
      }
    },
  );
});
if (!existsSync(CHROMIUM)) console.warn(`skipping the inspector browser test: ${CHROMIUM} is missing`);
