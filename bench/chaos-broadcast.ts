/**
 * The chaos drill's broadcast: a few hundred users who pressed /start (some of whom blocked
 * the bot since) get a broadcast started when the app is first up, and a second one part-way
 * through, both sent slowly enough (BROADCAST_RATE) to span several SIGKILLs. At the end, from
 * Telegram's own record (the emulator's): nobody got a broadcast twice, every recipient is
 * accounted for (sent, blocked, failed, or `unknown` — in flight when the app died, never
 * sent again), each `sent` row is a message Telegram accepted, and each broadcast finished.
 */
import { randomBytes } from 'node:crypto';
import { seedUsers } from '../src/sandbox/seed-users.ts';
import { checkDelivery } from '../src/sandbox/telegram/index.ts';
import { startBroadcast } from '../src/shop/broadcasts/start.ts';
import { getBroadcast } from '../src/shop/broadcasts/store.ts';
import type { ChaosContext, ChaosHook } from './chaos-types.ts';

const FIRST_RECIPIENT = 840_000;

export interface BroadcastHookOptions {
  /** Users seeded as having pressed /start (default 200). */
  recipients?: number;
  /** Of those, how many blocked the bot in Telegram since (the shop does not know yet; default 5). */
  blocked?: number;
  /** BROADCAST_RATE for the app (default 30 a second, Telegram's free limit; above 30 turns on BROADCAST_PAID). */
  rate?: number;
  /** The round at whose start a second broadcast begins (default none). */
  secondAtRound?: number;
}

interface Started {
  id: string;
  marker: string;
  /** Seeded users who never blocked the bot: each must be among its recipients. */
  reachable: number[];
}

/** Recipient rows of one broadcast, by status. */
async function recipientRows(ctx: ChaosContext, id: string) {
  return ctx.db
    .selectFrom('broadcast_recipients')
    .select(['user_id', 'status'])
    .where('broadcast_id', '=', id)
    .execute();
}

export function broadcastHook(options: BroadcastHookOptions = {}): ChaosHook {
  const count = options.recipients ?? 200;
  const rate = options.rate ?? 30;
  const started: Started[] = [];
  let seeded: number[] = [];
  let blocked = new Set<number>();

  async function begin(ctx: ChaosContext): Promise<void> {
    const marker = `chaos-broadcast-${started.length + 1}-${randomBytes(4).toString('hex')}`;
    const id = await startBroadcast(
      { db: ctx.db, runtime: ctx.runtime },
      {
        adminId: ctx.adminId,
        content: { kind: 'text', html: `📣 <b>Promo</b> ${marker}` },
        audience: { type: 'all' },
      },
    );
    // Those who blocked the bot may be left out (marked bot_blocked by an earlier broadcast's 403).
    started.push({ id, marker, reachable: seeded.filter((u) => !blocked.has(u)) });
  }

  return {
    name: 'broadcast',
    env: { BROADCAST_RATE: String(rate), ...(rate > 30 ? { BROADCAST_PAID: 'true' } : {}) },
    async start(ctx) {
      // The admin's chat gets the progress message and the report.
      ctx.telegram.user({ id: ctx.adminId, firstName: 'Admin' }, ctx.botToken);
      seeded = await seedUsers(ctx.db, ctx.telegram, ctx.botToken, FIRST_RECIPIENT, count);
      const n = Math.min(options.blocked ?? 5, count);
      // Spread over the ids, so they come up at different times of the send.
      blocked = new Set(Array.from({ length: n }, (_, k) => seeded[Math.floor(((k + 0.5) * count) / n)]!));
      for (const id of blocked) ctx.telegram.blockUser(id, { notify: false });
      await begin(ctx);
    },
    async round(ctx, round) {
      if (round === options.secondAtRound) await begin(ctx);
    },
    async check(ctx) {
      const problems: string[] = [];
      const figures = {
        broadcasts: started.length,
        recipients: 0,
        sent: 0,
        blocked: 0,
        failed: 0,
        unknown: 0,
        unknown_received: 0,
        duplicates: 0,
        missed: 0,
        unexpected: 0,
      };
      const during: Record<string, number> = {};
      const record = ctx.telegram.sent(ctx.botToken);
      for (const [index, b] of started.entries()) {
        const label = `broadcast ${index + 1} (${b.id})`;
        const row = await getBroadcast(ctx.db, b.id);
        if (row?.status !== 'done')
          problems.push(`${label} ended ${row?.status ?? 'without a row'}, not done`);
        const rows = await recipientRows(ctx, b.id);
        const audience = new Set(rows.map((r) => Number(r.user_id)));
        const copies = new Map<number, number>();
        for (const r of record.filter((r) => r.text.includes(b.marker)))
          copies.set(r.chatId, (copies.get(r.chatId) ?? 0) + 1);
        const delivery = checkDelivery(record, b.marker, audience);
        figures.recipients += rows.length;
        figures.duplicates += delivery.duplicates;
        figures.unexpected += delivery.unexpected;
        if (delivery.duplicates > 0)
          problems.push(`${label}: ${delivery.duplicates} extra copies (a recipient messaged twice)`);
        if (delivery.unexpected > 0)
          problems.push(`${label}: ${delivery.unexpected} chats outside its recipients got it`);
        const absent = b.reachable.filter((id) => !audience.has(id));
        if (absent.length > 0)
          problems.push(`${label}: ${absent.length} reachable users not among its recipients`);
        for (const r of rows) {
          const got = copies.get(Number(r.user_id)) ?? 0;
          switch (r.status) {
            case 'sent':
              figures.sent++;
              // Missed: recorded sent, yet Telegram never accepted it.
              if (got === 0) figures.missed++;
              break;
            case 'blocked':
            case 'failed':
              figures[r.status]++;
              if (got > 0) problems.push(`${label}: user ${r.user_id} is ${r.status} yet got the message`);
              break;
            case 'unknown':
              // In flight at a SIGKILL: Telegram may or may not have it; never sent again.
              figures.unknown++;
              if (got > 0) figures.unknown_received++;
              break;
            default:
              problems.push(`${label}: user ${r.user_id} left ${r.status} (not accounted for)`);
          }
        }
        const blockedHere = rows.filter((r) => r.status === 'blocked').map((r) => Number(r.user_id));
        const wrongBlocked = blockedHere.filter((id) => !blocked.has(id));
        if (wrongBlocked.length > 0)
          problems.push(`${label}: ${wrongBlocked.length} reachable users marked blocked`);
        const report = row?.report;
        if (report) {
          const counted = rows.filter((r) => r.status === 'sent').length;
          if (report.sent !== counted || report.pending !== 0 || report.sending !== 0)
            problems.push(
              `${label}: its report (sent ${report.sent}, pending ${report.pending}, sending ${report.sending}) differs from its rows (sent ${counted})`,
            );
        } else problems.push(`${label}: no report written`);
        // How many SIGKILLs landed while it was sending: the drill is only worth it when some did.
        if (delivery.firstAt !== null && delivery.lastAt !== null) {
          const { firstAt, lastAt } = delivery;
          during[`kills_during_${index + 1}`] = ctx.kills.filter((t) => t > firstAt && t < lastAt).length;
          during[`finished_before_last_kill_${index + 1}`] = lastAt < (ctx.kills.at(-1) ?? 0) ? 1 : 0;
        }
      }
      if (figures.missed > 0)
        problems.push(`${figures.missed} recipients recorded sent never got the message`);
      return { problems, figures: { ...figures, ...during } };
    },
  };
}
