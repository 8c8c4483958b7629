import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/infra/embedded-postgres.ts';
import { logText } from '../support/logs.ts';
import { eventually } from '../support/runtime.ts';
import { ADMIN_ID, BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

let shop: Shop;
let webhookUrl: string;

beforeAll(async () => {
  const port = await freePort();
  webhookUrl = `http://127.0.0.1:${port}/webhooks/telegram`;
  // No TELEGRAM_WEBHOOK_SECRET: the app must make one up rather than accept anyone.
  shop = await startShop({
    env: {
      BOT_MODE: 'webhook',
      PORT: String(port),
      TELEGRAM_WEBHOOK_URL: webhookUrl,
      TELEGRAM_WEBHOOK_CHECK_SECONDS: '1',
    },
  });
});

afterAll(async () => {
  await shop?.stop();
});

const forgedStart = (headers: Record<string, string> = {}) =>
  fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      update_id: 999_001,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: ADMIN_ID, type: 'private', first_name: 'Admin' },
        from: { id: ADMIN_ID, is_bot: false, first_name: 'Admin' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    }),
  });

describe('webhook mode without a configured secret', () => {
  it('generates a secret, keeps it in DATA_DIR readable only by the owner', () => {
    const path = join(shop.app.config.DATA_DIR, 'telegram-webhook.secret');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("refuses a forged /start from an admin's id, with or without a guessed secret", async () => {
    expect((await forgedStart()).status).toBe(401);
    expect((await forgedStart({ 'x-telegram-bot-api-secret-token': 'guess' })).status).toBe(401);
    await eventually(() => {
      const rejected = logText(shop.logDir, 'bot').match(
        /telegram webhook rejected: missing or wrong secret token/g,
      );
      expect(rejected).toHaveLength(2);
    });
  });

  it("serves Telegram's own pushes, which carry the registered secret", async () => {
    const buyer = shop.buyer(7101, 'Wulan');
    buyer.sendCommand('/start');
    await buyer.waitFor('Selamat datang', { timeout: 15_000 });
    await eventually(() => expect(shop.telegram.webhookDeliveries(BOT_TOKEN).length).toBeGreaterThan(0));
    expect(shop.telegram.webhookDeliveries(BOT_TOKEN).every((d) => d.status === 200)).toBe(true);
    // The forged updates never reached the bot: the admin's chat stays empty.
    expect(() => shop.telegram.chat(BOT_TOKEN, ADMIN_ID).messages()).not.toThrow();
    expect(shop.telegram.chat(BOT_TOKEN, ADMIN_ID).messages()).toEqual([]);
  });
  it('reports a webhook Telegram cannot reach as degraded, without falling back, until it recovers', async () => {
    shop.telegram.breakWebhookDelivery();
    const buyer = shop.buyer(7102, 'Yudi');
    buyer.sendCommand('/help');
    await eventually(() => {
      const status = shop.app.updates.status();
      expect(status).toMatchObject({ status: 'degraded', mode: 'webhook' });
      expect(status.detail).toContain('getaddrinfo ENOTFOUND 127.0.0.1');
    }, 30_000);
    shop.telegram.restoreWebhookDelivery();
    await buyer.nextMessage({ timeout: 15_000 });
    await eventually(
      () => expect(shop.app.updates.status()).toMatchObject({ status: 'ok', mode: 'webhook' }),
      30_000,
    );
  });
});
