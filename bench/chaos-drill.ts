/**
 * The chaos drill: the real app (`src/main.ts`) runs as a child process on the emulators
 * while emulated buyers check out, pay, top up and pay from their balance; the app is
 * killed with SIGKILL at random moments and started again, round after round. At the end
 * every invoice still open is paid, the drill waits until nothing moves any more, and
 * checks the books (bench/chaos-checks.ts): every paid order delivered (a second copy only
 * after a kill mid-send), no stock sold twice or beyond what exists, every balance equal to
 * its ledger and to the money that made it, no actor left half-way. Used by
 * `npm run drill:chaos` and (a few rounds) by `npm test`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { ActorRegistry } from '../src/actors/registry.ts';
import { ActorRuntime } from '../src/actors/runtime.ts';
import type { EffectDeps } from '../src/effects/deps.ts';
import { shopKinds } from '../src/effects/kinds.ts';
import { startBoss } from '../src/infra/boss.ts';
import { loadConfig } from '../src/infra/config.ts';
import { createCipher, parseKey } from '../src/infra/crypto.ts';
import { createDb } from '../src/infra/db.ts';
import { migrateToLatest } from '../src/infra/migrate.ts';
import type { ShopMachines } from '../src/machines/kinds.ts';
import { startPakasirEmulator } from '../src/sandbox/pakasir/index.ts';
import { type SimUser, startTelegramEmulator } from '../src/sandbox/telegram/index.ts';
import { getProduct } from '../src/shop/catalog.ts';
import { importCatalog } from '../src/shop/catalog-import.ts';
import { newDepositId, newOrderId } from '../src/shop/ids.ts';
import { benchDatabase } from './support.ts';

const BOT_TOKEN = '7000000001:AAH-chaos-token-for-the-shop-bot-01';
const ADMIN_ID = 9001;
const PAKASIR = { slug: 'chaos', apiKey: 'pk_chaos_0123456789', secret: 'whsec_chaos_0123456789' };
const FIRST_BUYER = 830_000;

import { AppProcess, freePort } from './chaos-app.ts';
import { checkBooks, countFigures, quiesce } from './chaos-checks.ts';
import type { ChaosContext, ChaosOptions, ChaosReport } from './chaos-types.ts';

export { checkBooks } from './chaos-checks.ts';
export type { ChaosContext, ChaosHook, ChaosOptions, ChaosReport } from './chaos-types.ts';

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
    ...Object.assign({}, ...hooks.map((hook) => hook.env ?? {})),
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
