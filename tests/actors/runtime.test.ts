import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { DEAD_EFFECTS_QUEUE } from '../../src/actors/actions.ts';
import { getActor, getJournal, listActors } from '../../src/actors/queries.ts';
import type { ActorKind, EffectContext } from '../../src/actors/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { counterMachine, timerMachine } from './machines.ts';

let database: TestDatabase;
const running: TestRuntime[] = [];

async function start(kinds: ActorKind[], options: Parameters<typeof startTestRuntime>[2] = {}) {
  const instance = await startTestRuntime(database.url, kinds, options);
  running.push(instance);
  return instance;
}

async function stop(instance: TestRuntime) {
  running.splice(running.indexOf(instance), 1);
  await instance.stop();
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const instance of running) await instance.stop();
  await database.drop();
});

function counterKind(calls: Map<string, number>, run?: (ctx: EffectContext) => Promise<void>): ActorKind {
  return {
    kind: 'counter',
    machine: counterMachine,
    version: 1,
    effects: {
      notify: {
        retryLimit: 2,
        retryDelaySeconds: 1,
        run: async (_params: { count: number }, ctx) => {
          calls.set(ctx.effectId, (calls.get(ctx.effectId) ?? 0) + 1);
          await run?.(ctx);
          return { type: 'PONG' };
        },
      },
    },
  };
}

describe('durable actor runtime', () => {
  it('applies an event once per dedupe key', async () => {
    const rt = await start([counterKind(new Map())], { workers: false });
    const first = await rt.runtime.send('counter', 'dedupe', { type: 'INC' }, { dedupeKey: 'update:1' });
    const second = await rt.runtime.send('counter', 'dedupe', { type: 'INC' }, { dedupeKey: 'update:1' });
    expect(first.status).toBe('applied');
    expect(second.status).toBe('duplicate');
    const row = await getActor(rt.db, 'counter', 'dedupe');
    expect(row?.revision).toBe(1);
    expect(row?.snapshot).toMatchObject({ context: { count: 1 } });
    await stop(rt);
  });

  it('serialises 50 concurrent sends from two runtime instances without a lost update', async () => {
    const a = await start([counterKind(new Map())], { workers: false });
    const b = await start([counterKind(new Map())], { workers: false });
    const sends = Array.from({ length: 50 }, (_, i) =>
      (i % 2 ? a : b).runtime.send('counter', 'race', { type: 'INC' }, { dedupeKey: `race:${i}` }),
    );
    const results = await Promise.all(sends);
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    const row = await getActor(a.db, 'counter', 'race');
    expect(row?.revision).toBe(50);
    expect(row?.snapshot).toMatchObject({ context: { count: 50 } });
    const journal = await getJournal(a.db, 'counter', 'race');
    expect(journal.map((j) => j.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await stop(a);
    await stop(b);
  });

  it('runs an effect committed before a crash exactly once in a new runtime', async () => {
    const calls = new Map<string, number>();
    const crashed = await start([counterKind(calls)], { workers: false });
    await crashed.runtime.send('counter', 'crash', { type: 'PING' });
    await stop(crashed); // the process dies with the effect committed but not run

    const fresh = await start([counterKind(calls)]);
    const row = await eventually(async () => {
      const actor = await getActor(fresh.db, 'counter', 'crash');
      expect(actor?.snapshot).toMatchObject({ context: { pongs: 1 } });
      return actor;
    });
    expect(row?.revision).toBe(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect([...calls.values()]).toEqual([1]);
    await stop(fresh);
  });

  it('fires a durable timer after a restart', async () => {
    const kind: ActorKind = { kind: 'timer', machine: timerMachine, version: 1 };
    const before = await start([kind], { workers: false });
    await before.runtime.send('timer', 'restart', null);
    await stop(before);
    await new Promise((r) => setTimeout(r, 1200)); // due while no process runs

    const after = await start([kind]);
    await eventually(async () =>
      expect((await getActor(after.db, 'timer', 'restart'))?.state).toBe('expired'),
    );
    await stop(after);
  });

  it('never fires the timer of a state that was left and re-entered', async () => {
    const kind: ActorKind = { kind: 'timer', machine: timerMachine, version: 1 };
    const rt = await start([kind]);
    await rt.runtime.send('timer', 'reenter', null);
    const first = await rt.db
      .selectFrom('actor_timers')
      .select('token')
      .where('actor_id', '=', 'reenter')
      .execute();
    await rt.runtime.send('timer', 'reenter', { type: 'LEAVE' });
    await rt.runtime.send('timer', 'reenter', { type: 'BACK' });
    const second = await rt.db
      .selectFrom('actor_timers')
      .select('token')
      .where('actor_id', '=', 'reenter')
      .execute();
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(second[0]?.token).not.toBe(first[0]?.token);

    await eventually(async () => expect((await getActor(rt.db, 'timer', 'reenter'))?.state).toBe('expired'));
    const journal = await getJournal(rt.db, 'timer', 'reenter');
    const fired = journal.filter((j) => String(j.event.type).startsWith('xstate.after'));
    expect(fired.map((j) => j.dedupe_key)).toEqual([`timer:${second[0]?.token}`]);
    // The stale job ran too, and found its token gone.
    const { rows } = await sql<{ state: string }>`
      SELECT state FROM pgboss.job WHERE name = 'actor-timers' AND id = ${first[0]?.token}::uuid`.execute(
      rt.db,
    );
    expect(rows[0]?.state).toBe('completed');
    await stop(rt);
  });

  it('migrates a snapshot stored at version 1 when version 2 loads it', async () => {
    const v1: ActorKind = {
      kind: 'counter',
      machine: counterMachine,
      version: 1,
      effects: counterKind(new Map()).effects,
    };
    const old = await start([v1], { workers: false });
    await old.runtime.send('counter', 'upgrade', { type: 'INC' });
    await old.runtime.send('counter', 'upgrade', { type: 'INC' });
    await stop(old);

    const v2Machine = setup({
      types: { context: {} as { total: number; note: string }, events: {} as { type: 'ADD'; by: number } },
    }).createMachine({
      id: 'counter',
      context: { total: 0, note: 'new' },
      initial: 'active',
      states: {
        active: {
          on: { ADD: { actions: assign({ total: ({ context, event }) => context.total + event.by }) } },
        },
      },
    });
    const v2: ActorKind = {
      kind: 'counter',
      machine: v2Machine,
      version: 2,
      migrations: {
        1: (s) => ({
          ...s,
          value: 'active',
          context: { total: (s.context as { count: number }).count, note: 'migrated' },
        }),
      },
    };
    const upgraded = await start([v2], { workers: false });
    const result = await upgraded.runtime.send('counter', 'upgrade', { type: 'ADD', by: 10 });
    expect(result.status).toBe('applied');
    const row = await getActor(upgraded.db, 'counter', 'upgrade');
    expect(row?.machine_version).toBe(2);
    expect(row?.state).toBe('active');
    expect(row?.snapshot).toMatchObject({ context: { total: 12, note: 'migrated' } });
    await stop(upgraded);
  });

  it('retries a failing effect with backoff, dead-letters it and tells the actor', async () => {
    const attempts: number[] = [];
    const rt = await start([
      counterKind(new Map(), async () => {
        attempts.push(Date.now());
        throw new Error('gateway down');
      }),
    ]);
    await rt.runtime.send('counter', 'failing', { type: 'PING' });
    const row = await eventually(async () => {
      const actor = await getActor(rt.db, 'counter', 'failing');
      expect(actor?.state).toBe('broken');
      return actor;
    }, 30_000);
    expect(row?.snapshot).toMatchObject({ context: { failure: 'gateway down', pongs: 0 } });
    expect(attempts).toHaveLength(3); // the first try and retryLimit 2
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? t));
    expect(gaps.every((g) => g >= 900)).toBe(true);
    const dead = await eventually(async () => {
      const { rows } = await sql<{ data: { effectId: string; type: string } }>`
        SELECT data FROM pgboss.job WHERE name = ${DEAD_EFFECTS_QUEUE}`.execute(rt.db);
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(dead[0]?.data.type).toBe('notify');
    // The dead-letter worker tells the actor too; the dedupe key keeps it to one event.
    await eventually(async () => {
      const { rows } = await sql<{ state: string }>`
        SELECT state FROM pgboss.job WHERE name = ${DEAD_EFFECTS_QUEUE}`.execute(rt.db);
      expect(rows[0]?.state).toBe('completed');
    });
    const journal = await getJournal(rt.db, 'counter', 'failing');
    expect(journal.filter((j) => j.event.type === 'EFFECT_FAILED')).toHaveLength(1);
    const listed = await listActors(rt.db, { kind: 'counter', state: 'broken' });
    expect(listed.map((a) => a.id)).toContain('failing');
    await stop(rt);
  });
});
