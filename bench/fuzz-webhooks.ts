// Fuzzes both webhooks of a running app (webhook mode, both emulators, one process):
// hand-made cases, then --count random ones from --seed, --concurrency at a time.
// Prints per-status counts, 5xx and failed connections, latency, log growth, and
// whether /health still answers 200 and the open order is still unpaid.
// Usage: npm run fuzz:webhooks -- --count 5000 --seed 1 --concurrency 8
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApp } from '../src/app.ts';
import { loadConfig } from '../src/infra/config.ts';
import { createCipher, parseKey } from '../src/infra/crypto.ts';
import { freePort } from '../src/infra/embedded-postgres.ts';
import { startPakasirEmulator } from '../src/sandbox/pakasir/index.ts';
import { startTelegramEmulator } from '../src/sandbox/telegram/index.ts';
import { getProduct } from '../src/shop/catalog.ts';
import { importCatalog } from '../src/shop/catalog-import.ts';
import { newOrderId } from '../src/shop/ids.ts';
import { handMadeCases, randomCase, seededRandom, sendCase } from './fuzz-cases.ts';
import { benchDatabase, percentile, round } from './support.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '20261201' },
    concurrency: { type: 'string', default: '8' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);
const token = '7000000001:AAH-bench-token-for-the-fuzz-run-01';
const secrets = { pakasir: 'whsec_fuzz_0123456789', telegram: 'tg-fuzz-secret-0123456789' };

const database = await benchDatabase('bao_bench_fuzz');
const telegram = await startTelegramEmulator();
const pakasir = await startPakasirEmulator({
  slug: 'fuzz',
  apiKey: 'pk_fuzz_0123456789',
  webhookSecret: secrets.pakasir,
  isSandbox: false,
});
const dir = mkdtempSync(join(tmpdir(), 'bao-fuzz-'));
const key = randomBytes(32).toString('hex');
const port = await freePort();
const app = await startApp(
  loadConfig({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    BOT_MODE: 'webhook',
    PAKASIR_PUBLIC_DOMAIN: `http://127.0.0.1:${port}`,
    TELEGRAM_WEBHOOK_SECRET: secrets.telegram,
    DATABASE_URL: database.url,
    PAKASIR_PROJECT_SLUG: 'fuzz',
    PAKASIR_API_KEY: 'pk_fuzz_0123456789',
    PAKASIR_WEBHOOK_SECRET: secrets.pakasir,
    PAKASIR_BASE_URL: pakasir.baseUrl,
    DATA_ENCRYPTION_KEY: key,
    DATA_DIR: join(dir, 'data'),
    LOG_DIR: join(dir, 'logs'),
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    RECONCILE_INTERVAL_SECONDS: '3600',
    WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000',
  }),
  { stdoutLogs: false },
);
pakasir.setWebhookUrl(`${app.url}/webhooks/pakasir`);

// One real open order, so plausible bodies reach the gateway check.
const imported = await importCatalog(app.db, createCipher(parseKey(key)), {
  categories: [{ code: 'fuzz', name: 'Fuzz' }],
  products: [{ code: 'FUZZ-1', category: 'fuzz', name: 'Produk Fuzz', price: 15_000, stock: ['item-1'] }],
});
if (!imported.ok) throw new Error(imported.problems.join('\n'));
const product = await getProduct(app.db, 'FUZZ-1');
const orderId = newOrderId();
await app.runtime.send('checkout', '990001', { type: 'ADD', productId: product!.id, quantity: 1 });
await app.runtime.send('checkout', '990001', { type: 'CHECKOUT', orderId, method: 'qris', lang: 'id' });
while (!pakasir.transaction(orderId)) await new Promise((r) => setTimeout(r, 50));
const txn = pakasir.transaction(orderId)!;
const targets = { orderId, txnId: txn.txnId, amount: txn.amount, slug: 'fuzz' };

const logBytes = () =>
  ['bot', 'audit'].reduce((sum, sub) => {
    const d = join(dir, 'logs', sub);
    return sum + readdirSync(d).reduce((s, f) => s + statSync(join(d, f)).size, 0);
  }, 0);

/** Bytes of bot log lines per message, largest first (what the fuzz made the server write). */
function topLogMessages(): Record<string, number> {
  const d = join(dir, 'logs', 'bot');
  const bytes = new Map<string, number>();
  for (const f of readdirSync(d)) {
    for (const line of readFileSync(join(d, f), 'utf8').split('\n').filter(Boolean)) {
      const msg = (JSON.parse(line) as { msg?: string }).msg ?? '';
      bytes.set(msg, (bytes.get(msg) ?? 0) + line.length + 1);
    }
  }
  return Object.fromEntries([...bytes].sort(([, a], [, b]) => b - a).slice(0, 6));
}

const rand = seededRandom(seed);
const cases = [...handMadeCases(targets), ...Array.from({ length: count }, () => randomCase(rand, targets))];
const statuses = new Map<number, number>();
const failures: string[] = [];
const latencies: number[] = [];
const logsBefore = logBytes();
pakasir.resetCalls();
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const t = performance.now();
      const status = await sendCase(app.url, c, secrets);
      latencies.push(performance.now() - t);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 0 || status >= 500)
        failures.push(`case ${i} ${c.route} → ${status}: ${c.body.slice(0, 120)}`);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await new Promise((r) => setTimeout(r, 500));
const health = (await fetch(`${app.url}/health`)).status;
const stillPending = pakasir.transaction(orderId)?.status === 'pending';
latencies.sort((a, b) => a - b);
const summary = {
  seed,
  requests: cases.length,
  seconds: round(seconds),
  perSecond: round(cases.length / seconds),
  statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
  serverErrors: failures.length,
  p50Ms: round(percentile(latencies, 50)),
  p99Ms: round(percentile(latencies, 99)),
  gatewayStatusCalls: pakasir.callCount('v2.status'),
  logGrowthKb: round((logBytes() - logsBefore) / 1024),
  rssMb: round(process.memoryUsage().rss / 1_048_576),
  topLogBytes: topLogMessages(),
  healthAfter: health,
  orderStillUnpaid: stillPending,
};
for (const failure of failures.slice(0, 20)) console.log(failure);
console.log(
  `${summary.requests} requests in ${summary.seconds} s (${summary.perSecond}/s), p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms`,
);
console.log(`statuses ${JSON.stringify(summary.statuses)}; 5xx or failed: ${summary.serverErrors}`);
console.log(
  `gateway status calls ${summary.gatewayStatusCalls}; logs +${summary.logGrowthKb} KB; RSS ${summary.rssMb} MB; /health ${health}; order unpaid: ${stillPending}`,
);
console.log(JSON.stringify(summary));

await app.stop();
await telegram.close();
await pakasir.close();
await database.drop();
rmSync(dir, { recursive: true, force: true });
process.exitCode = failures.length === 0 && health === 200 && stillPending ? 0 : 1;
