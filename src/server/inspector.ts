import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { EFFECTS_QUEUE } from '../actors/actions.ts';
import type { ActorRuntime } from '../actors/runtime.ts';
import type { ActorKind } from '../actors/types.ts';
import type { Db } from '../infra/db.ts';
import { type Access, COOKIE, checkAccess, checkToken, sessionValue } from '../inspector/auth.ts';
import { actorView, pastView } from '../inspector/detail.ts';
import { machineDoc } from '../inspector/docs.ts';
import { activeStateIds, extractGraph, type MachineGraph } from '../inspector/graph.ts';
import { type Layout, layoutGraph } from '../inspector/layout.ts';
import { LiveHub } from '../inspector/live.ts';
import { actorPage, listPage, loginPage, machinePage, notFoundPage } from '../inspector/pages.ts';
import { countByState, decodeCursor, failedEffect, listActors } from '../inspector/queries.ts';
import { renderSvg } from '../inspector/svg.ts';

export interface InspectorDeps {
  db: Db;
  boss: PgBoss;
  runtime: ActorRuntime;
  token: string | undefined;
  /** Then only with a token; by default when NODE_ENV is `production`. */
  production?: boolean;
  /** How long list pages share one count of actors per state (default 3 s). */
  countsTtlMs?: number;
  /** Most event streams open at once (default 32). */
  liveConnections?: number;
}

const asset = (name: string) => readFileSync(new URL(`../inspector/assets/${name}`, import.meta.url), 'utf8');
const COUNTS_TTL_MS = 3_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'",
};

interface Charts {
  graph: MachineGraph;
  layout: Layout;
}

/**
 * The state machine inspector at /inspect: machines, actors, journals, time travel and
 * live updates. Not registered at all (404) in production without INSPECTOR_TOKEN.
 */
export function registerInspector(http: FastifyInstance, deps: InspectorDeps): boolean {
  const production = deps.production ?? process.env.NODE_ENV === 'production';
  if (production && !deps.token) return false;
  const live = new LiveHub(deps.runtime, deps.liveConnections);
  // Before the server waits for its connections to end: event streams never end on their own.
  http.addHook('preClose', async () => live.close());
  const charts = new Map<string, Promise<Charts>>();
  const chartOf = (kind: ActorKind) => {
    let chart = charts.get(kind.kind);
    if (!chart) {
      const graph = extractGraph(kind.kind, kind.machine, Object.keys(kind.effects ?? {}));
      chart = layoutGraph(graph).then(
        (layout) => ({ graph, layout }),
        (error: unknown) => {
          charts.delete(kind.kind); // the next request tries again
          throw error;
        },
      );
      charts.set(kind.kind, chart);
    }
    return chart;
  };
  const kindOf = (name: string) => deps.runtime.registry.all().find((k) => k.kind === name);
  void http.register(
    async (app) => {
      app.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 4096 },
        (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      app.addHook('onRequest', async (request, reply) => {
        void reply.headers(SECURITY_HEADERS);
        const path = request.url.split('?')[0] ?? '';
        if (path === '/inspect/login' || path.startsWith('/inspect/assets/')) return;
        const access = checkAccess(deps.token, request.headers);
        if (!access.ok) return deny(request, reply, access);
        (request as FastifyRequest & { owner?: boolean }).owner = access.owner;
      });
      routes(app, deps, { live, chartOf, kindOf });
    },
    { prefix: '/inspect' },
  );
  return true;
}

function deny(request: FastifyRequest, reply: FastifyReply, access: Access & { ok: false }) {
  if (request.url.startsWith('/inspect/api/'))
    return reply
      .status(401)
      .send({ ok: false, error: access.reason === 'wrong' ? 'wrong token' : 'token required' });
  return reply
    .status(401)
    .type('text/html; charset=utf-8')
    .send(loginPage(access.reason === 'wrong'));
}

interface Helpers {
  live: LiveHub;
  chartOf: (kind: ActorKind) => Promise<Charts>;
  kindOf: (name: string) => ActorKind | undefined;
}

type Query = Record<string, string | undefined>;

function filterOf(query: Query) {
  const stuck = Number(query.stuck);
  return {
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.state ? { state: query.state } : {}),
    ...(query.q ? { search: query.q.trim() } : {}),
    ...(Number.isInteger(stuck) && stuck > 0 ? { stuckMinutes: stuck } : {}),
    failed: query.failed === '1' || query.failed === 'true',
    withDeadLetters: query.dead === '1' || query.dead === 'true',
    ...(decodeCursor(query.after) ? { after: decodeCursor(query.after) } : {}),
    ...(Number(query.limit) > 0 ? { limit: Number(query.limit) } : {}),
  };
}

function atOf(query: Query): number | undefined {
  const at = Number(query.at);
  return Number.isInteger(at) && at > 0 ? at : undefined;
}

const html = (reply: FastifyReply, body: string, status = 200) =>
  reply.status(status).type('text/html; charset=utf-8').send(body);

function routes(app: FastifyInstance, deps: InspectorDeps, h: Helpers): void {
  const { db } = deps;
  const isOwner = (request: FastifyRequest) =>
    (request as FastifyRequest & { owner?: boolean }).owner === true;

  app.get('/assets/inspector.js', (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').send(asset('inspector.js')),
  );
  app.get('/assets/inspector.css', (_req, reply) =>
    reply.type('text/css; charset=utf-8').send(asset('inspector.css')),
  );

  app.get('/login', (_req, reply) => html(reply, loginPage(false)));
  app.post('/login', (request, reply) => {
    const given = (request.body as { token?: unknown } | undefined)?.token;
    if (!deps.token) return reply.redirect('/inspect', 303);
    if (typeof given !== 'string' || !checkToken(deps.token, given)) return html(reply, loginPage(true), 401);
    const secure = request.protocol === 'https' ? '; Secure' : '';
    void reply.header(
      'set-cookie',
      `${COOKIE}=${sessionValue(deps.token)}; Path=/inspect; HttpOnly; SameSite=Strict; Max-Age=43200${secure}`,
    );
    return reply.redirect('/inspect', 303);
  });

  // Counting every actor is one GROUP BY over the (kind, state) index: about 50 ms at
  // 100,000 actors, so pages share one count for a few seconds.
  let counts: { at: number; rows: ReturnType<typeof countByState> } | undefined;
  const countsNow = () => {
    if (!counts || Date.now() - counts.at >= (deps.countsTtlMs ?? COUNTS_TTL_MS)) {
      const rows = countByState(db);
      counts = { at: Date.now(), rows };
      rows.catch(() => {
        counts = undefined;
      });
    }
    return counts.rows;
  };
  const listData = async (query: Query) => {
    const [counts, page] = await Promise.all([countsNow(), listActors(db, filterOf(query))]);
    return { kinds: deps.runtime.registry.all().map((k) => k.kind), counts, ...page };
  };
  app.get('/', async (request, reply) => {
    const query = request.query as Query;
    const data = await listData(query);
    const shown = Object.fromEntries(Object.entries(query).filter(([k, v]) => v && k !== 'after')) as Record<
      string,
      string
    >;
    return html(reply, listPage({ ...data, query: shown }));
  });
  app.get('/api/actors', async (request) => listData(request.query as Query));

  app.get('/api/machines', async () =>
    Promise.all(deps.runtime.registry.all().map(async (k) => (await h.chartOf(k)).graph)),
  );
  app.get('/api/machines/:kind', async (request, reply) => {
    const kind = h.kindOf((request.params as { kind: string }).kind);
    if (!kind) return reply.status(404).send({ ok: false, error: 'unknown kind' });
    return (await h.chartOf(kind)).graph;
  });
  app.get('/machines/:kind', async (request, reply) => {
    const kind = h.kindOf((request.params as { kind: string }).kind);
    if (!kind) return html(reply, notFoundPage('No such machine.'), 404);
    const { graph, layout } = await h.chartOf(kind);
    return html(reply, machinePage(kind.kind, renderSvg(layout), machineDoc(graph).html));
  });

  const detail = async (request: FastifyRequest) => {
    const params = request.params as { kind: string; id: string };
    const kind = h.kindOf(params.kind);
    if (!kind) return undefined;
    const query = request.query as Query;
    const journalAfter = Number(query.journal);
    const at = atOf(query);
    const view = await actorView(db, kind, params.id, {
      ...(at ? { at } : {}),
      ...(Number.isInteger(journalAfter) && journalAfter > 0 ? { journalAfter } : {}),
    });
    return view && { kind, view };
  };
  app.get('/api/actors/:kind/:id', async (request, reply) => {
    const found = await detail(request);
    return found ? found.view : reply.status(404).send({ ok: false, error: 'no such actor' });
  });
  app.get('/actors/:kind/:id', async (request, reply) => {
    const found = await detail(request);
    if (!found) return html(reply, notFoundPage('No such actor.'), 404);
    const { graph, layout } = await h.chartOf(found.kind);
    const svg = renderSvg(layout, activeStateIds(graph, found.view.past?.state ?? found.view.state));
    return html(reply, actorPage(found.view, svg, isOwner(request)));
  });
  app.get('/api/actors/:kind/:id/revisions/:revision', async (request, reply) => {
    const params = request.params as { kind: string; id: string; revision: string };
    const kind = h.kindOf(params.kind);
    const revision = Number(params.revision);
    if (!kind || !Number.isInteger(revision) || revision < 1)
      return reply.status(404).send({ ok: false, error: 'no such entry' });
    const past = await pastView(db, kind, params.id, revision);
    return past ?? reply.status(404).send({ ok: false, error: 'no such entry' });
  });

  const retry = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { kind: string; id: string; job: string };
    if (!isOwner(request)) return reply.status(403).send({ ok: false, error: 'owners only' });
    if (!UUID.test(params.job) || !(await failedEffect(db, params.kind, params.id, params.job)))
      return reply.status(404).send({ ok: false, error: 'no dead-lettered effect with this id' });
    await deps.boss.retry(EFFECTS_QUEUE, params.job);
    return { ok: true };
  };
  app.post('/api/actors/:kind/:id/effects/:job/retry', retry);
  app.post('/actors/:kind/:id/effects/:job/retry', retry);

  app.get('/api/live', (request, reply) => {
    const query = request.query as Query;
    const actor = query.kind && query.id ? { kind: query.kind, id: query.id } : null;
    reply.hijack();
    if (!h.live.add(reply.raw, actor)) {
      reply.raw.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '10' });
      reply.raw.end('too many live connections');
    }
  });
}
