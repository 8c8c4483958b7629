import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_EDIT_SECONDS } from '../../src/effects/broadcast.ts';
import { checkDelivery } from '../../src/sandbox/telegram/index.ts';
import { startBroadcast } from '../../src/shop/broadcasts/start.ts';
import { getBroadcast } from '../../src/shop/broadcasts/store.ts';
import { broadcastStatus, seedUsers } from '../support/broadcast.ts';
import { eventually } from '../support/runtime.ts';
import { ADMIN_ID, BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  // Paid broadcasts allow a fast pace, so 2,000 recipients take seconds, not minutes.
  shop = await startShop({
    env: { BROADCAST_RATE: '400', BROADCAST_PAID: 'true', TELEGRAM_TIMEOUT_SECONDS: '5' },
  });
});

afterAll(async () => {
  await shop?.stop();
});

describe('a broadcast to 2,000 users', () => {
  it('reaches every reachable user once, marks the blocked, and reports what Telegram recorded', async () => {
    const ids = await seedUsers(shop.app.db, shop.telegram, BOT_TOKEN, 100_000, 2000);
    const blocked = ids.filter((_, i) => i % 100 === 7);
    expect(blocked).toHaveLength(20);
    for (const id of blocked) shop.telegram.blockUser(id, { notify: false });
    // Telegram's flood control, three times over, plus two transient failures.
    shop.telegram.faults.failNext('sendMessage', { status: 429, parameters: { retry_after: 1 }, times: 3 });
    shop.telegram.faults.failNext('sendMessage', { status: 502, times: 2 });

    const id = await startBroadcast(shop.app, {
      adminId: ADMIN_ID,
      content: { kind: 'text', html: '<b>Restock!</b> Netflix 1 bulan [m1]' },
      audience: { type: 'all' },
    });
    await eventually(async () => expect(await broadcastStatus(shop.app.db, id)).toBe('done'), 60_000, 250);

    const reachable = ids.filter((u) => !blocked.includes(u));
    const record = checkDelivery(shop.telegram.sent(BOT_TOKEN), '[m1]', reachable);
    expect(record.duplicates).toBe(0);
    expect(record.missed).toBe(0);
    expect(record.unexpected).toBe(0);

    const report = (await getBroadcast(shop.app.db, id))?.report;
    expect(report).toMatchObject({ outcome: 'done', blocked: 20, failed: 0, unknown: 0, pending: 0 });
    expect(report?.sent).toBe(record.delivered);
    const marked = await shop.app.db
      .selectFrom('users')
      .select('id')
      .where('bot_blocked', '=', true)
      .execute();
    expect(marked.map((u) => u.id).sort()).toEqual([...blocked].sort());
    // The admin's progress message became the report.
    const final = await shop.admin.waitFor((e) => e.text.includes('Broadcast selesai'), { timeout: 10_000 });
    expect(final.text).toContain('Memblokir bot: 20');
    // Live edits of the progress message are throttled (the final report is not).
    const edits = shop.admin
      .events()
      .filter((e) => e.kind === 'edit' && e.messageId === final.messageId)
      .map((e) => e.at);
    const live = edits.slice(0, -1);
    for (let i = 1; i < live.length; i++)
      expect((live[i] ?? 0) - (live[i - 1] ?? 0)).toBeGreaterThanOrEqual(PROGRESS_EDIT_SECONDS * 1000 - 50);
  });
});
