import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { listDeadLetters, retryDeadLetter } from '../../src/actors/dead-letters.ts';
import { type EffectHandlers, effect } from '../../src/actors/effect.ts';
import { ActorRegistry } from '../../src/actors/registry.ts';
import type { ActorRuntime } from '../../src/actors/runtime.ts';
import { type ActorKind, defineEffect, defineKind } from '../../src/actors/types.ts';
import { startBoss } from '../../src/infra/boss.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually, silentLogger, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let database: TestDatabase;
const running: TestRuntime[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const instance of running) await instance.stop();
  await database.drop();
});

async function start(...args: Parameters<typeof startTestRuntime>) {
  const instance = await startTestRuntime(...args);
  running.push(instance);
  return instance;
}

/** Asks its effect for a PONG; a failure is noted and the actor keeps waiting for the answer. */
const pingMachine = setup({
  types: {
    context: {} as { id: string; pongs: number; failures: number; label: string },
    events: {} as
      | { type: 'PING' }
      | { type: 'PONG' }
      | { type: 'EFFECT_FAILED'; effect: string; effectId: string; error: string },
    input: {} as { actorId: string; label?: string },
  },
  actions: { ask: effect<{ actorId: string }>(), unused: effect<{ n: number }>() },
}).createMachine({
  id: 'ping',
  context: ({ input }) => ({ id: input.actorId, pongs: 0, failures: 0, label: input.label ?? 'new' }),
  initial: 'idle',
  states: {
    idle: {
      on: {
        PING: {
          target: 'asking',
          actions: { type: 'ask', params: ({ context }) => ({ actorId: context.id }) },
        },
        PONG: { actions: assign({ pongs: ({ context }) => context.pongs + 1 }) },
      },
    },
    asking: {
      on: {
        PONG: { target: 'idle', actions: assign({ pongs: ({ context }) => context.pongs + 1 }) },
        EFFECT_FAILED: { actions: assign({ failures: ({ context }) => context.failures + 1 }) },
      },
    },
  },
});

type PingEffects = EffectHandlers<typeof pingMachine>;
const pong: PingEffects['ask'] = defineEffect(async () => ({ type: 'PONG' }));
const noop: PingEffects['unused'] = defineEffect(async () => undefined);
const ask = (run: PingEffects['ask']['run'], retryLimit?: number): PingEffects => ({
  ask: defineEffect(run, retryLimit),
  unused: noop,
});

describe('kind registration', () => {
  it('refuses a machine effect without a handler, and a handler no action names', () => {
    expect(() =>
      new ActorRegistry().register({
        kind: 'ping',
        machine: pingMachine,
        version: 1,
        effects: { ask: pong },
      } as unknown as ActorKind),
    ).toThrow('actor kind "ping" has no handler for effect(s): unused');
    expect(() =>
      new ActorRegistry().register({
        kind: 'ping',
        machine: pingMachine,
        version: 1,
        effects: { ask: pong, unused: noop, asc: noop },
      } as unknown as ActorKind),
    ).toThrow('actor kind "ping" has handler(s) no action names: asc');
    expect(() =>
      new ActorRegistry().register(
        defineKind({ kind: 'ping', machine: pingMachine, version: 1, effects: { ask: pong, unused: noop } }),
      ),
    ).not.toThrow();
  });
});

describe('typed reads and projections', () => {
  it('reads the migrated snapshot, lists by state, and returns the journal', async () => {
    const v1 = await start(
      database.url,
      [
        defineKind({
          kind: 'pinger',
          machine: pingMachine,
          version: 1,
          effects: { ask: pong, unused: noop },
        }),
      ],
      {
        workers: false,
      },
    );
    await v1.runtime.send('pinger', 'old', null, { input: { label: 'v1' } });
    await v1.stop();
    running.splice(running.indexOf(v1), 1);

    const v2 = await start(database.url, [
      defineKind({
        kind: 'pinger',
        machine: pingMachine,
        version: 2,
        migrations: {
          1: (s) => ({ ...s, context: { ...(s.context as object), label: 'migrated' } }),
        },
        effects: { ask: pong, unused: noop },
      }),
    ]);
    const runtime = v2.runtime as unknown as ActorRuntime<{ pinger: typeof pingMachine }>;
    const read = await runtime.read('pinger', 'old');
    // Typed by the kind: no cast needed to reach the machine's context.
    expect(read?.snapshot.context.label).toBe('migrated');
    expect(read?.state).toBe('idle');
    expect(await runtime.read('pinger', 'none')).toBeUndefined();

    await runtime.send('pinger', 'old', { type: 'PING' });
    await eventually(async () =>
      expect((await runtime.read('pinger', 'old'))?.snapshot.context.pongs).toBe(1),
    );
    const idle = await runtime.list('pinger', { state: 'idle' });
    expect(idle.map((a) => a.id)).toEqual(['old']);
    expect(idle[0]?.snapshot.context.label).toBe('migrated');
    const journal = await runtime.journal('pinger', 'old');
    expect(journal.map((e) => e.event.type)).toEqual(['xstate.init', 'PING', 'PONG']);
    expect(journal.map((e) => e.stateAfter)).toEqual(['idle', 'asking', 'idle']);
  });

  it('runs the projection in the event transaction, on both paths, and rolls back with it', async () => {
    await sql`CREATE TABLE ping_rows (id text PRIMARY KEY, state text NOT NULL, pongs int NOT NULL, previous text)`.execute(
      (await start(database.url, [], { workers: false })).db,
    );
    const kind = (refuse: { pongs: number | null }) =>
      defineKind({
        kind: 'projected',
        machine: pingMachine,
        version: 1,
        effects: { ask: pong, unused: noop },
        projection: {
          change: (snapshot, previous) => ({
            id: snapshot.context.label,
            state: String(snapshot.value),
            pongs: snapshot.context.pongs,
            previous: previous ? String(previous.value) : null,
          }),
          write: async (
            tx,
            changes: { id: string; state: string; pongs: number; previous: string | null }[],
          ) => {
            for (const c of changes) {
              if (c.pongs === refuse.pongs) throw new Error('projection refused');
              await sql`
                INSERT INTO ping_rows (id, state, pongs, previous)
                VALUES (${c.id}, ${c.state}, ${c.pongs}, ${c.previous})
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, pongs = excluded.pongs,
                                               previous = excluded.previous`.execute(tx);
            }
          },
        },
      });
    const refuse = { pongs: null as number | null };
    const a = await start(database.url, [kind(refuse)], { workers: false });
    const b = await start(database.url, [kind(refuse)], { workers: false });
    const rows = () =>
      sql<{ state: string; pongs: number; previous: string | null }>`
      SELECT state, pongs, previous FROM ping_rows WHERE id = 'p1'`.execute(a.db);

    // Optimistic path (no effects, no timers): still one transaction with the projection.
    await a.runtime.send('projected', 'p1', null, { input: { label: 'p1' } });
    expect((await rows()).rows).toEqual([{ state: 'idle', pongs: 0, previous: null }]);
    await a.runtime.send('projected', 'p1', { type: 'PONG' });
    expect((await rows()).rows).toEqual([{ state: 'idle', pongs: 1, previous: 'idle' }]);
    await b.runtime.send('projected', 'p1', { type: 'PONG' });
    await a.runtime.send('projected', 'p1', { type: 'PONG' });
    // b's cached snapshot is now stale: its optimistic write loses and it goes the locked way.
    await b.runtime.send('projected', 'p1', { type: 'PONG' });
    expect((await rows()).rows).toEqual([{ state: 'idle', pongs: 4, previous: 'idle' }]);
    // A failing projection undoes the event, on either path.
    refuse.pongs = 5;
    await expect(a.runtime.send('projected', 'p1', { type: 'PONG' })).rejects.toThrow('projection refused');
    await expect(b.runtime.send('projected', 'p1', { type: 'PONG' })).rejects.toThrow('projection refused');
    expect((await a.runtime.read('projected', 'p1'))?.snapshot.context.pongs).toBe(4);
    expect((await rows()).rows).toEqual([{ state: 'idle', pongs: 4, previous: 'idle' }]);
  });
});

describe('queues per kind and dead letters', () => {
  it('a flood on one queue does not hold up another queue', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let floodDone = 0;
    const flood = defineKind({
      kind: 'flood',
      machine: pingMachine,
      version: 1,
      queue: { name: 'test-flood', concurrency: 2 },
      effects: ask(async () => {
        await gate;
        floodDone++;
        return { type: 'PONG' };
      }),
    });
    const urgent = defineKind({
      kind: 'urgent',
      machine: pingMachine,
      version: 1,
      effects: { ask: pong, unused: noop },
    });
    const rt = await start(database.url, [flood, urgent]);
    const senders = Array.from({ length: 8 }, async (_, s) => {
      for (let i = s; i < 2000; i += 8) await rt.runtime.send('flood', `f${i}`, { type: 'PING' });
    });
    await Promise.all(senders);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test-flood' AND state IN ('created', 'active')`.execute(
      rt.db,
    );
    expect(rows[0]?.n).toBe(2000);

    await rt.runtime.send('urgent', 'u1', { type: 'PING' });
    await eventually(async () => expect((await rt.runtime.read('urgent', 'u1'))?.state).toBe('idle'), 30_000);
    // The urgent effect ran while every flood effect was still waiting.
    expect(floodDone).toBe(0);
    release();
    await eventually(() => expect(floodDone).toBeGreaterThan(0), 30_000);
  });

  it('lists an effect that failed for good and retries it: the actor gets its result', async () => {
    let failing = true;
    const flaky = defineKind({
      kind: 'flaky',
      machine: pingMachine,
      version: 1,
      effects: ask(async () => {
        if (failing) throw new Error('gateway said no');
        return { type: 'PONG' };
      }, 0),
    });
    const rt = await start(database.url, [flaky]);
    const boss = await startBoss(database.url, silentLogger, { max: 2 });
    try {
      await rt.runtime.send('flaky', 'x1', { type: 'PING' });
      await eventually(async () =>
        expect((await rt.runtime.read('flaky', 'x1'))?.snapshot.context.failures).toBe(1),
      );
      const dead = await eventually(async () => {
        const letters = await listDeadLetters(rt.db, { kind: 'flaky' });
        expect(letters).toHaveLength(1);
        return letters;
      });
      expect(dead[0]).toMatchObject({
        queue: 'actor-effects/flaky',
        kind: 'flaky',
        actorId: 'x1',
        effect: 'ask',
        params: { actorId: 'x1' },
        lastError: 'gateway said no',
        attempts: 1,
      });

      failing = false;
      expect(await retryDeadLetter(rt.db, boss, dead[0]!.id)).toBe(true);
      await eventually(async () => {
        const actor = await rt.runtime.read('flaky', 'x1');
        expect(actor?.state).toBe('idle');
        expect(actor?.snapshot.context.pongs).toBe(1);
      });
      expect(await listDeadLetters(rt.db, { kind: 'flaky' })).toEqual([]);
      expect(await retryDeadLetter(rt.db, boss, dead[0]!.id)).toBe(false);
    } finally {
      await boss.stop({ graceful: true, close: true, timeout: 5000 });
    }
  });
});
