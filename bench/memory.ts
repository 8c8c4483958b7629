/**
 * Memory and timers at scale. Part 1: ACTORS actors (order-sized contexts) are created
 * and each gets one more event through `send`; the process's RSS is compared with its
 * RSS before the first actor (same run). Part 2: INVOICES invoices wait for their expiry
 * at once, due evenly over SPREAD seconds; the lateness of each expiry (the actor in
 * "expired" vs. its due time) is compared with the lateness of bare pg-boss jobs due at
 * the same times (same run, same queue settings). Last line: one JSON object.
 *
 * `npm run bench:memory` runs it with the young generation the deployment files set
 * (`--max-semi-space-size=4`) and the heap growth `src/main.ts` sets (`limitHeapGrowth`):
 * under Node's defaults the heap swells with garbage.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { assign, setup } from 'xstate';
import { ActorRegistry } from '../src/actors/registry.ts';
import { ActorRuntime } from '../src/actors/runtime.ts';
import { createQueues, startWorkers, TIMER_WORK_OPTIONS } from '../src/actors/workers.ts';
import { startBoss } from '../src/infra/boss.ts';
import { createDb } from '../src/infra/db.ts';
import { limitHeapGrowth } from '../src/infra/heap.ts';
import { migrateToLatest } from '../src/infra/migrate.ts';
import { benchDatabase, loadAverage, percentile, round, runConcurrently } from './support.ts';

const { values } = parseArgs({
  options: {
    actors: { type: 'string', default: '100000' },
    invoices: { type: 'string', default: '10000' },
    spread: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '16' },
  },
});
const actorCount = Number(values.actors);
const invoiceCount = Number(values.invoices);
const spreadMs = Number(values.spread) * 1000;
const concurrency = Number(values.concurrency);

/** An order-like actor: a context of about a kilobyte, one event to note a payment. */
const holder = setup({
  types: {
    context: {} as {
      id: string;
      lines: { code: string; name: string; price: number }[];
      note: string;
      paid: number;
    },
    events: {} as { type: 'PAY' },
    input: {} as { actorId: string },
  },
}).createMachine({
  id: 'holder',
  context: ({ input }) => ({
    id: input.actorId,
    lines: Array.from({ length: 5 }, (_, i) => ({
      code: `SKU-${i}`,
      name: `Produk contoh nomor ${i}`,
      price: 15_000,
    })),
    note: 'x'.repeat(600),
    paid: 0,
  }),
  initial: 'open',
  states: { open: { on: { PAY: { actions: assign({ paid: ({ context }) => context.paid + 1 }) } } } },
});

/** An invoice that expires after its own delay, through a durable timer like the order's. */
const invoice = setup({
  types: { context: {} as { delayMs: number }, input: {} as { delayMs: number } },
  delays: { invoiceExpiry: ({ context }) => context.delayMs },
}).createMachine({
  id: 'invoice',
  context: ({ input }) => ({ delayMs: input.delayMs }),
  initial: 'awaitingPayment',
  states: { awaitingPayment: { after: { invoiceExpiry: 'expired' } }, expired: {} },
});

// As the app does at start (src/main.ts).
limitHeapGrowth();
const database = await benchDatabase('bao_bench_memory');
const logger = pino({ level: 'silent' });
const { db, close } = createDb(database.url, { max: concurrency + 4 });
await migrateToLatest(db);
const boss = await startBoss(database.url, logger, { max: 4 });
await createQueues(boss);
const registry = new ActorRegistry()
  .register({ kind: 'holder', machine: holder, version: 1 })
  .register({ kind: 'invoice', machine: invoice, version: 1 });
const runtime = new ActorRuntime({ db, boss, logger, registry });
const stopWorkers = await startWorkers({ runtime, boss, db, logger });

const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => {
  gc?.();
  return process.memoryUsage().rss / 1_048_576;
};

// Part 1: memory with many persisted actors.
const rssBefore = rssMb();
const created = await runConcurrently(actorCount, concurrency, (i) => runtime.send('holder', `h${i}`, null));
const touched = await runConcurrently(actorCount, concurrency, (i) =>
  runtime.send('holder', `h${i}`, { type: 'PAY' }),
);
const rssAfter = rssMb();
const { heapUsed, heapTotal, external } = process.memoryUsage();
const heapMb = heapUsed / 1_048_576;
const cache = runtime.snapshotCacheSize;

// Part 2: expiry lateness with many invoices pending, against bare pg-boss jobs due alike.
const dueOffsetMs = 5_000 + invoiceCount / 2; // every invoice exists before the first is due
async function bareBossLateness(): Promise<number[]> {
  const queue = 'bench-delayed';
  await boss.createQueue(queue);
  const lateness: number[] = [];
  const start = Date.now();
  const jobs = Array.from({ length: invoiceCount }, (_, i) => {
    const due = start + dueOffsetMs + (i / invoiceCount) * spreadMs;
    return { data: { due }, startAfter: new Date(due) };
  });
  for (let i = 0; i < jobs.length; i += 1000) await boss.insert(queue, jobs.slice(i, i + 1000));
  let done!: () => void;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  // The timer worker's own fetch settings, with a handler that does nothing.
  const options = { ...TIMER_WORK_OPTIONS, pollingIntervalSeconds: 0.5 };
  await boss.work<{ due: number }>(queue, options, async (batch) => {
    for (const job of batch) lateness.push(Date.now() - job.data.due);
    if (lateness.length >= invoiceCount) done();
    return batch.map((job) => ({ id: job.id, status: 'completed' as const }));
  });
  await all;
  await boss.offWork(queue);
  return lateness.sort((a, b) => a - b);
}

async function invoiceLateness(): Promise<number[]> {
  const due = new Map<string, number>();
  const lateness: number[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  runtime.changes.on('change', (change) => {
    const at = due.get(change.id);
    if (change.kind !== 'invoice' || change.state !== 'expired' || at === undefined) return;
    lateness.push(Date.now() - at);
    due.delete(change.id);
    if (lateness.length >= invoiceCount) done();
  });
  const start = Date.now();
  await runConcurrently(invoiceCount, concurrency, async (i) => {
    const delayMs = start + dueOffsetMs + (i / invoiceCount) * spreadMs - Date.now();
    // Due no earlier than this: the timer is planned inside `send`, after this line.
    due.set(`i${i}`, Date.now() + delayMs);
    await runtime.send('invoice', `i${i}`, null, { input: { delayMs } });
  });
  await all;
  return lateness.sort((a, b) => a - b);
}

const baseline = await bareBossLateness();
const expiries = await invoiceLateness();

await stopWorkers();
await runtime.drain();
await boss.stop({ graceful: false, close: true });
await close();
await database.drop();

const p = (sorted: number[], q: number) => round(percentile(sorted, q) / 1000, 2);
console.log(`load average (1 min): ${loadAverage()}`);
console.log(
  `actors=${actorCount}: created ${round(actorCount / created.seconds)}/s, touched ${round(actorCount / touched.seconds)}/s; snapshot cache ${cache.entries} entries, ${round(cache.bytes / 1_048_576)} MiB`,
);
console.log(
  `rss: ${round(rssAfter)} MB with ${actorCount} actors (baseline before the first: ${round(rssBefore)} MB; heap ${round(heapMb)} MB used of ${round(heapTotal / 1_048_576)} MB, external ${round(external / 1_048_576)} MB)`,
);
console.log(
  `invoices=${invoiceCount} due over ${values.spread} s: expiry lateness p50 ${p(expiries, 50)} s  p99 ${p(expiries, 99)} s  max ${p(expiries, 100)} s`,
);
console.log(
  `baseline bare pg-boss delayed jobs: lateness p50 ${p(baseline, 50)} s  p99 ${p(baseline, 99)} s  max ${p(baseline, 100)} s`,
);
console.log(
  JSON.stringify({
    actors: actorCount,
    rss_mb: round(rssAfter),
    baseline_rss_mb: round(rssBefore),
    cache_entries: cache.entries,
    cache_mb: round(cache.bytes / 1_048_576),
    invoices: invoiceCount,
    expiry_p50_s: p(expiries, 50),
    expiry_p99_s: p(expiries, 99),
    baseline_p99_s: p(baseline, 99),
    load_1m: loadAverage(),
  }),
);
process.exit(0);
