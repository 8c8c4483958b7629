import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/infra/embedded-postgres.ts';
import { logText } from '../support/logs.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

let shop: Shop;
const BUYERS = [8101, 8102, 8103, 8104];

beforeAll(async () => {
  const port = await freePort();
  shop = await startShop({
    env: {
      BOT_MODE: 'auto',
      PORT: String(port),
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks/telegram`,
      TELEGRAM_WEBHOOK_CHECK_SECONDS: '1',
      TELEGRAM_WEBHOOK_PROBE_SECONDS: '1',
    },
  });
});

afterAll(async () => {
  await shop?.stop();
});

/** The bot's messages in a buyer's chat: /help is answered with exactly one. */
function replies(buyerId: number): number {
  return shop.telegram
    .chat(BOT_TOKEN, buyerId)
    .messages()
    .filter((message) => message.from === 'bot').length;
}

/** Every buyer sends /help once; resolves when each has `expected` replies in all. */
async function everyoneAsksForHelp(expected: number): Promise<void> {
  for (const id of BUYERS) shop.buyer(id).sendCommand('/help');
  await eventually(() => {
    for (const id of BUYERS) expect(replies(id)).toBeGreaterThanOrEqual(expected);
  }, 30_000);
}

type Switch = { time: string; event: string; from: string; to: string; reason: string };

function auditedSwitches(): Switch[] {
  return logText(shop.logDir, 'audit')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Switch)
    .filter((entry) => entry.event === 'telegram.mode_switched');
}

describe('auto mode', () => {
  it('polls while the webhook is not delivered and returns to it, each update handled once', async () => {
    expect(shop.app.updates.status()).toMatchObject({ status: 'ok', mode: 'webhook', configured: 'auto' });
    await everyoneAsksForHelp(1);

    // The proxy forwards updates but loses the bot's answers: Telegram keeps re-sending them.
    shop.telegram.breakWebhookDelivery({ fault: { status: 504, reachesBot: true } });
    await everyoneAsksForHelp(2);
    await eventually(() => expect(shop.app.updates.status().mode).toBe('polling'), 30_000);
    // Re-sent to the webhook, then fetched again by polling: each time recognised.
    expect(shop.app.updates.intake.duplicates).toBeGreaterThanOrEqual(BUYERS.length);
    await everyoneAsksForHelp(3);

    shop.telegram.restoreWebhookDelivery();
    const restoredAt = Date.now();
    // Settled: back on the webhook with nothing waiting, so no stale error can move it again.
    await eventually(() => {
      expect(shop.app.updates.status().mode).toBe('webhook');
      expect(shop.telegram.pendingUpdates(BOT_TOKEN)).toEqual([]);
    }, 30_000);
    await everyoneAsksForHelp(4);
    // Pushes answered since the restore: the webhook carries updates again (a push is
    // answered once its update is handled, a moment after the reply).
    await eventually(() => {
      const answered = shop.telegram.webhookDeliveries(BOT_TOKEN).filter((d) => d.at >= restoredAt);
      expect(answered.some((delivery) => delivery.status === 200)).toBe(true);
    });

    await eventually(() => {
      expect(shop.telegram.pendingUpdates(BOT_TOKEN)).toEqual([]);
      expect(shop.app.updates.status().mode).toBe('webhook');
    }, 30_000);
    for (const id of BUYERS) expect(replies(id)).toBe(4);
    const lastSwitch = auditedSwitches().at(-1);
    expect(lastSwitch).toMatchObject({ from: 'polling', to: 'webhook' });
    expect(Date.parse(lastSwitch?.time ?? '')).toBeGreaterThanOrEqual(restoredAt - 1_000);
    // A probe in a quiet moment may return to the still broken webhook once more: then it
    // falls back again. Either way the switches alternate, from the webhook and back to it.
    const switches = auditedSwitches().map((entry) => `${entry.from}→${entry.to}`);
    expect(switches.length % 2).toBe(0);
    const alternating = switches.map((_, index) => (index % 2 === 0 ? 'webhook→polling' : 'polling→webhook'));
    expect(switches).toEqual(alternating);
  });

  it('polls from the start when Telegram refuses the webhook, then returns to it', async () => {
    const before = auditedSwitches().length;
    // What Telegram answers when the webhook's host name does not resolve.
    shop.telegram.faults.failNext('setWebhook', {
      status: 400,
      description: 'Bad Request: bad webhook: Failed to resolve host: Name or service not known',
    });
    await shop.restart();
    const switches = () => auditedSwitches().slice(before);
    expect(switches()[0]).toMatchObject({ from: 'webhook', to: 'polling' });
    expect(switches()[0]?.reason).toContain('Failed to resolve host');
    shop.buyer(BUYERS[0] as number).sendCommand('/help');
    await eventually(() => expect(replies(BUYERS[0] as number)).toBe(5), 30_000);
    await eventually(() => expect(shop.app.updates.status().mode).toBe('webhook'), 30_000);
    expect(switches().map((entry) => entry.to)).toEqual(['polling', 'webhook']);
  });

  it('shows how updates arrive in /health', async () => {
    const response = await fetch(`${shop.app.url}/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as { telegram: unknown };
    expect(health.telegram).toMatchObject({ status: 'ok', mode: 'webhook', configured: 'auto' });
  });
});
