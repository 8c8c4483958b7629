import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookSilence } from '../../src/alerts/webhook-silence.ts';
import { runAutomaticBackup } from '../../src/backup/schedule.ts';
import { createPakasirClient } from '../../src/infra/pakasir/index.ts';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { eventually } from '../support/runtime.ts';
import { ADMIN_ID, BOT_TOKEN, PAKASIR, type Shop, startShop } from '../support/shop.ts';
import { buyAndReceive } from './purchase.ts';

const OWNER_TOKEN = '7000000002:AAH-test-token-for-the-owner-bot-0002';
const OWNER_ID = 9100;
const STORE = 'Toko Uji';

let shop: Shop;
let owner: SimUser;

/** Texts the owner got from the owner bot. */
const ownerTexts = () =>
  owner
    .messages()
    .filter((m) => m.from === 'bot')
    .map((m) => m.text ?? '');
/** Waits until the owner got a message containing `text` (in any order), and returns it. */
async function ownerGot(text: string, timeoutMs = 20_000): Promise<string> {
  return eventually(() => {
    const found = ownerTexts().find((t) => t.includes(text));
    if (!found) throw new Error(`the owner has no message with "${text}":\n${ownerTexts().join('\n---\n')}`);
    return found;
  }, timeoutMs);
}
const adminSawAlerts = () =>
  [shop.admin, shop.admin.via(OWNER_TOKEN)].some((chat) =>
    chat.messages().some((m) => m.from === 'bot' && (m.text ?? '').startsWith(`[${STORE}]`)),
  );

beforeAll(async () => {
  shop = await startShop({
    env: {
      OWNER_BOT_TOKEN: OWNER_TOKEN,
      TELEGRAM_OWNER_IDS: String(OWNER_ID),
      BOT_STORE_NAME: STORE,
      // Windows of 3 s, so a window's end is seen in the test.
      OWNER_ALERT_DEDUPE_MINUTES: '0.05',
    },
  });
  owner = shop.telegram.user({ id: OWNER_ID, firstName: 'Owner' }, OWNER_TOKEN);
});

afterAll(async () => {
  await shop?.stop();
});

describe('owner alerts through the owner bot', () => {
  it('a burst of 100 identical errors is one alert, then one "(×N more)" line', async () => {
    const log = shop.app.logger.child({ component: 'burst-test' });
    for (let i = 0; i < 100; i++)
      log.error({ err: new Error('disk quota exceeded') }, 'cannot store the upload');
    const alert = await ownerGot('cannot store the upload');
    expect(alert.startsWith(`[${STORE}] 🔴 cannot store the upload`)).toBe(true);
    expect(alert).toContain('burst-test: disk quota exceeded');
    const summary = await ownerGot('more in', 45_000);
    expect(summary).toContain('cannot store the upload');
    expect(summary).toContain('(×99 more in 3 s)');
    expect(ownerTexts().filter((t) => t.includes('cannot store the upload'))).toHaveLength(2);
    // Sent through the owner bot only, never to an admin, never by the shop bot.
    expect(adminSawAlerts()).toBe(false);
    const shopBotCalls = shop.telegram.apiCalls({ method: 'sendMessage', bot: BOT_TOKEN });
    expect(shopBotCalls.some((c) => Number(c.params.chat_id) === OWNER_ID)).toBe(false);
  });

  it('records below the threshold and records of the alerting code raise nothing', async () => {
    shop.app.logger.info('an ordinary day');
    shop.app.logger.warn({ alerting: true }, 'owner alert not sent yet; retrying');
    shop.app.logger.warn('threshold marker');
    await ownerGot('threshold marker');
    expect(ownerTexts().some((t) => t.includes('an ordinary day') || t.includes('retrying'))).toBe(false);
  });

  it('tells of a failing gateway after N calls in a row, and of its recovery', async () => {
    const client = shop.app.owner.watchGateway(
      createPakasirClient({
        baseUrl: shop.pakasir.baseUrl,
        slug: PAKASIR.slug,
        apiKey: PAKASIR.apiKey,
        version: 'v2',
        retries: 0,
      }),
    );
    const ref = { orderId: 'INV-MISSING', amount: 10_000, txnId: 'TXN-MISSING' };
    shop.pakasir.failNext(3, { route: 'v2.status', status: 503 });
    for (let i = 0; i < 2; i++) await expect(client.getStatus(ref)).rejects.toThrow();
    await expect(client.getStatus(ref)).rejects.toThrow();
    const down = await ownerGot('Payment gateway is failing');
    expect(down).toContain('3 calls in a row failed');
    // The gateway answers again (a not-found answer is an answer).
    await client.getStatus(ref).catch(() => undefined);
    await ownerGot('Payment gateway is answering again');
    expect(ownerTexts().filter((t) => t.includes('Payment gateway is failing'))).toHaveLength(1);
  });

  it('tells of silent webhooks while reconciliation finds paid invoices', async () => {
    let now = Date.now();
    const silence = new WebhookSilence(
      30,
      (a) => shop.app.owner.alerts.raise(a),
      () => now,
    );
    silence.sweepDone({ checked: 2, confirmed: 1 });
    now += 29 * 60_000;
    silence.sweepDone({ checked: 2, confirmed: 1 });
    now += 2 * 60_000;
    silence.sweepDone({ checked: 2, confirmed: 0 });
    silence.sweepDone({ checked: 2, confirmed: 1 });
    const alert = await ownerGot('No payment webhooks are arriving');
    expect(alert).toContain('none for 31 min while reconciliation found 1 paid invoice');
  });

  it('hooks for health checks, backups, dead letters reach the owner', async () => {
    shop.app.owner.fromHealth(
      { checks: { disk: { ok: false, detail: '96% used' } } },
      { checks: { disk: { ok: true } } },
    );
    shop.app.owner.fromBackup({ message: 'backup failed', reason: 'ENOSPC: no space left on device' });
    shop.app.owner.onDeadLetter({
      kind: 'order',
      actorId: 'ORD-1',
      type: 'deliver',
      params: {},
      effectId: 'e1',
    });
    await ownerGot('Health check failing: disk');
    await ownerGot('Backup failed');
    await ownerGot('gave up after every retry: order deliver');
    shop.app.owner.fromHealth({ checks: { disk: { ok: true } } }, { checks: { disk: { ok: false } } });
    const back = await ownerGot('Health check recovered: disk');
    expect(back.startsWith(`[${STORE}] ℹ️`)).toBe(true);
    expect(adminSawAlerts()).toBe(false);
  });

  it('a failed automatic backup is one owner alert, not one more for its log line', async () => {
    const { config, db, logger } = shop.app;
    const result = await runAutomaticBackup({
      db,
      logger,
      config: { ...config, BACKUP_ENCRYPTION_PASSWORD: undefined },
      onAlert: shop.app.owner.fromBackup,
    });
    expect(result.ok).toBe(false);
    // Log lines reach the alerts in order: once this one has, the backup's line had its turn.
    logger.child({ component: 'backup' }).error('marker after the backup');
    await ownerGot('marker after the backup');
    const fromLogs = await db
      .selectFrom('owner_alerts')
      .select('title')
      .where('key', 'like', 'log:%')
      .where('title', 'ilike', '%backup%')
      .execute();
    expect(fromLogs.map((r) => r.title)).toEqual(['marker after the backup']);
  });

  it('a failing owner bot does not break a checkout, and its alert arrives later', async () => {
    shop.telegram.faults.failNext('sendMessage', { bot: OWNER_TOKEN, status: 502, times: 2 });
    shop.app.logger.error('alert while the owner bot fails');
    await buyAndReceive(shop, shop.buyer(4201), 'SPOTIFY-1B');
    await ownerGot('alert while the owner bot fails', 45_000);
  });

  it('a blocked owner bot never breaks the shop either', async () => {
    shop.telegram.blockUser(OWNER_ID, { bot: OWNER_TOKEN, notify: false });
    shop.app.logger.error('alert to a blocked owner');
    await buyAndReceive(shop, shop.buyer(4202), 'SPOTIFY-1B');
    shop.telegram.unblockUser(OWNER_ID, { bot: OWNER_TOKEN, notify: false });
  });
});

describe('the owner bot answers owners only', () => {
  it('/status shows database, queue, Telegram, uptime and disk', async () => {
    owner.sendCommand('/status');
    const status = await ownerGot('Status');
    for (const label of ['Database', 'Queue', 'Dead letters', 'Telegram', 'Uptime', 'Disk'])
      expect(status).toContain(label);
    expect(status).toContain('✅ Database');
  });

  it('/backup says backups are not configured when no backup runner is wired', async () => {
    owner.sendCommand('/backup');
    await ownerGot('Backup belum diatur');
  });

  it('anyone else gets a polite answer, admins included', async () => {
    const stranger = shop.telegram.user({ id: 4300, firstName: 'Siapa' }, OWNER_TOKEN);
    stranger.sendCommand('/status');
    const answer = await stranger.waitFor((e) => e.kind === 'message', { timeout: 15_000 });
    expect(answer.text).toContain('khusus untuk pemilik toko');
    const admin = shop.admin.via(OWNER_TOKEN);
    admin.sendCommand('/export_user', String(ADMIN_ID));
    const refused = await admin.waitFor((e) => e.kind === 'message', { timeout: 15_000 });
    expect(refused.text).toContain('khusus untuk pemilik toko');
  });
});
