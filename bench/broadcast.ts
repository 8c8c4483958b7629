/**
 * A broadcast at BROADCAST_RATE=30 to RECIPIENTS users through the Telegram emulator
 * enforcing Telegram's limits (30/s per bot token, 1/s per chat, 429 with retry_after
 * beyond). Measured from the emulator's record of accepted messages: achieved rate,
 * duplicates, missed, and the 429s the bot drew. The baseline, in the same run, is a
 * plain loop sending at 30/s through the same emulator (what pacing costs on its own).
 * `-- --rate N` above 30 runs a paid broadcast (the emulator then allows N/s).
 * Last line: one JSON object.
 */
import { parseArgs } from 'node:util';
import { Api } from 'grammy';
import { sql } from 'kysely';
import { checkDelivery } from '../src/sandbox/telegram/index.ts';
import { startBroadcast } from '../src/shop/broadcasts/start.ts';
import { startBenchShop } from './shop.ts';
import { round } from './support.ts';

const { values } = parseArgs({
  options: { recipients: { type: 'string', default: '10000' }, rate: { type: 'string', default: '30' } },
});
const recipients = Number(values.recipients);
// Above 30/s only as a paid broadcast, and beyond what the emulator's Telegram limits allow.
const RATE = Number(values.rate);
const paid = RATE > 30;
const token = '7000000002:AAH-bench-token-for-the-broadcast-run';
const ADMIN = 990_000_001;

const shop = await startBenchShop('bao_bench_broadcast', token, {
  BROADCAST_RATE: String(RATE),
  BROADCAST_PAID: String(paid),
  TELEGRAM_ADMIN_IDS: String(ADMIN),
});
const { app, telegram } = shop;
telegram.user({ id: ADMIN, firstName: 'Admin' }, token);

const firstId = 3_000_000;
const ids = Array.from({ length: recipients }, (_, i) => firstId + i);
for (const id of ids) telegram.user({ id, firstName: `U${id}` }, token);
await sql`
  INSERT INTO users (id, first_name, created_at, last_seen_at)
  SELECT g, 'U' || g, now(), now() FROM generate_series(${firstId}::bigint, ${firstId + recipients - 1}::bigint) g`.execute(
  app.db,
);
if (paid) telegram.faults.enableRateLimits({ global: { perSecond: RATE, burst: RATE } });
else telegram.faults.enableRateLimits();

// Baseline: a bare loop at exactly RATE messages/s to other users (same limits, same emulator).
const baselineCount = Math.min(300, Math.max(60, Math.floor(recipients / 20)));
const baselineIds = Array.from({ length: baselineCount }, (_, i) => 4_000_000 + i);
for (const id of baselineIds) telegram.user({ id, firstName: `B${id}` }, token);
const api = new Api(token, { apiRoot: telegram.apiRoot });
const baseStart = performance.now();
let baseline429 = 0;
for (const [i, id] of baselineIds.entries()) {
  const due = baseStart + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await api.sendMessage(id, 'baseline [base]').catch(() => baseline429++);
}
const base = checkDelivery(telegram.sent(token), '[base]', baselineIds);
// Let the emulator's bucket refill before the broadcast starts.
await new Promise((r) => setTimeout(r, 1500));

const rate429Before = telegram.faults.rateLimitedCount;
const started = performance.now();
const id = await startBroadcast(app, {
  adminId: ADMIN,
  content: { kind: 'text', html: '<b>Restock!</b> bench [bc]' },
  audience: { type: 'all' },
});
let peakRss = process.memoryUsage().rss;
for (;;) {
  const row = await app.db.selectFrom('broadcasts').select('status').where('id', '=', id).executeTakeFirst();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (row?.status === 'done' || row?.status === 'cancelled') break;
  await new Promise((r) => setTimeout(r, 500));
}
const seconds = (performance.now() - started) / 1000;
const record = checkDelivery(telegram.sent(token), '[bc]', ids);
const limited = telegram.faults.rateLimitedCount - rate429Before;
await shop.stop();

console.log(
  `recipients ${recipients}, configured ${RATE}/s, emulator enforcing ${paid ? `${RATE}/s (paid)` : "Telegram's limits"}`,
);
console.log(
  `baseline (bare loop at ${RATE}/s, ${baselineCount} messages): ${round(base.achievedRate, 2)}/s, 429s ${baseline429}`,
);
console.log(
  `broadcast: ${round(record.achievedRate, 2)}/s over ${round(seconds)} s (start to done), ` +
    `max ${record.maxPerSecond} in any second, duplicates ${record.duplicates}, missed ${record.missed}, 429s ${limited}`,
);
console.log(
  JSON.stringify({
    recipients,
    configured_rate: RATE,
    achieved_rate: round(record.achievedRate, 2),
    ratio: round(record.achievedRate / RATE, 3),
    duplicates: record.duplicates,
    missed: record.missed,
    '429s': limited,
    rss_mb: Math.round(peakRss / 1024 / 1024),
    baseline_rate: round(base.achievedRate, 2),
    max_per_second: record.maxPerSecond,
  }),
);
