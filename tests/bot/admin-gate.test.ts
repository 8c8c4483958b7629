import type { Bot } from 'grammy';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_SAMPLES, encodeCallback, isAdminCallback } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { isAdmin } from '../../src/bot/filters/is-admin.ts';
import { isOwner } from '../../src/bot/filters/is-owner.ts';
import { eventually } from '../support/runtime.ts';
import { ADMIN_ID, type Harness, pressData, startHarness } from './harness.ts';

const TOKEN = '7200010:admin-gate-bot-token-for-tests';
const OWNER_ID = 9002;
const STRANGER = 611;

/** Every admin button the codecs know: a new admin action is covered as soon as it exists. */
const adminCallbacks = Object.values(CALLBACK_SAMPLES)
  .map((action) => encodeCallback(action))
  .filter(isAdminCallback);

/** Row counts of every table but `users` (every update refreshes the sender's row). */
async function tableCounts(h: Harness): Promise<Record<string, number>> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'users'
    ORDER BY table_name`.execute(h.deps.db);
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const { rows: n } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ${sql.table(table_name)}`.execute(h.deps.db);
    counts[table_name] = n[0]?.n ?? 0;
  }
  return counts;
}

describe('the admin gate', () => {
  let h: Harness;
  let bot: Bot<BotContext>;

  beforeAll(async () => {
    h = await startHarness({ TELEGRAM_OWNER_IDS: String(OWNER_ID) });
    bot = await h.startBot(TOKEN, { capacity: 10_000, refillPerSecond: 10_000 });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('knows at least the panel button', () => {
    expect(adminCallbacks).toContain('admin:panel');
  });

  it('answers a non-admin with the ordinary answers and runs no admin code', async () => {
    const stranger = h.user(TOKEN, STRANGER, 'Orang');
    stranger.sendCommand('/start');
    await stranger.waitFor('Menu utama');
    const before = await tableCounts(h);

    stranger.sendCommand('/admin');
    await stranger.waitFor('Maaf, aku belum paham pesan itu');
    stranger.sendText('⚙️ Admin');
    await eventually(async () =>
      expect(stranger.messages().filter((m) => m.text.includes('belum paham'))).toHaveLength(2),
    );
    for (const data of adminCallbacks) {
      expect((await pressData(bot, stranger, data)).text, data).toBe(
        '⚠️ Tombol ini sudah tidak berlaku. Buka menunya lagi ya 🙏',
      );
    }

    expect(stranger.messages().some((m) => m.text.includes('Panel Admin'))).toBe(false);
    expect(await tableCounts(h)).toEqual(before);
  });

  it('lets admins and owners (implicitly admins) through the same gate', async () => {
    for (const id of [ADMIN_ID, OWNER_ID]) {
      const user = h.user(TOKEN, id, `Staff${id}`);
      user.sendCommand('/admin');
      await user.waitFor('Panel Admin');
      for (const data of adminCallbacks) {
        expect((await pressData(bot, user, data)).text ?? '', data).not.toContain('tidak berlaku');
      }
    }
  });

  it('isOwner passes owners only; isAdmin passes admins and owners', () => {
    const as = (id: number | undefined) =>
      ({ from: id === undefined ? undefined : { id }, deps: h.deps }) as unknown as BotContext;
    expect([ADMIN_ID, OWNER_ID, STRANGER, undefined].map((id) => [isAdmin(as(id)), isOwner(as(id))])).toEqual(
      [
        [true, false],
        [true, true],
        [false, false],
        [false, false],
      ],
    );
  });
});
