import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { getActor, getJournal } from '../../src/actors/queries.ts';
import type { ActorKind } from '../../src/actors/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { counterMachine } from './machines.ts';

/** A counter that knows its id, so its projection can refuse one actor's second event. */
const tallyMachine = setup({
  types: {
    context: {} as { id: string; count: number },
    events: {} as { type: 'INC' },
    input: {} as { actorId: string },
  },
}).createMachine({
  id: 'tally',
  context: ({ input }) => ({ id: input.actorId, count: 0 }),
  initial: 'counting',
  states: { counting: { on: { INC: { actions: assign({ count: ({ context }) => context.count + 1 }) } } } },
});

const tallyKind: ActorKind = {
  kind: 'tally',
  machine: tallyMachine,
  version: 1,
  projection: {
    change: (snapshot) => snapshot.context as { id: string; count: number },
    write: async (tx, changes: { id: string; count: number }[]) => {
      if (changes.some((c) => c.id === 'bad' && c.count === 2)) throw new Error('projection refused');
      await sql`
        INSERT INTO tally_log (id, count)
        SELECT * FROM unnest(${changes.map((c) => c.id)}::text[], ${changes.map((c) => c.count)}::int[])`.execute(
        tx,
      );
    },
  },
};

const counterKind: ActorKind = {
  kind: 'counter',
  machine: counterMachine,
  version: 1,
  effects: { notify: { run: async () => ({ type: 'PONG' }) } },
};

let database: TestDatabase;
let rt: TestRuntime;

beforeAll(async () => {
  database = await createTestDatabase();
  // One commit at a time: every send made while it is under way joins the next batch.
  rt = await startTestRuntime(database.url, [tallyKind, counterKind], {
    workers: false,
    groupCommit: { maxInFlight: 1 },
  });
  await sql`CREATE TABLE tally_log (id text NOT NULL, count int NOT NULL)`.execute(rt.db);
});

afterAll(async () => {
  await rt.stop();
  await database.drop();
});

describe('group commit', () => {
  it('commits the rest of a batch exactly once when one event of it fails', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'bad'];
    // Each actor's first event makes its snapshot this process's to write from without a read.
    for (const id of ['first', ...ids])
      await rt.runtime.send('tally', id, { type: 'INC' }, { dedupeKey: `${id}:1` });
    const before = { ...rt.runtime.groupCommitStats };

    // Sent in one tick, while the slot of the last send is still held: all ten queue and
    // go out as one batch, which fails on "bad" and is retried one by one.
    const results = await Promise.allSettled(
      ['first', ...ids].map((id) => rt.runtime.send('tally', id, { type: 'INC' }, { dedupeKey: `${id}:2` })),
    );

    const after = rt.runtime.groupCommitStats;
    expect(after.retriedAlone - before.retriedAlone).toBe(ids.length + 1);
    const bad = results.at(-1);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'projection refused' } });
    for (const result of results.slice(0, -1)) expect(result).toMatchObject({ status: 'fulfilled' });
    for (const id of ids.slice(0, -1)) {
      expect((await getActor(rt.db, 'tally', id))?.revision).toBe(2);
      const journal = await getJournal(rt.db, 'tally', id);
      expect(journal.map((j) => [j.revision, j.dedupe_key])).toEqual([
        [1, `${id}:1`],
        [2, `${id}:2`],
      ]);
    }
    const { rows } = await sql<{ id: string; count: number }>`
      SELECT id, count FROM tally_log WHERE count = 2 ORDER BY id`.execute(rt.db);
    expect(rows.map((r) => r.id)).toEqual(['first', ...ids.slice(0, -1)].sort());
    // The refused event left nothing: its actor is where it was.
    expect((await getActor(rt.db, 'tally', 'bad'))?.revision).toBe(1);
    expect(await getJournal(rt.db, 'tally', 'bad')).toHaveLength(1);
  });

  it('shares one commit between sends to different actors, each applied once', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `shared-${i}`);
    for (const id of ['lead', ...ids])
      await rt.runtime.send('counter', id, { type: 'INC' }, { dedupeKey: `${id}:1` });
    const before = { ...rt.runtime.groupCommitStats };
    const results = await Promise.all(
      ['lead', ...ids].map((id) => rt.runtime.send('counter', id, { type: 'INC' }, { dedupeKey: `${id}:2` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(ids.length + 1).fill('applied'));
    const after = rt.runtime.groupCommitStats;
    expect(after.batches - before.batches).toBe(1);
    expect(after.batchedWrites - before.batchedWrites).toBe(ids.length + 1);
    for (const id of ids) {
      const row = await getActor(rt.db, 'counter', id);
      expect(row?.snapshot).toMatchObject({ context: { count: 2 } });
      expect((await getJournal(rt.db, 'counter', id)).map((j) => j.revision)).toEqual([1, 2]);
    }
  });

  it('answers a seen dedupe key in a batch as a duplicate and commits the others', async () => {
    const ids = ['p', 'q', 'r', 's'];
    for (const id of ['leader', ...ids])
      await rt.runtime.send('counter', id, { type: 'INC' }, { dedupeKey: `${id}:1` });
    // "r" repeats its first key: its journal refuses it, the statement fails, each goes alone.
    const keys = { p: 'p:2', q: 'q:2', r: 'r:1', s: 's:2' } as Record<string, string>;
    const results = await Promise.all(
      ['leader', ...ids].map((id) =>
        rt.runtime.send('counter', id, { type: 'INC' }, { dedupeKey: keys[id] ?? `${id}:2` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'duplicate', 'applied']);
    for (const id of ids) {
      const expected = id === 'r' ? 1 : 2;
      expect((await getActor(rt.db, 'counter', id))?.revision).toBe(expected);
      expect(await getJournal(rt.db, 'counter', id)).toHaveLength(expected);
    }
  });
});
