/**
 * Inspector response times on a large shop: ACTORS actors seeded with one INSERT …
 * SELECT generate_series, plus one order with a JOURNAL-entry journal sent through the
 * runtime. Times the list page (first page, filters, a deep keyset page) and the actor
 * page (latest, time travel, a later journal page). Last line: one JSON object.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ActorRegistry } from '../src/actors/registry.ts';
import { ActorRuntime } from '../src/actors/runtime.ts';
import { createQueues } from '../src/actors/workers.ts';
import type { EffectDeps } from '../src/effects/deps.ts';
import { shopKinds } from '../src/effects/kinds.ts';
import { startBoss } from '../src/infra/boss.ts';
import { loadConfig } from '../src/infra/config.ts';
import { createDb } from '../src/infra/db.ts';
import { migrateToLatest } from '../src/infra/migrate.ts';
import { createHttpServer } from '../src/server/http.ts';
import { registerInspector } from '../src/server/inspector.ts';
import { benchDatabase, percentile, round } from './support.ts';

const { values } = parseArgs({
  options: {
    actors: { type: 'string', default: '100000' },
    journal: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '20' },
  },
});
const actors = Number(values.actors);
const journalLength = Number(values.journal);
const runs = Number(values.runs);

const database = await benchDatabase('bao_bench_inspector');
const logger = pino({ level: 'silent' });
const { db, pool, close } = createDb(database.url, { max: 8 });
await migrateToLatest(db);
const boss = await startBoss(database.url, logger, { max: 2 });
await createQueues(boss);
// Only the definitions are needed: no worker runs an effect here.
const registry = new ActorRegistry();
for (const kind of shopKinds({ config: loadConfig({}) } as unknown as EffectDeps)) registry.register(kind);
const runtime = new ActorRuntime({ db, boss, registry, logger });

let t = performance.now();
await pool.query(
  `INSERT INTO actors (kind, id, machine_version, state, status, snapshot, revision, created_at, updated_at)
   SELECT (ARRAY['order','checkout','deposit'])[1 + g % 3], 'seed-' || lpad(g::text, 7, '0'), 1,
          (ARRAY['completed','awaitingPayment','expired','delivering','undelivered','cancelled'])[1 + (g / 3) % 6],
          CASE WHEN g % 7 = 0 THEN 'done' ELSE 'active' END,
          json_build_object('value', 'completed', 'status', 'active',
            'context', json_build_object('userId', 100000 + g % 5000, 'total', g % 100000)),
          1 + g % 12, now() - make_interval(secs => g), now() - make_interval(secs => g)
   FROM generate_series(1, $1) g`,
  [actors],
);
await pool.query(
  `INSERT INTO actor_journal (kind, actor_id, revision, event, state_before, state_after, created_at)
   SELECT a.kind, a.id, 1, '{"type":"xstate.init","input":{}}', NULL, a.state, a.created_at FROM actors a`,
);
await pool.query('ANALYZE actors; ANALYZE actor_journal');
const seedSeconds = (performance.now() - t) / 1000;

const orderId = 'INVBENCHLONGJOURNAL';
t = performance.now();
const input = {
  userId: 424242,
  lang: 'id',
  method: 'qris',
  lines: [{ productId: 1, quantity: 1 }],
  voucherCode: null,
};
await runtime.send('order', orderId, null, { input });
await runtime.send('order', orderId, { type: 'RESERVED', total: 25_000 });
await runtime.send('order', orderId, {
  type: 'INVOICE_CREATED',
  txnId: 'TXBENCH',
  amount: 25_000,
  fee: 200,
  totalPayment: 25_200,
  paymentNumber: '000201',
  paymentUrl: 'http://127.0.0.1/pay',
  expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
});
for (let i = 4; i <= journalLength; i++)
  await runtime.send('order', orderId, { type: 'INVOICE_SENT', messageId: i });
const journalSeconds = (performance.now() - t) / 1000;

const http = createHttpServer(logger);
registerInspector(http, { db, boss, runtime, token: undefined, production: false });
const url = await http.listen({ host: '127.0.0.1', port: 0 });

async function time(path: string): Promise<{ p50: number; p95: number; bytes: number }> {
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    const res = await fetch(`${url}${path}`);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    if (i >= 2) latencies.push(performance.now() - start); // two warm-up requests (layout cache, plans)
    bytes = body.length;
  }
  latencies.sort((a, b) => a - b);
  return { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1), bytes };
}

const middle = Buffer.from(
  JSON.stringify(['order', `seed-${String(Math.floor(actors / 2)).padStart(7, '0')}`]),
).toString('base64url');
const cases: Record<string, string> = {
  'list: first page': '/inspect',
  'list: kind+state': '/inspect?kind=order&state=awaitingPayment',
  'list: deep keyset page': `/inspect?kind=order&after=${middle}`,
  'list: search user id': '/inspect?q=104242',
  'list: stuck 60 min': '/inspect?stuck=60',
  'list: with dead letters': '/inspect?dead=1',
  'list: JSON first page': '/inspect/api/actors',
  'actor: 1000-entry journal, now': `/inspect/actors/order/${orderId}`,
  'actor: JSON': `/inspect/api/actors/order/${orderId}`,
  'actor: time travel to #500': `/inspect/actors/order/${orderId}?at=500`,
  'actor: time travel to #999': `/inspect/actors/order/${orderId}?at=${journalLength - 1}`,
  'actor: journal page after #800': `/inspect/actors/order/${orderId}?journal=800`,
  'actor: seeded actor': '/inspect/actors/order/seed-0000003',
};
const results: Record<string, { p50: number; p95: number; bytes: number }> = {};
for (const [name, path] of Object.entries(cases)) {
  results[name] = await time(path);
  console.log(
    `${name.padEnd(34)} p50 ${results[name].p50} ms  p95 ${results[name].p95} ms  ${results[name].bytes} bytes`,
  );
}
console.log(
  `seeded ${actors} actors in ${round(seedSeconds, 1)} s; ${journalLength}-entry journal in ${round(journalSeconds, 1)} s`,
);
await http.close();
await boss.stop({ graceful: false, close: true });
await close();
await database.drop();
console.log(JSON.stringify({ actors, journal: journalLength, runs, results }));
