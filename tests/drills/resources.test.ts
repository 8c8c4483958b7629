import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_QUEUE } from '../../src/health/schedule.ts';
import { localDate } from '../../src/infra/daily-file.ts';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { pace } from '../support/buyer.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

const OWNER_TOKEN = '7000000002:AAH-test-token-for-the-owner-bot-0002';
const OWNER_ID = 9100;
const DAY = 86_400_000;

let shop: Shop;
let owner: SimUser;

const ownerTexts = () =>
  owner
    .messages()
    .filter((m) => m.from === 'bot')
    .map((m) => m.text ?? '');
const ownerGot = (text: string) =>
  eventually(() => {
    const found = ownerTexts().find((t) => t.includes(text));
    if (!found) throw new Error(`the owner has no message with "${text}":\n${ownerTexts().join('\n---\n')}`);
    return found;
  }, 30_000);
const day = (daysAgo: number) => localDate(new Date(Date.now() - daysAgo * DAY), 'Asia/Jakarta');

beforeAll(async () => {
  shop = await startShop({
    env: {
      OWNER_BOT_TOKEN: OWNER_TOKEN,
      TELEGRAM_OWNER_IDS: String(OWNER_ID),
      BOT_STORE_NAME: 'Toko Penuh',
      // Threshold overrides stand in for a nearly full disk and memory pressure: any use is too much.
      HEALTH_DISK_THRESHOLD: '1',
      HEALTH_DISK_CRITICAL_THRESHOLD: '1',
      HEALTH_MEMORY_THRESHOLD: '1',
      LOG_PRUNE_KEEP_DAYS: '2',
      ENABLE_AUTO_HEALTHCHECK: 'true',
      BOT_TIMEZONE: 'Asia/Jakarta',
    },
  });
  owner = shop.telegram.user({ id: OWNER_ID, firstName: 'Owner' }, OWNER_TOKEN);
});

afterAll(async () => {
  await shop?.stop();
});

describe('drill: a nearly full disk and memory pressure', () => {
  it('the health check alerts the owner and old logs are pruned, newest days kept', async () => {
    // Logs within LOG_RETENTION_DAYS (14) that a low disk cannot afford any more.
    const old = [3, 5, 9].map((d) => join(shop.logDir, 'bot', `${day(d)}.log`));
    const oldAudit = join(shop.logDir, 'audit', `${day(4)}.log`);
    const kept = join(shop.logDir, 'bot', `${day(1)}.log`);
    mkdirSync(join(shop.logDir, 'audit'), { recursive: true });
    for (const path of [...old, oldAudit, kept])
      writeFileSync(path, `${'{"level":30,"msg":"x"}\n'.repeat(5_000)}`);

    // One run of the scheduled check, now rather than at the next cron minute.
    await shop.app.boss.send(HEALTH_QUEUE, {});
    const disk = await ownerGot('Health check failing: disk');
    expect(disk).toContain('% used');
    await ownerGot('Health check failing: memory');
    await ownerGot('old log files pruned to free space');

    const left = (dir: string) => readdirSync(join(shop.logDir, dir));
    for (const path of old) expect(left('bot')).not.toContain(path.split('/').pop());
    expect(left('audit')).not.toContain(oldAudit.split('/').pop());
    expect(left('bot')).toContain(kept.split('/').pop());
    // Today's file is whole: every line of it parses.
    const today = readFileSync(join(shop.logDir, 'bot', `${day(0)}.log`), 'utf8')
      .trim()
      .split('\n');
    expect(today.length).toBeGreaterThan(0);
    for (const line of today) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('the bot keeps answering: browsing works, new checkouts and top-ups wait with a clear note', async () => {
    const buyer = shop.buyer(4701);
    buyer.sendCommand('/katalog');
    await buyer.waitFor('Pilih kategori');
    await pace();
    buyer.press(/Musik/);
    await buyer.waitFor('Spotify Premium 1 Bulan');
    await pace();
    buyer.press(/Spotify Premium/);
    await buyer.waitFor('Harga: Rp 15.000');
    await pace();
    buyer.press('🛒 Tambah ke Keranjang');
    await buyer.waitFor('masuk keranjang');
    await pace();
    buyer.press('🛒 Lihat Keranjang');
    await buyer.waitFor('Total: Rp 15.000');
    await pace();
    buyer.press('✅ Checkout QRIS');
    const note = await buyer.waitFor('sedang pemeliharaan');
    expect(note.text).toContain('keranjangmu tetap tersimpan');
    await pace();
    buyer.sendCommand('/topup', '25000');
    await buyer.waitFor(
      (e) => e.kind === 'message' && e.text.includes('sedang pemeliharaan') && e.seq > note.seq,
    );

    // Nothing was started, so nothing can be left half-way: no order, deposit or invoice.
    const count = async (table: 'orders' | 'deposits' | 'payments') =>
      Number(
        (
          await shop.app.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('orders')).toBe(0);
    expect(await count('deposits')).toBe(0);
    expect(await count('payments')).toBe(0);
    expect(shop.pakasir.transactions()).toHaveLength(0);
    // The cart is kept for later, and the owner heard that checkouts are paused.
    await pace();
    buyer.sendCommand('/keranjang');
    await buyer.waitFor(
      (e) => e.kind !== 'delete' && e.text.includes('Total: Rp 15.000') && e.seq > note.seq,
    );
    await ownerGot('new checkouts and top-ups are paused');
  });
});
