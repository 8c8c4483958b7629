import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/infra/embedded-postgres.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

let shop: Shop;
let port: number;

beforeAll(async () => {
  port = await freePort();
  shop = await startShop({
    env: {
      BOT_MODE: 'webhook',
      PORT: String(port),
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks/telegram`,
      TELEGRAM_WEBHOOK_SECRET: 'tg-webhook-secret-0123456789',
    },
  });
});

afterAll(async () => {
  await shop?.stop();
});

describe('webhook mode', () => {
  it('registers its webhook with the secret and serves buyers through it', async () => {
    const info = shop.telegram.webhookInfo(BOT_TOKEN);
    expect(info.url).toBe(`http://127.0.0.1:${port}/webhooks/telegram`);
    const buyer = shop.buyer(7001, 'Dewi');
    buyer.sendCommand('/start');
    const welcome = await buyer.waitFor('Selamat datang', { timeout: 15_000 });
    expect(welcome.text).toContain('Dewi');
    // The push is answered once the update is handled, a moment after the reply.
    await eventually(() => expect(shop.telegram.webhookDeliveries(BOT_TOKEN).length).toBeGreaterThan(0));
    expect(shop.telegram.webhookDeliveries(BOT_TOKEN).every((d) => d.status === 200)).toBe(true);
  });

  it('refuses an update without the secret token', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        update_id: 1,
        message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' } },
      }),
    });
    expect(response.status).toBe(401);
  });
});
