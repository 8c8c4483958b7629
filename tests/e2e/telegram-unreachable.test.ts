import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramStatus } from '../../src/bot/updates.ts';
import { freePort } from '../../src/infra/embedded-postgres.ts';
import { startTelegramEmulator, type TelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { logText } from '../support/logs.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, PAKASIR, type Shop, startShop } from '../support/shop.ts';

let shop: Shop;
let apiPort: number;
let lateTelegram: TelegramEmulator | undefined;

beforeAll(async () => {
  apiPort = await freePort();
  // Nothing listens on apiPort yet: Telegram is unreachable at start.
  shop = await startShop({
    env: { TELEGRAM_API_ROOT: `http://127.0.0.1:${apiPort}` },
    waitForTelegram: false,
  });
});

afterAll(async () => {
  await shop?.stop();
  await lateTelegram?.close();
});

async function health(): Promise<{ status: string; telegram: TelegramStatus }> {
  return (await (await fetch(`${shop.app.url}/health`)).json()) as {
    status: string;
    telegram: TelegramStatus;
  };
}

describe('an unreachable Telegram Bot API at start', () => {
  it('says what it waits for, and /health shows telegram connecting', async () => {
    await eventually(() =>
      expect(logText(shop.logDir, 'bot')).toContain(
        'waiting for the Telegram Bot API: getMe failed, retrying',
      ),
    );
    const body = await health();
    expect(body.status).toBe('ok');
    expect(body.telegram).toMatchObject({ status: 'connecting', mode: null });
    expect(body.telegram.detail).toMatch(/^getMe failed: .*ECONNREFUSED/);
  });

  it('keeps serving Pakasir webhooks meanwhile', async () => {
    const response = await fetch(`${shop.app.url}/webhooks/pakasir`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-secret': PAKASIR.secret },
      body: JSON.stringify({
        amount: 10_000,
        order_id: 'INV261202NOSUCH',
        project: PAKASIR.slug,
        status: 'completed',
        payment_method: 'qris',
        completed_at: new Date().toISOString(),
      }),
    });
    // Answered by the app (a refusal of this made-up order), not left hanging or failed.
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.json()).toMatchObject({ ok: false, error: expect.any(String) });
  });

  it('connects once the Bot API answers, then serves buyers', async () => {
    lateTelegram = await startTelegramEmulator({ port: apiPort });
    await shop.app.updates.ready;
    expect((await health()).telegram).toMatchObject({ status: 'ok', mode: 'polling' });
    const buyer = lateTelegram.user({ id: 7201, firstName: 'Sinta', languageCode: 'id' }, BOT_TOKEN);
    buyer.sendCommand('/start');
    await buyer.waitFor('Selamat datang', { timeout: 15_000 });
  });
});
