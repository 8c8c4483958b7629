import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor, getJournal } from '../../src/actors/queries.ts';
import type { ActorKind } from '../../src/actors/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { timerMachine } from './machines.ts';

let database: TestDatabase;
let rt: TestRuntime;
const kind: ActorKind = { kind: 'timer', machine: timerMachine, version: 1 };

beforeAll(async () => {
  database = await createTestDatabase();
  rt = await startTestRuntime(database.url, [kind], {
    timerSweepIntervalSeconds: 1,
    timerSweepGraceSeconds: 0,
  });
});

afterAll(async () => {
  await rt?.stop();
  await database?.drop();
});

async function timerToken(actorId: string): Promise<string> {
  const row = await rt.db
    .selectFrom('actor_timers')
    .select('token')
    .where('actor_id', '=', actorId)
    .executeTakeFirstOrThrow();
  return row.token;
}

async function expectFiredOnce(actorId: string, token: string) {
  await eventually(async () => expect((await getActor(rt.db, 'timer', actorId))?.state).toBe('expired'));
  const journal = await getJournal(rt.db, 'timer', actorId);
  const fired = journal.filter((j) => String(j.event.type).startsWith('xstate.after'));
  expect(fired.map((j) => j.dedupe_key)).toEqual([`timer:${token}`]);
  expect(await rt.db.selectFrom('actor_timers').where('token', '=', token).execute()).toEqual([]);
}

describe('durable timers', () => {
  it('fires a timer whose pg-boss job was lost', async () => {
    await rt.runtime.send('timer', 'lost-job', null);
    const token = await timerToken('lost-job');
    await sql`DELETE FROM pgboss.job WHERE id = ${token}::uuid`.execute(rt.db);
    await expectFiredOnce('lost-job', token);
  });

  it('fires a timer whose job fails on every attempt', async () => {
    await rt.runtime.send('timer', 'broken-job', null);
    const token = await timerToken('broken-job');
    // A job whose data no longer names its timer fails each time it runs.
    await sql`UPDATE pgboss.job SET data = '{"token":"not-a-uuid"}' WHERE id = ${token}::uuid`.execute(rt.db);
    await expectFiredOnce('broken-job', token);
  });

  it('retries timer jobs with backoff and keeps the ones that never succeed', async () => {
    const { rows } = await sql<{ retry_limit: number; retry_backoff: boolean; dead_letter: string | null }>`
      SELECT retry_limit, retry_backoff, dead_letter FROM pgboss.queue WHERE name = 'actor-timers'`.execute(
      rt.db,
    );
    expect(rows[0]?.retry_limit).toBeGreaterThanOrEqual(5);
    expect(rows[0]?.retry_backoff).toBe(true);
    expect(rows[0]?.dead_letter).toBe('actor-timers-dead');
  });
});
