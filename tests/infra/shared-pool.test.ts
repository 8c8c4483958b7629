import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let handle: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 6, shared: 2 });
  await sql`CREATE TABLE shared_probe (id int PRIMARY KEY, note text)`.execute(handle.db);
});

afterAll(async () => {
  await handle.close();
  await database.drop();
});

const backend = async () =>
  (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(handle.db)).rows[0]!.pid;

describe('single statements on shared connections', () => {
  it('runs 200 concurrent statements on at most the shared connections, each answered with its own result', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const { rows } = await sql<{ n: number; pid: number }>`
          SELECT ${i}::int AS n, pg_backend_pid() AS pid`.execute(handle.db);
        return rows[0]!;
      }),
    );
    expect(answers.map((a) => a.n)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(new Set(answers.map((a) => a.pid)).size).toBeLessThanOrEqual(2);
  });

  it('keeps a failed statement to itself: the others sent with it succeed', async () => {
    const results = await Promise.allSettled([
      sql`SELECT 1 AS ok`.execute(handle.db),
      sql`SELECT 1 / ${0}::int AS boom`.execute(handle.db),
      sql`SELECT 2 AS ok`.execute(handle.db),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/division by zero/);
  });

  it('gives a transaction its own connection: shared statements do not see its writes before COMMIT', async () => {
    const shared = new Set(await Promise.all(Array.from({ length: 20 }, backend)));
    let inside: number | undefined;
    let seenMeanwhile: unknown[] = [];
    await handle.db.transaction().execute(async (tx) => {
      inside = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(tx)).rows[0]!.pid;
      await sql`INSERT INTO shared_probe VALUES (1, 'in transaction')`.execute(tx);
      seenMeanwhile = (await sql`SELECT * FROM shared_probe`.execute(handle.db)).rows;
    });
    expect(shared.has(inside!)).toBe(false);
    expect(seenMeanwhile).toEqual([]);
    expect((await sql`SELECT note FROM shared_probe`.execute(handle.db)).rows).toEqual([
      { note: 'in transaction' },
    ]);
  });

  it('rolls a failed transaction back without touching the shared connections', async () => {
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await sql`INSERT INTO shared_probe VALUES (2, 'rolled back')`.execute(tx);
        await sql`INSERT INTO shared_probe VALUES (2, 'duplicate')`.execute(tx);
      }),
    ).rejects.toThrow(/duplicate key/);
    const { rows } = await sql<{ id: number }>`SELECT id FROM shared_probe ORDER BY id`.execute(handle.db);
    expect(rows).toEqual([{ id: 1 }]);
  });

  it('keeps a borrowed connection on one backend, and a session lock on a connection of its own', async () => {
    const shared = new Set(await Promise.all(Array.from({ length: 20 }, backend)));
    const pinned = await handle.db.connection().execute(async (conn) => {
      const first = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn)).rows[0]!.pid;
      const second = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn)).rows[0]!.pid;
      return { first, second };
    });
    expect(pinned.first).toBe(pinned.second);
    const locked = await handle.db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(4242)`.execute(conn);
      const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn)).rows[0]!.pid;
      // Another session cannot take it while this borrow holds it.
      const other = await sql<{ got: boolean }>`SELECT pg_try_advisory_lock(4242) AS got`.execute(handle.db);
      await sql`SELECT pg_advisory_unlock(4242)`.execute(conn);
      return { pid, otherGot: other.rows[0]!.got };
    });
    expect(shared.has(locked.pid)).toBe(false);
    expect(locked.otherGot).toBe(false);
  });

  it('refuses a transaction begun after a shared statement of the same borrow', async () => {
    await expect(
      handle.db.connection().execute(async (conn) => {
        await sql`SELECT 1`.execute(conn);
        await conn.transaction().execute(async (tx) => sql`SELECT 2`.execute(tx));
      }),
    ).rejects.toThrow(/transaction or session lock must be the first statement/);
    expect((await sql<{ ok: number }>`SELECT 3 AS ok`.execute(handle.db)).rows).toEqual([{ ok: 3 }]);
  });

  it('closes while a shared connection is still opening', async () => {
    const closing = createDb(database.url, { max: 4, shared: 2 });
    await sql`SELECT 1`.execute(closing.db);
    // The first connection serves this one; a second starts opening in the background.
    await sql`SELECT 2`.execute(closing.db);
    const closed = await Promise.race([
      closing.close().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000)),
    ]);
    expect(closed).toBe(true);
  });

  it('replaces a shared connection that was lost', async () => {
    const before = new Set(await Promise.all(Array.from({ length: 20 }, backend)));
    const admin = createDb(database.url, { max: 1 });
    try {
      await sql`SELECT pg_terminate_backend(pid) FROM unnest(${[...before]}::int[]) AS pid`.execute(admin.db);
    } finally {
      await admin.close();
    }
    // Statements may fail while the loss is noticed; within a few tries they run on a new backend.
    let pid: number | undefined;
    for (let attempt = 0; attempt < 20 && pid === undefined; attempt++) {
      pid = await backend().catch(() => undefined);
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(pid).toBeDefined();
    expect(before.has(pid!)).toBe(false);
  });
});
