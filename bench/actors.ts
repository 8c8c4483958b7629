/**
 * Actor runtime throughput: ACTORS x EVENTS events through `send` with CONCURRENCY
 * senders, against a baseline of single-row UPDATE transactions on the same database
 * with the same concurrency. Last line: one JSON object.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { assign, setup } from 'xstate';
import { ActorRegistry } from '../src/actors/registry.ts';
import { ActorRuntime } from '../src/actors/runtime.ts';
import { startBoss } from '../src/infra/boss.ts';
import { createDb } from '../src/infra/db.ts';
import { migrateToLatest } from '../src/infra/migrate.ts';
import { benchDatabase, loadAverage, percentile, round, runConcurrently } from './support.ts';

const { values } = parseArgs({
  options: {
    actors: { type: 'string', default: '1000' },
    events: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '16' },
    // The kind keeps a table in step (one UPDATE in the event's transaction).
    projection: { type: 'boolean', default: false },
    // Commits under way at once; sends arriving meanwhile share the next one (1: no overlap).
    'commits-in-flight': { type: 'string', default: '4' },
  },
});
const actors = Number(values.actors);
const eventsPerActor = Number(values.events);
const concurrency = Number(values.concurrency);
const total = actors * eventsPerActor;

const counter = setup({
  types: {
    context: {} as { id: string; count: number },
    events: {} as { type: 'INC' },
    input: {} as { actorId: string },
  },
}).createMachine({
  id: 'counter',
  context: ({ input }) => ({ id: input.actorId, count: 0 }),
  initial: 'counting',
  states: { counting: { on: { INC: { actions: assign({ count: ({ context }) => context.count + 1 }) } } } },
});

const database = await benchDatabase('bao_bench_actors');
const logger = pino({ level: 'silent' });
const { db, pool, close } = createDb(database.url, { max: concurrency });
await migrateToLatest(db);
const boss = await startBoss(database.url, logger, { max: 2 });
const runtime = new ActorRuntime({
  db,
  boss,
  logger,
  groupCommit: { maxInFlight: Number(values['commits-in-flight']) },
  registry: new ActorRegistry().register({
    kind: 'counter',
    machine: counter,
    version: 1,
    ...(values.projection && {
      projection: {
        change: (snapshot) => snapshot.context,
        write: async (tx, changes: { id: string; count: number }[]) => {
          await sql`
            UPDATE bench_counts b SET n = c.n
            FROM unnest(${changes.map((c) => c.id)}::text[], ${changes.map((c) => c.count)}::int[]) AS c (id, n)
            WHERE b.id = c.id`.execute(tx);
        },
      },
    }),
  }),
});

await pool.query('CREATE TABLE bench_rows (id int PRIMARY KEY, n int NOT NULL)');
await pool.query('INSERT INTO bench_rows SELECT g, 0 FROM generate_series(0, $1 - 1) g', [actors]);
await pool.query('CREATE TABLE bench_counts (id text PRIMARY KEY, n int NOT NULL)');
await pool.query("INSERT INTO bench_counts SELECT 'a' || g, 0 FROM generate_series(0, $1 - 1) g", [actors]);
const baseline = () =>
  runConcurrently(total, concurrency, async (i) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE bench_rows SET n = n + 1 WHERE id = $1', [i % actors]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });

// The baseline runs before and after, and its mean is the reference: the machine's
// speed drifts during a run, and either order alone would favour one side.
const before = await baseline();
// Event i goes to actor i % actors, so concurrent senders mostly touch different actors.
const actorRun = await runConcurrently(total, concurrency, (i) =>
  runtime.send('counter', `a${i % actors}`, { type: 'INC' }, { dedupeKey: `e${i}` }),
);
const after = await baseline();
const baselineRun = {
  seconds: (before.seconds + after.seconds) / 2,
  latencies: [...before.latencies, ...after.latencies].sort((a, b) => a - b),
};

const { rows } = await pool.query('SELECT sum(revision)::int AS revisions FROM actors');
await boss.stop({ graceful: false, close: true });
await close();
await database.drop();

const eventsPerS = total / actorRun.seconds;
const baselinePerS = total / baselineRun.seconds;
console.log(
  `actors=${actors} events/actor=${eventsPerActor} concurrency=${concurrency} applied=${rows[0].revisions} projection=${values.projection}`,
);
console.log(
  `send:     ${round(eventsPerS)} events/s  p50 ${round(percentile(actorRun.latencies, 50), 2)} ms  p99 ${round(percentile(actorRun.latencies, 99), 2)} ms`,
);
console.log(
  `baseline: ${round(baselinePerS)} tx/s (BEGIN; single-row UPDATE; COMMIT)  p50 ${round(percentile(baselineRun.latencies, 50), 2)} ms`,
);
const { batches, batchedWrites, retriedAlone } = runtime.groupCommitStats;
console.log(
  `group commit: ${batches} batches carried ${batchedWrites} events (mean ${round(batchedWrites / Math.max(1, batches), 1)}), ${total - batchedWrites} went alone, ${retriedAlone} retried alone`,
);
console.log(
  `cpu (busy cores): send node ${actorRun.cpu.process}, machine ${actorRun.cpu.machine}; baseline node ${before.cpu.process}, machine ${before.cpu.machine}`,
);
console.log(`rss: ${round(process.memoryUsage().rss / 1048576)} MB  load average (1 min): ${loadAverage()}`);
console.log(
  JSON.stringify({
    events_per_s: round(eventsPerS),
    p50_ms: round(percentile(actorRun.latencies, 50), 2),
    p99_ms: round(percentile(actorRun.latencies, 99), 2),
    baseline_tx_per_s: round(baselinePerS),
    ratio: round(eventsPerS / baselinePerS, 2),
    batched_events: batchedWrites,
    load_1m: loadAverage(),
  }),
);
