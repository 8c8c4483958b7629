import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http.ts';
import { registerInspector } from '../../src/server/inspector.ts';
import { counterMachine } from '../actors/machines.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually, silentLogger, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { PROOF, SECRET, vaultKind } from './machines.ts';

const TOKEN = 'inspector-token-0123456789abcdef';
let database: TestDatabase;
let rt: TestRuntime;
const servers: FastifyInstance[] = [];

async function serve(options: { token?: string; production: boolean; live?: number }): Promise<string> {
  const http = createHttpServer(silentLogger);
  registerInspector(http, {
    db: rt.db,
    boss: rt.boss,
    runtime: rt.runtime,
    token: options.token,
    production: options.production,
    // Every request counts afresh: the tests insert actors between requests.
    countsTtlMs: 0,
    ...(options.live ? { liveConnections: options.live } : {}),
  });
  servers.push(http);
  return http.listen({ host: '127.0.0.1', port: 0 });
}

beforeAll(async () => {
  database = await createTestDatabase();
  rt = await startTestRuntime(database.url, [
    vaultKind(),
    {
      kind: 'counter',
      machine: counterMachine,
      version: 1,
      effects: { notify: { run: async () => ({ type: 'PONG' }) } },
    },
    {
      kind: 'flaky',
      machine: counterMachine,
      version: 1,
      effects: {
        notify: {
          run: async () => {
            throw new Error('gateway said no');
          },
          retryLimit: 0,
        },
      },
    },
  ]);
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await rt?.stop();
  await database?.drop();
});

describe('who may open the inspector', () => {
  it('answers 404 in production without INSPECTOR_TOKEN', async () => {
    const url = await serve({ production: true });
    for (const path of ['/inspect', '/inspect/api/actors', '/inspect/login', '/inspect/api/live'])
      expect((await fetch(`${url}${path}`)).status).toBe(404);
  });

  it('with a token: 401 without or with a wrong one, 200 with the bearer token or the login cookie', async () => {
    const url = await serve({ production: true, token: TOKEN });
    expect((await fetch(`${url}/inspect/api/actors`)).status).toBe(401);
    const noCreds = await fetch(`${url}/inspect`);
    expect(noCreds.status).toBe(401);
    expect(await noCreds.text()).toContain('name="token"');
    const wrong = { authorization: 'Bearer not-the-token-at-all-000' };
    expect((await fetch(`${url}/inspect/api/actors`, { headers: wrong })).status).toBe(401);
    expect((await fetch(`${url}/inspect`, { headers: { cookie: 'inspector_session=forged' } })).status).toBe(
      401,
    );
    const right = await fetch(`${url}/inspect/api/actors`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);

    const form = (token: string) =>
      fetch(`${url}/inspect/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
    const refused = await form('wrong-token-wrong-token');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();
    const login = await form(TOKEN);
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0] ?? '';
    const page = await fetch(`${url}/inspect`, { headers: { cookie: session } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Machines');
  });

  it('is open in development', async () => {
    const url = await serve({ production: false });
    expect((await fetch(`${url}/inspect`)).status).toBe(200);
    expect((await fetch(`${url}/inspect/assets/inspector.js`)).status).toBe(200);
  });
});

describe('what the inspector shows', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve({ production: false });
  });

  it('never shows stock contents, proofs or tokens, in pages, JSON or journal events', async () => {
    await rt.runtime.send('vault', 'v1', null, { input: { owner: 42 } });
    await rt.runtime.send('vault', 'v1', { type: 'STORE', code: 'NETFLIX', content: SECRET });
    await rt.runtime.send('vault', 'v1', { type: 'OPEN' });
    const bodies = await Promise.all(
      [
        '/inspect/api/actors/vault/v1',
        '/inspect/actors/vault/v1',
        '/inspect/actors/vault/v1?at=2',
        '/inspect/api/actors/vault/v1/revisions/2',
        '/inspect/api/actors/vault/v1/revisions/3',
        '/inspect/api/actors?kind=vault',
        '/inspect',
      ].map(async (path) => {
        const res = await fetch(`${url}${path}`);
        expect(res.status, path).toBe(200);
        return res.text();
      }),
    );
    const detail = JSON.parse(bodies[0] ?? '{}');
    expect(detail.context.items).toEqual([{ code: 'NETFLIX', content: '[hidden]' }]);
    expect(detail.context.note).toBe('[hidden]');
    expect(detail.journal[1].event).toMatchObject({ type: 'STORE', code: 'NETFLIX', content: '[hidden]' });
    for (const body of bodies) {
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(PROOF);
    }
  });

  it('time travel: the state and context after a given journal entry', async () => {
    for (let i = 0; i < 3; i++) await rt.runtime.send('counter', 'tt', { type: 'INC' });
    await rt.runtime.send('vault', 'tt', null, { input: { owner: 7 } });
    await rt.runtime.send('vault', 'tt', { type: 'STORE', code: 'A', content: 'x' });
    await rt.runtime.send('vault', 'tt', { type: 'OPEN' });
    await rt.runtime.send('vault', 'tt', { type: 'LOCK' });
    await rt.runtime.send('vault', 'tt', { type: 'CLOSE' });

    const at = async (kind: string, revision: number) =>
      (await fetch(`${url}/inspect/api/actors/${kind}/tt/revisions/${revision}`)).json();
    expect(await at('counter', 2)).toMatchObject({ revision: 2, context: { count: 2 }, diverged: false });
    expect(await at('counter', 3)).toMatchObject({ revision: 3, context: { count: 3 }, source: 'stored' });
    expect(await at('vault', 3)).toMatchObject({
      state: 'open.reading',
      context: { opened: 1 },
      source: 'replay',
    });
    expect(await at('vault', 4)).toMatchObject({ state: 'open.locking', diverged: false });
    expect(await at('vault', 5)).toMatchObject({ state: 'closed', source: 'stored' });
    expect((await fetch(`${url}/inspect/api/actors/vault/tt/revisions/9`)).status).toBe(404);

    const page = await (await fetch(`${url}/inspect/actors/vault/tt?at=4`)).text();
    expect(page).toContain('data-state="open.locking" data-testid="current-state"');
    expect(page.match(/data-testid="journal-entry"/g)).toHaveLength(5);
    expect(page).toMatch(/data-revision="4" data-state-after="open.locking" class="selected"/);
    const now = await (await fetch(`${url}/inspect/actors/vault/tt`)).text();
    expect(now).toContain('data-state="closed" data-testid="current-state"');
  });

  it('live: an event stream tells when the actor changes', async () => {
    await rt.runtime.send('counter', 'live', { type: 'INC' });
    const controller = new AbortController();
    const res = await fetch(`${url}/inspect/api/live?kind=counter&id=live`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain(': connected');
    await rt.runtime.send('counter', 'other', { type: 'INC' });
    await rt.runtime.send('counter', 'live', { type: 'INC' });
    while (!text.includes('event: change')) text += decoder.decode((await reader.read()).value);
    const data = JSON.parse(/data: (.*)/.exec(text)?.[1] ?? '{}');
    expect(data).toEqual({ kind: 'counter', id: 'live', state: 'counting', revision: 2 });
    controller.abort();
  });

  it('shows a dead-lettered effect with its error, lists its actor, and queues it again on retry', async () => {
    await rt.runtime.send('flaky', 'f1', { type: 'PING' });
    type Detail = { effects: { id: string; status: string; lastError: string | null; retryLimit: number }[] };
    const detail = async () => (await (await fetch(`${url}/inspect/api/actors/flaky/f1`)).json()) as Detail;
    const dead = await eventually(async () => {
      const effect = (await detail()).effects[0];
      expect(effect?.status).toBe('dead-lettered');
      return effect!;
    });
    expect(dead.lastError).toBe('gateway said no');
    const listed = (await (await fetch(`${url}/inspect/api/actors?dead=1`)).json()) as {
      rows: { id: string }[];
    };
    expect(listed.rows.map((r) => r.id)).toEqual(['f1']);
    const page = await (await fetch(`${url}/inspect/actors/flaky/f1`)).text();
    expect(page).toContain('data-testid="retry-effect"');

    const retry = (job: string) =>
      fetch(`${url}/inspect/api/actors/flaky/f1/effects/${job}/retry`, { method: 'POST' });
    expect((await retry('not-a-job')).status).toBe(404);
    expect((await retry('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await retry(dead.id)).status).toBe(200);
    // pg-boss allows the retried job one more attempt; it fails again and is dead once more.
    await eventually(async () => {
      const effect = (await detail()).effects.find((e) => e.id === dead.id);
      expect(effect).toMatchObject({ status: 'dead-lettered', retryLimit: dead.retryLimit + 1 });
    });
  });

  it('live: bounds the number of open streams and frees a slot when a client leaves', async () => {
    const bounded = await serve({ production: false, live: 1 });
    const first = new AbortController();
    const open = await fetch(`${bounded}/inspect/api/live`, { signal: first.signal });
    expect(open.status).toBe(200);
    await open.body!.getReader().read();
    const refused = await fetch(`${bounded}/inspect/api/live`);
    expect(refused.status).toBe(503);
    first.abort();
    await eventually(async () => {
      const again = await fetch(`${bounded}/inspect/api/live`);
      await again.body?.cancel();
      expect(again.status).toBe(200);
    });
  });

  it('lists actors by keyset pages, filters and counts them', async () => {
    await sql`
      INSERT INTO actors (kind, id, machine_version, state, status, snapshot, revision, updated_at)
      SELECT 'counter', 'bulk-' || lpad(g::text, 4, '0'), 1, CASE WHEN g % 3 = 0 THEN 'broken' ELSE 'counting' END,
             'active', ('{"value":"counting","context":{"count":0,"userId":"u' || g || '"}}')::json, 1,
             now() - make_interval(mins => g)
      FROM generate_series(1, 120) g`.execute(rt.db);
    const seen: string[] = [];
    let after = '';
    for (let pages = 0; pages < 10; pages++) {
      const res = await fetch(
        `${url}/inspect/api/actors?kind=counter&state=counting&limit=30${after ? `&after=${after}` : ''}`,
      );
      const page = (await res.json()) as { rows: { id: string; state: string }[]; next: string | null };
      seen.push(...page.rows.filter((r) => r.id.startsWith('bulk-')).map((r) => r.id));
      for (const row of page.rows) expect(row.state).toBe('counting');
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toHaveLength(80);
    expect(new Set(seen).size).toBe(80);
    const stuck = (await (
      await fetch(`${url}/inspect/api/actors?kind=counter&stuck=100&limit=200`)
    ).json()) as {
      rows: { id: string }[];
    };
    expect(stuck.rows.map((r: { id: string }) => r.id).sort()).toEqual(
      Array.from({ length: 21 }, (_, i) => `bulk-${String(100 + i).padStart(4, '0')}`),
    );
    const byUser = (await (await fetch(`${url}/inspect/api/actors?q=u17`)).json()) as {
      rows: { id: string }[];
      counts: { kind: string; state: string; count: number }[];
    };
    expect(byUser.rows.map((r: { id: string }) => r.id)).toEqual(['bulk-0017']);
    const counts = byUser.counts.filter((c: { kind: string }) => c.kind === 'counter');
    expect(counts.find((c) => c.state === 'broken')?.count).toBe(40);
    const html = await (await fetch(`${url}/inspect?kind=counter&state=broken`)).text();
    expect(html.match(/data-testid="actor-row"/g)).toHaveLength(40);
  });
});
