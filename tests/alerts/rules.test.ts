import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_QUEUE } from '../../src/alerts/alerts.ts';
import { buildDigest, DIGEST_QUEUE } from '../../src/alerts/digest.ts';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';
import { buyAndReceive } from './purchase.ts';

const OWNER_TOKEN = '7000000005:AAH-test-token-for-the-owner-bot-0005';
const OWNER_ID = 9500;
let shop: Shop;
let owner: SimUser;

const ownerTexts = () => owner.messages().map((m) => m.text);

beforeAll(async () => {
  shop = await startShop({
    env: {
      OWNER_BOT_TOKEN: OWNER_TOKEN,
      TELEGRAM_OWNER_IDS: String(OWNER_ID),
      BOT_STORE_NAME: 'Toko Aturan',
      OWNER_ALERT_MAX_PER_HOUR: '3',
      OWNER_DIGEST_TIME: '07:30',
    },
  });
  owner = shop.telegram.user({ id: OWNER_ID, firstName: 'Owner' }, OWNER_TOKEN);
});

afterAll(async () => {
  await shop?.stop();
});

describe('owner alert rules', () => {
  it('sends at most OWNER_ALERT_MAX_PER_HOUR alerts an hour and counts the rest', async () => {
    for (let i = 1; i <= 5; i++)
      shop.app.owner.alerts.raise({ severity: 'warning', key: `limit-${i}`, title: `limited ${i}` });
    await eventually(async () => {
      const rows = await shop.app.db
        .selectFrom('owner_alerts')
        .select(['key', 'sent'])
        .where('key', 'like', 'limit-%')
        .execute();
      expect(rows).toHaveLength(5);
      expect(rows.filter((r) => r.sent)).toHaveLength(3);
    });
    await eventually(() => expect(ownerTexts().filter((t) => t.includes('limited'))).toHaveLength(3));
  });

  it('the daily digest is a cron job in the shop time zone and tells orders, revenue and alerts', async () => {
    const [schedule] = await shop.app.boss.getSchedules(DIGEST_QUEUE);
    expect(schedule).toMatchObject({ cron: '30 7 * * *', timezone: 'Asia/Jakarta' });

    await buyAndReceive(shop, shop.buyer(4601), 'SPOTIFY-1B', 2);
    const backupDir = join(shop.logDir, 'backups');
    mkdirSync(backupDir);
    writeFileSync(join(backupDir, 'shop-2026-12-01.dump'), 'x');
    const digest = await buildDigest({ db: shop.app.db, config: shop.app.config, backupDir });
    expect(digest).toContain('[Toko Aturan] 📊 <b>Ringkasan harian</b>');
    expect(digest).toContain('Hari ini: 1 pesanan · Rp 30.000');
    expect(digest).toContain('Kemarin: 0 pesanan · Rp 0');
    expect(digest).toContain('5 warning');
    expect(digest).toContain('shop-2026-12-01.dump');
    expect(digest).toMatch(/Disk: \d+% used/);

    // The scheduled job's worker sends it through the owner bot.
    await shop.app.boss.send(DIGEST_QUEUE, {});
    await eventually(() => expect(ownerTexts().some((t) => t.includes('Ringkasan harian'))).toBe(true));
  });
});

describe('ENABLE_OWNER_ALERTS=false', () => {
  it('raises nothing at all', async () => {
    const quiet = await startShop({ env: { TELEGRAM_OWNER_IDS: '9501', ENABLE_OWNER_ALERTS: 'false' } });
    try {
      quiet.app.logger.error('an error nobody is told about');
      quiet.app.owner.alerts.raise({ severity: 'critical', key: 'quiet', title: 'quiet' });
      await quiet.app.owner.alerts.stop();
      const queue = await quiet.app.boss.getQueue(ALERTS_QUEUE);
      expect(queue?.totalCount ?? 0).toBe(0);
    } finally {
      await quiet.stop();
    }
  });
});
