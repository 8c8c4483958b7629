import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually } from '../support/runtime.ts';
import { runStatement } from '../support/server.ts';
import { type Shop, startShop } from '../support/shop.ts';

// The database is made unreachable for the running app the way an outage looks to it:
// its connections are cut and new ones are refused, then allowed again.

let shop: Shop;
let databaseName: string;
const admin = (statement: string) => runStatement(inject('adminDatabaseUrl'), statement);

beforeAll(async () => {
  shop = await startShop({ env: { ENABLE_AUTO_HEALTHCHECK: 'false' } });
  databaseName = new URL(shop.app.config.DATABASE_URL ?? '').pathname.slice(1);
});

afterAll(async () => {
  await admin(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`);
  await shop?.stop();
});

async function get(path: string) {
  const response = await fetch(`${shop.app.url}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('/healthz, /readyz and /health', () => {
  it('answers 200 with the database and queue figures while both are reachable', async () => {
    const alive = await get('/healthz');
    expect(alive.status).toBe(200);
    expect(alive.body.status).toBe('alive');

    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      database: { ok: true },
      queue: { ok: true },
      failed: [],
    });
    expect(typeof ready.body.uptime_s).toBe('number');

    // /health keeps its fields (status, database.ok, database.ms, uptime_s) for existing checks.
    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: { ok: true } });
    expect(typeof (health.body.database as { ms: unknown }).ms).toBe('number');
  });

  it('answers /readyz 503 naming the database while it is unreachable, /healthz still 200, then 200 again', async () => {
    await admin(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`);
    await admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName}' AND pid <> pg_backend_pid()`,
    );
    const down = await eventually(async () => {
      const answer = await get('/readyz');
      expect(answer.status).toBe(503);
      return answer;
    });
    expect(down.body.status).toBe('degraded');
    expect(down.body.failed).toEqual(['database', 'queue']);
    expect((down.body.database as { ok: boolean; error: string }).error).toMatch(/connections|terminat/i);
    expect((await get('/health')).status).toBe(503);
    expect((await get('/healthz')).status).toBe(200);

    await admin(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`);
    await eventually(async () => expect((await get('/readyz')).status).toBe(200));
  });
});
