/**
 * The chaos drill: the real app (`src/main.ts`) runs as a child process on the emulators
 * while emulated buyers check out, pay, top up and pay from their balance; the app is
 * killed with SIGKILL at random moments and started again, round after round. At the end
 * every invoice still open is paid, the drill waits until nothing moves any more, and
 * checks the books: every paid order delivered exactly once, no stock sold twice or
 * beyond what exists, every balance equal to its ledger and to the money that made it,
 * no actor left half-way. Used by `npm run drill:chaos` and (a few rounds) by `npm test`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pino from 'pino';
import { ActorRegistry } from '../src/actors/registry.ts';
import { ActorRuntime } from '../src/actors/runtime.ts';
import type { EffectDeps } from '../src/effects/deps.ts';
import { shopKinds } from '../src/effects/kinds.ts';
import { startBoss } from '../src/infra/boss.ts';
import { loadConfig } from '../src/infra/config.ts';
import { createCipher, parseKey } from '../src/infra/crypto.ts';
import { createDb, type Db } from '../src/infra/db.ts';
import { migrateToLatest } from '../src/infra/migrate.ts';
import type { ShopMachines } from '../src/machines/kinds.ts';
import { startPakasirEmulator } from '../src/sandbox/pakasir/index.ts';
import type { PakasirEmulator } from '../src/sandbox/pakasir/types.ts';
import { type SimUser, startTelegramEmulator, type TelegramEmulator } from '../src/sandbox/telegram/index.ts';
import { getProduct } from '../src/shop/catalog.ts';
import { importCatalog } from '../src/shop/catalog-import.ts';
import { newDepositId, newOrderId } from '../src/shop/ids.ts';
import { benchDatabase } from './support.ts';

const BOT_TOKEN = '7000000001:AAH-chaos-token-for-the-shop-bot-01';
const ADMIN_ID = 9001;
const PAKASIR = { slug: 'chaos', apiKey: 'pk_chaos_0123456789', secret: 'whsec_chaos_0123456789' };
const FIRST_BUYER = 830_000;
const DELIVERED = /Pesanan berhasil/;

/** What the drill hands to a hook: everything the buyers and the checks use. */
export interface ChaosContext {
  db: Db;
  telegram: TelegramEmulator;
  pakasir: PakasirEmulator;
  /** Sends events to actors from outside the app (no workers: the app runs the effects). */
  runtime: ActorRuntime<ShopMachines>;
  botToken: string;
  adminId: number;
  buyerIds: number[];
  /** Seeded: a run can be repeated with --seed. */
  random: () => number;
  /** When each SIGKILL was sent (ms since the epoch). */
  kills: number[];
  /** Figures the checks add (e.g. deliveries sent again after a kill mid-send). */
  counted: Record<string, number>;
}

/**
 * An extra activity during the rounds and its own checks at the end. A broadcast drill is
 * one of these: `start` begins a broadcast to the buyers, `check` counts each recipient's
 * copies (none twice); pass it in `hooks` and its figures and problems join the report.
 */
export interface ChaosHook {
  name: string;
  /** Called once, when the app is first up (before the first kill). */
  start?(ctx: ChaosContext): Promise<void>;
  /** Called each round once the app is up again. */
  round?(ctx: ChaosContext, round: number): Promise<void>;
  /** After quiescence: problems found (empty when none) and figures to print. */
  check(ctx: ChaosContext): Promise<{ problems: string[]; figures: Record<string, number> }>;
}

export interface ChaosOptions {
  rounds: number;
  buyers?: number;
  /** The app lives a random time in this range each round before the SIGKILL. */
  minUpMs?: number;
  maxUpMs?: number;
  seed?: number;
  hooks?: ChaosHook[];
  /** Progress lines (one per round). */
  log?: (line: string) => void;
}

export interface ChaosReport {
  rounds: number;
  kills: number;
  seed: number;
  seconds: number;
  secondsPerRound: number;
  figures: Record<string, number>;
  problems: string[];
}

/** A small seeded generator (mulberry32): the same seed, the same buyers and kill times. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The app's own entry point as a child process; resolves once /readyz answers 200. */
class AppProcess {
  child: ChildProcess | undefined;
  private stderr = '';
  private readonly env: NodeJS.ProcessEnv;
  private readonly cwd: string;
  readonly url: string;
  constructor(env: NodeJS.ProcessEnv, cwd: string, url: string) {
    this.env = env;
    this.cwd = cwd;
    this.url = url;
  }

  async start(): Promise<void> {
    this.stderr = '';
    const child = spawn(process.execPath, [resolve('src/main.ts')], {
      cwd: this.cwd,
      env: this.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<never>((_, fail) =>
      child.once('exit', (code) => fail(new Error(`the app exited with ${code}: ${this.stderr}`))),
    );
    exited.catch(() => undefined);
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) await exited;
      const ok = await fetch(`${this.url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`the app did not get ready: ${this.stderr}`);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill(signal);
    // A stop that hangs is a failed stop: it is killed and reported as exit -1.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    return child.signalCode === 'SIGKILL' && signal !== 'SIGKILL' ? -1 : code;
  }
}

/** Figures the buyers count as they go. */
interface Tally {
  qrisOrders: number;
  balanceOrders: number;
  deposits: number;
  paymentsMade: number;
  duplicateWebhooks: number;
  paymentsWhileDown: number;
  driverErrors: number;
}

const FINAL_ORDER = ['delivered', 'expired', 'cancelled', 'refused', 'failed', 'refunded'];

export async function runChaosDrill(options: ChaosOptions): Promise<ChaosReport> {
  const seed = options.seed ?? Date.now() % 1_000_000;
  const random = seeded(seed);
  const log = options.log ?? (() => undefined);
  const buyersCount = options.buyers ?? 6;
  const minUp = options.minUpMs ?? 500;
  const maxUp = options.maxUpMs ?? 4000;
  const hooks = options.hooks ?? [];
  const started = performance.now();

  const database = await benchDatabase('bao_drill_chaos');
  const telegram = await startTelegramEmulator();
  const pakasir = await startPakasirEmulator({
    slug: PAKASIR.slug,
    apiKey: PAKASIR.apiKey,
    webhookSecret: PAKASIR.secret,
    isSandbox: false,
    statusPollWindowMs: 0,
  });
  const dir = mkdtempSync(join(tmpdir(), 'bao-chaos-'));
  const key = randomBytes(32).toString('hex');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_ADMIN_IDS: String(ADMIN_ID),
    BOT_MODE: 'polling',
    DATABASE_URL: database.url,
    PAKASIR_PROJECT_SLUG: PAKASIR.slug,
    PAKASIR_API_KEY: PAKASIR.apiKey,
    PAKASIR_WEBHOOK_SECRET: PAKASIR.secret,
    PAKASIR_BASE_URL: pakasir.baseUrl,
    PAKASIR_STATUS_INTERVAL_MS: '0',
    DATA_ENCRYPTION_KEY: key,
    DATA_DIR: join(dir, 'data'),
    LOG_DIR: join(dir, 'logs'),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    // Payments whose webhook found the app dead are found by the sweep.
    RECONCILE_INTERVAL_SECONDS: '5',
    DELIVERY_RETRY_SECONDS: '2',
    ENABLE_AUTO_HEALTHCHECK: 'false',
  };
  const config = loadConfig(env);
  const logger = pino({ level: 'silent' });
  const handle = createDb(database.url, { max: 8 });
  const db = handle.db;
  await migrateToLatest(db);
  const stock = (code: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${code}-${i}-${randomBytes(6).toString('hex')}`);
  const imported = await importCatalog(db, createCipher(parseKey(key)), {
    categories: [{ code: 'drill', name: 'Drill' }],
    products: [
      // Scarce: it sells out during the drill, so overselling would show.
      { code: 'SCARCE', category: 'drill', name: 'Produk Langka', price: 12_000, stock: stock('scarce', 20) },
      {
        code: 'PLENTY',
        category: 'drill',
        name: 'Produk Banyak',
        price: 15_000,
        stock: stock('plenty', 2000),
      },
    ],
  });
  if (!imported.ok) throw new Error(imported.problems.join('\n'));
  const products = [(await getProduct(db, 'SCARCE'))!, (await getProduct(db, 'PLENTY'))!];

  // The buyers' side: a runtime without workers, as a second instance of the shop would be.
  const boss = await startBoss(database.url, logger, { max: 4 });
  const registry = new ActorRegistry();
  // Effects never run here (no workers): the app's workers run them.
  for (const kind of shopKinds({ config } as EffectDeps)) registry.register(kind);
  const runtime = new ActorRuntime<ShopMachines>({ db, boss, registry, logger });

  const app = new AppProcess(env, dir, `http://127.0.0.1:${port}`);
  pakasir.setWebhookUrl(`${app.url}/webhooks/pakasir`);
  const buyerIds = Array.from({ length: buyersCount }, (_, i) => FIRST_BUYER + i);
  const buyers = buyerIds.map((id) =>
    telegram.user({ id, firstName: `Chaos${id}`, languageCode: 'id' }, BOT_TOKEN),
  );
  const ctx: ChaosContext = {
    db,
    telegram,
    pakasir,
    runtime,
    botToken: BOT_TOKEN,
    adminId: ADMIN_ID,
    buyerIds,
    random,
    kills: [],
    counted: { redelivered_after_kill: 0 },
  };
  const tally: Tally = {
    qrisOrders: 0,
    balanceOrders: 0,
    deposits: 0,
    paymentsMade: 0,
    duplicateWebhooks: 0,
    paymentsWhileDown: 0,
    driverErrors: 0,
  };
  let appUp = false;
  let stopBuyers = false;

  const orderStatus = async (id: string) =>
    (await db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirst())?.status;
  const depositStatus = async (id: string) =>
    (await db.selectFrom('deposits').select('status').where('id', '=', id).executeTakeFirst())?.status;
  const sawInvoice = (buyer: SimUser, id: string) =>
    buyer.messages().some((m) => m.from === 'bot' && !!m.photo && (m.text ?? '').includes(id));

  /** Pays once the buyer saw the invoice (as a person would), sometimes with a duplicate webhook. */
  async function payWhenShown(
    buyer: SimUser,
    id: string,
    status: (id: string) => Promise<string | undefined>,
  ) {
    const deadline = Date.now() + 20_000;
    while (!stopBuyers && Date.now() < deadline) {
      const now = await status(id);
      if (now !== undefined && now !== 'reserving' && now !== 'creating' && now !== 'awaiting_payment')
        return;
      if (now === 'awaiting_payment' && sawInvoice(buyer, id)) {
        if (random() < 0.1) return; // Some buyers never pay: their invoice is paid in the final sweep.
        const duplicate = random() < 0.2;
        if (!appUp) tally.paymentsWhileDown++;
        if (duplicate) tally.duplicateWebhooks++;
        tally.paymentsMade++;
        await pakasir.simulatePayment(id, { duplicate });
        return;
      }
      await sleep(150);
    }
  }

  async function qrisOrder(buyer: SimUser, method: 'qris' | 'balance') {
    const product = products[random() < 0.3 ? 0 : 1]!;
    const orderId = newOrderId();
    await runtime.send('checkout', String(buyer.id), {
      type: 'ADD',
      productId: product.id,
      quantity: 1 + Math.floor(random() * 2),
    });
    await runtime.send('checkout', String(buyer.id), { type: 'CHECKOUT', orderId, method, lang: 'id' });
    if (method === 'balance') tally.balanceOrders++;
    else {
      tally.qrisOrders++;
      await payWhenShown(buyer, orderId, orderStatus);
    }
  }

  async function topUp(buyer: SimUser) {
    const depositId = newDepositId();
    const amount = 10_000 + Math.floor(random() * 5) * 10_000;
    await runtime.send('deposit', depositId, null, { input: { userId: buyer.id, lang: 'id', amount } });
    tally.deposits++;
    await payWhenShown(buyer, depositId, depositStatus);
  }

  async function buyerLoop(buyer: SimUser) {
    while (!stopBuyers) {
      const r = random();
      try {
        if (r < 0.55) await qrisOrder(buyer, 'qris');
        else if (r < 0.75) await topUp(buyer);
        else await qrisOrder(buyer, 'balance');
      } catch {
        tally.driverErrors++;
      }
      await sleep(200 + random() * 800);
    }
  }

  let kills = 0;
  const loops: Promise<void>[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      const t = performance.now();
      await app.start();
      appUp = true;
      if (round === 1) {
        for (const hook of hooks) await hook.start?.(ctx);
        loops.push(...buyers.map((b) => buyerLoop(b)));
      }
      for (const hook of hooks) await hook.round?.(ctx, round);
      const upMs = minUp + random() * (maxUp - minUp);
      await sleep(upMs);
      appUp = false;
      ctx.kills.push(Date.now());
      await app.kill('SIGKILL');
      kills++;
      // Sometimes the app stays dead a while: payments and clicks pile up meanwhile.
      if (random() < 0.3) await sleep(random() * 1500);
      log(
        `round ${round}/${options.rounds}: up ${Math.round(upMs)} ms, ${Math.round(performance.now() - t)} ms in all`,
      );
    }
    stopBuyers = true;
    await Promise.all(loops);
    await app.start();
    appUp = true;
    const settled = await quiesce(ctx, log);
    const figures = await countFigures(ctx);
    const problems = [
      ...(await checkBooks(ctx)),
      ...(settled ? [] : ['the shop did not settle within 3 minutes']),
    ];
    for (const hook of hooks) {
      const result = await hook.check(ctx);
      problems.push(...result.problems.map((p) => `${hook.name}: ${p}`));
      for (const [name, value] of Object.entries(result.figures)) figures[`${hook.name}_${name}`] = value;
    }
    const exit = await app.kill('SIGTERM');
    if (exit !== 0) problems.push(`the app did not stop cleanly on SIGTERM (exit ${exit})`);
    const seconds = (performance.now() - started) / 1000;
    return {
      rounds: options.rounds,
      kills,
      seed,
      seconds: Math.round(seconds),
      secondsPerRound: Math.round((seconds / Math.max(1, options.rounds)) * 10) / 10,
      figures: { ...figures, ...tally, ...ctx.counted },
      problems,
    };
  } finally {
    stopBuyers = true;
    await app.kill('SIGKILL');
    await boss.stop({ graceful: false, close: true, timeout: 2000 }).catch(() => undefined);
    await handle.close();
    await telegram.close();
    await pakasir.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Pays every invoice still open (buyers who never paid, payments lost with a dead app),
 * then waits until no order, deposit or effect is in flight, twice in a row.
 */
async function quiesce(ctx: ChaosContext, log: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + 180_000;
  let calm = 0;
  while (Date.now() < deadline) {
    const open = [
      ...(await ctx.db.selectFrom('orders').select('id').where('status', '=', 'awaiting_payment').execute()),
      ...(await ctx.db
        .selectFrom('deposits')
        .select('id')
        .where('status', '=', 'awaiting_payment')
        .execute()),
    ];
    for (const { id } of open) {
      const txn = ctx.pakasir.transaction(id);
      if (txn?.status === 'pending') await ctx.pakasir.simulatePayment(id).catch(() => undefined);
    }
    const moving = await inFlight(ctx.db);
    if (open.length === 0 && moving === 0) calm++;
    else calm = 0;
    if (calm >= 3) return true;
    await sleep(1000);
  }
  const { rows } = await sql<{ what: string; n: number }>`
    SELECT 'order ' || status AS what, count(*) AS n FROM orders WHERE status IN ('reserving', 'paid', 'undelivered') GROUP BY status
    UNION ALL SELECT 'deposit ' || status, count(*) FROM deposits WHERE status = 'creating' GROUP BY status
    UNION ALL SELECT name || ' ' || state || ' ' || coalesce(data->>'type', ''), count(*) FROM pgboss.job
      WHERE name LIKE 'actor-effects/%' AND state IN ('created', 'retry', 'active') GROUP BY 1
    UNION ALL SELECT 'delivery sending', count(*) FROM deliveries WHERE status = 'sending'`.execute(ctx.db);
  log(`still in flight: ${rows.map((r) => `${r.what} ×${r.n}`).join(', ')}`);
  return false;
}

async function inFlight(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM orders WHERE status IN ('reserving', 'paid', 'undelivered'))
         + (SELECT count(*) FROM deposits WHERE status = 'creating')
         + (SELECT count(*) FROM pgboss.job WHERE name LIKE 'actor-effects/%'
              AND state IN ('created', 'retry', 'active'))
         + (SELECT count(*) FROM deliveries WHERE status = 'sending') AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

async function countFigures(ctx: ChaosContext): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    SELECT
      (SELECT count(*) FROM actors WHERE kind = 'order') AS order_actors,
      (SELECT count(*) FROM orders) AS orders,
      (SELECT count(*) FROM orders WHERE status = 'delivered') AS delivered,
      (SELECT count(*) FROM orders WHERE status = 'refused') AS refused,
      (SELECT count(*) FROM orders WHERE status = 'failed') AS failed,
      (SELECT count(*) FROM orders WHERE status = 'delivered' AND payment_method = 'balance') AS paid_by_balance,
      (SELECT count(*) FROM deposits WHERE status = 'paid') AS deposits_paid,
      (SELECT count(*) FROM stock_items WHERE status = 'sold') AS items_sold,
      (SELECT count(*) FROM balance_ledger) AS ledger_entries,
      (SELECT count(*) FROM pgboss.job WHERE dead_letter = 'actor-effects-dead' AND state = 'failed') AS dead_letters`.execute(
    ctx.db,
  );
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}

/** Every invariant the drill promises; each broken one is a line. */
export async function checkBooks(ctx: ChaosContext): Promise<string[]> {
  const problems: string[] = [];
  const { db, telegram, pakasir, botToken } = ctx;

  // Money the gateway took is never lost: each completed transaction paid its order or deposit.
  for (const txn of pakasir.transactions().filter((t) => t.status === 'completed')) {
    const order = await db
      .selectFrom('orders')
      .select(['status', 'user_id'])
      .where('id', '=', txn.orderId)
      .executeTakeFirst();
    const deposit = await db
      .selectFrom('deposits')
      .select('status')
      .where('id', '=', txn.orderId)
      .executeTakeFirst();
    if (order && order.status !== 'delivered') {
      // A payment after the order closed becomes balance (a late payment).
      const late = await db
        .selectFrom('balance_ledger')
        .select('id')
        .where('reason', '=', 'late_payment')
        .where('ref', 'like', `%${txn.orderId}%`)
        .executeTakeFirst();
      if (!late) {
        const rows = await db
          .selectFrom('payments')
          .select(['txn_id', 'status'])
          .where('ref_id', '=', txn.orderId)
          .execute();
        const journal = await db
          .selectFrom('actor_journal')
          .select(['revision', 'state_after', sql<string>`event->>'type'`.as('event')])
          .where('kind', '=', 'order')
          .where('actor_id', '=', txn.orderId)
          .orderBy('revision')
          .execute();
        const actor = await db
          .selectFrom('actors')
          .select(['state', 'status'])
          .where('kind', '=', 'order')
          .where('id', '=', txn.orderId)
          .executeTakeFirst();
        problems.push(
          `order ${txn.orderId} was paid at the gateway (${txn.txnId}) but is ${order.status}; payments: ${JSON.stringify(rows)}; actor: ${JSON.stringify(actor)}; journal: ${journal.map((j) => `${j.revision}:${j.event}→${j.state_after}`).join(' ')}`,
        );
      }
    }
    if (deposit && deposit.status !== 'paid') {
      const late = await db
        .selectFrom('balance_ledger')
        .select('id')
        .where('ref', 'like', `%${txn.orderId}%`)
        .executeTakeFirst();
      if (!late) {
        const rows = await db
          .selectFrom('payments')
          .select(['txn_id', 'status'])
          .where('ref_id', '=', txn.orderId)
          .execute();
        problems.push(
          `deposit ${txn.orderId} was paid at the gateway (${txn.txnId}) but is ${deposit.status}; payments: ${JSON.stringify(rows)}`,
        );
      }
    }
    if (!order && !deposit) problems.push(`gateway transaction ${txn.orderId} has no order or deposit`);
  }

  // Delivered exactly once, with exactly the items bought.
  const orders = await db.selectFrom('orders').select(['id', 'user_id', 'status']).execute();
  const items = await db
    .selectFrom('order_items')
    .select(['order_id', sql<number>`sum(quantity)`.as('quantity')])
    .groupBy('order_id')
    .execute();
  const bought = new Map(items.map((i) => [i.order_id, Number(i.quantity)]));
  const sold = await db
    .selectFrom('stock_items')
    .select(['order_id', 'status', sql<number>`count(*)`.as('n')])
    .where('order_id', 'is not', null)
    .groupBy(['order_id', 'status'])
    .execute();
  const soldBy = new Map<string, number>();
  for (const row of sold) {
    if (row.status === 'sold') soldBy.set(row.order_id!, Number(row.n));
    else if (row.status === 'reserved') {
      const order = orders.find((o) => o.id === row.order_id);
      if (order && FINAL_ORDER.includes(order.status))
        problems.push(`order ${row.order_id} is ${order.status} but still holds ${row.n} reserved item(s)`);
    }
  }
  for (const order of orders) {
    if (!FINAL_ORDER.includes(order.status) && order.status !== 'awaiting_payment')
      problems.push(`order ${order.id} is stuck in ${order.status}`);
    const sent = telegram
      .chat(botToken, order.user_id)
      .events()
      .filter(
        (m) =>
          m.kind === 'message' &&
          m.from === 'bot' &&
          DELIVERED.test(m.text ?? '') &&
          (m.text ?? '').includes(order.id),
      );
    const copies = sent.length;
    if (order.status === 'delivered') {
      if (copies === 0) problems.push(`order ${order.id} is delivered but its buyer got nothing`);
      // Telegram accepted the items, then the process died before recording it: the next
      // attempt sends the same items again rather than risk a paid order without them.
      // Only that is allowed: a kill between the copies, and the very same items.
      for (let i = 1; i < copies; i++) {
        const [a, b] = [sent[i - 1]!, sent[i]!];
        const killed = ctx.kills.some((k) => k >= a.at && k <= b.at);
        if (killed && a.text === b.text)
          ctx.counted.redelivered_after_kill = (ctx.counted.redelivered_after_kill ?? 0) + 1;
        else problems.push(`order ${order.id} was delivered ${copies} times without a kill in between`);
      }
      if ((soldBy.get(order.id) ?? 0) !== bought.get(order.id))
        problems.push(
          `order ${order.id} bought ${bought.get(order.id)} but holds ${soldBy.get(order.id) ?? 0} sold item(s)`,
        );
    } else {
      if (copies !== 0)
        problems.push(`order ${order.id} is ${order.status} but was delivered ${copies} times`);
      if (soldBy.has(order.id)) problems.push(`order ${order.id} is ${order.status} but holds sold items`);
    }
  }

  // No stock oversold: never more sold than imported, no item in two orders.
  const { rows: stockRows } = await sql<{ code: string; total: number; sold: number }>`
    SELECT p.code, count(s.id) AS total, count(s.id) FILTER (WHERE s.status = 'sold') AS sold
    FROM products p LEFT JOIN stock_items s ON s.product_id = p.id GROUP BY p.code`.execute(db);
  for (const row of stockRows)
    if (Number(row.sold) > Number(row.total)) problems.push(`${row.code}: ${row.sold} sold of ${row.total}`);

  // The ledger: never negative, and each user's sum is the money that made it.
  const { rows: ledger } = await sql<{ user_id: number; balance: number; negative_ever: boolean }>`
    SELECT user_id, sum(amount) AS balance,
      bool_or(running < 0) AS negative_ever
    FROM (SELECT user_id, amount, sum(amount) OVER (PARTITION BY user_id ORDER BY id) AS running
          FROM balance_ledger) entries
    GROUP BY user_id`.execute(db);
  const { rows: expected } = await sql<{ user_id: number; expected: number }>`
    SELECT user_id, sum(amount) AS expected FROM (
      SELECT user_id, amount FROM deposits WHERE status = 'paid'
      UNION ALL
      SELECT o.user_id, -o.total FROM orders o
        WHERE o.payment_method = 'balance' AND o.status IN ('paid', 'delivered', 'undelivered')
      UNION ALL
      SELECT user_id, amount FROM balance_ledger WHERE reason = 'late_payment'
    ) moves GROUP BY user_id`.execute(db);
  const want = new Map(expected.map((r) => [Number(r.user_id), Number(r.expected)]));
  for (const row of ledger) {
    const balance = Number(row.balance);
    if (row.negative_ever) problems.push(`user ${row.user_id}: the balance went below zero`);
    if (balance !== (want.get(Number(row.user_id)) ?? 0))
      problems.push(
        `user ${row.user_id}: ledger ${balance}, deposits and orders say ${want.get(Number(row.user_id)) ?? 0}`,
      );
    want.delete(Number(row.user_id));
  }
  for (const [userId, amount] of want)
    if (amount !== 0) problems.push(`user ${userId}: no ledger but deposits and orders say ${amount}`);

  // No actor half-way: nothing in flight, no dead letter.
  const moving = await inFlight(db);
  if (moving > 0) problems.push(`${moving} order(s), deposit(s) or effect(s) still in flight`);
  const { rows: dead } = await sql<{ n: number }>`
    SELECT count(*) AS n FROM pgboss.job WHERE dead_letter = 'actor-effects-dead' AND state = 'failed'`.execute(
    db,
  );
  if (Number(dead[0]?.n ?? 0) > 0) problems.push(`${dead[0]?.n} effect(s) dead-lettered`);
  return problems;
}
